// Results say what their figures do not: requests left in flight, queues that grow, a latency unit that looks wrong, nothing completed.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { singleRunResult } from "../../src/experiment/singleRun.ts";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

const json = (args: string[]) => {
  const r = cli([...args, "--json"]);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
};
const codes = (ws: Array<{ code: string }>) => ws.map((w) => w.code);

describe("warnings in every result", () => {
  // nearest sends Washington DC's 40 requests/s to its own 30-request/s backend: it overloads
  const base = ["scenarios/three-regions.json", "--set", "horizon=300", "--set", "warmup=30"];
  const unstable = [...base, "--policy", "nearest"];

  it("run: requests in flight above 1% and a growing queue, with the backend named; in JSON and under the table", () => {
    const r = json(["run", ...unstable, "--replications", "2"]);
    expect(codes(r.warnings)).toEqual(expect.arrayContaining(["in_flight", "queue_growth"]));
    expect(r.warnings.find((w: { code: string }) => w.code === "queue_growth").message).toMatch(/^backend washington-dc's queue grew through the run/);
    const table = cli(["run", ...unstable]).stdout;
    expect(table).toMatch(/\nwarning: \d+ of \d+ requests \([\d.]+%\) were still in flight at the horizon/);
  });

  it("compare and sweep label each warning with its policy; a stable policy has none", () => {
    const c = json(["compare", ...base, "--policies", "nearest,static-optimal", "--replications", "2"]);
    expect(new Set(c.warnings.map((w: { policy: string }) => w.policy))).toEqual(new Set(["nearest"]));
    const s = json(["sweep", ...base, "--vary", "load=0.5,1", "--policies", "nearest,static-optimal", "--replications", "2"]);
    expect(s.points[0].warnings).toEqual([]); // at half the load nearest's queues are stable
    expect(codes(s.points[1].warnings)).toContain("queue_growth");
    expect(cli(["sweep", ...base, "--vary", "load=0.5,1", "--policies", "nearest,static-optimal", "--replications", "2"]).stdout).toMatch(/\nwarning: point 2 \(load=1\) nearest: /);
  });

  it("a network part over a minute hints at latency.unit; the shipped scenarios have no warnings", () => {
    const r = json(["run", "scenarios/two-backends-symmetric.json", "--set", 'latency.unit="s"', "--set", "latency.scale=2", "--set", "horizon=500", "--set", "warmup=50"]);
    expect(r.warnings.find((w: { code: string }) => w.code === "latency_unit").message).toMatch(/averages 80 s a request: .*"unit": "ms"/);
    expect(json(["run", "scenarios/geo-large-latency.json", "--set", "horizon=120", "--set", "warmup=20"]).warnings).toEqual([]);
    // two policies with the same warning share one line under the table
    const c = cli([
      "compare",
      "scenarios/two-backends-symmetric.json",
      "--set",
      'latency.unit="s"',
      "--set",
      "latency.scale=2",
      "--set",
      "horizon=500",
      "--set",
      "warmup=50",
      "--policies",
      "static-optimal,random",
      "--replications",
      "2",
    ]);
    expect(c.stdout.match(/^warning: .*network part/gm)).toEqual([expect.stringMatching(/^warning: static-optimal, random \(static-optimal's figures\): the network part/)]);
  });

  it("the library says when no request completed (latency figures null)", () => {
    const s = loadScenario(join(ROOT, "scenarios", "mm1.json"), { overrides: ["frontends.0.arrivals.rate=1e-9", "horizon=100", "warmup=10"] });
    const r = singleRunResult(s, 0);
    expect(r.metrics["latency.mean"]!.estimate).toBeNull();
    expect(codes(r.warnings)).toEqual(["no_completions"]);
  });
});
