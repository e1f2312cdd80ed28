// The event calendar: integer handles in a FastPriorityQueue, ordered by (time, insertion sequence).
import FastPriorityQueue from "fastpriorityqueue";

/**
 * Events live in flat arrays indexed by a recycled handle, so scheduling allocates nothing
 * once the arrays have grown to the peak number of pending events. Ties in time are broken by
 * the sequence number, making a run a pure function of (scenario, seed).
 */
export class Calendar {
  time = new Float64Array(1024);
  seq = new Float64Array(1024);
  kind = new Int32Array(1024);
  arg = new Int32Array(1024);
  private free: number[] = [];
  private used = 0;
  /** Shared with the departure heap so every scheduled thing gets one global order. */
  nextSeq = 0;
  private readonly queue: FastPriorityQueue<number>;

  constructor() {
    // the comparator reads the arrays through `this`, so growing them needs no new closure
    this.queue = new FastPriorityQueue<number>((a, b) => {
      const ta = this.time[a]!;
      const tb = this.time[b]!;
      return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
    });
  }

  schedule(time: number, kind: number, arg: number): void {
    let h: number;
    if (this.free.length > 0) h = this.free.pop()!;
    else {
      h = this.used++;
      if (h === this.time.length) this.grow();
    }
    this.time[h] = time;
    this.seq[h] = this.nextSeq++;
    this.kind[h] = kind;
    this.arg[h] = arg;
    this.queue.add(h);
  }

  get size(): number {
    return this.queue.size;
  }

  /** Handle of the earliest event, or -1 when empty. */
  peek(): number {
    return this.queue.isEmpty() ? -1 : this.queue.peek()!;
  }

  /** Removes the earliest event; its fields stay readable until the next schedule(). */
  pop(): number {
    const h = this.queue.poll()!;
    this.free.push(h);
    return h;
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
