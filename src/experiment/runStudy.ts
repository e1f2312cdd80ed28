// A study: R replications of one scenario, summarized with 95% intervals.
import type { Scenario } from "../scenario/scenario.ts";
import type { SeriesSink, TraceSink } from "../engine/sinks.ts";
import { runReplication } from "./runReplications.ts";
import { summarize, type RunSummary } from "./summarize.ts";

export interface StudyOptions {
  replications: number;
  workers?: number;
  trace?: TraceSink;
  series?: SeriesSink;
  out?: string;
  shard?: string;
  targetHalfWidth?: number;
  relative?: boolean;
  maxReplications?: number;
}

export async function runStudy(scenario: Scenario, options: StudyOptions): Promise<RunSummary> {
  const runs = [];
  for (let r = 0; r < options.replications; r++) runs.push(runReplication(scenario, r, { trace: options.trace, series: options.series }));
  return summarize(runs);
}
