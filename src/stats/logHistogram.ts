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

/** Histograms of finished runs, kept for the next run of this thread (replications run one after another). */
const spare: LogHistogram[] = [];
const MAX_SPARE = 64;

/**
 * Counts live in one array of every bucket (160 KB), of which a run's latencies touch a few
 * octaves, and a run keeps 21 histograms. Allocating them afresh (allocation, page faults, and
 * the collections the allocated bytes trigger) was the largest cost of a short replication, so a
 * finished run releases its histograms and the next takes them, cleared over the touched range
 * [lo, hi] only. Merging and quantiles read only that range too.
 */
export class LogHistogram {
  private readonly counts = new Float64Array(HISTOGRAM_BUCKETS);
  total = 0;
  /** Lowest and highest bucket holding a count (lo > hi while empty). */
  private lo = HISTOGRAM_BUCKETS;
  private hi = -1;

  /** An empty histogram: a released one when there is one. */
  static take(): LogHistogram {
    const h = spare.pop();
    if (!h) return new LogHistogram();
    if (h.hi >= h.lo) h.counts.fill(0, h.lo, h.hi + 1);
    h.total = 0;
    h.lo = HISTOGRAM_BUCKETS;
    h.hi = -1;
    return h;
  }

  /** Hands the histogram back for reuse: the caller must not touch it again. */
  release(): void {
    if (spare.length < MAX_SPARE) spare.push(this);
  }

  add(value: number): void {
    let k = value <= HISTOGRAM_MIN ? 0 : key(value) - BASE;
    if (k >= HISTOGRAM_BUCKETS) k = HISTOGRAM_BUCKETS - 1;
    this.counts[k]!++;
    this.total++;
    // stored at every add, not only when a new extreme arrives: a store first reached late in a
    // run has no type feedback and throws the optimised event loop away
    this.lo = Math.min(this.lo, k);
    this.hi = Math.max(this.hi, k);
  }

  merge(other: LogHistogram): void {
    const lo = other.lo;
    const hi = other.hi;
    this.total += other.total;
    // stored at every merge, as in add(): an arm first taken late had no type feedback (a deopt a run)
    this.lo = Math.min(this.lo, lo);
    this.hi = Math.max(this.hi, hi);
    addCounts(this.counts, other.counts, lo, hi);
  }

  /**
   * The p-quantile (0 < p < 1): the first bucket whose cumulative count reaches p·total,
   * reported at its geometric centre √(lower·upper) (within 0.2% of every value in it). NaN when empty.
   */
  quantile(p: number): number {
    if (this.total === 0) return NaN;
    const target = p * this.total;
    let cumulative = 0;
    // buckets below lo hold nothing, so the cumulative count first reaches the target in [lo, hi]
    for (let k = this.lo; k <= this.hi; k++) {
      cumulative += this.counts[k]!;
      if (cumulative >= target) return k === 0 ? HISTOGRAM_MIN : Math.sqrt(lowerEdge(k) * lowerEdge(k + 1));
    }
    return HISTOGRAM_MAX;
  }
}

/**
 * into[k] += from[k] over [lo, hi]. A function of its own that ends with its loop: V8 compiles a long
 * first loop on stack, and code after it, not yet run, had no type feedback; the compiled loop was
 * entered again by later merges and threw itself away at its end every time (a dozen deopts a run).
 */
function addCounts(into: Float64Array, from: Float64Array, lo: number, hi: number): void {
  for (let k = lo; k <= hi; k++) into[k]! += from[k]!;
}
