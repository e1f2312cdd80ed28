// Requests in transit leave their delay FIFOs, or the one heap of requests, in global (time, sequence) order, as the calendar would pop them.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TransitQueues } from "../../src/engine/transitQueues.ts";
import { TransitHeap } from "../../src/engine/transitHeap.ts";
import { transitFor } from "../../src/engine/transitFor.ts";
import type { Transit } from "../../src/engine/transit.ts";
import { PairDelays } from "../../src/engine/pairDelays.ts";

const kinds: Array<[string, () => Transit]> = [
  ["FIFOs", () => new TransitQueues(4)],
  ["heap", () => new TransitHeap()],
];

describe.each(kinds)("transit as %s", (_, make) => {
  it("pops requests sent at nondecreasing times in (arrival time, sequence) order, against a sorted oracle", () => {
    // 3 delay classes with positive delays (and a zero-delay class, which never gets a request); ops: send in a class, or pop one
    const delays = new Float64Array([0.5, 0.25, 1, 0]);
    const op = fc.oneof(fc.record({ c: fc.integer({ min: 0, max: 2 }), gap: fc.constantFrom(0, 0.125, 0.5) }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = make();
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
            expect([q.topTime(), q.topSeq()]).toEqual([want.time, want.seq]);
            expect(q.pop()).toBe(want.slot);
            expect([q.poppedBackend, q.poppedSize]).toEqual([want.backend, want.seq / 8]); // carried with the request
          }
        }
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it("keeps order across ring-buffer growth and wrap-around", () => {
    const q = make();
    let next = 0;
    let sent = 0;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 7; k++, sent++) q.push(0, sent + 1, sent, sent, sent % 3, sent + 0.5);
      for (let k = 0; k < 5; k++) {
        expect(q.pop()).toBe(next);
        expect([q.poppedBackend, q.poppedSize]).toEqual([next % 3, next + 0.5]);
        next++;
      }
    }
    while (next < sent) expect(q.pop()).toBe(next++);
    expect(q.topTime()).toBe(Infinity);
  });
});

describe("TransitHeap", () => {
  it("pops in (time, sequence) order whatever the order of sends (jitter), with equal times broken by sequence, across growth", () => {
    const op = fc.oneof(fc.record({ delay: fc.constantFrom(0.25, 0.5, 0.5, 1, 3), gap: fc.constantFrom(0, 0.125, 0.5) }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const q = new TransitHeap();
        const pending: Array<{ time: number; seq: number }> = [];
        let now = 0;
        let seq = 0;
        for (const o of ops) {
          if (o) {
            now += o.gap;
            pending.push({ time: now + o.delay, seq });
            q.push(0, now + o.delay, seq, seq, seq % 7, seq * 2);
            seq++;
          } else if (pending.length > 0) {
            pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
            const want = pending.shift()!;
            expect([q.topTime(), q.topSeq()]).toEqual([want.time, want.seq]);
            expect(q.pop()).toBe(want.seq);
            expect([q.poppedBackend, q.poppedSize]).toEqual([want.seq % 7, want.seq * 2]);
          }
        }
        while (pending.length > 0) {
          pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
          expect(q.pop()).toBe(pending.shift()!.seq);
        }
        expect(q.topTime()).toBe(Infinity);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe("transitFor", () => {
  const classes = (n: number) =>
    PairDelays.of(
      Float64Array.from({ length: n }, (_, k) => 0.001 * (k + 1)),
      new Float64Array(n).fill(0.01),
    )!;

  it("is null when no request can travel, FIFOs for a few delays, the heap for many delays, none numbered, or jitter", () => {
    expect(transitFor(PairDelays.of(new Float64Array([0, 0]), new Float64Array(2)), new Float64Array([0, 0]), false)).toBeNull();
    expect(transitFor(classes(16), new Float64Array([0.001]), false)).toBeInstanceOf(TransitQueues);
    expect(transitFor(classes(1000), new Float64Array([0.001]), false)).toBeInstanceOf(TransitHeap);
    expect(transitFor(null, new Float64Array([0, 0.2]), false)).toBeInstanceOf(TransitHeap);
    expect(transitFor(classes(2), new Float64Array([0.001]), true)).toBeInstanceOf(TransitHeap);
    expect(transitFor(PairDelays.of(new Float64Array([0]), new Float64Array(1)), new Float64Array([0]), true)).toBeInstanceOf(TransitHeap); // jitter alone delays requests
  });
});
