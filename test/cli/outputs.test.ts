// Output conventions through the real binary: usage and version, tidy numeric CSV or a clear refusal, units in headers.
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers.ts";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { ROOT } from "../helpers.ts";

/** What a reader of the FIFO at path received while `write` ran (the writer blocks until the reader opens it). */
async function throughFifo(path: string, write: () => void, reader = spawn("cat", [path])): Promise<string> {
  let text = "";
  reader.stdout.on("data", (d: Buffer) => (text += d.toString()));
  const done = new Promise<void>((resolve) => reader.on("close", () => resolve()));
  write();
  await done;
  return text;
}

describe("lbsim outputs", () => {
  it("--trace, --series and report --out into a FIFO write through it and leave it a FIFO (as /dev/stdout: a rename would replace it with a file)", async () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const args = ["scenarios/mm1.json", "--set", "horizon=200", "--set", "warmup=20", "--set", "sample.interval=5"];
    let status = -1;
    const trace = await throughFifo(fifo, () => (status = cli(["run", ...args, "--trace", fifo]).status));
    expect(status).toBe(0);
    expect(trace.split("\n")[0]).toBe("id,frontend,backend,size,born,arrivedBackend,departedBackend,completed");
    expect(trace.trim().split("\n").length).toBeGreaterThan(100);
    const series = await throughFifo(fifo, () => (status = cli(["run", ...args, "--series", fifo]).status));
    expect(status).toBe(0);
    expect(series.trim().split("\n").length).toBeGreaterThan(10);
    const page = await throughFifo(fifo, () => (status = cli(["report", ...args, "--out", fifo, "--replications", "2"]).status));
    expect(status).toBe(0);
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    // a reader that goes away after a line (`--trace /dev/stdout | head -1`): the run ends quietly
    const first = await throughFifo(fifo, () => (status = cli(["run", ...args, "--set", "horizon=20000", "--trace", fifo]).status), spawn("head", ["-n", "1", fifo]));
    expect(first.trim().split("\n")).toHaveLength(1);
    expect(status).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
  });

  it("lbsim alone prints usage and exits 0; --version prints the package version", () => {
    const bare = cli([]);
    expect(bare.status).toBe(0);
    expect(bare.stdout).toMatch(/^Usage: lbsim/);
    expect(bare.stdout).toMatch(/run\s+simulate/);
    const v = cli(["--version"]);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version);
    expect(cli(["--help"]).status).toBe(0);
  });

  it("compare --csv is tidy: one row per (policy, metric) and per paired difference, numbers in their own columns", () => {
    const r = cli(["compare", "scenarios/mm1.json", "--policies", "random,round-robin", "--replications", "3", "--csv", "--set", "horizon=500", "--set", "warmup=50"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("policy,reference,metric,unit,estimate,halfWidth,level,n,method");
    const rows = lines.slice(1).map((l) => l.split(","));
    for (const row of rows) {
      expect(row).toHaveLength(9);
      expect(Number.isFinite(Number(row[4]))).toBe(true);
      expect(Number(row[7])).toBe(3);
    }
    expect(rows.find((row) => row[0] === "round-robin" && row[1] === "random" && row[2] === "latency.mean")![8]).toBe("paired-replications");
    expect(r.stdout).not.toContain("±");
  });

  it("commands without a table refuse --csv with exit 2", () => {
    for (const args of [
      ["fluid", "scenarios/mm1.json", "--csv"],
      ["stability", "scenarios/two-backends-symmetric.json", "--csv"],
      ["plan", "scenarios/mm1.json", "--slo", "latency.p99=5", "--csv"],
      ["report", "scenarios/mm1.json", "--out", "x.html", "--csv"],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^error: .*csv/i);
      expect(r.stdout).toBe("");
    }
  });

  it("optimum --csv and validate-fluid --csv are numeric with units in the header", () => {
    const o = cli(["optimum", "scenarios/three-regions.json", "--csv"]);
    expect(o.stdout.split("\n")[0]).toBe("frontend,backend,share,marginalLatency (s)");
    const v = cli(["validate-fluid", "scenarios/two-backends-symmetric.json", "--scales", "1,4", "--replications", "2", "--csv", "--set", "horizon=10", "--set", "warmup=0"]);
    expect(v.status).toBe(0);
    expect(v.stdout.split("\n")[0]).toBe("scale,quantity,estimate,halfWidth,level,n,method");
  });
});
