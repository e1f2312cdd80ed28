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
  /** update()'s scratch: the nodes of a level to recompute, and the generation that last listed each node. */
  private readonly dirty: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;

  constructor(readonly m: number) {
    let size = 1;
    while (size < m) size *= 2;
    this.size = size;
    this.least = new Float64Array(2 * size).fill(Infinity);
    this.counts = new Int32Array(2 * size);
    this.dirty = new Int32Array(size);
    this.stamp = new Int32Array(size);
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

  /**
   * Positions at[c] have scores values[c] now, c < n: the leaves are set, then the nodes above them
   * recomputed level by level, each once (n scattered changes share their upper levels).
   */
  update(at: Int32Array, values: Float64Array, n: number): void {
    const { least, counts, dirty, stamp } = this;
    if (this.generation > 2 ** 30) {
      stamp.fill(0);
      this.generation = 0;
    }
    let gen = ++this.generation;
    let d = 0;
    for (let c = 0; c < n; c++) {
      const s = values[c]!;
      const k = this.size + at[c]!;
      least[k] = s === s ? s : Infinity;
      counts[k] = s === s ? 1 : 0;
      const parent = k >> 1;
      if (stamp[parent] !== gen) {
        stamp[parent] = gen;
        dirty[d++] = parent;
      }
    }
    while (d > 0 && dirty[0]! >= 1) {
      gen = ++this.generation;
      let next = 0;
      for (let e = 0; e < d; e++) {
        const k = dirty[e]!;
        this.combine(k);
        const parent = k >> 1;
        if (parent >= 1 && stamp[parent] !== gen) {
          stamp[parent] = gen;
          dirty[next++] = parent; // next <= e: in place
        }
      }
      d = next;
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
