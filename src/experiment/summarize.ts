// From per-replication run results to the EST figures of docs/scenario-format.md.
import { BATCHES, pointsAcross, type RunResult } from "../stats/runMetrics.ts";
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
  const first = runs[0]!;
  if (runs.length === 1) {
    const values = new Array<number>(BATCHES); // reused: fromBatches keeps only what it computes
    for (let m = 0; m < first.keys.length; m++) {
      for (let k = 0; k < BATCHES; k++) values[k] = first.batches[m * BATCHES + k]!;
      metrics[first.keys[m]!] = fromBatches(first.points[m]!, values);
    }
  } else {
    const points = pointsAcross(first, runs);
    for (let m = 0; m < first.keys.length; m++) metrics[first.keys[m]!] = acrossReplications(points.at(m));
  }
  return { replications: runs.length, counts, metrics };
}
