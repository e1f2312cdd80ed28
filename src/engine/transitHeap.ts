// Requests travelling to their backend as one binary min-heap keyed by (arrival time, sequence): O(log P) a request, whatever the delays.
import { BACKEND, RECORD, SEQ, SIZE, SLOT, TIME, type Transit } from "./transit.ts";

/**
 * With measured latencies nearly every pair has its own delay (over a thousand distinct values at
 * 100 × 1,000 to 0.1 ms), and a FIFO per delay (TransitQueues) holds less than one request on
 * average: each push and pop then lands on a cold FIFO and moves its class through a heap of
 * every class. Here the P requests in flight (about 500 there) are one compact heap instead. A
 * request is sent after every request already in flight, so it usually arrives after most of them
 * and rises a level or two; a pop sinks the hole bottom-up (Floyd), as the calendar does. Any
 * delays, jitter included: the heap orders by (time, sequence) whatever the order of sends.
 */
export class TransitHeap implements Transit {
  /** The root's TIME is Infinity while nothing is in transit (see topTime). */
  private records: Float64Array = new Float64Array(0);
  private capacity = 0;
  private size = 0;
  /** Backend and size of the request pop() returned: carried here so its arrival at the backend need not read the cold job record. */
  poppedBackend = 0;
  poppedSize = 0;

  constructor() {
    // stored a second time, with other values, so that V8 holds these fields as mutable from the
    // start: code compiled before the first growth (past 256 requests in flight) read them as
    // constants, and a growth late in a run threw the optimised event loop away (as Calendar)
    this.records = emptyRecords(256);
    this.capacity = 256;
  }

  /** Earliest arrival time (Infinity when nothing is in transit: pop() leaves it there, with no branch here, as the calendar's). */
  topTime(): number {
    return this.records[TIME]!;
  }

  topSeq(): number {
    return this.records[SEQ]!;
  }

  /** A request sent now reaches `backend` at `time`; `seq` orders it among events of the same time (its delay class plays no part). */
  push(_class: number, time: number, seq: number, slot: number, backend: number, size: number): void {
    if (this.size === this.capacity) this.grow();
    this.rise(this.size++, time, seq, slot, backend, size);
  }

  /** Removes the earliest request and returns its job slot; its backend and size are then poppedBackend and poppedSize. */
  pop(): number {
    const r = this.records;
    const slot = r[SLOT]!;
    this.poppedBackend = r[BACKEND]!;
    this.poppedSize = r[SIZE]!;
    const n = --this.size;
    if (n === 0) {
      r[TIME] = Infinity;
      return slot;
    }
    // the hole sinks along the smaller children to a leaf, then the last record rises from there
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n) {
        const ta = r[RECORD * c + TIME]!;
        const tb = r[RECORD * c + RECORD + TIME]!;
        if (tb < ta || (tb === ta && r[RECORD * c + RECORD + SEQ]! < r[RECORD * c + SEQ]!)) c++;
      }
      this.move(c, i);
      i = c;
    }
    const last = RECORD * n;
    this.rise(i, r[last + TIME]!, r[last + SEQ]!, r[last + SLOT]!, r[last + BACKEND]!, r[last + SIZE]!);
    return slot;
  }

  /** Puts a record at the hole i, first moving later parents down into the hole. */
  private rise(i: number, time: number, seq: number, slot: number, backend: number, size: number): void {
    const r = this.records;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = r[RECORD * p + TIME]!;
      if (tp < time || (tp === time && r[RECORD * p + SEQ]! < seq)) break;
      this.move(p, i);
      i = p;
    }
    const o = RECORD * i;
    r[o + TIME] = time;
    r[o + SEQ] = seq;
    r[o + SLOT] = slot;
    r[o + BACKEND] = backend;
    r[o + SIZE] = size;
  }

  private move(from: number, to: number): void {
    const r = this.records;
    const f = RECORD * from;
    const t = RECORD * to;
    r[t + TIME] = r[f + TIME]!;
    r[t + SEQ] = r[f + SEQ]!;
    r[t + SLOT] = r[f + SLOT]!;
    r[t + BACKEND] = r[f + BACKEND]!;
    r[t + SIZE] = r[f + SIZE]!;
  }

  private grow(): void {
    const records = new Float64Array(2 * this.capacity * RECORD);
    records.set(this.records);
    this.records = records;
    this.capacity *= 2;
  }
}

/** Room for `capacity` records, the root's time Infinity (an empty heap). */
function emptyRecords(capacity: number): Float64Array {
  const records = new Float64Array(capacity * RECORD);
  records[TIME] = Infinity;
  return records;
}
