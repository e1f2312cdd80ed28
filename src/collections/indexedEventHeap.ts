// Indexed min-heap of one pending time per item, keyed by (time, sequence): O(log n) per change.

/**
 * The engine keeps one entry per backend (its next departure) and one per transit class (its
 * earliest request); an LLM backend of several engines, one per engine for its step's end and one
 * for its load (keyed by (count, engine), so the first of the least loaded is on top). A backend's
 * next departure moves whenever its population changes; updating its entry in place (instead of
 * leaving stale entries in the calendar) bounds the heap at B and needs no lazy deletion. An item
 * with nothing pending has time Infinity.
 *
 * Keys are stored in heap order beside the items, so a sift compares neighbouring array cells
 * instead of looking each item's key up elsewhere; `pos` finds an item's place for an update.
 */
export class IndexedEventHeap {
  private readonly items: Int32Array;
  private readonly times: Float64Array;
  private readonly seqs: Float64Array;
  private readonly pos: Int32Array;

  constructor(readonly size: number) {
    this.items = new Int32Array(size);
    this.times = new Float64Array(size).fill(Infinity);
    this.seqs = new Float64Array(size);
    this.pos = new Int32Array(size);
    for (let j = 0; j < size; j++) {
      this.items[j] = j;
      this.pos[j] = j;
    }
  }

  /** Item with the earliest time (which may be Infinity). */
  top(): number {
    return this.items[0]!;
  }

  topTime(): number {
    return this.times[0]!;
  }

  topSeq(): number {
    return this.seqs[0]!;
  }

  update(item: number, time: number, seq: number): void {
    let i = this.pos[item]!;
    const T = this.times;
    const S = this.seqs;
    const oldTime = T[i]!;
    if (time < oldTime || (time === oldTime && seq < S[i]!)) {
      while (i > 0) {
        const p = (i - 1) >> 1;
        const tp = T[p]!;
        if (!(time < tp || (time === tp && seq < S[p]!))) break;
        this.move(p, i);
        i = p;
      }
    } else {
      const n = this.size;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n) {
          const ta = T[c]!;
          const tb = T[c + 1]!;
          if (tb < ta || (tb === ta && S[c + 1]! < S[c]!)) c++;
        }
        const tc = T[c]!;
        if (!(tc < time || (tc === time && S[c]! < seq))) break;
        this.move(c, i);
        i = c;
      }
    }
    T[i] = time;
    S[i] = seq;
    this.items[i] = item;
    this.pos[item] = i;
  }

  private move(from: number, to: number): void {
    const item = this.items[from]!;
    this.items[to] = item;
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.pos[item] = to;
  }
}
