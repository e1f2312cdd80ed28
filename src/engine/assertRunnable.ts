// The checks every entry point makes before it runs replications.
import type { Scenario } from "../model/scenario.ts";
import { assertFeasible } from "../model/loadCheck.ts";
import { assertBoundedWork } from "./workEstimate.ts";

export interface RunGuards {
  /** Simulate an offered load the fleet cannot serve (--allow-overload). */
  allowOverload?: boolean;
  /** Run a replication estimated at more than MAX_EVENTS events (--allow-long). */
  allowLong?: boolean;
}

/** Refuses (a ScenarioError: exit 2, naming the field) a load above what the fleet can serve, or a replication that would run for hours. */
export function assertRunnable(s: Scenario, guards: RunGuards): void {
  if (!guards.allowOverload) assertFeasible(s);
  assertBoundedWork(s, guards.allowLong === true);
}
