// A policy per frontend (a fleet migrating region by region): each frontend routes by its own block,
// compare and sweep replace every frontend's, and bad blocks are refused at their path.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, cli, tempDir, writeJson } from "../helpers.ts";

const threeRegions = () => JSON.parse(readFileSync(join(ROOT, "scenarios", "three-regions.json"), "utf8"));

function mixed(edit: (s: ReturnType<typeof threeRegions>) => void = () => {}): string {
  const s = threeRegions();
  s.horizon = 300;
  s.warmup = 30;
  s.policy = { kind: "nearest" };
  // a static matrix names every frontend's row; only tokyo's is used here
  const row = { dallas: 0.5, tokyo: 0.5 };
  s.frontends[2].policy = { kind: "static", routing: { "washington-dc": row, frankfurt: row, tokyo: row } };
  edit(s);
  const dir = tempDir();
  // the latency and data paths are relative to the scenario: write it beside the shipped ones' data
  return writeJson(dir, "mixed.json", s);
}

describe("a policy per frontend", () => {
  it("each frontend routes by its own block: tokyo splits 50/50 as its static matrix says, the others go to their nearest backend", () => {
    const r = cli(["run", mixed(), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).metrics;
    expect(m["frontend.washington-dc.share.washington-dc"].estimate).toBe(1);
    expect(m["frontend.frankfurt.share.london"].estimate).toBe(1);
    const dallas = m["frontend.tokyo.share.dallas"];
    // 20 requests/s × 270 s: the binomial share's 99.9% half-width is about 3.3·sqrt(0.25/5400) = 0.022
    expect(Math.abs(dallas.estimate - 0.5)).toBeLessThan(0.03);
    expect(m["frontend.tokyo.share.washington-dc"].estimate).toBe(0);
  });

  it("static-optimal on one frontend routes by its row of x* (the others nearest), with the same bytes on 1 and 2 workers", () => {
    const file = mixed((s) => {
      s.frontends[2].policy = { kind: "static-optimal" };
    });
    const optimum = cli(["optimum", file, "--json"]);
    expect(optimum.status, optimum.stderr).toBe(0);
    const row = JSON.parse(optimum.stdout).routing.tokyo as Record<string, number>;
    const one = cli(["run", file, "--json", "--replications", "2", "--workers", "1"]);
    expect(one.status, one.stderr).toBe(0);
    const two = cli(["run", file, "--json", "--replications", "2", "--workers", "2"]);
    expect(two.stdout).toBe(one.stdout);
    const m = JSON.parse(one.stdout).metrics;
    // 20 requests/s × 270 s × 2 replications: a binomial share's 99.9% half-width is at most 3.3·sqrt(0.25/10800) = 0.016
    for (const [backend, x] of Object.entries(row)) expect(Math.abs(m[`frontend.tokyo.share.${backend}`].estimate - x), backend).toBeLessThan(0.02);
    expect(m["frontend.frankfurt.share.london"].estimate).toBe(1);
  }, 60_000);

  it("DGD-LB on two frontends beside JSQ on the third runs, on any number of workers with the same bytes, and compare replaces every frontend's policy", () => {
    const file = mixed((s) => {
      s.policy = { kind: "dgd-lb", stepSize: 0.04, updateInterval: 0.1 };
      s.frontends[2].policy = { kind: "jsq" };
    });
    const one = cli(["run", file, "--replications", "3", "--workers", "1", "--json"]);
    const two = cli(["run", file, "--replications", "3", "--workers", "2", "--json"]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    // both DGD-LB frontends step away from their uniform start (a quarter each) toward the far cheaper
    // backends, though their instance serves two of three frontends and updates only those two
    const shares = JSON.parse(one.stdout).metrics;
    for (const f of ["washington-dc", "frankfurt"]) expect(shares[`frontend.${f}.share.tokyo`].estimate, f).toBeLessThan(0.1);
    const cmp = cli(["compare", file, "--policies", "dgd-lb,jsq", "--replications", "3", "--workers", "1", "--json"]);
    expect(cmp.status, cmp.stderr).toBe(0);
    const plain = mixed((s) => {
      s.policy = { kind: "dgd-lb", stepSize: 0.04, updateInterval: 0.1 };
      delete s.frontends[2].policy;
    });
    const cmpPlain = cli(["compare", plain, "--policies", "dgd-lb,jsq", "--replications", "3", "--workers", "1", "--json"]);
    // compare's dgd-lb and jsq are every frontend's: the same as on the scenario without the override
    expect(JSON.parse(cmp.stdout).policies).toEqual(JSON.parse(cmpPlain.stdout).policies);
    // while the plain run of the mixed fleet differs from all-DGD-LB
    expect(JSON.parse(one.stdout).metrics["frontend.tokyo.latency.mean"]).not.toEqual(JSON.parse(cmpPlain.stdout).policies["dgd-lb"].metrics["frontend.tokyo.latency.mean"]);
    const fluid = cli(["fluid", file, "--json"]);
    expect(fluid.status, fluid.stderr).toBe(0);
  });

  it("refuses a frontend's bad block at its path: an unknown backend in a static matrix, DGD-LB's auto step, mismatched update intervals", () => {
    let r = cli(["run", mixed((s) => (s.frontends[2].policy = { kind: "static", routing: { "washington-dc": { dallas: 1 }, frankfurt: { dallas: 1 }, tokyo: { osaka: 1 } } }))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("frontends[2].policy.routing");
    r = cli(["run", mixed((s) => (s.frontends[2].policy = { kind: "dgd-lb", stepSize: "auto" }))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("frontends[2].policy.stepSize");
    r = cli([
      "run",
      mixed((s) => {
        s.policy = { kind: "dgd-lb", stepSize: 0.04, updateInterval: 0.1 };
        s.frontends[2].policy = { kind: "dgd-lb", stepSize: 0.04, updateInterval: 0.5 };
      }),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/frontends: the frontends' policies update every 0.1 s, 0.5 s/);
  });
});
