// The event calendar pops in (time, insertion order), whatever the interleaving of schedules and pops.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Calendar } from "../../src/engine/calendar.ts";

describe("Calendar", () => {
  it("pops events in (time, sequence) order against a sorted oracle, with ties in insertion order", () => {
    // times drawn from a few values so ties are common; negative values mean "pop one"
    const ops = fc.array(fc.integer({ min: -3, max: 6 }), { maxLength: 400 });
    fc.assert(
      fc.property(ops, (list) => {
        const cal = new Calendar();
        const pending: Array<{ time: number; seq: number; arg: number }> = [];
        let arg = 0;
        for (const op of list) {
          if (op >= 0) {
            pending.push({ time: op, seq: cal.nextSeq, arg });
            cal.schedule(op, op % 7, arg++);
          } else if (pending.length > 0) {
            pending.sort((a, b) => a.time - b.time || a.seq - b.seq);
            const want = pending.shift()!;
            expect([cal.topTime(), cal.topSeq(), cal.topKind(), cal.topArg()]).toEqual([want.time, want.seq, want.time % 7, want.arg]);
            cal.pop();
          }
          expect(cal.size).toBe(pending.length);
        }
        if (pending.length === 0) expect(cal.topTime()).toBe(Infinity);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it("keeps its order across growth past the initial 1,024 slots", () => {
    const cal = new Calendar();
    const times = Array.from({ length: 5000 }, (_, k) => (k * 7919) % 4999);
    times.forEach((t, k) => cal.schedule(t, 0, k));
    const popped: number[] = [];
    while (cal.size > 0) {
      popped.push(cal.topTime());
      cal.pop();
    }
    expect(popped).toEqual([...times].sort((a, b) => a - b));
  });
});
