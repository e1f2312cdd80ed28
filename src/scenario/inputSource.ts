// What a scenario's build reads its input files and policy modules through (from disk, or preloaded).
import type { DataSource } from "../input/dataSource.ts";
import type { ScenarioInputs, UserPolicyFactory } from "../model/scenario.ts";

/**
 * A data source that keeps what it served (the scenario carries it to worker threads) and loads
 * the user's policy modules (code, so each thread loads them itself).
 */
export interface InputSource extends DataSource {
  readonly inputs: ScenarioInputs;
  policyModule(path: string, fieldPath: string): UserPolicyFactory;
}
