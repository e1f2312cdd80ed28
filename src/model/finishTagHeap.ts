// Binary min-heap of (finish tag, job slot) pairs in growable typed arrays.
export class FinishTagHeap {
  private keys = new Float64Array(16);
  private slots = new Int32Array(16);
  size = 0;

  push(key: number, slot: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    const keys = this.keys;
    const slots = this.slots;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      slots[i] = slots[p]!;
      i = p;
    }
    keys[i] = key;
    slots[i] = slot;
  }

  minKey(): number {
    return this.keys[0]!;
  }

  minSlot(): number {
    return this.slots[0]!;
  }

  /** Removes the minimum and returns its slot. */
  pop(): number {
    const keys = this.keys;
    const slots = this.slots;
    const top = slots[0]!;
    const n = --this.size;
    if (n > 0) {
      const key = keys[n]!;
      const slot = slots[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        slots[i] = slots[c]!;
        i = c;
      }
      keys[i] = key;
      slots[i] = slot;
    }
    return top;
  }

  private grow(): void {
    const k = new Float64Array(this.keys.length * 2);
    k.set(this.keys);
    this.keys = k;
    const s = new Int32Array(this.slots.length * 2);
    s.set(this.slots);
    this.slots = s;
  }
}
