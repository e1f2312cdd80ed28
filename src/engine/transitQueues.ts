// Requests travelling to their backend, grouped by one-way delay: a FIFO per distinct delay and a heap over the FIFOs' heads.
import { IndexedEventHeap } from "../collections/indexedEventHeap.ts";
import { BACKEND, RECORD, SEQ, SIZE, SLOT, TIME, type Transit } from "./transit.ts";

/**
 * Without jitter every request with one-way delay d reaches its backend d after it was sent, and
 * requests are sent in time order, so each delay class is first-in first-out. Keeping one FIFO
 * per distinct delay and a heap over the classes' heads costs O(log D) per request (D distinct
 * delays: a few per region pair) instead of O(log P) in a calendar holding all P requests in
 * flight (P ≈ 5,000 at 100×1,000). Events keep their global (time, sequence) order.
 */
export class TransitQueues implements Transit {
  /** Earliest head of any class, keyed by (time, sequence). */
  readonly heads: IndexedEventHeap;
  private readonly fifos: TransitFifo[];
  /** Backend and size of the request pop() returned: carried here so its arrival at the backend need not read the cold job record. */
  poppedBackend = 0;
  poppedSize = 0;

  /** Queues for `classes` delay classes (PairDelays' one-way classes). */
  constructor(classes: number) {
    this.heads = new IndexedEventHeap(classes);
    this.fifos = Array.from({ length: classes }, () => new TransitFifo());
  }

  /** Earliest arrival time (Infinity when nothing is in transit). */
  topTime(): number {
    return this.heads.topTime();
  }

  topSeq(): number {
    return this.heads.topSeq();
  }

  /** A request of delay class c, sent now, reaches `backend` at `time` (sends come in time order). */
  push(c: number, time: number, seq: number, slot: number, backend: number, size: number): void {
    const fifo = this.fifos[c]!;
    fifo.push(time, seq, slot, backend, size);
    if (fifo.count === 1) this.heads.update(c, time, seq);
  }

  /** Removes the earliest request and returns its job slot; its backend and size are then poppedBackend and poppedSize. */
  pop(): number {
    const c = this.heads.top();
    const fifo = this.fifos[c]!;
    this.poppedBackend = fifo.headBackend();
    this.poppedSize = fifo.headSize();
    const slot = fifo.shift();
    if (fifo.count > 0) this.heads.update(c, fifo.headTime(), fifo.headSeq());
    else this.heads.update(c, Infinity, 0);
    return slot;
  }
}

/**
 * A growable ring buffer of (time, sequence, slot, backend, size) records, interleaved in one
 * array and read in order: a push writes, and a pop reads, one or two cache lines. (As five
 * parallel arrays, a class's five current lines were evicted between its requests at 100×1,000,
 * whose sixteen classes take turns at random: up to five misses a push and five a pop.)
 */
class TransitFifo {
  private records = new Float64Array(0);
  /** Records the ring holds (a power of two, so indices wrap with a mask). */
  private ringSize = 0;
  private head = 0;
  count = 0;

  constructor() {
    // each field stored twice, with different values, so that V8 holds them as mutable from the
    // start: code compiled while no ring had grown read them as constants, and the first growth
    // (past 16 requests of one delay class in flight, perhaps long into a run) threw the optimised
    // event loop away
    this.records = new Float64Array(16 * RECORD);
    this.ringSize = 16;
  }

  push(time: number, seq: number, slot: number, backend: number, size: number): void {
    if (this.count === this.ringSize) this.grow();
    const o = RECORD * ((this.head + this.count++) & (this.ringSize - 1));
    const r = this.records;
    r[o + TIME] = time;
    r[o + SEQ] = seq;
    r[o + SLOT] = slot;
    r[o + BACKEND] = backend;
    r[o + SIZE] = size;
  }

  headBackend(): number {
    return this.records[RECORD * this.head + BACKEND]!;
  }

  headSize(): number {
    return this.records[RECORD * this.head + SIZE]!;
  }

  headTime(): number {
    return this.records[RECORD * this.head + TIME]!;
  }

  headSeq(): number {
    return this.records[RECORD * this.head + SEQ]!;
  }

  shift(): number {
    const s = this.records[RECORD * this.head + SLOT]!;
    this.head = (this.head + 1) & (this.ringSize - 1);
    this.count--;
    return s;
  }

  /** Doubles the ring, unrolling the ring. */
  private grow(): void {
    const n = this.ringSize;
    const records = new Float64Array(2 * n * RECORD);
    const first = n - this.head; // records from head to the end of the array, then the wrapped rest
    records.set(this.records.subarray(RECORD * this.head), 0);
    records.set(this.records.subarray(0, RECORD * this.head), RECORD * first);
    this.records = records;
    this.ringSize = 2 * n;
    this.head = 0;
  }
}
