// Runs replication tasks in this thread or on a pool of worker threads; callers see each result as it finishes.
import Tinypool from "tinypool";
import { runTask, type ReplicationTask } from "./replicationTask.ts";
import type { RunResult } from "../stats/runMetrics.ts";

export type TaskOutcome = { task: ReplicationTask; result: RunResult; error?: undefined } | { task: ReplicationTask; error: Error; result?: undefined };

/**
 * Results never depend on `workers`: a task is a pure function of (scenario, seed, replication).
 * One worker (or one task) runs in this thread, which saves the workers' start-up (about half a
 * second each: they load the TypeScript sources). `stopped()` is polled between tasks so Ctrl-C
 * ends the study after the replications in progress.
 */
export async function runTasks(tasks: ReplicationTask[], workers: number, onOutcome: (o: TaskOutcome) => void, stopped: () => boolean): Promise<void> {
  if (workers <= 1 || tasks.length <= 1) {
    for (const task of tasks) {
      if (stopped()) return;
      try {
        onOutcome({ task, result: runTask(task) });
      } catch (err) {
        onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
      }
      // let signal handlers run between replications
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const threads = Math.min(workers, tasks.length);
  const pool = new Tinypool({ filename: new URL("./workerEntry.js", import.meta.url).href, minThreads: threads, maxThreads: threads });
  try {
    let next = 0;
    // each thread pulls the next task when it finishes one, so a stop leaves no queued work behind
    const lane = async (): Promise<void> => {
      while (next < tasks.length && !stopped()) {
        const task = tasks[next++]!;
        try {
          onOutcome({ task, result: (await pool.run(task)) as RunResult });
        } catch (err) {
          onOutcome({ task, error: err instanceof Error ? err : new Error(String(err)) });
        }
      }
    };
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool.destroy();
  }
}
