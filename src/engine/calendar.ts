// The event calendar: a binary min-heap ordered by (time, insertion sequence), stored in typed arrays.

/**
 * Each pending event is (time, seq, kind, arg), kept in heap order in four parallel typed arrays,
 * so a comparison reads the heap's own contiguous arrays rather than following a handle into
 * separate storage, and scheduling allocates nothing once the arrays have grown to the peak
 * number of pending events. Ties in time are broken by the sequence number, making a run a pure
 * function of (scenario, seed).
 */
export class Calendar {
  /** time[0] is Infinity while nothing is pending (see topTime). */
  private time = new Float64Array(0);
  private seq = new Float64Array(0);
  private kind = new Int32Array(0);
  private arg = new Int32Array(0);
  size = 0;
  /** Shared with the departure heap and the transit queues so every scheduled thing gets one global order. */
  nextSeq = 0;

  constructor() {
    // the arrays grow() replaces are stored a second time here, so that V8 holds those fields as
    // mutable from the start: code compiled before the first growth read them as constants, and a
    // growth late in a run (past 1,024 pending events) threw the optimised event loop away
    this.time = new Float64Array(1024).fill(Infinity);
    this.seq = new Float64Array(1024);
    this.kind = new Int32Array(1024);
    this.arg = new Int32Array(1024);
  }

  schedule(time: number, kind: number, arg: number): void {
    if (this.size === this.time.length) this.grow();
    // a new event is usually later than most pending ones, so it rarely rises far
    this.rise(this.size++, time, this.nextSeq++, kind, arg);
  }

  /** Puts an event at the hole i, first moving later parents down into the hole. */
  private rise(i: number, time: number, seq: number, kind: number, arg: number): void {
    const T = this.time;
    const S = this.seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = T[p]!;
      if (tp < time || (tp === time && S[p]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    T[i] = time;
    S[i] = seq;
    this.kind[i] = kind;
    this.arg[i] = arg;
  }

  /**
   * Time of the earliest event (Infinity when none is pending: pop() leaves it there). No branch:
   * the arm of `size > 0 ? … : Infinity` that a run never takes had no type feedback, and V8 then
   * boxed every time read here into a new heap number (DGD-LB's event loop: 3 allocations a request).
   */
  topTime(): number {
    return this.time[0]!;
  }

  topSeq(): number {
    return this.seq[0]!;
  }

  topKind(): number {
    return this.kind[0]!;
  }

  topArg(): number {
    return this.arg[0]!;
  }

  /**
   * Removes the earliest event. Floyd's bottom-up deletion: the hole at the root sinks along the
   * smaller children to a leaf, then the last event rises from there; the last event belongs near
   * the bottom, so this takes about half the comparisons of a top-down sift.
   */
  pop(): void {
    const n = --this.size;
    if (n === 0) {
      this.time[0] = Infinity;
      return;
    }
    const T = this.time;
    const S = this.seq;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n) {
        const ta = T[c]!;
        const tb = T[c + 1]!;
        if (tb < ta || (tb === ta && S[c + 1]! < S[c]!)) c++;
      }
      this.move(c, i);
      i = c;
    }
    this.rise(i, T[n]!, S[n]!, this.kind[n]!, this.arg[n]!);
  }

  private move(from: number, to: number): void {
    this.time[to] = this.time[from]!;
    this.seq[to] = this.seq[from]!;
    this.kind[to] = this.kind[from]!;
    this.arg[to] = this.arg[from]!;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const t = new Float64Array(n);
    t.set(this.time);
    this.time = t;
    const s = new Float64Array(n);
    s.set(this.seq);
    this.seq = s;
    const k = new Int32Array(n);
    k.set(this.kind);
    this.kind = k;
    const a = new Int32Array(n);
    a.set(this.arg);
    this.arg = a;
  }
}
