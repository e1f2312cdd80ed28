// Studies through the real binary: worker counts, shards and merge, resume after a crash, sequential stopping.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, cli, tempDir } from "../helpers.ts";

/** The replication records of a results file (its header and any torn last line left out). */
function records(file: string): Array<{ replication: number }> {
  const lines = readFileSync(file, "utf8").split("\n").slice(1);
  const out: Array<{ replication: number }> = [];
  for (const line of lines) {
    try {
      out.push(JSON.parse(line));
    } catch {
      // a torn line
    }
  }
  return out;
}

/** Runs lbsim and SIGKILLs it, from outside as a crash would, once `out` holds at least `after` records. */
function killAfterRecords(args: string[], out: string, after: number): Promise<{ signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "lbsim.js"), ...args], { cwd: ROOT });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const poll = setInterval(() => {
      if (existsSync(out) && records(out).length >= after) child.kill("SIGKILL");
    }, 2);
    child.on("error", reject);
    child.on("exit", (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, stdout });
    });
  });
}

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

  it("runs on 12 worker threads without Node's listener warning (each thread's stdio piped in passed its limit of 10) and with --workers 1's bytes", () => {
    const many = cli(["run", ...SCENARIO, "--set", "horizon=20", "--set", "warmup=2", "--replications", "12", "--workers", "12", "--json"]);
    expect(many.status, many.stderr).toBe(0);
    expect(many.stderr).not.toMatch(/MaxListenersExceededWarning|memory leak/);
    expect(many.stdout).toBe(cli(["run", ...SCENARIO, "--set", "horizon=20", "--set", "warmup=2", "--replications", "12", "--workers", "1", "--json"]).stdout);
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

  describe("SIGKILL at arbitrary points of a 12-replication study, then resume", () => {
    const LONG = ["run", "scenarios/three-regions.json", "--set", "horizon=150", "--set", "warmup=10", "--replications", "12", "--json"];
    const uninterrupted = ok(cli([...LONG, "--workers", "1"]));
    // kill points (records saved before the kill) and whether garbage is appended after it, as a torn write would leave
    for (const [after, garbage] of [
      [1, false],
      [5, true],
      [9, false],
    ] as const) {
      it(`killed after ${after} saved replications${garbage ? ", with a torn line appended" : ""}: the rerun prints the uninterrupted output, each replication once`, async () => {
        const out = join(tempDir(), "results.jsonl");
        const killed = await killAfterRecords([...LONG, "--workers", "1", "--out", out], out, after);
        expect(killed.signal).toBe("SIGKILL");
        expect(killed.stdout).toBe("");
        if (garbage) appendFileSync(out, '{"policy":"dgd-lb","replication":11,"result":{"metr');
        const saved = records(out);
        expect(saved.length).toBeGreaterThanOrEqual(after);
        expect(saved.length).toBeLessThan(12);
        expect(ok(cli([...LONG, "--workers", "2", "--out", out]))).toBe(uninterrupted);
        const all = records(out);
        expect(all.slice(0, saved.length)).toEqual(saved);
        expect(all.map((r) => r.replication).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
      });
    }
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
    const r = JSON.parse(ok(cli(["run", ...SCENARIO, "--set", 'warmup="mser5"', "--json"])));
    expect(r.warmup.method).toBe("mser5");
    expect(r.warmup.time).toBeGreaterThanOrEqual(0);
    expect(r.warmup.time).toBeLessThanOrEqual(30);
  });
});
