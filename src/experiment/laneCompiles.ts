// Where a study's lanes have TurboFan compile their code: beside them on V8's helper threads, or in the lane itself when the lanes fill the cores.
import { setFlagsFromString } from "node:v8";

/**
 * A thread's first replication runs while TurboFan compiles the engine for it (about 0.9 s of
 * compiling a thread for three-regions). By default V8 compiles on its helper threads and the lane
 * goes on in slower code meanwhile: free where a core is idle, but where the lanes fill the cores
 * the compiles wait for a core while every lane runs its slow code longer, and the compiles of W
 * isolates queue on V8's few helper threads. Compiling in the lane (`--no-concurrent-recompilation`)
 * then stops it for the compile and lets it run fast code sooner. On a 2-core VM, 8 replications
 * of three-regions at horizon 6,000 on 2 workers ran 1.43× one worker's speed with background
 * compiles and 1.54× compiling in the lanes (16 interleaved rounds); one worker compiling in its
 * lane took 1.04× the time of compiling beside it. A lane's compile counts as having a core beside
 * it while twice the lanes fit in the cores.
 */
export function lanesFillCores(lanes: number, cores: number): boolean {
  return 2 * lanes > cores;
}

const IN_LANE = "--no-concurrent-recompilation";
const BESIDE = "--concurrent-recompilation";

// threads started to compile in their lanes that have not yet started running JavaScript
let starting = 0;

/** A thread as a pool hands it out: its events are a worker_threads Worker's. */
export interface StartingThread {
  once(event: "online" | "error" | "exit", listener: () => void): void;
}

/**
 * Calls `start`, which creates worker threads, so that they compile in their own threads: V8 reads
 * the flag when a thread's isolate is made (this thread's was made at start-up and keeps its
 * helpers), so it is set now and put back once every thread `threadsOf` lists is online (or gone).
 * A choice the user made on Node's command line is left alone.
 */
export function startedCompilingInLane<T>(start: () => T, threadsOf: (started: T) => StartingThread[]): T {
  if (process.execArgv.some((flag) => /^--(no-)?concurrent[-_]recompilation$/.test(flag))) return start();
  // this start counts as one until its threads are counted
  hold();
  try {
    const started = start();
    for (const thread of threadsOf(started)) {
      hold();
      let up = false;
      const online = (): void => {
        if (up) return;
        up = true;
        release();
      };
      for (const event of ["online", "error", "exit"] as const) thread.once(event, online);
    }
    return started;
  } finally {
    release();
  }
}

function hold(): void {
  if (starting++ === 0) setFlagsFromString(IN_LANE);
}

function release(): void {
  if (--starting === 0) setFlagsFromString(BESIDE);
}
