// Indexed min-heap of one pending time per item, keyed by (time, sequence): O(log n) per change.

/**
 * The engine keeps one entry per backend (its next departure) and one per transit class (its
 * earliest request). A backend's next departure moves whenever its population changes; updating
 * its entry in place (instead of leaving stale entries in the calendar) bounds the heap at B and
 * needs no lazy deletion. An item with nothing pending has time Infinity.
 */
export class IndexedEventHeap {
  readonly time: Float64Array;
  readonly seq: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;

  constructor(readonly size: number) {
    this.time = new Float64Array(size).fill(Infinity);
    this.seq = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.pos = new Int32Array(size);
    for (let j = 0; j < size; j++) {
      this.heap[j] = j;
      this.pos[j] = j;
    }
  }

  /** Item with the earliest time (which may be Infinity). */
  top(): number {
    return this.heap[0]!;
  }

  update(item: number, time: number, seq: number): void {
    const old = this.time[item]!;
    const oldSeq = this.seq[item]!;
    this.time[item] = time;
    this.seq[item] = seq;
    if (time < old || (time === old && seq < oldSeq)) this.up(this.pos[item]!);
    else this.down(this.pos[item]!);
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  private up(i: number): void {
    const h = this.heap;
    const x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const y = h[p]!;
      if (!this.less(x, y)) break;
      h[i] = y;
      this.pos[y] = i;
      i = p;
    }
    h[i] = x;
    this.pos[x] = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = this.size;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1]!, h[c]!)) c++;
      const y = h[c]!;
      if (!this.less(y, x)) break;
      h[i] = y;
      this.pos[y] = i;
      i = c;
    }
    h[i] = x;
    this.pos[x] = i;
  }
}
