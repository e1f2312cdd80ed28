// Requests on their way to a backend, as the engine sees them (transitFor picks the structure that holds them).

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
