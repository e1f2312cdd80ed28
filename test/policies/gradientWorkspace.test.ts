// DGD-LB's workspace: leased per scenario for a thread's next run, never shared by two live runs, and invisible in results.
import { describe, expect, it } from "vitest";
import { scenarioFile } from "../helpers.ts";
import { GradientWorkspace } from "../../src/policies/gradientWorkspace.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { integrateFluid } from "../../src/fluid/fluidModel.ts";

describe("GradientWorkspace", () => {
  it("a run gets the arrays and closures of the scenario's last ended run, and a live run's never", () => {
    const s = scenarioFile("three-regions.json");
    const first = GradientWorkspace.lease(s);
    const meanwhile = GradientWorkspace.lease(s);
    expect(meanwhile).not.toBe(first);
    expect(meanwhile.xs).not.toBe(first.xs);
    first.release();
    meanwhile.release();
    const next = GradientWorkspace.lease(s);
    expect(next).toBe(first);
    expect(next.buildRow).toBe(first.buildRow);
    expect(GradientWorkspace.lease(scenarioFile("three-regions.json"))).not.toBe(first);
    next.release();
  });

  it("a replication run after others in the thread gives the same result as on a scenario fresh from its file", () => {
    const overrides = ["horizon=200", "warmup=20"];
    const reused = scenarioFile("three-regions.json", overrides);
    // the workspace passes from run to run, through the fluid model, and back to the engine
    runReplication(reused, 0);
    integrateFluid(reused, { horizon: 20 });
    runReplication(reused, 1);
    const after = runReplication(reused, 2);
    const fresh = runReplication(scenarioFile("three-regions.json", overrides), 2);
    expect(after).toEqual(fresh);
    expect(after.counts.arrived).toBeGreaterThan(0);
  });

  it("inflight correction and a per-frontend fleet with two DGD-LB blocks (two workspaces in one run) repeat exactly", () => {
    const corrected = scenarioFile("three-regions.json", ["horizon=150", "warmup=10", "policy.inflightCorrection=true"]);
    const c1 = runReplication(corrected, 3);
    expect(runReplication(corrected, 3)).toEqual(c1);
    const blocks = ["horizon=150", "warmup=10", 'frontends.0.policy={"kind":"dgd-lb","stepSize":0.02}', 'frontends.1.policy={"kind":"dgd-lb","stepSize":0.05}'];
    const fleet = scenarioFile("three-regions.json", blocks);
    runReplication(fleet, 0);
    const again = runReplication(fleet, 1);
    expect(again).toEqual(runReplication(scenarioFile("three-regions.json", blocks), 1));
  });
});
