// Binary min-heap of (finish tag, job slot) pairs, interleaved in one growable typed array.

/** Entry k is entries[2k] (the tag) and entries[2k + 1] (the slot): a sift touches one array. */
export class FinishTagHeap {
  private entries = new Float64Array(32);
  size = 0;

  push(key: number, slot: number): void {
    if (2 * this.size === this.entries.length) this.grow();
    const e = this.entries;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = e[2 * p]!;
      if (pk <= key) break;
      e[2 * i] = pk;
      e[2 * i + 1] = e[2 * p + 1]!;
      i = p;
    }
    e[2 * i] = key;
    e[2 * i + 1] = slot;
  }

  minKey(): number {
    return this.entries[0]!;
  }

  /** Removes the minimum and returns its slot. */
  pop(): number {
    const e = this.entries;
    const top = e[1]!;
    const n = --this.size;
    if (n > 0) {
      const key = e[2 * n]!;
      const slot = e[2 * n + 1]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && e[2 * c + 2]! < e[2 * c]!) c++;
        const ck = e[2 * c]!;
        if (ck >= key) break;
        e[2 * i] = ck;
        e[2 * i + 1] = e[2 * c + 1]!;
        i = c;
      }
      e[2 * i] = key;
      e[2 * i + 1] = slot;
    }
    return top;
  }

  private grow(): void {
    const e = new Float64Array(this.entries.length * 2);
    e.set(this.entries);
    this.entries = e;
  }
}
