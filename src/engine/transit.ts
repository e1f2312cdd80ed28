// Requests on their way to a backend, as the engine sees them (transitFor picks the structure that holds them), and the record both structures keep.

/** Fields of a request in transit, adjacent in one array (a FIFO's ring, the heap's levels): a read touches one record, mostly one cache line. */
export const TIME = 0;
export const SEQ = 1;
export const SLOT = 2;
export const BACKEND = 3;
export const SIZE = 4;
/** Doubles a record. */
export const RECORD = 5;

/** What the engine asks of requests in transit: the earliest arrival, in global (time, sequence) order with every other event. */
export interface Transit {
  topTime(): number;
  topSeq(): number;
  /** A request of one-way delay class c, sent now, reaches `backend` at `time`. */
  push(c: number, time: number, seq: number, slot: number, backend: number, size: number): void;
  /** Removes the earliest request and returns its job slot; its backend and size are then poppedBackend and poppedSize. */
  pop(): number;
  readonly poppedBackend: number;
  readonly poppedSize: number;
}
