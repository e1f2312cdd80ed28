// DGD-LB in the stochastic simulator: near the optimum at large scale, better than greedy baselines under large latencies.
import { describe, expect, it } from "vitest";
import { metric, replicate, scenarioFile, tInterval } from "../helpers.ts";
import { psStationary } from "../../src/model/psStationary.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { scaled } from "../../src/model/curves/curve.ts";
import { solveScenarioOptimum } from "../../src/optimum/solveOptimum.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { ROOT } from "../helpers.ts";
import { join } from "node:path";

describe("dgd-lb", () => {
  it("two-backends-symmetric at N = 100: latency within its 95% interval of L* + serving noise, shares of x*", () => {
    const N = 100;
    const s = scenarioFile("two-backends-symmetric.json", [`scale=${N}`, "horizon=150", "warmup=30"]);
    const runs = replicate(s, 8);
    // Under x* = (1/2, 1/2) each backend is a PS queue with Poisson input N·λ/2 and curve N·mu(n/N);
    // its exact mean sojourn replaces the fluid Q(a)/a (the serving-noise term, O(1/N)).
    const a = (N * 12) / 2;
    const sojourn = psStationary(scaled(saturating(10, 2), N), a).meanCount / a;
    const expected = 0.04 + sojourn;
    expect(solveScenarioOptimum(s).objective).toBeCloseTo(0.54, 12);
    const lat = tInterval(metric(runs, "latency.mean"), 0.95);
    expect(Math.abs(lat.mean - expected)).toBeLessThanOrEqual(lat.halfWidth);
    for (const b of ["b1", "b2"]) {
      const share = tInterval(metric(runs, `frontend.fe.share.${b}`), 0.95);
      expect(Math.abs(share.mean - 0.5)).toBeLessThanOrEqual(share.halfWidth);
    }
  });

  it("geo-large-latency: lower mean latency than gmsr, jsq and sed (paired 95% interval excludes 0)", () => {
    const R = 6;
    const file = join(ROOT, "scenarios", "geo-large-latency.json");
    const latency = (policy: string) => metric(replicate(loadScenario(file, { policy, overrides: ["horizon=240", "warmup=40"] }), R), "latency.mean");
    const dgd = latency("dgd-lb");
    for (const other of ["gmsr", "jsq", "sed"]) {
      // common random numbers: replication r has the same arrivals and sizes under every policy
      const diff = latency(other).map((v, r) => v - dgd[r]!);
      const { mean, halfWidth } = tInterval(diff, 0.95);
      expect(mean - halfWidth, `${other} − dgd-lb`).toBeGreaterThan(0);
    }
  });
});
