// When the next report reaches a frontend under periodic feedback: O(log |E_i|), not a pass over its backends.
import type { Scenario } from "../model/scenario.ts";

/**
 * Under periodic feedback pair (i, j) holds publication k = floor(P − λ_ij) at P = now/Δ + ε
 * (λ_ij = d_ji/Δ), and its next report arrives at (k + 1)·Δ + d_ji. A greedy policy recomputes
 * its choice when the earliest of these over the frontend's backends has passed
 * (PeriodicFeedback.version). On a fleet of a thousand backends that minimum was a pass of a
 * thousand floors at nearly every request.
 *
 * The minimum is found among a few pairs instead. With φ = P − floor(P) and f the fractional part
 * of a pair's lag, the next report of the pair comes (f − φ) mod 1 periods ahead: the pair with the
 * least such distance, in the frontend's pairs sorted by f, is found by bisection. The formula is
 * then evaluated, exactly as the pass did, for every pair whose distance lies within a rounding
 * margin of that least one, and for those just ahead of φ, within the margin (P − λ there may round
 * up to the integer: the pair's floor steps early). Every other pair's value exceeds these by more
 * than rounding can move it, so the minimum is the same double as the pass's. A pair at or just
 * behind φ (f ≤ φ) needs no check: φ and f are exact, so P − λ is at least the integer
 * floor(P) − floor(λ), which is a double, and rounding to nearest cannot take it below.
 */
export class NextReport {
  /** Per frontend, its backends' lag fractions in increasing order, at start[i] … start[i + 1]. */
  private readonly fractions: Float64Array;
  /** The backend of each entry of fractions. */
  private readonly backends: Int32Array;
  private readonly start: Int32Array;
  private readonly B: number;

  constructor(
    scenario: Scenario,
    private readonly lag: Float64Array,
    private readonly back: Float64Array,
    private readonly interval: number,
    private readonly maxLag: number,
  ) {
    const F = scenario.frontends.length;
    const B = (this.B = scenario.backends.length);
    this.start = new Int32Array(F + 1);
    for (let i = 0; i < F; i++) this.start[i + 1] = this.start[i]! + scenario.frontends[i]!.allowed.length;
    this.fractions = new Float64Array(this.start[F]!);
    this.backends = new Int32Array(this.start[F]!);
    for (let i = 0; i < F; i++) {
      const allowed = scenario.frontends[i]!.allowed;
      const base = i * B;
      const fraction = (j: number): number => lag[base + j]! - Math.floor(lag[base + j]!); // exact
      const order = Array.from(allowed).sort((a, b) => fraction(a) - fraction(b) || a - b);
      const s = this.start[i]!;
      for (let k = 0; k < order.length; k++) {
        this.backends[s + k] = order[k]!;
        this.fractions[s + k] = fraction(order[k]!);
      }
    }
  }

  /** min over the frontend's backends j of (floor(periods − λ_ij) + 1)·Δ + d_ji, the same double as that pass gives. */
  after(frontend: number, periods: number): number {
    const from = this.start[frontend]!;
    const n = this.start[frontend + 1]! - from;
    if (n === 0) return Infinity;
    const phase = periods - Math.floor(periods); // exact
    const margin = this.margin(periods);
    const fractions = this.fractions;
    // the first entry with fraction > phase: the walk forward meets distances (f − φ) mod 1 in increasing order
    const above = this.firstAbove(frontend, phase);
    const first = above === n ? 0 : above;
    let next = Infinity;
    let limit = Infinity; // set by the first pair past the margin
    for (let k = 0, e = first; k < n; k++, e = e + 1 === n ? 0 : e + 1) {
      let ahead = fractions[from + e]! - phase;
      if (ahead <= 0) ahead += 1;
      if (ahead > limit) break;
      if (ahead > margin && limit === Infinity) limit = ahead + 4 * margin;
      next = Math.min(next, this.reportAt(frontend, this.backends[from + e]!, periods));
    }
    return next;
  }

  /**
   * Writes to out the backends of the frontend whose held publication floor(P − λ) may differ
   * between P = from and P = to (from <= to): those whose lag phase lies in the stretch of phases
   * from `from` to `to`, widened by the rounding margin, and those whose lag phase is at most
   * clampedLag (plus the margin; the caller's test for pairs the newest publication clamped).
   * Returns how many, or −1 when that is a whole period or more, or more than out holds. With out
   * null, only counts them (by bisection).
   */
  changedBetween(frontend: number, from: number, to: number, clampedLag: number, out: Int32Array | null): number {
    const margin = this.margin(to);
    const stretch = to - from + 2 * margin;
    if (stretch >= 1) return -1;
    let low = from - Math.floor(from) - margin;
    if (low < 0) low += 1;
    const clampedAbove = this.firstAbove(frontend, clampedLag + margin);
    const first = this.firstAbove(frontend, low, true);
    const n = this.start[frontend + 1]! - this.start[frontend]!;
    if (out === null) {
      // entries in [low, low + stretch], the stretch wrapping past 1 or not
      const high = low + stretch;
      const inStretch = high < 1 ? this.firstAbove(frontend, high) - first : n - first + this.firstAbove(frontend, high - 1);
      return inStretch + clampedAbove;
    }
    const at = this.start[frontend]!;
    const fractions = this.fractions;
    let count = 0;
    for (let k = 0, e = first === n ? 0 : first; k < n; k++, e = e + 1 === n ? 0 : e + 1) {
      let past = fractions[at + e]! - low;
      if (past < 0) past += 1;
      if (past > stretch) break;
      if (count === out.length) return -1;
      out[count++] = this.backends[at + e]!;
    }
    for (let e = 0; e < clampedAbove; e++) {
      if (count === out.length) return -1;
      out[count++] = this.backends[at + e]!;
    }
    return count;
  }

  /** In periods, how far rounding may move P − λ at P = periods (2^-53·(P + maxLag)) and the times computed from it (a few ulps): 32× that. */
  private margin(periods: number): number {
    return (periods + this.maxLag + 1) * 2 ** -48;
  }

  /** How many of the frontend's fractions are at most x (below x with below set). */
  private firstAbove(frontend: number, x: number, below = false): number {
    const at = this.start[frontend]!;
    const fractions = this.fractions;
    let lo = 0;
    let hi = this.start[frontend + 1]! - at;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const f = fractions[at + mid]!;
      if (below ? f >= x : f > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The pass's formula for one pair. */
  private reportAt(frontend: number, j: number, periods: number): number {
    const pair = frontend * this.B + j;
    const k = Math.floor(periods - this.lag[pair]!);
    return (k + 1) * this.interval + this.back[pair]!;
  }
}
