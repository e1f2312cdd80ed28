// Which publication each frontend-backend pair holds under periodic feedback, remembered between reads while the clock's phase allows.

/**
 * Pair (i, j) holds the publication floor(P − λ_ij) at P = now/Δ + ε (λ_ij = d_ji/Δ, its lag):
 * back = floor(P) − floor(P − λ) publications behind the newest due. With φ = P − floor(P) and
 * L + f = λ (L whole, 0 <= f < 1), exactly, back = L + [φ < f]: it only changes when the phase φ
 * crosses the pair's phase f. DGD-LB reads every pair of a frontend at each update, and updates come
 * at the same phase every time, so the backs are computed once and reread as bytes (the lags are 8
 * bytes a pair and a floor, in a read bound by the bytes it streams).
 *
 * Exactness: backs are always computed by the formula above in floating point. They are reused while
 * φ stays inside the window between the nearest pair phases below and above the phase they were
 * computed at, by more than a margin that bounds how far rounding moves P − λ (8× the bound), so
 * every reused back is the one the formula gives now. Pairs whose phase lay within NEAR_PHASE of
 * that phase (a latency that is a whole number of periods, read on the period) are recomputed at
 * every read instead of narrowing the window to nothing.
 */
export class RememberedBacks {
  /** backs[i·B + j]: publications back from the newest due that pair (i, j) holds; < 256 (the caller's ring is shallower). */
  readonly backs: Uint8Array;
  /** The window of phases: reused while below + margin < φ < above − margin. */
  private readonly below: Float64Array;
  private readonly above: Float64Array;
  /** The backends array each frontend's backs were computed over (a caller with another recomputes). */
  private readonly computedFor: (Int32Array | null)[];
  /** 1 where that array is 0, 1, …, B − 1 (the caller then reads no backend list). */
  private readonly identity: Uint8Array;
  /** near[i·B + k], k < nearCount[i]: backends recomputed at every read. */
  private readonly near: Int32Array;
  private readonly nearCount: Int32Array;

  /** lag[i·B + j] = d_ji/Δ (>= 0), at most maxLag; backs, when given, is reused (an earlier run's: every entry is written before it is read). */
  constructor(
    frontends: number,
    private readonly B: number,
    private readonly lag: Float64Array,
    private readonly maxLag: number,
    backs: Uint8Array = new Uint8Array(frontends * B),
  ) {
    this.backs = backs;
    this.below = new Float64Array(frontends).fill(Infinity); // an empty window: nothing computed yet
    this.above = new Float64Array(frontends).fill(-Infinity);
    this.computedFor = new Array<Int32Array | null>(frontends).fill(null);
    this.identity = new Uint8Array(frontends);
    this.near = new Int32Array(frontends * B);
    this.nearCount = new Int32Array(frontends);
  }

  /**
   * Makes backs[frontend·B + j] = floor(periods) − floor(periods − lag) for every j in backends, at
   * periods = now/Δ + ε; returns whether backends is 0, 1, …, B − 1.
   */
  update(frontend: number, backends: Int32Array, periods: number): boolean {
    const p = Math.floor(periods);
    const phase = periods - p; // exact
    // P − λ rounds to within 2^-53·(P + maxLag) of itself; 8× that
    const margin = (periods + this.maxLag + 1) * 2 ** -50;
    const { backs, lag, near } = this;
    const base = frontend * this.B;
    if (backends === this.computedFor[frontend] && phase > this.below[frontend]! + margin && phase < this.above[frontend]! - margin) {
      for (let k = 0, n = this.nearCount[frontend]!; k < n; k++) {
        const j = near[base + k]!;
        backs[base + j] = p - Math.floor(periods - lag[base + j]!);
      }
      return this.identity[frontend] === 1;
    }
    let below = -Infinity;
    let above = Infinity;
    let lowest = Infinity;
    let highest = -Infinity;
    let nearCount = 0;
    let identity = backends.length === this.B;
    for (let a = 0; a < backends.length; a++) {
      const j = backends[a]!;
      if (j !== a) identity = false;
      const l = lag[base + j]!;
      backs[base + j] = p - Math.floor(periods - l);
      const fraction = l - Math.floor(l); // exact
      const apart = Math.abs(phase - fraction);
      if (apart < NEAR_PHASE || apart > 1 - NEAR_PHASE) {
        near[base + nearCount++] = j;
        continue;
      }
      if (fraction <= phase) {
        if (fraction > below) below = fraction;
      } else if (fraction < above) above = fraction;
      if (fraction < lowest) lowest = fraction;
      if (fraction > highest) highest = fraction;
    }
    // no pair phase on one side: the window reaches across 0 (or 1) to the farthest one on the other
    this.below[frontend] = below === -Infinity ? highest - 1 : below;
    this.above[frontend] = above === Infinity ? lowest + 1 : above;
    this.nearCount[frontend] = nearCount;
    this.computedFor[frontend] = backends;
    this.identity[frontend] = identity ? 1 : 0;
    return identity;
  }
}

/** Pairs whose phase is this close (in periods) to the phase their backs were computed at are recomputed at every read. */
const NEAR_PHASE = 1e-6;
