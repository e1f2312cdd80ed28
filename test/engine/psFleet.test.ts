// The fleet's heaps share one arena: jobs leave each backend in finish-tag order, and nothing is lost when regions grow and are reused.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PsFleet } from "../../src/engine/psFleet.ts";
import { PerJobRates } from "../../src/model/perJobRates.ts";
import type { Curve } from "../../src/model/curves/curve.ts";

/** mu(n) = 1: one unit of work a second, shared. */
const unitRate = { kind: "test", rate: (n: number) => (n > 0 ? 1 : 0) } as unknown as Curve;

describe("PsFleet", () => {
  it("interleaved arrivals and departures at 5 backends (heaps growing past several region sizes, freed regions reused): every backend releases its jobs in finish-tag order, each slot once", () => {
    const B = 5;
    const op = fc.record({ backend: fc.integer({ min: 0, max: B - 1 }), size: fc.integer({ min: 1, max: 1000 }), leave: fc.boolean() });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 600 }), (ops) => {
        const fleet = new PsFleet(Array.from({ length: B }, () => new PerJobRates(unitRate)));
        // all at time 0: V moves only to the tag of the job that leaves (0 once empty), so tags are known exactly
        const virtual = new Array<number>(B).fill(0);
        const present: Array<Array<{ tag: number; slot: number }>> = Array.from({ length: B }, () => []);
        let slot = 0;
        const check = (j: number) => {
          const b = fleet.at(j);
          const jobs = present[j]!;
          jobs.sort((x, y) => x.tag - y.tag || x.slot - y.slot);
          const min = jobs.shift()!;
          const left = fleet.depart(b, 0);
          // equal tags may leave in either order: the slot must hold one of them
          const tied = [min, ...jobs.filter((x) => x.tag === min.tag)];
          expect(tied.map((x) => x.slot)).toContain(left);
          const k = tied.findIndex((x) => x.slot === left);
          if (k > 0) {
            jobs.splice(jobs.indexOf(tied[k]!), 1);
            jobs.push(min);
          }
          expect(b.n).toBe(jobs.length);
          virtual[j] = jobs.length > 0 ? min.tag : 0;
        };
        for (const o of ops) {
          const j = o.backend;
          if (o.leave && present[j]!.length > 0) check(j);
          else {
            fleet.add(fleet.at(j), 0, slot, o.size);
            present[j]!.push({ tag: virtual[j]! + o.size, slot: slot++ });
          }
        }
        for (let j = 0; j < B; j++) while (present[j]!.length > 0) check(j);
        for (let j = 0; j < B; j++) expect(fleet.nextDeparture(fleet.at(j))).toBe(Infinity);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("a backend with 1,000 jobs (six region growths) beside others keeps every job: 1,000 departures in size order", () => {
    const fleet = new PsFleet(Array.from({ length: 3 }, () => new PerJobRates(unitRate)));
    const sizes = Array.from({ length: 1000 }, (_, k) => ((k * 7919) % 1000) + 1);
    sizes.forEach((s, k) => {
      fleet.add(fleet.at(1), 0, k, s);
      fleet.add(fleet.at(k % 2 === 0 ? 0 : 2), 0, 10_000 + k, s); // the neighbours grow too, interleaved
    });
    const order: number[] = [];
    for (let k = 0; k < 1000; k++) order.push(sizes[fleet.depart(fleet.at(1), 0)]!);
    expect(order).toEqual([...sizes].sort((a, b) => a - b));
    expect(fleet.at(1).n).toBe(0);
    expect(fleet.at(0).n + fleet.at(2).n).toBe(1000);
  });
});
