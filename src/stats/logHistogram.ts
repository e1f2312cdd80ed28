// Log-bucketed histogram: quantiles with bounded relative error, mergeable, fixed memory.

/** Bucket width ratio: a reported quantile is within ±0.2% of a value in its bucket. */
export const HISTOGRAM_GROWTH = 1.004;
import { exp, log } from "../math/portableMath.ts";
/** Smallest resolved value (seconds); smaller values share the first bucket. */
export const HISTOGRAM_MIN = 1e-6;
const LOG_GROWTH = log(HISTOGRAM_GROWTH);
/** Covers 1 µs to about 11.6 days. */
export const HISTOGRAM_BUCKETS = Math.ceil(log(1e6 / HISTOGRAM_MIN) / LOG_GROWTH) + 1;

export class LogHistogram {
  readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  total = 0;

  add(value: number): void {
    let k = value <= HISTOGRAM_MIN ? 0 : Math.ceil(log(value / HISTOGRAM_MIN) / LOG_GROWTH);
    if (k >= HISTOGRAM_BUCKETS) k = HISTOGRAM_BUCKETS - 1;
    this.counts[k]!++;
    this.total++;
  }

  merge(other: LogHistogram): void {
    for (let k = 0; k < HISTOGRAM_BUCKETS; k++) this.counts[k]! += other.counts[k]!;
    this.total += other.total;
  }

  /**
   * The p-quantile (0 < p < 1): the first bucket whose cumulative count reaches p·total,
   * reported at its geometric centre. Bucket k holds (MIN·g^{k−1}, MIN·g^k]. NaN when empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    const target = p * this.total;
    let cumulative = 0;
    for (let k = 0; k < HISTOGRAM_BUCKETS; k++) {
      cumulative += this.counts[k]!;
      if (cumulative >= target) return k === 0 ? HISTOGRAM_MIN : HISTOGRAM_MIN * exp((k - 0.5) * LOG_GROWTH);
    }
    return HISTOGRAM_MIN * exp((HISTOGRAM_BUCKETS - 1) * LOG_GROWTH);
  }
}
