// One replication in this thread, reported as `lbsim run --json --replications 1` prints it (CLI sinks, library, browser).
import type { Scenario } from "../model/scenario.ts";
import type { RunOptions } from "../engine/runOptions.ts";
import { runReplication } from "../engine/runReplication.ts";
import { resolveWarmup } from "./mser5.ts";
import { runRecords, runStudyColumns, stepSizesOf, type RunStudyColumns, type RunStudyResult } from "./studyResult.ts";

/**
 * Replication `replication` of the scenario with optional sinks and hooks (trace, series,
 * progress). `warmup` may be given when the caller resolved it already (an MSER-5 pilot is a run).
 */
export function singleRunResult(s: Scenario, replication: number, options: Omit<RunOptions, "replication" | "warmup"> = {}, warmup = resolveWarmup(s)): RunStudyResult {
  return runRecords(singleRunColumns(s, replication, options, warmup));
}

/** singleRunResult with the metrics as columns (what the CLI writes). */
export function singleRunColumns(s: Scenario, replication: number, options: Omit<RunOptions, "replication" | "warmup"> = {}, warmup = resolveWarmup(s)): RunStudyColumns {
  const run = runReplication(s, replication, { ...options, warmup: warmup.time });
  return runStudyColumns({ scenario: s.name, seed: s.seed, policies: [s.policy.kind], warmup, stepSizes: stepSizesOf([s]) }, [run]);
}
