// The library's simulate, runStudy and compare: what `run --json` and `compare --json` print.
import { assertRunnable } from "../engine/assertRunnable.ts";
import type { Scenario } from "../model/scenario.ts";
import { runStudyRequest } from "../experiment/study.ts";
import { singleRunResult } from "../experiment/singleRun.ts";
import { compareStudyResult, runStudyResult, type CompareStudyResult, type RunStudyResult } from "../experiment/studyResult.ts";
import type { StoppingRule } from "../experiment/sequentialStopping.ts";
import { withPolicy } from "../scenario/loadScenario.ts";
import { assertLoadedScenario } from "./loadedScenario.ts";

export interface SimulateOptions {
  /** Which replication's random streams (default 0, as `run --replications 1`). */
  replication?: number;
  /** Run even when the offered load exceeds the capacity (as --allow-overload). */
  allowOverload?: boolean;
  /** Run even when the work asked for is estimated at minutes to hours (as --allow-long). */
  allowLong?: boolean;
}

/** One replication in this thread: the object `lbsim run --json --replications 1` prints (batch-means intervals). */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): RunStudyResult {
  assertLoadedScenario(scenario, "simulate");
  assertRunnable(scenario, options);
  return singleRunResult(withPolicy(scenario, undefined), options.replication ?? 0);
}

export interface StudyOptions {
  replications?: number;
  /** Worker threads (default 1); results never depend on it. */
  workers?: number;
  /** A policy kind instead of the scenario's. */
  policy?: string;
  stopping?: StoppingRule;
  /** Append each finished replication here; a rerun resumes from it. */
  out?: string;
  allowOverload?: boolean;
  allowLong?: boolean;
  progress?: (done: number, total: number) => void;
}

/** R replications: the object `lbsim run --json --replications R` prints. */
export async function runStudy(scenario: Scenario, options: StudyOptions = {}): Promise<RunStudyResult> {
  assertLoadedScenario(scenario, "runStudy");
  const s = withPolicy(scenario, options.policy);
  assertRunnable(s, options);
  const outcome = await runStudyRequest(
    { command: "run", replications: options.replications ?? 1, workers: options.workers ?? 1, stopping: options.stopping, out: options.out, progress: options.progress },
    [s],
  );
  return runStudyResult(outcome.header, outcome.runs[s.policy.kind]!, outcome.stopping);
}

export interface CompareOptions extends Omit<StudyOptions, "policy" | "stopping"> {
  /** Policy kinds; the first is the reference of the paired differences. */
  policies: string[];
}

/** Every policy on common random numbers: the object `lbsim compare --json` prints. */
export async function compare(scenario: Scenario, options: CompareOptions): Promise<CompareStudyResult> {
  assertLoadedScenario(scenario, "compare");
  if (options.policies.length === 0) throw new RangeError("compare needs at least one policy kind");
  const scenarios = options.policies.map((p) => withPolicy(scenario, p));
  scenarios.forEach((s) => assertRunnable(s, options));
  const outcome = await runStudyRequest({ command: "compare", replications: options.replications ?? 10, workers: options.workers ?? 1, out: options.out, progress: options.progress }, scenarios);
  return compareStudyResult(outcome.header, outcome.runs);
}
