// Sampling a discrete distribution by inverting its cumulative weights: O(m) build in one pass, O(log m) or O(1) draws.
import { Purpose, streamFor, uniform, type Stream } from "../random/stream.ts";

/**
 * For weights rebuilt often and drawn from a few times between rebuilds (DGD-LB: every frontend's
 * routing changes at each update, and at 100 frontends × 1,000 backends a frontend routes a handful
 * of requests per update). Building is one pass of running sums, against the alias table's four
 * passes and two work lists (measured 1.0 against 18 ns per weight at 1,000 backends); a draw is a
 * binary search, and once a build has served enough draws to pay for it a guide table (Devroye,
 * "Non-Uniform Random Variate Generation", 1986, section III.2.4) makes the rest O(1) expected.
 * Both searches return the same index for the same uniform, so when the guide is built changes no
 * result: a draw is always the smallest k with cumulative[k] > u·total.
 */
export class InversionSampler {
  private readonly cumulative: Float64Array;
  /** guide[g] = the smallest k with cumulative[k] > (g / G)·total, G a power of two >= m; guide[G] = last (a uniform of exactly 1 rounds there). */
  private readonly guide: Int32Array;
  private readonly G: number;
  private total = 0;
  /** The last category with positive weight: where a u rounded up to total lands. */
  private last = 0;
  private guided = false;
  private drawsSinceBuild = 0;
  /** Draws by binary search after which building the guide costs less than searching on. */
  private readonly guideAfter: number;
  /** outcomes[k] = k: a draw then maps nothing. */
  private readonly identity: boolean;

  /** outcomes[k] is what sample() returns for category k; cumulative (length m) may be a view of a rowBuilder's array. */
  constructor(
    readonly outcomes: Int32Array,
    cumulative = new Float64Array(outcomes.length),
  ) {
    const m = outcomes.length;
    this.cumulative = cumulative;
    const bits = Math.max(0, Math.ceil(Math.log2(m)));
    this.G = 1 << bits;
    this.guide = new Int32Array(this.G + 1);
    this.guideAfter = Math.max(4, m >> 4);
    this.identity = outcomes.every((j, k) => j === k);
  }

  /** Rebuilds from weights[0..m) (>= 0, not all 0); allocation-free. */
  build(weights: ArrayLike<number>): void {
    const m = this.outcomes.length;
    const cumulative = this.cumulative;
    let sum = 0;
    // the running sum is one chain of dependent additions: nothing else in the loop waits on it
    for (let k = 0; k < m; k++) {
      const w = weights[k]!;
      sum += w > 0 ? w : 0;
      cumulative[k] = sum;
    }
    // the last positive weight; the decrement runs on every call (see rowBuilder)
    let last = m;
    do last--;
    while (last > 0 && !(weights[last]! > 0));
    this.built(sum, last);
  }

  /** Takes the running sums a rowBuilder wrote into this sampler's cumulative view: their total and the last positive weight. */
  built(total: number, last: number): void {
    this.total = total;
    this.last = last;
    this.guided = false;
    this.drawsSinceBuild = 0;
  }

  /** One uniform draw, inverted. */
  sample(rng: Stream): number {
    // One outcome needs no draw: the stream serves only this sampler's frontend (as the alias table).
    if (this.outcomes.length === 1) return this.outcomes[0]!;
    const r = uniform(rng);
    const u = r * this.total;
    const cumulative = this.cumulative;
    const last = this.last;
    let k: number;
    if (this.guided) {
      k = this.guide[Math.floor(r * this.G)]!;
      while (k < last && cumulative[k]! <= u) k++;
    } else {
      if (++this.drawsSinceBuild >= this.guideAfter) this.buildGuide();
      // the answer as if the weights were equal, then a gallop to a bracket around it: near-equal
      // weights (DGD-LB spreads 1,000 backends' shares) keep the search within a cache line or two
      // of the guess instead of ten scattered reads; any weights cost at most twice the bisection
      // k is the smallest index below last with cumulative[k] > u, else last; the guess g < last
      const guess = Math.floor(r * last);
      const g = guess < last ? guess : last - 1; // r·last may round up to last
      let lo: number;
      let hi: number;
      if (last === 0) {
        lo = hi = 0;
      } else if (cumulative[g]! > u) {
        // each gallop is a do-while from g, whose side of the answer is known, so its body runs at
        // every search that goes its way: as a loop from g ± 1 the body ran only when the guess
        // was off by two, first perhaps mid-study, where V8 had compiled the arrival without it and
        // threw that code away. The bracket still holds k, the one smallest index, so draws are the same
        let probe = g;
        let step = 1;
        do {
          hi = probe;
          probe -= step;
          step *= 2;
        } while (probe >= 0 && cumulative[probe]! > u);
        lo = probe + 1 > 0 ? probe + 1 : 0;
      } else {
        let probe = g;
        let step = 1;
        do {
          lo = probe + 1;
          probe += step;
          step *= 2;
        } while (probe < last && !(cumulative[probe]! > u));
        hi = probe < last ? probe : last;
      }
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      k = lo;
    }
    return this.identity ? k : this.outcomes[k]!;
  }

  /**
   * (g / G)·total rounds to at most u for every r in [g/G, (g+1)/G) (rounding is monotone and g/G
   * is exact), so guide[g] never passes the answer and the forward search ends on it.
   */
  private buildGuide(): void {
    const { guide, cumulative, last, total, G } = this;
    let k = 0;
    for (let g = 0; g < G; g++) {
      const t = (g / G) * total;
      while (k < last && cumulative[k]! <= t) k++;
      guide[g] = k;
    }
    guide[G] = last;
    this.guided = true;
  }
}

/**
 * build() from the weights max(y[k] − tau, 0), also written to `out`: a simplex projection's result
 * (simplexThreshold) and its sampler in one pass. For samplers whose cumulative views lie in one
 * array, row after row (the sampler of a row starting at `start` is built at that offset of
 * `cumulative`, its weights at that offset of `out`): DGD-LB's update, every frontend in turn.
 * A closure over the arrays, not a method: V8 compiles a closure made once in a process for its very
 * arrays, so the loop skips the check of each array's map and the reload of its length and base on
 * every pass; made again (several runs in one process) it runs as a method would. Four weights a
 * pass spread those checks where they remain.
 */
export function rowBuilder(y: Float64Array, out: Float64Array, cumulative: Float64Array): (sampler: InversionSampler, start: number, tau: number) => void {
  return (sampler, start, tau) => {
    // locals: read once a call where the closure is not specialised to its arrays
    const Y = y;
    const X = out;
    const C = cumulative;
    const m = sampler.outcomes.length;
    let sum = 0;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const v0 = Y[k]! - tau;
      const v1 = Y[k + 1]! - tau;
      const v2 = Y[k + 2]! - tau;
      const v3 = Y[k + 3]! - tau;
      const w0 = v0 > 0 ? v0 : 0;
      const w1 = v1 > 0 ? v1 : 0;
      const w2 = v2 > 0 ? v2 : 0;
      const w3 = v3 > 0 ? v3 : 0;
      const at = start + k;
      X[at] = w0;
      X[at + 1] = w1;
      X[at + 2] = w2;
      X[at + 3] = w3;
      sum += w0;
      C[at] = sum;
      sum += w1;
      C[at + 1] = sum;
      sum += w2;
      C[at + 2] = sum;
      sum += w3;
      C[at + 3] = sum;
    }
    for (; k < m; k++) {
      const v = Y[k]! - tau;
      const w = v > 0 ? v : 0;
      X[start + k] = w;
      sum += w;
      C[start + k] = sum;
    }
    // the last positive weight, from m − 1 down. The decrement runs on every call: as the body of
    // a while loop it ran only when a row ended in zero weights, and without type feedback V8
    // left this loop to the interpreter each time it did (164 times in one run at 100 × 1,000)
    let last = m;
    do last--;
    while (last > 0 && !(Y[last]! - tau > 0));
    sampler.built(sum, last);
  };
}

// The bisection after a gallop runs only when a draw lands two or more categories from its guess,
// rare with DGD-LB's near-equal weights: first met after the engine was compiled, it threw the
// compiled arrival away (a recompile of about 45 ms in every thread, made in the lane where the
// lanes fill the cores). Weights that rise steeply put every draw far from its guess; 64 draws
// come before the guide (m/16), and V8 keeps a function's feedback only once it has run a while.
{
  const m = 1024;
  const sampler = new InversionSampler(Int32Array.from({ length: m }, (_, k) => k));
  sampler.build(Float64Array.from({ length: m }, (_, k) => k ** 4));
  const rng = streamFor(0, 0, Purpose.policy, 0);
  for (let n = 0; n < m >> 4; n++) sampler.sample(rng);
}
