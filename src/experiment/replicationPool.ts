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
 * keeps running tasks while they take under LOCAL_TASK_SECONDS. After a longer one, once the pool
 * is up, this thread only dispatches (results, the progress bar and Ctrl-C are then handled
 * promptly) and a W-th pool thread takes its lane. Each lane pulls the next task when it finishes
 * one, so a stop leaves nothing queued.
 */
export async function runTasks(
  tasks: ReplicationTask[],
  workers: number,
  onOutcome: (o: TaskOutcome) => void,
  stopped: () => boolean,
  /** Hears the fraction done of a replication running in this thread (a single long run's progress). */
  runProgress?: (fraction: number) => void,
): Promise<void> {
  let next = 0;
  const pool = workers > 1 && tasks.length > 1 ? poolOf(workers) : null;
  let lastLocalSeconds = 0;
  const poolLane = async (pool: Tinypool): Promise<void> => {
    while (next < tasks.length && !stopped()) {
      const task = tasks[next++]!;
      try {
        const result = (await pool.run(task)) as RunResult;
        warm.add(pool);
        onOutcome({ task, result });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
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
      // let the progress bar and signal handlers in between replications
      await new Promise((resolve) => setImmediate(resolve));
    }
    // long replications: the pool's last thread takes this lane
    if (pool && next < tasks.length && !stopped()) await poolLane(pool);
  };
  if (!pool) return localLane();
  await Promise.all([...Array.from({ length: Math.min(workers - 1, tasks.length) }, () => poolLane(pool)), localLane()]);
}

/** Replications longer than this (seconds) leave this thread to dispatch once the pool is up: Ctrl-C waits at most about this long. */
const LOCAL_TASK_SECONDS = 1;

// compiled (dist/): plain JavaScript workers; from the sources (tests, tsx): workers that load tsx
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? "./sourceWorkerEntry.js" : "./workerEntry.js";

// One pool per size for the life of the process: `plan` runs a study per candidate fleet, and
// starting threads each time would cost half a second per candidate.
const pools = new Map<number, Tinypool>();
// pools that have returned a result: their threads are up, so this thread only dispatches
const warm = new WeakSet<Tinypool>();

function poolOf(threads: number): Tinypool {
  let pool = pools.get(threads);
  if (!pool) {
    // threads − 1 start at once; the last only when this thread leaves its lane to them (long
    // replications), and then stays a minute after it idles (plan runs a study per candidate)
    pool = new Tinypool({ filename: new URL(WORKER_ENTRY, import.meta.url).href, minThreads: threads - 1, maxThreads: threads, idleTimeout: 60_000 });
    pools.set(threads, pool);
  }
  return pool;
}

/** Starts the pool `runTasks(…, workers)` will use, so its threads boot while this thread loads a scenario. */
export function startWorkers(workers: number): void {
  if (workers > 1) poolOf(workers);
}

/** Stops every worker thread (the CLI calls this before exiting). */
export async function shutdownWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
