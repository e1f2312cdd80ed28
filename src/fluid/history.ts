// A uniformly sampled past, kept only as far back as the longest delay, read at any time by interpolation.

/**
 * Rows of `width` values recorded every `step` seconds from time 0. `at(t, k)` interpolates
 * linearly between the two recorded rows around t; before time 0 it returns the initial row.
 * Memory is `depth` rows, however long the horizon.
 */
export class History {
  private readonly rows: Float64Array;
  /** Rows the longest delay needs; the ring holds `mask + 1` ≥ depth (a power of two: a row's slot is a mask, not a division). */
  private readonly depth: number;
  private readonly mask: number;
  private count = 0;

  constructor(
    readonly width: number,
    readonly step: number,
    longestDelay: number,
    private readonly initial: Float64Array,
  ) {
    this.depth = Math.ceil(longestDelay / step) + 3;
    const slots = 2 ** Math.ceil(Math.log2(this.depth));
    this.mask = slots - 1;
    this.rows = new Float64Array(slots * width);
  }

  /** Appends the row for time count·step. */
  push(values: ArrayLike<number>): void {
    const base = (this.count & this.mask) * this.width;
    for (let k = 0; k < this.width; k++) this.rows[base + k] = values[k]!;
    this.count++;
  }

  /** Value k at time t (t at most the last recorded time; later times read the last row). */
  at(t: number, k: number): number {
    if (t <= 0 || this.count === 0) return t < 0 || this.count === 0 ? this.initial[k]! : this.rows[k]!;
    const last = this.count - 1;
    const pos = t / this.step;
    if (pos >= last) return this.rows[(last & this.mask) * this.width + k]!;
    const n = Math.floor(pos);
    if (last - n >= this.depth - 1) throw new Error(`history asked for t=${t}, older than its depth`);
    const w = pos - n;
    const a = this.rows[(n & this.mask) * this.width + k]!;
    if (w === 0) return a;
    const b = this.rows[((n + 1) & this.mask) * this.width + k]!;
    return a + w * (b - a);
  }
}
