// Every EST the CLI prints is docs/model.md section 7's interval of the replications' own values,
// recomputed here from the runs themselves: the mean and Student-t half-width of R replications'
// whole-window values, of their paired differences under common random numbers, and of one run's
// 20 batch means around its whole-window value.
import { describe, expect, it } from "vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { cli, scenarioFile } from "../helpers.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { withPolicy } from "../../src/scenario/loadScenario.ts";
import { BATCHES, metricSample, type RunResult } from "../../src/stats/runMetrics.ts";

interface Est {
  estimate: number | null;
  halfWidth: number | null;
  level: number;
  n: number;
  method: string;
}

/** Mean and 95% Student-t half-width of the values. */
function interval(values: number[]): { mean: number; halfWidth: number } {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  return { mean, halfWidth: (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n) };
}

const close = (a: number | null, b: number) => a !== null && Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));
const point = (run: RunResult, key: string) => metricSample(run, key)!.point;
const KEYS = ["latency.mean", "latency.p90", "latency.network.mean", "backend.dallas.throughput", "backend.london.inSystem.mean", "frontend.tokyo.share.washington-dc"];
const OVERRIDES = ["horizon=300", "warmup=30"];
const FILE = "scenarios/three-regions.json";

describe("the intervals the CLI prints are those of the replications' values", () => {
  it("run --replications 5: the mean and t(4) half-width of the five replications' values (quantiles too)", () => {
    const out = cli(["run", FILE, ...OVERRIDES.flatMap((o) => ["--set", o]), "--replications", "5", "--json"]);
    expect(out.status, out.stderr).toBe(0);
    const metrics = JSON.parse(out.stdout).metrics as Record<string, Est>;
    const s = withPolicy(scenarioFile("three-regions.json", OVERRIDES), undefined);
    const runs = [0, 1, 2, 3, 4].map((r) => runReplication(s, r));
    for (const key of KEYS) {
      const want = interval(runs.map((run) => point(run, key)));
      const got = metrics[key]!;
      expect({ key, method: got.method, n: got.n, level: got.level }).toEqual({ key, method: "replications", n: 5, level: 0.95 });
      expect(close(got.estimate, want.mean) && close(got.halfWidth, want.halfWidth), `${key}: ${JSON.stringify(got)} against ${JSON.stringify(want)}`).toBe(true);
    }
  });

  it("one replication: the whole-window value, and the t(19) half-width of its 20 batch means", () => {
    const out = cli(["run", FILE, ...OVERRIDES.flatMap((o) => ["--set", o]), "--json"]);
    expect(out.status, out.stderr).toBe(0);
    const metrics = JSON.parse(out.stdout).metrics as Record<string, Est>;
    const run = runReplication(withPolicy(scenarioFile("three-regions.json", OVERRIDES), undefined), 0);
    for (const key of KEYS) {
      const m = run.keys.indexOf(key);
      const batches = Array.from(run.batches.subarray(m * BATCHES, (m + 1) * BATCHES));
      const got = metrics[key]!;
      expect({ key, method: got.method, n: got.n }).toEqual({ key, method: "batch-means", n: 20 });
      expect(close(got.estimate, run.points[m]!) && close(got.halfWidth, interval(batches).halfWidth), `${key}: ${JSON.stringify(got)}`).toBe(true);
    }
  });

  it("compare --replications 4: each policy as its own study, and the paired differences on common random numbers", () => {
    const out = cli(["compare", FILE, ...OVERRIDES.flatMap((o) => ["--set", o]), "--policies", "jsq,sed,random", "--replications", "4", "--json"]);
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { reference: string; policies: Record<string, { metrics: Record<string, Est> }>; differences: Record<string, Record<string, Est>> };
    expect(result.reference).toBe("jsq");
    const base = scenarioFile("three-regions.json", OVERRIDES);
    const runs = Object.fromEntries(["jsq", "sed", "random"].map((p) => [p, [0, 1, 2, 3].map((r) => runReplication(withPolicy(base, p), r))]));
    for (const key of KEYS) {
      for (const p of ["jsq", "sed", "random"]) {
        const want = interval(runs[p]!.map((run) => point(run, key)));
        const got = result.policies[p]!.metrics[key]!;
        expect(close(got.estimate, want.mean) && close(got.halfWidth, want.halfWidth), `${p} ${key}: ${JSON.stringify(got)}`).toBe(true);
      }
      for (const p of ["sed", "random"]) {
        const want = interval(runs[p]!.map((run, r) => point(run, key) - point(runs.jsq![r]!, key)));
        const got = result.differences[p]![key]!;
        expect({ method: got.method, n: got.n }).toEqual({ method: "paired-replications", n: 4 });
        expect(close(got.estimate, want.mean) && close(got.halfWidth, want.halfWidth), `${p} − jsq ${key}: ${JSON.stringify(got)} against ${JSON.stringify(want)}`).toBe(true);
      }
    }
  });
});
