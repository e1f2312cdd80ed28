// Requests in transit leave their delay FIFOs in global (time, sequence) order, as the calendar would pop them.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TransitQueues } from "../../src/engine/transitQueues.ts";

describe("TransitQueues", () => {
  it("pops requests sent at nondecreasing times in (arrival time, sequence) order, against a sorted oracle", () => {
    // 3 delay classes with positive delays (and a zero-delay class, which never gets a request); ops: send in a class, or pop one
    const delays = new Float64Array([0.5, 0.25, 1, 0]);
    const op = fc.oneof(fc.record({ c: fc.integer({ min: 0, max: 2 }), gap: fc.constantFrom(0, 0.125, 0.5) }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = TransitQueues.forClasses(delays)!;
        const pending: Array<{ time: number; seq: number; slot: number; backend: number }> = [];
        let now = 0;
        let seq = 0;
        for (const o of ops) {
          if (o) {
            now += o.gap; // sends happen in time order, as in the engine
            const time = now + delays[o.c]!;
            pending.push({ time, seq, slot: seq, backend: o.c + 10 });
            q.push(o.c, time, seq, seq, o.c + 10, seq / 8);
            seq++;
          } else if (pending.length > 0) {
            pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
            const want = pending.shift()!;
            const c = q.heads.top();
            expect([q.heads.topTime(), q.heads.topSeq()]).toEqual([want.time, want.seq]);
            expect(q.pop(c)).toBe(want.slot);
            expect([q.poppedBackend, q.poppedSize]).toEqual([want.backend, want.seq / 8]); // carried with the request
          }
        }
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it("keeps order across ring-buffer growth and wrap-around", () => {
    const q = TransitQueues.forClasses(new Float64Array([1]))!;
    let next = 0;
    let sent = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 7; k++, sent++) q.push(0, sent + 1, sent, sent, sent % 3, sent + 0.5);
      for (let k = 0; k < 5; k++) {
        expect(q.pop(q.heads.top())).toBe(next);
        expect([q.poppedBackend, q.poppedSize]).toEqual([next % 3, next + 0.5]);
        next++;
      }
    }
    while (next < sent) expect(q.pop(q.heads.top())).toBe(next++);
    expect(q.heads.topTime()).toBe(Infinity);
  });

  it("declines when no delay is positive (nothing is ever in transit)", () => {
    expect(TransitQueues.forClasses(new Float64Array([0]))).toBeNull();
    expect(TransitQueues.forClasses(new Float64Array([0, 2]))).not.toBeNull();
  });
});
