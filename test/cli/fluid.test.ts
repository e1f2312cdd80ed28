// fluid, stability and validate-fluid through the real binary: docs/scenario-format.md's JSON shapes.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir } from "../helpers.ts";

describe("fluid commands", { timeout: 60_000 }, () => {
  it("lbsim fluid --json: steady state, converged, trajectory file", () => {
    const file = join(tempDir(), "trajectory.csv");
    const r = cli(["fluid", "scenarios/two-backends-symmetric.json", "--horizon", "50", "--trajectory", file, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.converged).toBe(true);
    expect(out.steadyState.objective).toBeCloseTo(0.54, 9);
    expect(out.steadyState.routing.fe.b1).toBeCloseTo(0.5, 9);
    expect(Object.keys(out.steadyState.queues)).toEqual(["b1", "b2"]);
    expect(out.trajectory).toBe(file);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines[0]).toBe("kind,time,frontend,backend,inSystem,throughput,share,meanLatency,completions");
    expect(lines.length).toBeGreaterThan(10);
  });

  it("lbsim stability --json: numeric and analytic side by side on the symmetric case", () => {
    const r = cli(["stability", "scenarios/two-backends-symmetric.json", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(typeof out.method).toBe("string");
    expect(out.analytic).toBeCloseTo(3.351, 3);
    expect(Math.abs(out.criticalStepSize / out.analytic - 1)).toBeLessThan(0.02);
    const other = JSON.parse(cli(["stability", "scenarios/two-backends-symmetric.json", "--set", "backends.1.curve.max=11", "--json"]).stdout);
    expect(other.analytic).toBeNull();
    expect(other.criticalStepSize).toBeGreaterThan(0);
  });

  it("lbsim validate-fluid --json: points with intervals and a slope", () => {
    const r = cli(["validate-fluid", "scenarios/two-backends-symmetric.json", "--scales", "1,16", "--replications", "3", "--set", "horizon=10", "--set", "warmup=0", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.points.map((p: { scale: number }) => p.scale)).toEqual([1, 16]);
    expect(out.points[0].error.method).toBe("replications");
    expect(out.slope).toBeLessThan(0);
  });
});
