// A study: R replications of one scenario, summarized with 95% intervals.
import type { Scenario } from "../scenario/scenario.ts";
import type { SeriesSink, TraceSink } from "../engine/sinks.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { runReplication } from "./runReplication.ts";
import { summarize, type RunSummary } from "./summarize.ts";

export interface StudyOptions {
  replications: number;
  trace?: TraceSink;
  series?: SeriesSink;
}

/** Replications 0..R−1, each a pure function of (scenario, seed, r). */
export function runReplications(scenario: Scenario, options: StudyOptions): RunResult[] {
  const runs: RunResult[] = [];
  for (let r = 0; r < options.replications; r++) runs.push(runReplication(scenario, r, { trace: options.trace, series: options.series }));
  return runs;
}

export function runStudy(scenario: Scenario, options: StudyOptions): RunSummary {
  return summarize(runReplications(scenario, options));
}
