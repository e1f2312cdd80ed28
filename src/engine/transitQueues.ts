// Requests travelling to their backend, grouped by one-way delay: a FIFO per distinct delay and a heap over the FIFOs' heads.
import { IndexedEventHeap } from "./indexedEventHeap.ts";

/**
 * Without jitter every request with one-way delay d reaches its backend d after it was sent, and
 * requests are sent in time order, so each delay class is first-in first-out. Keeping one FIFO
 * per distinct delay and a heap over the classes' heads costs O(log D) per request (D distinct
 * delays: a few per region pair) instead of O(log P) in a calendar holding all P requests in
 * flight (P ≈ 5,000 at 100×1,000). Events keep their global (time, sequence) order.
 */
export class TransitQueues {
  /** Earliest head of any class, keyed by (time, sequence). */
  readonly heads: IndexedEventHeap;
  private readonly fifos: TransitFifo[];
  /** Backend and size of the request pop() returned: carried here so its arrival at the backend need not read the cold job record. */
  poppedBackend = 0;
  poppedSize = 0;

  private constructor(classes: number) {
    this.heads = new IndexedEventHeap(classes);
    this.fifos = Array.from({ length: classes }, () => new TransitFifo());
  }

  /**
   * Queues for delay classes (PairDelays: the one-way delay of class c is delays[c]), or null when
   * no delay is positive (nothing is ever in transit). A class of delay 0 gets no requests.
   */
  static forClasses(delays: Float64Array): TransitQueues | null {
    return delays.some((d) => d > 0) ? new TransitQueues(delays.length) : null;
  }

  /** A request of delay class c, sent now, reaches `backend` at `time` (sends come in time order). */
  push(c: number, time: number, seq: number, slot: number, backend: number, size: number): void {
    const fifo = this.fifos[c]!;
    fifo.push(time, seq, slot, backend, size);
    if (fifo.count === 1) this.heads.update(c, time, seq);
  }

  /** Removes the earliest request of class c (the heap's top) and returns its job slot; its backend and size are then poppedBackend and poppedSize. */
  pop(c: number): number {
    const fifo = this.fifos[c]!;
    this.poppedBackend = fifo.headBackend();
    this.poppedSize = fifo.headSize();
    const slot = fifo.shift();
    if (fifo.count > 0) this.heads.update(c, fifo.headTime(), fifo.headSeq());
    else this.heads.update(c, Infinity, 0);
    return slot;
  }
}

/** A growable ring buffer of (time, sequence, slot, backend, size): read in order, so its lines stream through the cache. */
class TransitFifo {
  private time = new Float64Array(16);
  private seq = new Float64Array(16);
  private slot = new Int32Array(16);
  private backend = new Int32Array(16);
  private size = new Float64Array(16);
  private head = 0;
  count = 0;

  push(time: number, seq: number, slot: number, backend: number, size: number): void {
    if (this.count === this.time.length) this.grow();
    const k = (this.head + this.count++) & (this.time.length - 1);
    this.time[k] = time;
    this.seq[k] = seq;
    this.slot[k] = slot;
    this.backend[k] = backend;
    this.size[k] = size;
  }

  headBackend(): number {
    return this.backend[this.head]!;
  }

  headSize(): number {
    return this.size[this.head]!;
  }

  headTime(): number {
    return this.time[this.head]!;
  }

  headSeq(): number {
    return this.seq[this.head]!;
  }

  shift(): number {
    const s = this.slot[this.head]!;
    this.head = (this.head + 1) & (this.time.length - 1);
    this.count--;
    return s;
  }

  /** Doubles the capacity (a power of two, so indices wrap with a mask), unrolling the ring. */
  private grow(): void {
    const n = this.time.length;
    const time = new Float64Array(2 * n);
    const seq = new Float64Array(2 * n);
    const slot = new Int32Array(2 * n);
    const backend = new Int32Array(2 * n);
    const size = new Float64Array(2 * n);
    for (let k = 0; k < this.count; k++) {
      const from = (this.head + k) & (n - 1);
      time[k] = this.time[from]!;
      seq[k] = this.seq[from]!;
      slot[k] = this.slot[from]!;
      backend[k] = this.backend[from]!;
      size[k] = this.size[from]!;
    }
    this.time = time;
    this.seq = seq;
    this.slot = slot;
    this.backend = backend;
    this.size = size;
    this.head = 0;
  }
}
