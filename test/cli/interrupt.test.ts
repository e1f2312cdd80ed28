// Ctrl-C (SIGINT) mid-study: finished replications stay in --out, the exit says how to resume, and the rerun completes the study.
import { describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, tempDir } from "../helpers.ts";

const ARGS = ["run", "scenarios/three-regions.json", "--set", "horizon=600", "--set", "warmup=60", "--replications", "12", "--workers", "1", "--json"];
const records = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length - 1 : 0);

describe("interrupting a study", { timeout: 120_000 }, () => {
  it("SIGINT after the first saved replication: exit 130, results kept, the rerun prints the uninterrupted result", async () => {
    const out = join(tempDir(), "results.jsonl");
    const child = spawn(process.execPath, [join(ROOT, "bin", "lbsim.js"), ...ARGS, "--out", out], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    while (records(out) < 1) await new Promise((r) => setTimeout(r, 10));
    child.kill("SIGINT");
    const code = await exited;
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^interrupted: finished replications are saved in .*results\.jsonl; rerun the same command to resume/);
    const kept = records(out);
    expect(kept).toBeGreaterThanOrEqual(1);
    expect(kept).toBeLessThan(12);
    const resumed = cli([...ARGS, "--out", out]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toBe(cli(ARGS).stdout);
    expect(records(out)).toBe(12);
  });
});
