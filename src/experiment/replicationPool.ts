// Runs replication tasks in this thread or on a pool of worker threads; callers see each result as it finishes.
import Tinypool from "tinypool";
import { runTask, type ReplicationTask } from "./replicationTask.ts";
import type { RunResult } from "../stats/runMetrics.ts";

export type TaskOutcome = { task: ReplicationTask; result: RunResult; error?: undefined } | { task: ReplicationTask; error: Error; result?: undefined };

/**
 * Results never depend on `workers`: a task is a pure function of (scenario, seed, replication).
 * One worker (or one task) runs in this thread. With W > 1 this thread is one of the W lanes beside
 * W − 1 pool threads: it runs tasks while they start (each loads the compiled modules, or the
 * sources through tsx in tests, and warms its JIT), so a short study does not wait for them, and
 * keeps running tasks while they take under LOCAL_TASK_SECONDS. Each pool thread holds one task
 * queued behind the one it runs and starts it by itself: a result reaches this thread only between
 * its own replications, and a thread that waited for it to hand over the next task sat idle for up
 * to a replication each time (8 replications of ~0.3 s on 2 workers ran no faster than on one).
 * After a replication longer than LOCAL_TASK_SECONDS, once the pool is up, this thread only
 * dispatches (results, the progress bar and Ctrl-C are then handled promptly) and a W-th thread
 * takes its lane. A stop dispatches nothing more; the tasks already queued finish.
 */
export async function runTasks(
  tasks: ReplicationTask[],
  workers: number,
  onOutcome: (o: TaskOutcome) => void,
  stopped: () => boolean,
  options: {
    /** Hears the fraction done of a replication running in this thread (a single long run's progress). */
    runProgress?: (fraction: number) => void;
    /** Runs in this thread after the pool threads have their first tasks (before any task with one worker). */
    alongside?: () => void;
  } = {},
): Promise<void> {
  const { runProgress, alongside } = options;
  let next = 0;
  const pool = workers > 1 && tasks.length > 1 ? poolOf(workers - 1) : null;
  let lastLocalSeconds = 0;
  const dispatch = (pool: Tinypool): Promise<TaskOutcome> | null => {
    if (next >= tasks.length || stopped()) return null;
    const task = tasks[next++]!;
    return pool.run(task).then(
      (result: RunResult) => {
        warm.add(pool);
        return { task, result };
      },
      (err: unknown) => ({ task, error: err instanceof Error ? err : new Error(String(err)) }),
    );
  };
  const poolLane = async (pool: Tinypool): Promise<void> => {
    let running = dispatch(pool);
    while (running) {
      const queued = dispatch(pool);
      onOutcome(await running);
      running = queued;
    }
  };
  const localLane = async (): Promise<void> => {
    while (next < tasks.length && !stopped() && !(pool && warm.has(pool) && lastLocalSeconds > LOCAL_TASK_SECONDS)) {
      const task = tasks[next++]!;
      const t0 = performance.now();
      try {
        onOutcome({ task, result: runTask(task, runProgress) });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
      lastLocalSeconds = (performance.now() - t0) / 1000;
      // let results, the progress bar and signal handlers in between replications
      await throughPoll();
    }
    // long replications: a W-th pool thread takes this lane
    if (pool && next < tasks.length && !stopped()) await poolLane(takeoverPool());
  };
  if (!pool) {
    alongside?.();
    return localLane();
  }
  // each pool lane hands its first two tasks to the pool before its first await
  const poolLanes = Array.from({ length: Math.min(workers - 1, tasks.length) }, () => poolLane(pool));
  alongside?.();
  await Promise.all([...poolLanes, localLane()]);
}

/**
 * Resolves after the event loop has passed its poll phase, where worker messages are read. One
 * setImmediate is not enough: scheduled from the poll phase (a continuation of an I/O callback) it
 * runs in the same iteration's check phase, and the pool threads' results, waiting since before,
 * stayed unread for another replication (8 replications on 2 workers: the pool thread idled 0.75 s).
 */
async function throughPoll(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Replications longer than this (seconds) leave this thread to dispatch once the pool is up: Ctrl-C waits at most about this long. */
const LOCAL_TASK_SECONDS = 1;

// compiled (dist/): plain JavaScript workers; from the sources (tests, tsx): workers that load tsx
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? "./sourceWorkerEntry.js" : "./workerEntry.js";

// One pool per size for the life of the process: `plan` runs a study per candidate fleet, and
// starting threads each time would cost half a second per candidate.
const pools = new Map<string, Tinypool>();
// pools that have returned a result: their threads are up, so this thread only dispatches
const warm = new WeakSet<Tinypool>();

/**
 * `threads` threads, each running one task and holding one more (concurrentTasksPerWorker 2: the
 * thread takes the queued task from its port itself); idle threads stay a minute (plan runs a
 * study per candidate).
 */
function poolOf(threads: number, role = "lanes"): Tinypool {
  const key = `${role}:${threads}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = new Tinypool({ filename: new URL(WORKER_ENTRY, import.meta.url).href, minThreads: threads, maxThreads: threads, concurrentTasksPerWorker: 2, idleTimeout: 60_000 });
    pools.set(key, pool);
  }
  return pool;
}

/** The thread that takes this thread's lane when replications are long: started only then. */
function takeoverPool(): Tinypool {
  return poolOf(1, "takeover");
}

/** Starts the pool `runTasks(…, workers)` will use, so its threads boot while this thread loads a scenario. */
export function startWorkers(workers: number): void {
  if (workers > 1) poolOf(workers - 1);
}

/** Stops every worker thread (the CLI calls this before exiting). */
export async function shutdownWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
