// One replication of a scenario, with what its policy needs resolved.
import { simulate } from "./simulation.ts";
import type { RunOptions } from "./runOptions.ts";
import type { Scenario } from "../model/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { optimalRoutingOf, usesOptimalRouting } from "../optimum/optimalRouting.ts";

/** One replication with everything a policy may need resolved (the optimum for static-optimal). */
export function runReplication(scenario: Scenario, replication: number, options: Omit<RunOptions, "replication"> = {}): RunResult {
  const optimalRouting = usesOptimalRouting(scenario) ? () => optimalRoutingOf(scenario) : undefined;
  return simulate(scenario, { ...options, replication, optimalRouting });
}
