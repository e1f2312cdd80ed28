// `lbsim run` end to end through the real binary: determinism and output shapes.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

describe("lbsim run", () => {
  it("same scenario and seed give byte-identical --json; another seed differs", () => {
    const args = ["run", "scenarios/three-regions.json", "--json", "--set", "horizon=120", "--set", "warmup=20"];
    const a = cli(args);
    const b = cli(args);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const c = cli([...args, "--seed", "2"]);
    expect(c.stdout).not.toBe(a.stdout);
    const result = JSON.parse(a.stdout);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(["scenario", "seed", "replications", "counts", "metrics"]));
    const est = result.metrics["latency.mean"];
    expect(Object.keys(est).sort()).toEqual(["estimate", "halfWidth", "level", "method", "n"]);
    expect(est.method).toBe("batch-means");
    for (const key of ["latency.p99", "latency.network.mean", "backend.dallas.inSystem.mean", "backend.tokyo.throughput", "frontend.tokyo.share.dallas"]) {
      expect(result.metrics[key]).toBeDefined();
    }
  });

  it("prints a readable table by default and CSV with --csv", () => {
    const table = cli(["run", "scenarios/mm1.json", "--set", "horizon=2000", "--set", "warmup=100"]);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/latency\.mean\s+\d/);
    const csv = cli(["run", "scenarios/mm1.json", "--csv", "--set", "horizon=2000", "--set", "warmup=100"]);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe("metric,unit,estimate,halfWidth,level,n,method");
    const mean = lines.find((l) => l.startsWith("latency.mean,"))!.split(",");
    expect(mean[1]).toBe("s");
    for (const cell of mean.slice(2, 6)) expect(Number.isFinite(Number(cell))).toBe(true);
  });
});
