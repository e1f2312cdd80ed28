// From per-replication run results to the EST figures of docs/scenario-format.md.
import type { RunResult } from "../stats/runMetrics.ts";
import { acrossReplications, fromBatches, type Estimate } from "../stats/estimate.ts";

export interface RunSummary {
  replications: number;
  counts: RunResult["counts"];
  metrics: Record<string, Estimate>;
}

/**
 * One replication: batch means over its window. Several: the across-replication t interval of
 * each replication's whole-window value (quantiles included: each replication's quantile is one
 * observation). Counts are summed over replications.
 */
export function summarize(runs: RunResult[]): RunSummary {
  const counts = { arrived: 0, completed: 0, inFlight: 0 };
  for (const r of runs) {
    counts.arrived += r.counts.arrived;
    counts.completed += r.counts.completed;
    counts.inFlight += r.counts.inFlight;
  }
  const metrics: Record<string, Estimate> = {};
  if (runs.length === 1) {
    const run = runs[0]!.metrics;
    for (const key of Object.keys(run)) {
      const m = run[key]!;
      metrics[key] = fromBatches(m.point, m.batches);
    }
  } else {
    for (const key of Object.keys(runs[0]!.metrics)) metrics[key] = acrossReplications(runs.map((r) => r.metrics[key]!.point));
  }
  return { replications: runs.length, counts, metrics };
}
