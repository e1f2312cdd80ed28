// `lbsim sweep` through the real binary: the grid, common random numbers, byte-identity across workers, kill and resume, shards and merge.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir } from "../helpers.ts";

const ARGS = [
  "sweep",
  "scenarios/two-backends-symmetric.json",
  "--vary",
  "load=0.5,0.8",
  "--vary",
  "latency.scale=1,4",
  "--policies",
  "static-optimal,dgd-lb",
  "--replications",
  "3",
  "--set",
  "horizon=60",
  "--set",
  "warmup=10",
];

function ok(r: { status: number; stdout: string; stderr: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe("lbsim sweep", () => {
  const reference = ok(cli([...ARGS, "--json", "--workers", "1"]));

  it("runs every combination, every policy, with paired differences against the first", () => {
    const r = JSON.parse(reference);
    expect(r.reference).toBe("static-optimal");
    expect(r.varied).toEqual(["load", "latency.scale"]);
    expect(r.points.map((p: { values: unknown }) => p.values)).toEqual([
      { load: 0.5, "latency.scale": 1 },
      { load: 0.5, "latency.scale": 4 },
      { load: 0.8, "latency.scale": 1 },
      { load: 0.8, "latency.scale": 4 },
    ]);
    for (const p of r.points) {
      expect(Object.keys(p.policies)).toEqual(["static-optimal", "dgd-lb"]);
      expect(p.differences["dgd-lb"]["latency.mean"].method).toBe("paired-replications");
    }
    // more load, more latency: the network part grows with the scale, the mean latency with both
    const at = (k: number) => r.points[k].policies["static-optimal"].metrics;
    expect(at(1)["latency.network.mean"].estimate).toBeCloseTo(4 * at(0)["latency.network.mean"].estimate, 6);
    expect(at(2)["latency.mean"].estimate).toBeGreaterThan(at(0)["latency.mean"].estimate);
  });

  it("is byte-identical on 2 workers, after a kill and resume, and merged from shards", () => {
    expect(ok(cli([...ARGS, "--json", "--workers", "2"]))).toBe(reference);
    const dir = tempDir();
    const files = [0, 1].map((i) => join(dir, `shard-${i}.jsonl`));
    files.forEach((f, i) => ok(cli([...ARGS, "--shard", `${i}/2`, "--out", f])));
    expect(ok(cli(["merge", ...files, "--json"]))).toBe(reference);
    // a results file cut short (as a kill leaves it) resumes to the same output
    const out = join(dir, "all.jsonl");
    ok(cli([...ARGS, "--json", "--out", out]));
    const lines = readFileSync(out, "utf8").split("\n").filter(Boolean);
    const cut = join(dir, "cut.jsonl");
    writeFileSync(cut, lines.slice(0, 7).join("\n") + "\n" + lines[7]!.slice(0, 40));
    expect(ok(cli([...ARGS, "--json", "--out", cut, "--workers", "2"]))).toBe(reference);
  });

  it("tidy --csv, an SVG with a panel per metric, and clear errors", () => {
    const dir = tempDir();
    const svg = join(dir, "sweep.svg");
    const csv = ok(cli([...ARGS, "--csv", "--svg", svg]));
    expect(csv.split("\n")[0]).toBe("load,latency.scale,policy,reference,metric,unit,estimate,halfWidth,level,n,method");
    expect(existsSync(svg)).toBe(true);
    const text = readFileSync(svg, "utf8");
    expect(text).toMatch(/^<svg/);
    expect(text).toContain("latency.mean (ms)");
    expect(text).toContain("latency.p99 (ms)");
    const bad = cli(["sweep", "scenarios/mm1.json", "--vary", "load=-1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*load: must be a positive factor \(got -1\)/);
    const typo = cli(["sweep", "scenarios/mm1.json", "--vary", "horizn=10,20"]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/did you mean "horizon"/);
  });

  it("reports DGD-LB's auto step per point, with why, in JSON and under the table; warns per point about a given step above the critical one", () => {
    const auto = ["sweep", "scenarios/geo-large-latency.json", "--vary", "latency.scale=1,2", "--replications", "2", "--set", "horizon=40", "--set", "warmup=10", "--set", 'policy.stepSize="auto"'];
    const json = JSON.parse(ok(cli([...auto, "--json"])));
    const steps = json.points.map((p: { stepSizes: Record<string, { criticalStepSize: number; fractionFrom: string; why: string }> }) => p.stepSizes["dgd-lb"]);
    expect(steps.map((c: { fractionFrom: string }) => c.fractionFrom)).toEqual(["pilot", "pilot"]);
    expect(steps[1].criticalStepSize).toBeLessThan(steps[0].criticalStepSize); // longer loop delays, smaller η_c
    const table = ok(cli(auto));
    expect(table).toMatch(/point 1 \(latency\.scale=1\) dgd-lb step [\d.]+: [\d.]+ × the critical step 1\.4\d? \(fluid model\): the best of 8 pilot runs/);
    expect(table).toMatch(/point 2 \(latency\.scale=2\) dgd-lb step/);
    const given = cli(["sweep", "scenarios/geo-large-latency.json", "--vary", "policy.stepSize=0.1,3", "--replications", "2", "--set", "horizon=20", "--set", "warmup=5"]);
    expect(given.status).toBe(0);
    expect(given.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^warning: stepSize 3 is above this scenario's critical step 1\.4/)]);
  });
});
