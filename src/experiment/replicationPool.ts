// Runs replication tasks in this thread or on a pool of worker threads; callers see each result as it finishes.
import Tinypool from "tinypool";
import { runTask, type ReplicationTask } from "./replicationTask.ts";
import type { RunResult } from "../stats/runMetrics.ts";

export type TaskOutcome = { task: ReplicationTask; result: RunResult; error?: undefined } | { task: ReplicationTask; error: Error; result?: undefined };

/**
 * Results never depend on `workers`: a task is a pure function of (scenario, seed, replication).
 * One worker (or one task) runs in this thread, saving the pool's start-up (about half a second:
 * each thread loads the TypeScript sources). With a pool this thread only dispatches, so results,
 * the progress bar and Ctrl-C are handled at once. Each lane pulls the next task when it finishes
 * one, so a stop leaves nothing queued.
 */
export async function runTasks(tasks: ReplicationTask[], workers: number, onOutcome: (o: TaskOutcome) => void, stopped: () => boolean): Promise<void> {
  let next = 0;
  const localLane = async (): Promise<void> => {
    while (next < tasks.length && !stopped()) {
      const task = tasks[next++]!;
      try {
        onOutcome({ task, result: runTask(task) });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
      // let the progress bar and signal handlers in between replications
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  if (workers <= 1 || tasks.length <= 1) return localLane();
  const threads = Math.min(workers, tasks.length);
  const pool = new Tinypool({ filename: new URL("./workerEntry.js", import.meta.url).href, minThreads: threads, maxThreads: threads });
  const poolLane = async (): Promise<void> => {
    while (next < tasks.length && !stopped()) {
      const task = tasks[next++]!;
      try {
        onOutcome({ task, result: (await pool.run(task)) as RunResult });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, poolLane));
  } finally {
    await pool.destroy();
  }
}
