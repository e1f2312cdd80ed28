// Log-bucketed histogram: quantiles with bounded relative error at any scale, mergeable, fixed memory from 1 µs to 12 days, no logarithm per value.

/**
 * Buckets are read off the IEEE-754 bits, as HdrHistogram does: a value's bucket is its binary
 * exponent and the top SUB_BITS bits of its significand, so each power of two is cut into 2^9
 * buckets of relative width at most 2^-9 (±0.2%), and adding a value costs a shift, not a log.
 */
const SUB_BITS = 9;
/** Lower end of the buckets held in the dense array (seconds, about 1 µs). */
export const HISTOGRAM_MIN = 2 ** -20;
/** Upper end of the buckets held in the dense array (seconds, about 12 days); values beyond either end keep buckets of the same width in a map. */
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

/** The lower edge of bucket k (exact: a value with the bucket's exponent and significand prefix; k may lie outside the dense array). */
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
  /**
   * Counts of buckets outside the dense array (k < 0 or k >= HISTOGRAM_BUCKETS), by bucket: a run
   * whose time unit makes latencies of microseconds or of months gets its quantiles to the same
   * 0.2% instead of the ends of the dense range. Empty in every run of ordinary scale.
   */
  private readonly outside = new Map<number, number>();
  total = 0;
  /** Lowest and highest bucket holding a count (lo > hi while empty). */
  private lo = HISTOGRAM_BUCKETS;
  private hi = -1;

  /** An empty histogram: a released one when there is one. */
  static take(): LogHistogram {
    const h = spare.pop();
    if (!h) return new LogHistogram();
    if (h.hi >= h.lo) h.counts.fill(0, h.lo, h.hi + 1);
    h.outside.clear();
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
    const k = key(value) - BASE;
    this.total++;
    // taken once when this module loads (see its end), so that V8 has this branch's feedback before
    // the engine, which inlines add(), is compiled: reached first mid-run, it would throw that code away
    if (k < 0 || k >= HISTOGRAM_BUCKETS) return this.addOutside(k);
    this.counts[k]!++;
    // stored at every add, not only when a new extreme arrives: a store first reached late in a
    // run has no type feedback and throws the optimised event loop away
    this.lo = Math.min(this.lo, k);
    this.hi = Math.max(this.hi, k);
  }

  private addOutside(k: number): void {
    this.outside.set(k, (this.outside.get(k) ?? 0) + 1);
  }

  merge(other: LogHistogram): void {
    const lo = other.lo;
    const hi = other.hi;
    this.total += other.total;
    if (other.outside.size > 0) for (const [k, n] of other.outside) this.outside.set(k, (this.outside.get(k) ?? 0) + n);
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
    const outside = this.outside.size > 0 ? [...this.outside].sort((a, b) => a[0] - b[0]) : [];
    // the buckets below the dense array, then the array (buckets below lo hold nothing), then those above it
    for (const [k, n] of outside) {
      if (k >= 0) break;
      cumulative += n;
      if (cumulative >= target) return centre(k);
    }
    for (let k = this.lo; k <= this.hi; k++) {
      cumulative += this.counts[k]!;
      if (cumulative >= target) return centre(k);
    }
    for (const [k, n] of outside) {
      if (k < 0) continue;
      cumulative += n;
      if (cumulative >= target) return centre(k);
    }
    return outside.length > 0 ? centre(outside.at(-1)![0]) : HISTOGRAM_MAX;
  }
}

/** Bucket k reported at its geometric centre √(lower·upper), within 0.2% of every value in it. */
function centre(k: number): number {
  return Math.sqrt(lowerEdge(k) * lowerEdge(k + 1));
}

/**
 * into[k] += from[k] over [lo, hi]. A function of its own that ends with its loop: V8 compiles a long
 * first loop on stack, and code after it, not yet run, had no type feedback; the compiled loop was
 * entered again by later merges and threw itself away at its end every time (a dozen deopts a run).
 */
function addCounts(into: Float64Array, from: Float64Array, lo: number, hi: number): void {
  for (let k = lo; k <= hi; k++) into[k]! += from[k]!;
}

// add()'s branch for values beyond the dense array, taken once while this module loads, after
// enough ordinary adds for V8 to have given add() its feedback (as the ziggurat's tail is warmed)
{
  const warm = LogHistogram.take();
  for (let n = 0; n < 64; n++) warm.add(1 + n / 64);
  warm.add(HISTOGRAM_MAX * 4);
  warm.add(HISTOGRAM_MIN / 4);
  warm.release(); // the first run takes it, cleared
}
