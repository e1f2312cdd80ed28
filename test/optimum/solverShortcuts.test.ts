// The optimum solver's shortcuts (warm-started bisection, skipped idle backends, support lists,
// pruned exchange pairs, the support's residual first) change its cost, not its answer: the same
// doubles as the plain form on random instances of every curve kind, sizes and restricted sets.
import { describe, expect, it } from "vitest";
import { solveOptimum, type OptimumInput } from "../../src/optimum/solveOptimum.ts";
import { plainOptimum } from "./plainOptimum.ts";
import { maxRoutableRate } from "../../src/model/reachableCapacity.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { expSaturating } from "../../src/model/curves/expSaturating.ts";
import { power } from "../../src/model/curves/power.ts";
import { linearCapped } from "../../src/model/curves/linearCapped.ts";
import { table } from "../../src/model/curves/table.ts";
import type { Curve } from "../../src/model/curves/curve.ts";

/** A fixed stream of numbers in [0, 1) (the instances are the same in every run). */
function stream(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Kinds 0–2 are smooth, 3 is linear-capped, 4 a concave table. */
function randomCurve(u: () => number, kinds: readonly number[]): Curve {
  switch (kinds[Math.floor(u() * kinds.length)]) {
    case 0:
      return saturating(5 + 95 * u(), 0.5 + 20 * u());
    case 1:
      return expSaturating(5 + 95 * u(), 0.5 + 20 * u());
    case 2:
      return power(1 + 19 * u(), 0.3 + 0.65 * u());
    case 3:
      return linearCapped(1 + 10 * u(), 1 + Math.floor(8 * u()));
    default: {
      // a concave table: increments that shrink
      const points: Array<[number, number]> = [[0, 0]];
      let slope = 2 + 10 * u();
      for (let k = 1; k <= 5; k++) {
        slope *= 0.3 + 0.6 * u();
        points.push([k * 2, points[k - 1]![1] + 2 * slope]);
      }
      return table(points);
    }
  }
}

function randomInstance(seed: number, F: number, B: number, utilization: number, kinds: readonly number[]): OptimumInput {
  const u = stream(seed);
  const curves = Array.from({ length: B }, () => randomCurve(u, kinds));
  const allowed = Array.from({ length: F }, (_, i) => {
    const js = Array.from({ length: B }, (_, j) => j).filter(() => u() < 0.7);
    return Int32Array.from(js.length ? js : [i % B]);
  });
  const roundTrip = new Float64Array(F * B).fill(NaN);
  // latencies in 0.1 ms steps, as measured ones come: ties between routes happen
  allowed.forEach((E, i) => E.forEach((j) => (roundTrip[i * B + j] = Math.round(u() * 3000) / 10000)));
  const size = Float64Array.from({ length: F }, () => 0.5 + u());
  const weights = Array.from({ length: F }, () => 0.2 + u());
  const caps = curves.map((c) => (Number.isFinite(c.sup) ? c.sup : c.rate(50)));
  const routable = (s: number) =>
    maxRoutableRate(
      weights.map((w, i) => w * s * size[i]!),
      caps,
      allowed,
    ) >=
    s * weights.reduce((a, w, i) => a + w * size[i]!, 0) * (1 - 1e-12);
  let lo = 0;
  let hi = 1e6;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (routable(mid)) lo = mid;
    else hi = mid;
  }
  return { lambda: Float64Array.from(weights, (w) => w * lo * utilization), size, curves, allowed, roundTrip };
}

describe("the optimum solver's shortcuts", () => {
  const same = (input: OptimumInput, label: string) => {
    const B = input.curves.length;
    const plain = plainOptimum(input);
    const fast = solveOptimum(input);
    const plainRouting = Float64Array.from(plain.flow, (f, k) => (input.allowed[Math.floor(k / B)]!.includes(k % B) ? f / input.lambda[Math.floor(k / B)]! : 0));
    expect(Buffer.from(fast.routing.buffer), label).toEqual(Buffer.from(plainRouting.buffer));
    expect(fast.sweeps, label).toBe(plain.sweeps);
    expect(fast.kktResidual, label).toBe(plain.residual);
    return plain.sweeps;
  };

  it("give the plain form's flows bit for bit, its sweeps and its residual (smooth curves and tables)", () => {
    const sweeps: number[] = [];
    // the instances of seeds 1–24 whose plain form converges in under a second (the rest run 20,000 sweeps)
    for (const seed of [2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 19, 20, 22, 23]) {
      const F = 2 + (seed % 7);
      const B = 3 + ((seed * 5) % 23);
      sweeps.push(same(randomInstance(seed, F, B, 0.3 + (0.6 * ((seed * 7) % 10)) / 10, [0, 1, 2, 4]), `seed ${seed} (${F}×${B})`));
    }
    // the instances exercise the warm start (many sweeps), not only one-sweep answers
    expect(Math.max(...sweeps)).toBeGreaterThan(100);
  }, 120_000);

  it("and where kinks keep the sweeps going to their limit (flows left a few ulps below 0 are reset)", () => {
    same(randomInstance(15, 3, 9, 0.3 + (0.6 * ((15 * 7) % 10)) / 10, [0, 1, 2, 4]), "seed 15 (3×9, tables)");
    for (const seed of [4, 11]) same(randomInstance(seed, 3, 7, 0.8, [0, 1, 3, 4]), `seed ${seed} (3×7, linear-capped)`);
  }, 120_000);

  it("agree on an 8 × 80 fleet with latencies in 0.1 ms steps and shared slow backends", () => {
    const F = 8;
    const B = 80;
    const u = stream(99);
    const input: OptimumInput = {
      lambda: new Float64Array(F).fill((0.6 * 12 * B) / F),
      size: new Float64Array(F).fill(1),
      curves: Array.from({ length: B }, () => saturating(12, 2)),
      allowed: Array.from({ length: F }, () => Int32Array.from({ length: B }, (_, j) => j)),
      roundTrip: Float64Array.from({ length: F * B }, () => (10 + Math.floor(u() * 2900)) / 10000),
    };
    expect(same(input, "8 × 80")).toBeGreaterThan(100);
  }, 120_000);
});
