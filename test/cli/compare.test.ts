// `lbsim compare` through the real binary: JSON shape, and a policy against itself differs by exactly 0.
import { describe, expect, it } from "vitest";
import { cli } from "../helpers.ts";

describe("lbsim compare", () => {
  it("paired comparison of a policy with itself gives a difference of exactly 0", () => {
    const r = cli(["compare", "scenarios/geo-large-latency.json", "--policies", "jsq,jsq,sed", "--replications", "3", "--json", "--set", "horizon=60", "--set", "warmup=10"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.reference).toBe("jsq");
    expect(Object.keys(out.policies)).toEqual(["jsq", "sed"]);
    const self = out.differences.jsq["latency.mean"];
    expect(self.estimate).toBe(0);
    expect(self.halfWidth).toBe(0);
    expect(self.method).toBe("paired-replications");
    expect(out.differences.sed["latency.mean"].estimate).not.toBe(0);
  });

  it("needs at least one policy", () => {
    const r = cli(["compare", "scenarios/mm1.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --policies/);
  });
});
