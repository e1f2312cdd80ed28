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
    /** The value of every key at times before 0. */
    readonly initial: Float64Array,
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

  /**
   * Row values[keys[c]] over c (column c takes the value of key keys[c]): a row recorded in an
   * order of the caller's, e.g. by the delay at which it will be read.
   */
  pushGathered(values: ArrayLike<number>, keys: Int32Array): void {
    const base = (this.count & this.mask) * this.width;
    for (let c = 0; c < this.width; c++) this.rows[base + c] = values[keys[c]!]!;
    this.count++;
  }

  /**
   * out[keys[c]] = at(t − delays[c], c) for every column c. Columns recorded in the order of their
   * delays read neighbouring stretches of the same two rows, which the processor prefetches; in any
   * other order each read lands in a row of its own (the fluid model's inflow history is 100 MB at
   * 100 × 1,000, and every route reads it at its own delay, twice a step).
   */
  atEach(t: number, delays: Float64Array, keys: Int32Array, out: Float64Array): void {
    for (let c = 0; c < this.width; c++) out[keys[c]!] = this.at(t - delays[c]!, c);
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
