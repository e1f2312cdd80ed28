// The `sweep` result: per point of the grid, every policy's estimates and paired differences against the first.
import type { RunResult } from "../stats/runMetrics.ts";
import type { Estimate } from "../stats/estimate.ts";
import type { StudyHeader } from "./resultsLog.ts";
import { summarizeColumns, type MetricColumns } from "./summarize.ts";
import { pairedDifferenceColumns } from "./pairedDifferences.ts";
import type { StepSizeChoice } from "../model/scenario.ts";
import { policyRecords, policyWarnings, type PolicyWarning } from "./studyResult.ts";

export interface SweepPoint {
  values: Record<string, unknown>;
  policies: Record<string, { metrics: Record<string, Estimate> }>;
  differences: Record<string, Record<string, Estimate>>;
  /** DGD-LB's "auto" step at this point, by policy, when one was resolved. */
  stepSizes?: Record<string, StepSizeChoice>;
  /** Each policy's warnings at this point (requests left in flight, a growing queue, ...). */
  warnings: PolicyWarning[];
}

/**
 * The policies of a point (or the given subset) from the lowest mean latency up; a policy with no
 * estimate comes last, and ties keep the given order.
 */
export function policiesByMeanLatency(point: SweepPoint, among: string[] = Object.keys(point.policies)): string[] {
  const mean = (k: string) => point.policies[k]!.metrics["latency.mean"]?.estimate ?? Infinity;
  return [...among].sort((a, b) => mean(a) - mean(b));
}

export interface SweepStudyResult {
  reference: string;
  varied: string[];
  replications: number;
  points: SweepPoint[];
}

/** A point with every metrics object as columns (what `sweep --json` writes). */
export interface SweepPointColumns extends Omit<SweepPoint, "policies" | "differences"> {
  policies: Record<string, { metrics: MetricColumns }>;
  differences: Record<string, MetricColumns>;
}

export interface SweepStudyColumns extends Omit<SweepStudyResult, "points"> {
  points: SweepPointColumns[];
}

export function sweepStudyResult(header: StudyHeader, runs: Record<string, RunResult[]>): SweepStudyResult {
  return sweepRecords(sweepStudyColumns(header, runs));
}

/** The sweep result with its metrics as dictionaries (of just the metrics `only` names, with it). */
export function sweepRecords(result: SweepStudyColumns, only?: ReadonlySet<string>): SweepStudyResult {
  return { ...result, points: result.points.map((point) => ({ ...point, ...policyRecords(point, only) })) };
}

/** sweepStudyResult with every metrics object as columns; its fields in the same order. */
export function sweepStudyColumns(header: StudyHeader, runs: Record<string, RunResult[]>): SweepStudyColumns {
  const sweep = header.sweep!;
  const reference = sweep.policies[0]!;
  const points = sweep.values.map((values, k) => {
    const ref = runs[`${k}/${reference}`]!;
    const policies: SweepPointColumns["policies"] = {};
    const differences: SweepPointColumns["differences"] = {};
    for (const p of sweep.policies) {
      const r = runs[`${k}/${p}`]!;
      policies[p] ??= { metrics: summarizeColumns(r).metrics };
      if (p !== reference) differences[p] = pairedDifferenceColumns(ref, r);
    }
    const chosen = sweep.policies.flatMap((p) => (header.stepSizes?.[`${k}/${p}`] ? [[p, header.stepSizes[`${k}/${p}`]!] as const] : []));
    const warnings = policyWarnings(Object.keys(policies), (p) => runs[`${k}/${p}`]!);
    return { values: Object.fromEntries(sweep.varied.map((path, n) => [path, values[n]])), policies, differences, ...(chosen.length ? { stepSizes: Object.fromEntries(chosen) } : {}), warnings };
  });
  return { reference, varied: sweep.varied, replications: header.replications, points };
}
