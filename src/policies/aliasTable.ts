// Walker/Vose alias table: O(m) build, O(1) sample from a discrete distribution.
import { uniform, type Stream } from "../random/stream.ts";

/**
 * Column k of the sampling table is cells[3k..3k+2] = (coin threshold, outcome of k, outcome of its
 * alias): a draw reads one cache line, where separate prob/alias/outcome arrays cost three misses
 * at 1,000 backends.
 */
const CELL = 3;

export class AliasTable {
  private readonly cells: Float64Array;
  private readonly small: Int32Array;
  private readonly large: Int32Array;
  private readonly scaled: Float64Array;
  /**
   * Every coin threshold is 1 (equal weights: uniform random, and DGD-LB's start), so a draw is
   * outcomes[k] whatever its fraction: sample() then reads the 4-byte outcomes, not the 24-byte
   * cells, which at 100 frontends × 1,000 backends is the difference between L2 and L3.
   */
  private sure = false;
  /** outcomes[k] = k (a frontend allowed every backend): a sure draw then reads nothing. */
  private readonly identity: boolean;

  /** outcomes[k] is what sample() returns for category k. */
  constructor(readonly outcomes: Int32Array) {
    const m = outcomes.length;
    this.cells = new Float64Array(CELL * m);
    for (let k = 0; k < m; k++) this.cells[CELL * k + 1] = outcomes[k]!; // fixed: only thresholds and aliases change
    this.small = new Int32Array(m);
    this.large = new Int32Array(m);
    this.scaled = new Float64Array(m);
    this.identity = outcomes.every((j, k) => j === k);
  }

  /** Rebuilds from weights (>= 0, not all 0); allocation-free. */
  build(weights: ArrayLike<number>): void {
    const m = this.outcomes.length;
    const { cells, small, large, scaled, outcomes } = this;
    let sum = 0;
    for (let k = 0; k < m; k++) sum += weights[k]!;
    let ns = 0;
    let nl = 0;
    for (let k = 0; k < m; k++) {
      const s = (weights[k]! * m) / sum;
      scaled[k] = s;
      if (s < 1) small[ns++] = k;
      else large[nl++] = k;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns]!;
      const l = large[nl - 1]!;
      const ss = scaled[s]!;
      cells[CELL * s] = ss;
      cells[CELL * s + 2] = outcomes[l]!;
      const rest = scaled[l]! + ss - 1;
      scaled[l] = rest;
      if (rest < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // leftovers are 1 up to rounding
    while (nl > 0) {
      const l = large[--nl]!;
      cells[CELL * l] = 1;
      cells[CELL * l + 2] = outcomes[l]!;
    }
    while (ns > 0) {
      const s = small[--ns]!;
      cells[CELL * s] = 1;
      cells[CELL * s + 2] = outcomes[s]!;
    }
    let sure = true;
    for (let k = 0; k < m && sure; k++) sure = cells[CELL * k]! >= 1;
    this.sure = sure;
  }

  /** One uniform draw: its integer part picks the column, its fraction the coin. */
  sample(rng: Stream): number {
    // One outcome needs no draw. The stream serves only this table's frontend, whose every draw
    // comes here, so skipping it shifts nothing else: runs stay byte-identical.
    if (this.outcomes.length === 1) return this.outcomes[0]!;
    const u = uniform(rng) * this.outcomes.length;
    const k = Math.floor(u);
    if (this.sure) return this.identity ? k : this.outcomes[k]!; // u − k < 1 ≤ threshold: the outcome the coin would give
    const c = CELL * k;
    return this.cells[u - k < this.cells[c]! ? c + 1 : c + 2]!;
  }
}
