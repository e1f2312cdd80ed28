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
