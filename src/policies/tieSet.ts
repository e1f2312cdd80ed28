// The least of m scores and which positions tie for it, as a bitset kept under changes while the least keeps a tie.

/**
 * The positions 0 … m − 1 whose score equals the least (NaN takes no part, +Infinity does, as a
 * value): the ties of a pass that starts from best = +Infinity, resets its count on `score < best`
 * and counts on `score === best` (GreedyChoice's pass), in position order. A change costs O(1)
 * while the least score keeps at least one tie, and a new least O(m / 32); when the least loses
 * every tie, the set is rebuilt from the whole row. The k-th tie is found by popcounts, O(m / 32).
 * For scores that tie by the hundred (JSQ's integer counts) this replaces a scan of the row at
 * every look; for real-valued scores that rarely tie it rebuilds about as often as the least moves.
 */
export class TieSet {
  private readonly bits: Int32Array;
  /** The least score (+Infinity when every score is NaN or +Infinity). */
  private best = Infinity;
  /** Positions tied for it; 0 when every score is NaN. */
  count = 0;

  constructor(readonly m: number) {
    this.bits = new Int32Array((m + 31) >>> 5);
  }

  /** From every score (scores[a], a < m). */
  rebuild(scores: Float64Array): void {
    const { m, bits } = this;
    let best = Infinity;
    for (let a = 0; a < m; a++) {
      const s = scores[a]!;
      if (s < best) best = s;
    }
    bits.fill(0);
    let count = 0;
    for (let a = 0; a < m; a++) {
      if (scores[a] === best) {
        bits[a >>> 5]! |= 1 << (a & 31);
        count++;
      }
    }
    this.best = best;
    this.count = count;
  }

  /**
   * Positions at[0 … n − 1] (each once) now score values[c]; row holds every score after them.
   * Unchanged positions score at least the least, so while one still ties the least is known; once
   * none does, the set is rebuilt from the row. Returns whether it was.
   */
  update(at: Int32Array, values: Float64Array, n: number, row: Float64Array): boolean {
    for (let c = 0; c < n; c++) this.change(at[c]!, values[c]!);
    if (this.count !== 0) return false;
    this.rebuild(row);
    return true;
  }

  /** Position a's score is now s. */
  private change(a: number, s: number): void {
    const bits = this.bits;
    const w = a >>> 5;
    const bit = 1 << (a & 31);
    if ((bits[w]! & bit) !== 0) {
      bits[w]! &= ~bit;
      this.count--;
    }
    if (s < this.best) {
      bits.fill(0);
      bits[w] = bit;
      this.best = s;
      this.count = 1;
    } else if (s === this.best) {
      bits[w]! |= bit;
      this.count++;
    }
  }

  /** The k-th tied position (k < count), in position order. */
  nth(k: number): number {
    const bits = this.bits;
    for (let w = 0; ; w++) {
      let x = bits[w]!;
      const c = popcount(x);
      if (k < c) {
        for (; k > 0; k--) x &= x - 1;
        return (w << 5) + 31 - Math.clz32(x & -x);
      }
      k -= c;
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
