// R replications of one scenario in this thread (tests, analysis scripts); studies with workers,
// results files and shards go through study.ts.
import type { Scenario } from "../model/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { runReplication } from "../engine/runReplication.ts";

export interface StudyOptions {
  replications: number;
}

/** Replications 0..R−1, each a pure function of (scenario, seed, r). */
export function runReplications(scenario: Scenario, options: StudyOptions): RunResult[] {
  const runs: RunResult[] = [];
  for (let r = 0; r < options.replications; r++) runs.push(runReplication(scenario, r));
  return runs;
}
