// EST of docs/scenario-format.md: a figure with its 95% interval, sample size and method.
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

export type Method = "replications" | "batch-means" | "paired-replications";

export interface Estimate {
  estimate: number | null;
  halfWidth: number | null;
  level: number;
  n: number;
  method: Method;
}

export const CONFIDENCE_LEVEL = 0.95;

/**
 * Student-t half-width t_{(1+level)/2, n−1}·s/√n of the mean of n values (null below 2).
 * Example: [1, 2, 3] at 95% -> 4.303·1/√3 = 2.484.
 */
export function tHalfWidth(values: ArrayLike<number>, level = CONFIDENCE_LEVEL): number | null {
  return values.length < 2 ? null : tHalfWidthOf(values, values.length, level);
}

/** t_{(1+level)/2, df}, remembered: a run at 100×1,000 summarises 10^5 metrics with the same df. */
const tCriticalCache = new Map<number, Map<number, number>>();
function tCritical(level: number, df: number): number {
  let byDf = tCriticalCache.get(level);
  if (!byDf) tCriticalCache.set(level, (byDf = new Map()));
  let t = byDf.get(df);
  if (t === undefined) byDf.set(df, (t = tQuantile((1 + level) / 2, df)));
  return t;
}

/**
 * The mean of v[0..n) (n ≥ 1) as simple-statistics computes it: its compensated (Kahan–Babuška) sum
 * over n, by the same operations in the same order, so the same double, without an array of the
 * values (test/stats/columnEstimates.test.ts holds it to the library bit for bit).
 */
export function compensatedMean(v: ArrayLike<number>, n: number): number {
  let sum = v[0]!;
  let correction = 0;
  for (let i = 1; i < n; i++) {
    const x = v[i]!;
    const next = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) correction += sum - next + x;
    else correction += x - next + sum;
    sum = next;
  }
  return (sum + correction) / n;
}

/** tHalfWidth of v[0..n) (n ≥ 2), the sample deviation as simple-statistics computes it, step by step. */
export function tHalfWidthOf(v: ArrayLike<number>, n: number, level = CONFIDENCE_LEVEL): number {
  const mean = compensatedMean(v, n);
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i]! - mean;
    squares += d * d;
  }
  return tCritical(level, n - 1) * (Math.sqrt(squares / (n - 1)) / Math.sqrt(n));
}

/** Arithmetic mean (compensatedMean); NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : compensatedMean(values, values.length);
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The estimate over n replications: mean of their values, t interval. NaN values are skipped. */
export function acrossReplications(values: number[], method: Method = "replications"): Estimate {
  const v = values.filter((x) => Number.isFinite(x));
  return { estimate: v.length ? mean(v) : null, halfWidth: tHalfWidth(v), level: CONFIDENCE_LEVEL, n: v.length, method };
}

/** Batch means for one run: the whole-window point estimate with the t interval of the batch values. */
export function fromBatches(pointEstimate: number, batches: number[]): Estimate {
  // no filtered copy when every batch is finite, the usual case (a run at 100×1,000 has 10^5 metrics)
  let finite = 0;
  for (let k = 0; k < batches.length; k++) if (Number.isFinite(batches[k])) finite++;
  const v = finite === batches.length ? batches : batches.filter((x) => Number.isFinite(x));
  return { estimate: finiteOrNull(pointEstimate), halfWidth: tHalfWidth(v), level: CONFIDENCE_LEVEL, n: v.length, method: "batch-means" };
}
