// The `run` and `compare` results of docs/scenario-format.md, built from a study's replications (also by `merge`).
import type { RunResult } from "../stats/runMetrics.ts";
import type { Estimate } from "../stats/estimate.ts";
import type { StudyHeader } from "./resultsLog.ts";
import type { Scenario, StepSizeChoice } from "../model/scenario.ts";
import type { StoppingRule } from "./sequentialStopping.ts";
import { metricsRecord, summarizeColumns, type MetricColumns, type RunSummary } from "./summarize.ts";
import { pairedDifferenceColumns } from "./pairedDifferences.ts";
import { runWarnings, type RunWarning } from "./runWarnings.ts";

export interface RunStudyResult extends RunSummary {
  scenario: string;
  seed: number;
  policy: string;
  warmup?: StudyHeader["warmup"];
  stopping?: StoppingRule & { met: boolean };
  /** How "auto" chose DGD-LB's step, when it did. */
  stepSize?: StepSizeChoice;
  /** What the figures do not say (requests left in flight, a growing queue, ...); empty when nothing. */
  warnings: RunWarning[];
}

/** The run result with its metrics as columns (what the CLI writes: no object per metric). */
export interface RunStudyColumns extends Omit<RunStudyResult, "metrics"> {
  metrics: MetricColumns;
}

export interface CompareStudyResult {
  reference: string;
  replications: number;
  policies: Record<string, { metrics: Record<string, Estimate> }>;
  differences: Record<string, Record<string, Estimate>>;
  warmup?: StudyHeader["warmup"];
  stepSizes?: Record<string, StepSizeChoice>;
  /** Each policy's warnings, labelled with the policy. */
  warnings: PolicyWarning[];
}

export type PolicyWarning = RunWarning & { policy: string };

/** The compare result with every metrics object as columns (what the CLI writes). */
export interface CompareStudyColumns extends Omit<CompareStudyResult, "policies" | "differences"> {
  policies: Record<string, { metrics: MetricColumns }>;
  differences: Record<string, MetricColumns>;
}

// the warm-up is reported only when MSER-5 chose it (a fixed one is in the scenario)
const chosenWarmup = (h: Pick<StudyHeader, "warmup">) => (h.warmup.method === "mser5" ? { warmup: h.warmup } : {});

/** The `run` result; the header needs only what the result names (a recorded single run has no results file). */
export function runStudyResult(header: RunHeader, runs: RunResult[], stopping?: StoppingRule & { met: boolean }): RunStudyResult {
  return runRecords(runStudyColumns(header, runs, stopping));
}

/** The run result with its metrics as a dictionary. */
export function runRecords(result: RunStudyColumns): RunStudyResult {
  return { ...result, metrics: metricsRecord(result.metrics) };
}

type RunHeader = Pick<StudyHeader, "scenario" | "seed" | "policies" | "warmup" | "stepSizes">;

/** runStudyResult with the metrics as columns; its fields in the same order. */
export function runStudyColumns(header: RunHeader, runs: RunResult[], stopping?: StoppingRule & { met: boolean }): RunStudyColumns {
  const summary = summarizeColumns(runs);
  const stepSize = header.stepSizes?.[header.policies[0]!];
  return {
    scenario: header.scenario,
    seed: header.seed,
    policy: header.policies[0]!,
    ...chosenWarmup(header),
    ...(stepSize ? { stepSize } : {}),
    ...(stopping ? { stopping } : {}),
    ...summary,
    warnings: runWarnings(runs),
  };
}

export function compareStudyResult(header: StudyHeader, runs: Record<string, RunResult[]>): CompareStudyResult {
  return compareRecords(compareStudyColumns(header, runs));
}

/** The compare result with its metrics as dictionaries (of just the metrics `only` names, with it). */
export function compareRecords(result: CompareStudyColumns, only?: ReadonlySet<string>): CompareStudyResult {
  return { ...result, ...policyRecords(result, only) };
}

/** Policies' metrics and paired differences, columns to dictionaries, in their order (compare, and each point of a sweep). */
export function policyRecords(c: Pick<CompareStudyColumns, "policies" | "differences">, only?: ReadonlySet<string>): Pick<CompareStudyResult, "policies" | "differences"> {
  const policies: CompareStudyResult["policies"] = {};
  const differences: CompareStudyResult["differences"] = {};
  for (const k of Object.keys(c.policies)) policies[k] = { metrics: metricsRecord(c.policies[k]!.metrics, only) };
  for (const k of Object.keys(c.differences)) differences[k] = metricsRecord(c.differences[k]!, only);
  return { policies, differences };
}

/** compareStudyResult with every metrics object as columns; its fields in the same order. */
export function compareStudyColumns(header: StudyHeader, runs: Record<string, RunResult[]>): CompareStudyColumns {
  const kinds = header.policies;
  const reference = kinds[0]!;
  const policies: CompareStudyColumns["policies"] = {};
  const differences: CompareStudyColumns["differences"] = {};
  kinds.forEach((k, n) => {
    policies[k] ??= { metrics: summarizeColumns(runs[k]!).metrics };
    if (n > 0) differences[k] = pairedDifferenceColumns(runs[reference]!, runs[k]!);
  });
  return {
    reference,
    replications: runs[reference]!.length,
    policies,
    differences,
    ...chosenWarmup(header),
    ...(header.stepSizes ? { stepSizes: header.stepSizes } : {}),
    warnings: policyWarnings(Object.keys(policies), (k) => runs[k]!),
  };
}

/** runWarnings of each policy's runs, labelled (compare, sweep points). */
export function policyWarnings(policies: string[], runsOf: (policy: string) => RunResult[]): PolicyWarning[] {
  return policies.flatMap((policy) => runWarnings(runsOf(policy)).map((w) => ({ ...w, policy })));
}

/** DGD-LB's "auto" choices by study label (policy kind unless labelled), for a header; undefined when there are none. */
export function stepSizesOf(scenarios: Scenario[], labels: readonly string[] = scenarios.map((s) => s.policy.kind)): Record<string, StepSizeChoice> | undefined {
  const chosen = scenarios.flatMap((s, k) => (s.stepSizeChoice ? [[labels[k]!, s.stepSizeChoice] as const] : []));
  return chosen.length > 0 ? Object.fromEntries(chosen) : undefined;
}
