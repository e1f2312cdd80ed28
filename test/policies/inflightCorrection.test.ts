// DGD-LB's in-flight correction, visiting only the pairs with a send still unseen, gives the doubles of a visit to every pair.
import { describe, expect, it } from "vitest";
import { InflightCorrection } from "../../src/policies/inflightCorrection.ts";
import { stepFromMapped, type HeldCountMap, type ReceivedState } from "../../src/feedback/receivedState.ts";
import { scenarioFrom } from "../helpers.ts";

/** A fixed-seed LCG in [0, 1). */
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe("InflightCorrection", () => {
  const B = 40;
  // scale 2 (a send is half a count); frontend 1 may use a shuffled subset
  const s = scenarioFrom({
    horizon: 10,
    scale: 2,
    frontends: [
      { id: "f0", arrivals: { kind: "poisson", rate: 1 } },
      { id: "f1", arrivals: { kind: "poisson", rate: 1 }, backends: Array.from({ length: 15 }, (_, k) => `b${(k * 7 + 3) % B}`) },
    ],
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 12, half: 2 } })),
    latency: {
      oneWay: { f0: Object.fromEntries(Array.from({ length: B }, (_, j) => [`b${j}`, (j % 5) * 0.01])), f1: Object.fromEntries(Array.from({ length: B }, (_, j) => [`b${j}`, (j % 3) * 0.02])) },
    },
    policy: { kind: "random" },
  });
  const map: HeldCountMap = { of: (j, n) => 1 / (1 + j + n * n) };

  it("matches every pair's log searched at every update, through sends, updates and pairs dropping off and back", () => {
    const random = lcg(5);
    let now = 0;
    const held = Float64Array.from({ length: 2 * B }, () => Math.floor(random() * 5));
    const measured = new Float64Array(2 * B);
    const state = {
      count: (i: number, j: number) => held[i * B + j]!,
      measuredAt: (i: number, j: number) => measured[i * B + j]!,
    } as unknown as ReceivedState;
    const correction = new InflightCorrection(s);
    // the reference: every pair's sends, counted afresh
    const sends = s.frontends.map((f) => Array.from(f.allowed, () => [] as number[]));
    for (let step = 0; step < 3000; step++) {
      now += random() * 0.01;
      const i = random() < 0.5 ? 0 : 1;
      const allowed = s.frontends[i]!.allowed;
      const a = Math.floor(random() * allowed.length);
      correction.record(i, a, now);
      sends[i]![a]!.push(now);
      if (step % 7 !== 0) continue;
      // an update: held states measured a little while ago (never earlier than before, as publications held), some counts changed
      for (let k = 0; k < 2 * B; k++) {
        measured[k] = Math.max(measured[k]!, now - random() * 0.05);
        if (random() < 0.2) held[k] = Math.floor(random() * 5);
      }
      const m = allowed.length;
      const expected = Float64Array.from(allowed, (j, p) => {
        const unseen = sends[i]![p]!.filter((t) => t > measured[i * B + j]! - s.oneWay[i * B + j]!).length;
        return map.of(j, held[i * B + j]! + unseen * (1 / s.scale));
      });
      const y = Float64Array.from(allowed, (j) => map.of(j, held[i * B + j]!));
      const x = Float64Array.from(allowed, (_, p) => 0.3 + p / 100);
      const offsets = Float64Array.from(allowed, (_, p) => p / 1000);
      if (step % 2 === 0) {
        correction.correct(i, allowed, state, map, y);
        expect(Array.from(y)).toEqual(Array.from(expected));
      } else {
        // after a row stepper: y holds the steps of the uncorrected values and sum their sum
        const stepped = Float64Array.from(y);
        const sum = stepFromMapped(x, offsets, 0.7, stepped, m);
        const result = correction.correctStep(i, allowed, state, map, x, offsets, 0.7, stepped, sum);
        const reference = Float64Array.from(expected);
        expect(Object.is(result, stepFromMapped(x, offsets, 0.7, reference, m))).toBe(true);
        expect(Array.from(stepped)).toEqual(Array.from(reference));
      }
    }
  });
});
