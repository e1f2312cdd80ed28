// Every policy kind: routes only to allowed backends and reports a routing distribution over E_i.
import { describe, expect, it } from "vitest";
import path from "node:path";
import { ROOT, scenarioFile } from "../helpers.ts";
import { policies } from "../../src/policies/registry.ts";
import { metricSample } from "../../src/stats/runMetrics.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { POLICY_KINDS } from "../../src/policies/registry.ts";

// The kinds that need more than their name to run: DGD-LB a fixed step, a module its file (the shipped example).
function contractSpec(kind: string): object {
  if (kind === "dgd-lb") return { kind, stepSize: 0.1, updateInterval: 0.1 };
  if (kind === "module") return { kind, path: path.join(ROOT, "examples", "leastLatencyPlusQueue.mjs") };
  return { kind };
}

describe("policy contract", () => {
  it("the registry covers every documented kind", () => {
    expect([...policies.keys()].sort()).toEqual(["dgd-lb", "gmsr", "jsq", "marginal-greedy", "module", "nearest", "pod", "random", "round-robin", "sed", "static", "static-optimal"]);
  });
  for (const kind of POLICY_KINDS.filter((k) => k !== "static")) {
    it(`${kind}: only allowed backends receive requests`, () => {
      // Frankfurt may not use Tokyo here; its share there must be absent and its shares sum to 1
      const s = scenarioFile("three-regions.json", ["horizon=60", "warmup=5", `policy=${JSON.stringify(contractSpec(kind))}`, 'frontends.1.backends=["dallas","washington-dc","london"]']);
      const run = runReplication(s, 0);
      expect(metricSample(run, "frontend.frankfurt.share.tokyo")).toBeUndefined();
      const shares = ["dallas", "washington-dc", "london"].map((b) => metricSample(run, `frontend.frankfurt.share.${b}`)!.point);
      expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(run.counts.arrived).toBe(run.counts.completed + run.counts.inFlight);
    });
  }
});
