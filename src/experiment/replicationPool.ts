// Runs replication tasks in this thread or on a pool of worker threads; callers see each result as it finishes.
import Tinypool from "tinypool";
import { runTask, type ReplicationTask } from "./replicationTask.ts";
import type { RunResult } from "../stats/runMetrics.ts";

export type TaskOutcome = { task: ReplicationTask; result: RunResult; error?: undefined } | { task: ReplicationTask; error: Error; result?: undefined };

/**
 * Results never depend on `workers`: a task is a pure function of (scenario, seed, replication).
 * One worker (or one task) runs in this thread. With a pool, this thread also runs tasks while the
 * pool threads start (each loads the compiled modules, or the sources through tsx in tests, and warms its JIT),
 * and only dispatches once the first pool result is in, so results, the progress bar and Ctrl-C
 * are handled promptly from then on. Each lane pulls the next task when it finishes one, so a stop
 * leaves nothing queued.
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
  const localLane = async (): Promise<void> => {
    while (next < tasks.length && !stopped() && !(pool && warm.has(pool))) {
      const task = tasks[next++]!;
      try {
        onOutcome({ task, result: runTask(task, runProgress) });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
      // let the progress bar and signal handlers in between replications
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  if (!pool) return localLane();
  const poolLane = async (): Promise<void> => {
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
  await Promise.all([...Array.from({ length: Math.min(workers, tasks.length) }, poolLane), localLane()]);
}

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
    pool = new Tinypool({ filename: new URL(WORKER_ENTRY, import.meta.url).href, minThreads: threads, maxThreads: threads });
    pools.set(threads, pool);
  }
  return pool;
}

/** Stops every worker thread (the CLI calls this before exiting). */
export async function shutdownWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
