// The central optimum: KKT residual, symmetry, even split, and an independent grid search.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MAX_SWEEPS, solveOptimum, solveScenarioOptimum, type OptimumInput } from "../../src/optimum/solveOptimum.ts";
import { largestRoutableScale, randomInstance } from "./randomInstance.ts";
import { kktResidual } from "../../src/optimum/kktResidual.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { expSaturating } from "../../src/model/curves/expSaturating.ts";
import { power } from "../../src/model/curves/power.ts";
import { linearCapped } from "../../src/model/curves/linearCapped.ts";
import { table } from "../../src/model/curves/table.ts";
import type { Curve } from "../../src/model/curves/curve.ts";
import { scenarioFile } from "../helpers.ts";
import { ScenarioError } from "../../src/input/scenarioError.ts";

const curveArb: fc.Arbitrary<Curve> = fc.oneof(
  fc.record({ m: fc.double({ min: 5, max: 100, noNaN: true }), k: fc.double({ min: 0.5, max: 20, noNaN: true }) }).map(({ m, k }) => saturating(m, k)),
  fc.record({ m: fc.double({ min: 5, max: 100, noNaN: true }), k: fc.double({ min: 0.5, max: 20, noNaN: true }) }).map(({ m, k }) => expSaturating(m, k)),
  fc.record({ a: fc.double({ min: 1, max: 20, noNaN: true }), p: fc.double({ min: 0.3, max: 0.95, noNaN: true }) }).map(({ a, p }) => power(a, p)),
);

/** Two frontends sharing two backends, with asymmetric latencies. */
const twoFrontends = (): OptimumInput => ({
  lambda: Float64Array.from([4, 3]),
  size: Float64Array.from([1, 1]),
  curves: [saturating(6, 2), expSaturating(7, 3)],
  allowed: [Int32Array.from([0, 1]), Int32Array.from([0, 1])],
  roundTrip: Float64Array.from([0.05, 0.4, 0.3, 0.02]),
});

/** A random feasible instance: loads at `utilization` of what the compatibility sets can route. */
const instanceArb = fc
  .record({
    F: fc.integer({ min: 1, max: 4 }),
    B: fc.integer({ min: 1, max: 5 }),
    seedCurves: fc.array(curveArb, { minLength: 5, maxLength: 5 }),
    latencies: fc.array(fc.double({ min: 0, max: 0.2, noNaN: true }), { minLength: 20, maxLength: 20 }),
    masks: fc.array(fc.integer({ min: 1, max: 31 }), { minLength: 4, maxLength: 4 }),
    weights: fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
    utilization: fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  })
  .map(({ F, B, seedCurves, latencies, masks, weights, utilization }): OptimumInput => {
    const curves = seedCurves.slice(0, B);
    const allowed = Array.from({ length: F }, (_, i) => {
      const js = Array.from({ length: B }, (_, j) => j).filter((j) => masks[i]! & (1 << j));
      return Int32Array.from(js.length ? js : [i % B]);
    });
    const roundTrip = new Float64Array(F * B).fill(NaN);
    allowed.forEach((E, i) => E.forEach((j) => (roundTrip[i * B + j] = latencies[(i * B + j) % 20]!)));
    const w = weights.slice(0, F);
    // the largest s with s·w routable, then λ = utilization·s·w
    const lo = largestRoutableScale(w, curves, allowed);
    const lambda = Float64Array.from(w, (x) => x * lo * utilization);
    return { lambda, size: new Float64Array(F).fill(1), curves, allowed, roundTrip };
  });

function objective(input: OptimumInput, x: number[]): number {
  const B = input.curves.length;
  const load = new Float64Array(B);
  let num = 0;
  let total = 0;
  input.lambda.forEach((l, i) => {
    total += l;
    input.allowed[i]!.forEach((j) => {
      const f = l * x[i * B + j]!;
      load[j]! += f;
      num += f * input.roundTrip[i * B + j]!;
    });
  });
  for (let j = 0; j < B; j++) num += input.curves[j]!.inverse(load[j]!);
  return num / total;
}

describe("solveOptimum", () => {
  it("KKT residual <= 1e-9 on random feasible instances", () => {
    fc.assert(
      fc.property(instanceArb, (input) => {
        const opt = solveOptimum(input);
        expect(opt.kktResidual).toBeLessThanOrEqual(1e-9);
        const B = input.curves.length;
        const flow = Float64Array.from(opt.routing, (x, k) => x * input.lambda[Math.floor(k / B)]!);
        expect(kktResidual(input, flow, opt.load)).toBeLessThanOrEqual(1e-9);
      }),
      { numRuns: 200, seed: 7, endOnFailure: true },
    );
  });

  it("a symmetric scenario has a symmetric optimum; identical backends at zero latency split evenly", () => {
    const sym = solveScenarioOptimum(scenarioFile("two-backends-symmetric.json"));
    expect(Math.abs(sym.routing[0]! - 0.5)).toBeLessThan(1e-9);
    expect(Math.abs(sym.routing[1]! - 0.5)).toBeLessThan(1e-9);
    const even = solveOptimum({
      lambda: Float64Array.from([3, 5]),
      size: Float64Array.from([1, 1]),
      curves: [saturating(10, 2), saturating(10, 2), saturating(10, 2)],
      allowed: [Int32Array.from([0, 1, 2]), Int32Array.from([0, 1, 2])],
      roundTrip: new Float64Array(6),
    });
    for (let j = 0; j < 3; j++) expect(Math.abs(even.load[j]! - 8 / 3)).toBeLessThan(1e-9);
  });

  it("L* of the symmetric scenario matches the closed form: 2d + Q(lambda/2)/(lambda/2)", () => {
    // mu(q) = 10q/(q+2) = 6 at q = 3: L* = 0.04 + 3/6
    expect(Math.abs(solveScenarioOptimum(scenarioFile("two-backends-symmetric.json")).objective - 0.54)).toBeLessThan(1e-12);
  });

  it("no point of a 0.005 grid over the simplex beats L* (one frontend, three backends with kinks)", () => {
    const input: OptimumInput = {
      lambda: Float64Array.from([6]),
      size: Float64Array.from([1]),
      curves: [
        saturating(8, 3),
        linearCapped(2, 3),
        table([
          [1, 3],
          [3, 6],
          [6, 7.5],
        ]),
      ],
      allowed: [Int32Array.from([0, 1, 2])],
      roundTrip: Float64Array.from([0.3, 0.05, 0.15]),
    };
    const opt = solveOptimum(input);
    const h = 0.005;
    let best = Infinity;
    for (let a = 0; a <= 1 + 1e-12; a += h) for (let b = 0; a + b <= 1 + 1e-12; b += h) best = Math.min(best, objective(input, [a, b, Math.max(0, 1 - a - b)]));
    expect(opt.objective).toBeLessThanOrEqual(best + 1e-12);
    // and the grid comes close: the optimum is not far below the best grid point (Lipschitz over a cell)
    expect(best - opt.objective).toBeLessThan(0.01);
  });

  it("tells a listener each sweep and its residual, the last the result's (a long solve's progress notice), and solves the same with one", () => {
    const input = twoFrontends();
    const heard: number[] = [];
    const opt = solveOptimum(input, (sweeps, residual) => {
      heard.push(sweeps);
      expect(residual).toBeGreaterThanOrEqual(0);
    });
    expect(heard).toEqual(Array.from({ length: opt.sweeps }, (_, k) => k + 1));
    expect(solveOptimum(input)).toEqual(opt);
  });

  it("no point of a grid beats L* with two frontends and asymmetric latencies", () => {
    const input = twoFrontends();
    const opt = solveOptimum(input);
    let best = Infinity;
    for (let a = 0; a <= 1 + 1e-12; a += 0.002) for (let b = 0; b <= 1 + 1e-12; b += 0.002) best = Math.min(best, objective(input, [a, 1 - a, b, 1 - b]));
    expect(opt.objective).toBeLessThanOrEqual(best + 1e-12);
  });

  it("50 frontends x 50 backends reach the KKT target", () => {
    const F = 50;
    const B = 50;
    const curves = Array.from({ length: B }, (_, j) => saturating(20 + (j % 7) * 5, 2 + (j % 5)));
    const cap = curves.reduce((a, c) => a + c.sup, 0);
    const opt = solveOptimum({
      lambda: Float64Array.from({ length: F }, (_, i) => (0.7 * cap * (1 + (i % 3))) / (2 * F)),
      size: new Float64Array(F).fill(1),
      curves,
      allowed: Array.from({ length: F }, () => Int32Array.from({ length: B }, (_, j) => j)),
      roundTrip: Float64Array.from({ length: F * B }, (_, k) => ((k * 37) % 100) / 1000),
    });
    expect(opt.kktResidual).toBeLessThanOrEqual(1e-9);
  });

  it("infeasible load is an error naming the shortfall", () => {
    const s = scenarioFile("two-backends-symmetric.json", ["frontends.0.arrivals.rate=25"]);
    expect(() => solveScenarioOptimum(s)).toThrow(ScenarioError);
    expect(() => solveScenarioOptimum(s)).toThrow(/offered load 25 .*shortfall 5/);
  });
});

describe("solveOptimum at kinks (linear-capped caps, table knots)", () => {
  it("a linear-capped backend held at its cap: the residual reads its interval up to infinity", () => {
    const s = scenarioFile("three-regions.json", ['backends.0.curve={"kind":"linear-capped","rate":10,"slots":8}']);
    const o = solveScenarioOptimum(s);
    expect(o.load[0]).toBeGreaterThan(80 * (1 - 1e-11)); // dallas full: its rate is every route's cheapest
    expect(o.kktResidual).toBeLessThanOrEqual(1e-9);
    expect(o.sweeps).toBeLessThan(MAX_SWEEPS);
  });

  it("random instances with tables and linear-capped curves converge to a residual <= 1e-9", () => {
    for (let seed = 1; seed <= 24; seed++) {
      const F = 2 + (seed % 7);
      const B = 3 + ((seed * 5) % 23);
      for (const kinds of [
        [0, 1, 2, 4],
        [0, 1, 3, 4],
      ]) {
        const o = solveOptimum(randomInstance(seed, F, B, 0.3 + (0.6 * ((seed * 7) % 10)) / 10, kinds));
        expect(o.kktResidual, `seed ${seed}, kinds ${kinds}`).toBeLessThanOrEqual(1e-9);
        expect(o.sweeps).toBeLessThan(MAX_SWEEPS);
      }
    }
  }, 60_000);
});
