// Replications of one scenario on the worker pool, for searches that evaluate many candidates (plan, goodput).
import type { Scenario } from "../model/scenario.ts";
import { runTasks } from "./replicationPool.ts";
import { replicationTask, type ReplicationTask } from "./replicationTask.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { StudyError } from "../input/studyError.ts";

/**
 * Replications 0..R−1 of `s` (the same seeds for every candidate: common random numbers), in
 * replication order. The first failure stops the rest and is thrown, prefixed with `what`.
 */
export async function pooledReplications(s: Scenario, replications: number, warmup: number, workers: number, what: string): Promise<RunResult[]> {
  const tasks: ReplicationTask[] = Array.from({ length: replications }, (_, r) => replicationTask(s, 0, r, warmup));
  const runs: RunResult[] = [];
  const failures: string[] = [];
  await runTasks(
    tasks,
    workers,
    (o) => (o.error ? failures.push(o.error.message) : (runs[o.task.replication] = o.result)),
    () => failures.length > 0,
  );
  if (failures.length) throw new StudyError(`${what}: a replication failed: ${failures[0]}`);
  return runs;
}
