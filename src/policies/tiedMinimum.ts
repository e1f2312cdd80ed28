// The least of m scores and which positions tie for it, kept under point changes in O(log m).

/**
 * A tournament tree over positions 0 … m − 1: every node holds the least score below it and how
 * many leaves equal it. NaN scores take no part; +Infinity does, as a value. So the root's count
 * and the k-th tied position in order are those of a pass that starts from best = +Infinity, resets
 * its count on `score < best` and counts on `score === best` (GreedyChoice's pass before this tree).
 */
export class TiedMinimum {
  /** Leaves at size + a; a node with no scores below it has count 0 (its least is then +Infinity). */
  private readonly least: Float64Array;
  private readonly counts: Int32Array;
  private readonly size: number;

  constructor(readonly m: number) {
    let size = 1;
    while (size < m) size *= 2;
    this.size = size;
    this.least = new Float64Array(2 * size).fill(Infinity);
    this.counts = new Int32Array(2 * size);
  }

  /** Scores for every position at once (values[a], a < m). */
  rebuild(values: Float64Array): void {
    const { least, counts, size } = this;
    for (let a = 0; a < this.m; a++) {
      const s = values[a]!;
      least[size + a] = s === s ? s : Infinity;
      counts[size + a] = s === s ? 1 : 0;
    }
    for (let k = size - 1; k >= 1; k--) this.combine(k);
  }

  /** Position a's score is now s: its ancestors are recomputed until one is unchanged (the rest then are too). */
  set(a: number, s: number): void {
    const { least, counts } = this;
    let k = this.size + a;
    least[k] = s === s ? s : Infinity;
    counts[k] = s === s ? 1 : 0;
    for (k >>= 1; k >= 1; k >>= 1) {
      const before = least[k]!;
      const had = counts[k]!;
      this.combine(k);
      // ±0 compare equal: every comparison above reads them alike
      if (least[k] === before && counts[k] === had) return;
    }
  }

  /** How many positions hold the least score (0: every score is NaN). */
  ties(): number {
    return this.counts[1]!;
  }

  /** The position of the k-th (from 0, in position order) of the ties. */
  tie(k: number): number {
    const { least, counts, size } = this;
    const target = least[1]!;
    let node = 1;
    while (node < size) {
      const left = 2 * node;
      if (counts[left]! > 0 && least[left] === target) {
        if (k < counts[left]!) {
          node = left;
          continue;
        }
        k -= counts[left]!;
      }
      node = left + 1;
    }
    return node - size;
  }

  /** Whether position a holds the least score. */
  isTie(a: number): boolean {
    return this.counts[this.size + a] === 1 && this.least[this.size + a] === this.least[1];
  }

  private combine(k: number): void {
    const { least, counts } = this;
    const l = 2 * k;
    const r = l + 1;
    const cl = counts[l]!;
    const cr = counts[r]!;
    const ml = least[l]!;
    const mr = least[r]!;
    if (cr === 0 || (cl > 0 && ml < mr)) {
      least[k] = ml;
      counts[k] = cl;
    } else if (cl === 0 || mr < ml) {
      least[k] = mr;
      counts[k] = cr;
    } else {
      least[k] = ml;
      counts[k] = cl + cr;
    }
  }
}
