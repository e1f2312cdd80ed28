// The optimum solver's shortcuts (warm-started bisection, skipped idle backends, support lists,
// pruned exchange pairs, the support's residual first) change its cost, not its answer: the same
// doubles as the plain form on random instances of every curve kind, sizes and restricted sets.
import { describe, expect, it } from "vitest";
import { solveOptimum, type OptimumInput } from "../../src/optimum/solveOptimum.ts";
import { plainOptimum } from "./plainOptimum.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { randomInstance } from "./randomInstance.ts";
import { stream } from "../helpers.ts";

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

  it("and on instances with kinks (where flows left a few ulps below 0 must be reset)", () => {
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
