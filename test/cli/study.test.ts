// Studies through the real binary: worker counts, shards and merge, resume after a crash, sequential stopping.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir } from "../helpers.ts";

// short enough for CI, long enough that every replication has thousands of requests
const SCENARIO = ["scenarios/three-regions.json", "--set", "horizon=60", "--set", "warmup=10"];
const run = (...args: string[]) => cli(["run", ...SCENARIO, "--replications", "6", "--json", ...args]);

function ok(r: { status: number; stdout: string; stderr: string }): string {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout;
}

describe("replication studies", { timeout: 60_000 }, () => {
  const reference = ok(run("--workers", "1"));

  it("gives byte-identical --json for --workers 1, 2 and 4", () => {
    expect(JSON.parse(reference).replications).toBe(6);
    expect(ok(run("--workers", "2"))).toBe(reference);
    expect(ok(run("--workers", "4"))).toBe(reference);
  });

  it("merges --shard 0/3, 1/3, 2/3 into output byte-identical to the unsharded run", () => {
    const dir = tempDir();
    const files = [0, 1, 2].map((i) => join(dir, `shard-${i}.jsonl`));
    files.forEach((f, i) => ok(run("--shard", `${i}/3`, "--out", f)));
    expect(ok(cli(["merge", ...files, "--json"]))).toBe(reference);
    const incomplete = cli(["merge", files[0]!, files[2]!, "--json"]);
    expect(incomplete.status).toBe(2);
    expect(incomplete.stderr).toMatch(/^error: replications 1, 4 of dgd-lb are in none of the files/);
    expect(incomplete.stdout).toBe("");
  });

  it("resumes after a crash: the rerun redoes nothing finished and prints the uninterrupted result", () => {
    const out = join(tempDir(), "results.jsonl");
    const killed = cli(["run", ...SCENARIO, "--replications", "6", "--json", "--workers", "1", "--out", out], { LBSIM_ABORT_AFTER: "4" });
    expect(killed.status).not.toBe(0);
    expect(killed.stdout).toBe("");
    const lines = () => readFileSync(out, "utf8").trim().split("\n");
    expect(lines()).toHaveLength(1 + 4); // header + four replications survived
    const saved = lines().slice(1);
    expect(ok(run("--workers", "2", "--out", out))).toBe(reference);
    expect(lines().slice(1, 5)).toEqual(saved);
    expect(lines()).toHaveLength(1 + 6);
  });

  it("refuses to resume into a results file of another study", () => {
    const out = join(tempDir(), "results.jsonl");
    ok(run("--out", out, "--workers", "1"));
    const other = run("--out", out, "--seed", "7");
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^error: .*results\.jsonl holds results of another study.*give a new --out file/);
  });

  it("merges compare results too", () => {
    const dir = tempDir();
    const compare = (...a: string[]) => cli(["compare", ...SCENARIO, "--policies", "dgd-lb,jsq", "--replications", "4", "--json", ...a]);
    const whole = ok(compare("--workers", "2"));
    const files = [0, 1].map((i) => join(dir, `c-${i}.jsonl`));
    files.forEach((f, i) => ok(compare("--shard", `${i}/2`, "--out", f)));
    expect(ok(cli(["merge", ...files, "--json"]))).toBe(whole);
  });

  it("sequential stopping adds replications until the relative half-width is met, the same on any number of workers", () => {
    const args = ["run", ...SCENARIO, "--target-half-width", "0.01", "--relative", "--metrics", "latency.mean,latency.p99", "--json"];
    const one = ok(cli([...args, "--workers", "1"]));
    expect(ok(cli([...args, "--workers", "2"]))).toBe(one);
    const result = JSON.parse(one);
    expect(result.stopping.met).toBe(true);
    expect(result.replications).toBeGreaterThan(10);
    for (const key of ["latency.mean", "latency.p99"]) {
      const e = result.metrics[key];
      expect(e.n).toBe(result.replications);
      expect(e.halfWidth).toBeLessThanOrEqual(0.01 * e.estimate);
    }
  });

  it("reports the warm-up MSER-5 chose", () => {
    const r = JSON.parse(ok(cli(["run", ...SCENARIO, "--set", "warmup=\"mser5\"", "--json"])));
    expect(r.warmup.method).toBe("mser5");
    expect(r.warmup.time).toBeGreaterThanOrEqual(0);
    expect(r.warmup.time).toBeLessThanOrEqual(30);
  });
});
