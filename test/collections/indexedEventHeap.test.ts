// The indexed event heap's top is always the earliest (time, sequence) pending item, against a scan of every item.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { IndexedEventHeap } from "../../src/collections/indexedEventHeap.ts";

describe("IndexedEventHeap", () => {
  it("after any sequence of updates (earlier, later, to Infinity), top() is the item with the least (time, seq), and retiring tops drains in that order", () => {
    const n = 37; // a partial last level
    const update = fc.record({ item: fc.integer({ min: 0, max: n - 1 }), time: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Infinity)) });
    fc.assert(
      fc.property(fc.array(update, { maxLength: 400 }), (updates) => {
        const heap = new IndexedEventHeap(n);
        const time = new Array<number>(n).fill(Infinity);
        const seq = new Array<number>(n).fill(0);
        let next = 1;
        for (const u of updates) {
          time[u.item] = u.time; // integer times: many ties, broken by the sequence
          seq[u.item] = next;
          heap.update(u.item, u.time, next++);
          let best = 0;
          for (let j = 1; j < n; j++) if (time[j]! < time[best]! || (time[j] === time[best] && seq[j]! < seq[best]!)) best = j;
          if (time[best] === Infinity) expect(heap.topTime()).toBe(Infinity);
          else expect([heap.top(), heap.topTime(), heap.topSeq()]).toEqual([best, time[best], seq[best]]);
        }
        // drain: retiring the top again and again must visit every pending item in (time, seq) order
        const pending = time.map((t, j) => ({ j, t, s: seq[j]! })).filter((e) => e.t !== Infinity);
        pending.sort((a, b) => a.t - b.t || a.s - b.s);
        for (const e of pending) {
          expect([heap.top(), heap.topTime(), heap.topSeq()]).toEqual([e.j, e.t, e.s]);
          heap.update(e.j, Infinity, next++);
        }
        expect(heap.topTime()).toBe(Infinity);
      }),
      { seed: 5, numRuns: 300 },
    );
  });
});
