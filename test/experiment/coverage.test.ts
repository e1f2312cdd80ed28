// Do our 95% intervals cover? 200 independent M/M/1 experiments each, against 1/(μ − λ) (docs/model.md section 8).
import { describe, expect, it } from "vitest";
import { scenarioFrom } from "../helpers.ts";
import { runReplications } from "../../src/experiment/runStudy.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { summarize } from "../../src/experiment/summarize.ts";
import { mser5Warmup } from "../../src/experiment/mser5.ts";

const EXPERIMENTS = 200;
const LAMBDA = 0.5;
const THEORY = 1 / (1 - LAMBDA);

function mm1(seed: number, horizon: number, warmup: number | "mser5") {
  return scenarioFrom({
    name: "mm1-coverage",
    seed,
    horizon,
    warmup,
    frontends: [{ id: "f", arrivals: { kind: "poisson", rate: LAMBDA } }],
    backends: [{ id: "b", curve: { kind: "linear-capped", rate: 1, slots: 1 } }],
    requestSize: { kind: "exponential", mean: 1 },
    policy: { kind: "random" },
  });
}

/** Wilson score interval for a binomial proportion at 99% (z = 2.576). */
function wilson99(successes: number, n: number): [number, number] {
  const z = 2.576;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [centre - half, centre + half];
}

function expectCoverage(covered: number, what: string): void {
  const [lo, hi] = wilson99(covered, EXPERIMENTS);
  if (!(lo <= 0.95 && 0.95 <= hi)) throw new Error(`${what}: ${covered}/${EXPERIMENTS} intervals covered; 99% binomial interval [${lo.toFixed(3)}, ${hi.toFixed(3)}] excludes 0.95`);
}

describe("coverage of the 95% intervals for M/M/1 mean sojourn (λ = 0.5, μ = 1: 2 s)", () => {
  it("independent replications: 10 per experiment, 4,000 s each after a fixed 100 s warm-up (about 9 relaxation times)", () => {
    let covered = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const est = summarize(runReplications(mm1(1000 + e, 4100, 100), { replications: 10 })).metrics["latency.mean"]!;
      expect(est.method).toBe("replications");
      if (Math.abs(est.estimate! - THEORY) <= est.halfWidth!) covered++;
    }
    expectCoverage(covered, "replications");
  });

  it("batch means: one long run per experiment, warm-up chosen by MSER-5", () => {
    let covered = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      const s = mm1(5000 + e, 20000, "mser5");
      const warmup = mser5Warmup(s);
      expect(warmup).toBeLessThan(s.horizon / 2);
      const est = summarize([runReplication(s, 0, { warmup })]).metrics["latency.mean"]!;
      expect(est.method).toBe("batch-means");
      if (Math.abs(est.estimate! - THEORY) <= est.halfWidth!) covered++;
    }
    expectCoverage(covered, "batch means");
  });
});
