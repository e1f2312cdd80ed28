// Log-bucketed histogram: quantiles with bounded relative error, mergeable, fixed memory, no logarithm per value.

/**
 * Buckets are read off the IEEE-754 bits, as HdrHistogram does: a value's bucket is its binary
 * exponent and the top SUB_BITS bits of its significand, so each power of two is cut into 2^9
 * buckets of relative width at most 2^-9 (±0.2%), and adding a value costs a shift, not a log.
 */
const SUB_BITS = 9;
/** Smallest resolved value (seconds); smaller values share the first bucket. */
export const HISTOGRAM_MIN = 2 ** -20;
/** Largest resolved value (seconds, about 12 days); larger values share the last bucket. */
export const HISTOGRAM_MAX = 2 ** 20;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the high 32-bit word (sign, exponent, top of the significand) in this platform's order. */
const HIGH = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;
const SHIFT = 20 - SUB_BITS;

function key(value: number): number {
  bits[0] = value;
  return words[HIGH]! >>> SHIFT;
}

const BASE = key(HISTOGRAM_MIN);
export const HISTOGRAM_BUCKETS = key(HISTOGRAM_MAX) - BASE + 1;

/** The lower edge of bucket k (exact: a value with the bucket's exponent and significand prefix). */
function lowerEdge(k: number): number {
  words[HIGH] = (k + BASE) << SHIFT;
  words[1 - HIGH] = 0;
  return bits[0]!;
}

export class LogHistogram {
  readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  total = 0;

  add(value: number): void {
    let k = value <= HISTOGRAM_MIN ? 0 : key(value) - BASE;
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
   * reported at its geometric centre √(lower·upper) (within 0.2% of every value in it). NaN when empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    const target = p * this.total;
    let cumulative = 0;
    for (let k = 0; k < HISTOGRAM_BUCKETS; k++) {
      cumulative += this.counts[k]!;
      if (cumulative >= target) return k === 0 ? HISTOGRAM_MIN : Math.sqrt(lowerEdge(k) * lowerEdge(k + 1));
    }
    return HISTOGRAM_MAX;
  }
}
