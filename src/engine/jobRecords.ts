// The records of requests in flight: two typed arrays indexed by a recycled slot, so that the fields a
// request touches at each of its events share a cache line once 10^5 requests are in flight.

/**
 * A record is split by when it is read. The hot part is what every request writes at birth and
 * reads at its departure: its birth time (a double), its frontend and its pair's delay code (32-bit
 * integers), 16 bytes in one buffer seen as doubles and as integers. At 100×1,000 some 70,000 requests
 * are in flight and the departure's read misses the cache, so the hot part holds nothing the departure
 * can recompute: both legs' delays come back from the code (or the scenario's matrices) unless jitter
 * drew them. The cold part is written only when the run reads it later: for a trace, or for responses
 * as events (piggyback feedback, jitter). Requests in transit carry their backend and size with them.
 */
const HOT_BYTES = 16;
/** A slot's stride in the hot part's Float64 and Int32 views. */
export const HOT_DOUBLES = HOT_BYTES / Float64Array.BYTES_PER_ELEMENT;
export const HOT_INTS = HOT_BYTES / Int32Array.BYTES_PER_ELEMENT;
/** Slot k's birth time is hotTimes[HOT_DOUBLES·k + HOT_BORN]. */
export const HOT_BORN = 0;
/** Slot k's frontend and delay code (the PairDelays code; unused without one) are hotInts[HOT_INTS·k + field]. */
export const HOT_FRONTEND = 2;
export const HOT_CODE = 3;
/** Slot k's cold fields are cold[COLD_FIELDS·k + field]. */
export const COLD_BACKEND = 0;
export const COLD_SIZE = 1;
export const COLD_REACHED = 2;
export const COLD_DEPARTED = 3;
/** The one-way delay as jitter drew it; then, once the departure has added the back leg, both legs (response events). */
export const COLD_NETWORK = 4;
/** The queue length the backend reported with the response (piggyback feedback). */
export const COLD_REPORTED = 5;
export const COLD_FIELDS = 6;

const FIRST_SLOTS = 1024;

export class JobRecords {
  /** Slots the arrays have room for (doubled as they fill). */
  slots = 0;
  hotTimes = new Float64Array(0);
  hotInts = new Int32Array(0);
  /** Empty unless keepsCold: a run whose transit is FIFOs and whose responses are not events never reads it. */
  cold: Float64Array = new Float64Array(0);
  /** Request ids (birth order), kept only for the trace. */
  jobId: Float64Array = new Float64Array(0);
  /** Released slots, a stack (LIFO: the next request reuses the record touched last, likely still cached). */
  private freeSlots = new Int32Array(0);
  private freeCount = 0;
  private usedSlots = 0;

  /** `onGrow` hears the new slot count (per-slot state kept elsewhere, e.g. LLM tokens, grows with it). */
  constructor(
    private readonly keepsCold: boolean,
    private readonly tracing: boolean,
    private readonly onGrow: (slots: number) => void,
  ) {
    // every field that grow() replaces is stored a second time here, with another value, so that V8
    // holds it as mutable from the start: code compiled before the first growth read these fields
    // as constants, and a growth late in a run (the load rising past 1,024 requests in flight)
    // threw the optimised event loop away
    this.slots = FIRST_SLOTS;
    this.hotTimes = new Float64Array(FIRST_SLOTS * HOT_DOUBLES);
    this.hotInts = new Int32Array(this.hotTimes.buffer);
    this.cold = new Float64Array(keepsCold ? FIRST_SLOTS * COLD_FIELDS : 0);
    this.jobId = new Float64Array(tracing ? FIRST_SLOTS : 0);
    this.freeSlots = new Int32Array(FIRST_SLOTS);
    onGrow(FIRST_SLOTS);
  }

  allocate(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.usedSlots === this.slots) this.grow();
    return this.usedSlots++;
  }

  release(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  private grow(): void {
    const n = this.slots * 2;
    const hot = new Float64Array(n * HOT_DOUBLES);
    hot.set(this.hotTimes);
    this.hotTimes = hot;
    this.hotInts = new Int32Array(hot.buffer);
    if (this.keepsCold) this.cold = widened(this.cold, n * COLD_FIELDS);
    if (this.tracing) this.jobId = widened(this.jobId, n);
    const free = new Int32Array(n);
    free.set(this.freeSlots);
    this.freeSlots = free;
    this.slots = n;
    this.onGrow(n);
  }
}

function widened(a: Float64Array, length: number): Float64Array {
  const b = new Float64Array(length);
  b.set(a);
  return b;
}
