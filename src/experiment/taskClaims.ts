// A study's tasks, claimed one at a time by every lane (this thread and the pool threads) from a counter they share.

/** Slots of the shared control array. */
const NEXT = 0;
const STOPPED = 1;

/**
 * Each lane takes the next task itself when it is free, so no lane waits for another to hand it
 * work: this thread, busy with a replication of its own, cannot answer a pool thread that has just
 * finished one. The counter lives in a SharedArrayBuffer that every lane's copy of the claims sees.
 */
export class TaskClaims {
  constructor(
    /** [next task, stopped]: shared between threads. */
    readonly control: Int32Array,
    readonly count: number,
  ) {}

  static create(count: number): TaskClaims {
    return new TaskClaims(new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT)), count);
  }

  /** The index of the next unclaimed task, or -1 when every task is claimed or the study stopped. */
  claim(): number {
    if (Atomics.load(this.control, STOPPED) !== 0) return -1;
    const k = Atomics.add(this.control, NEXT, 1);
    return k < this.count ? k : -1;
  }

  /** No lane claims another task (the ones running finish). */
  stop(): void {
    Atomics.store(this.control, STOPPED, 1);
  }

  /** Tasks claimed so far (at most count). */
  claimed(): number {
    return Math.min(this.count, Atomics.load(this.control, NEXT));
  }

  /** Whether a lane asking now would get a task. */
  remaining(): boolean {
    return Atomics.load(this.control, STOPPED) === 0 && Atomics.load(this.control, NEXT) < this.count;
  }
}
