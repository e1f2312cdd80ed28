// One unit of work of a study, in a form that crosses thread and machine boundaries.
import { loadScenario, type LoadOptions } from "../scenario/loadScenario.ts";
import type { Scenario } from "../scenario/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { runReplication } from "./runReplication.ts";

/**
 * A replication is named, not shipped: the scenario is reloaded from its file and options
 * (curves and trace arrivals do not survive structured cloning), so a task is a few bytes.
 */
export interface ReplicationTask {
  file: string;
  load: LoadOptions;
  replication: number;
  /** Resolved warm-up in seconds (MSER-5 is resolved once per study, before any task). */
  warmup: number;
}

// each worker loads a scenario once per study, not once per replication; a few are kept (plan
// alternates between candidate fleets), the oldest dropped first
const loaded = new Map<string, Scenario>();
const KEEP = 8;

function scenarioOf(task: ReplicationTask): Scenario {
  const key = JSON.stringify([task.file, task.load]);
  let scenario = loaded.get(key);
  if (!scenario) {
    scenario = loadScenario(task.file, task.load);
    if (loaded.size >= KEEP) loaded.delete(loaded.keys().next().value!);
    loaded.set(key, scenario);
  }
  return scenario;
}

export function runTask(task: ReplicationTask): RunResult {
  return runReplication(scenarioOf(task), task.replication, { warmup: task.warmup });
}
