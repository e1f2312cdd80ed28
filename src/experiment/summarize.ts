// From per-replication run results to the EST figures of docs/scenario-format.md.
import { BATCHES, pointsAcross, withoutFrontendBatches, type RunResult } from "../stats/runMetrics.ts";
import { compensatedMean, CONFIDENCE_LEVEL, fromBatches, tHalfWidth, tHalfWidthOf, type Estimate, type Method } from "../stats/estimate.ts";

export interface RunSummary {
  replications: number;
  counts: RunResult["counts"];
  metrics: Record<string, Estimate>;
}

/**
 * The same figures by column: metric m is keys[m] with estimate[m] ± halfWidth[m] (NaN where the
 * EST says null) over n[m] values. A run at 100×1,000 has 10^5 metrics; as columns they are a few
 * arrays instead of 10^5 objects in a dictionary of 10^5 names (what the CLI writes as JSON).
 */
export interface MetricColumns {
  keys: readonly string[];
  estimate: Float64Array;
  halfWidth: Float64Array;
  n: Int32Array;
  level: number;
  method: Method;
}

export interface ColumnSummary {
  replications: number;
  counts: RunResult["counts"];
  metrics: MetricColumns;
}

/**
 * What a summary of `replications` runs needs to keep of each: every batch value for one (batch
 * means), and for several only the points, so the frontends' batch values go (withoutFrontendBatches:
 * at 100 × 1,000, 1.3 MB a run kept instead of 17.5 MB).
 */
export function keptForSummary(replications: number): (run: RunResult) => RunResult {
  return replications >= 2 ? withoutFrontendBatches : (run) => run;
}

/**
 * One replication: batch means over its window. Several: the across-replication t interval of
 * each replication's whole-window value (quantiles included: each replication's quantile is one
 * observation). Counts are summed over replications.
 */
export function summarize(runs: RunResult[]): RunSummary {
  const { replications, counts, metrics } = summarizeColumns(runs);
  return { replications, counts, metrics: metricsRecord(metrics) };
}

export function summarizeColumns(runs: RunResult[]): ColumnSummary {
  const counts = { arrived: 0, completed: 0, inFlight: 0 };
  for (const r of runs) {
    counts.arrived += r.counts.arrived;
    counts.completed += r.counts.completed;
    counts.inFlight += r.counts.inFlight;
  }
  const first = runs[0]!;
  const M = first.keys.length;
  const columns = metricColumns(first.keys, runs.length === 1 ? "batch-means" : "replications");
  if (runs.length === 1) {
    // batch means need every metric's batches: a run made for a study of several replications has fewer
    if (first.batches.length < M * BATCHES) throw new Error("engine invariant violated: batch means asked of a run made without the frontends' batch values");
    const values = new Array<number>(BATCHES); // reused: fromBatches keeps only what it computes
    for (let m = 0; m < M; m++) {
      let finite = 0;
      for (let k = 0; k < BATCHES; k++) {
        const v = (values[k] = first.batches[m * BATCHES + k]!);
        if (Number.isFinite(v)) finite++;
      }
      if (finite < BATCHES) {
        setEstimate(columns, m, fromBatches(first.points[m]!, values));
        continue;
      }
      // fromBatches' figures when every batch is finite (nearly every metric), written in place of an object a metric
      const point = first.points[m]!;
      columns.estimate[m] = Number.isFinite(point) ? point : NaN;
      columns.halfWidth[m] = tHalfWidth(values)!;
      columns.n[m] = BATCHES;
    }
  } else {
    const points = pointsAcross(first, runs);
    const values = new Float64Array(runs.length);
    for (let m = 0; m < M; m++) {
      points.into(m, values);
      setAcrossReplications(columns, m, values);
    }
  }
  return { replications: runs.length, counts, metrics: columns };
}

/** Columns for the metrics named keys, every estimate 0 until set. */
export function metricColumns(keys: readonly string[], method: Method): MetricColumns {
  const M = keys.length;
  return { keys, estimate: new Float64Array(M), halfWidth: new Float64Array(M), n: new Int32Array(M), level: CONFIDENCE_LEVEL, method };
}

/**
 * Metric m's figures as acrossReplications gives them for these values (the non-finite ones
 * skipped), written in place: the same doubles, without a filtered copy and an EST object a metric.
 * `values` is used as scratch.
 */
export function setAcrossReplications(c: MetricColumns, m: number, values: Float64Array): void {
  let n = 0;
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k])) values[n++] = values[k]!;
  c.estimate[m] = n > 0 ? compensatedMean(values, n) : NaN;
  c.halfWidth[m] = n >= 2 ? tHalfWidthOf(values, n) : NaN;
  c.n[m] = n;
}

/** Metric m's figures from an EST object (null as NaN). */
export function setEstimate(c: MetricColumns, m: number, e: Estimate): void {
  c.estimate[m] = e.estimate ?? NaN;
  c.halfWidth[m] = e.halfWidth ?? NaN;
  c.n[m] = e.n;
}

/**
 * The columns as the EST dictionary, keyed by metric name (a name given twice keeps its first place
 * and last value, as assignment does). With `only`, just the metrics it names: what a table or a
 * page shows, without an object for each of a large fleet's 10^5 routing shares.
 */
export function metricsRecord(c: MetricColumns, only?: ReadonlySet<string>): Record<string, Estimate> {
  const metrics: Record<string, Estimate> = {};
  for (let m = 0; m < c.keys.length; m++) {
    if (only && !only.has(c.keys[m]!)) continue;
    const e = c.estimate[m]!;
    const h = c.halfWidth[m]!;
    metrics[c.keys[m]!] = { estimate: Number.isNaN(e) ? null : e, halfWidth: Number.isNaN(h) ? null : h, level: c.level, n: c.n[m]!, method: c.method };
  }
  return metrics;
}
