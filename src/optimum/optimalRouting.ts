// x* for a scenario, solved once per scenario object (static-optimal asks for it per replication).
import type { Scenario } from "../model/scenario.ts";
import { solveScenarioOptimum } from "./solveOptimum.ts";

const cache = new WeakMap<Scenario, Float64Array>();

export function optimalRoutingOf(s: Scenario): Float64Array {
  let x = cache.get(s);
  if (!x) {
    x = solveScenarioOptimum(s).routing;
    cache.set(s, x);
  }
  return x;
}

/** Whether a run of the scenario routes by x* (static-optimal, for the whole fleet or for some frontends). */
export function usesOptimalRouting(s: Scenario): boolean {
  return s.policy.kind === "static-optimal" || s.frontends.some((f) => f.policy?.kind === "static-optimal");
}

/**
 * x* solved by another thread for this scenario (the same doubles: the solver is deterministic), so
 * a worker rebuilding the scenario does not solve it again (seconds at 100 × 1,000).
 */
export function knowOptimalRouting(s: Scenario, x: Float64Array): void {
  cache.set(s, x);
}
