// The pools of worker threads a study's lanes run on: started once per size, shared by every study of the process.
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import { lanesFillCores, startedCompilingInLane } from "./laneCompiles.ts";

/**
 * How a study of W > 1 lanes runs them: W − 1 pool threads beside this thread, compiling on V8's
 * helper threads; or, where the lanes fill the cores, W pool threads that compile in their lanes.
 */
export function laneLayout(workers: number, cores: number): { poolThreads: number; inLane: boolean } {
  return lanesFillCores(workers, cores) ? { poolThreads: workers, inLane: true } : { poolThreads: workers - 1, inLane: false };
}

// compiled (dist/): plain JavaScript workers; from the sources (tests, tsx): workers that load tsx
const WORKER_ENTRY = import.meta.url.endsWith(".ts") ? "./sourceWorkerEntry.js" : "./workerEntry.js";

// One pool per size for the life of the process: `plan` runs a study per candidate fleet, and
// starting threads each time would cost half a second per candidate.
const pools = new Map<string, Tinypool>();
// pools that have returned a result: their threads are up, so a study's own thread only dispatches
const warm = new WeakSet<Tinypool>();

/** The pool has returned a result: its threads are up. */
export function markWarm(pool: Tinypool): void {
  warm.add(pool);
}

export function isWarm(pool: Tinypool): boolean {
  return warm.has(pool);
}

/**
 * `threads` threads, each running one lane of claimed tasks at a time; idle threads stay a minute
 * (plan runs a study per candidate).
 */
export function poolOf(threads: number, inLane: boolean, role = "lanes"): Tinypool {
  const key = `${role}:${threads}:${inLane ? "in lane" : "beside"}`;
  let pool = pools.get(key);
  if (!pool) {
    allowPipesFrom(threads);
    const start = (): Tinypool => new Tinypool({ filename: new URL(WORKER_ENTRY, import.meta.url).href, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
    pool = inLane ? startedCompilingInLane(start, (p) => p.threads) : start();
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Every worker thread's stdout and stderr are piped into this process's, and each pipe adds an
 * 'error' listener to them: from 10 threads on (a 16-core machine's default study), Node printed a
 * MaxListenersExceededWarning ("possible EventEmitter memory leak") under every study. Each pool
 * raises their limit by its size (a limit of 0, no limit, stays).
 */
function allowPipesFrom(threads: number): void {
  for (const stream of [process.stdout, process.stderr]) {
    const limit = stream.getMaxListeners();
    if (limit > 0) stream.setMaxListeners(limit + threads);
  }
}

/** The thread that takes this thread's lane when replications are long: started only then. */
export function takeoverPool(): Tinypool {
  return poolOf(1, false, "takeover");
}

/**
 * Starts the pool `runTasks(…, workers)` will use, so its threads boot while this thread loads the
 * command and its scenario. This module loads neither the engine nor the scenario format: bin/lbsim.js
 * starts a study's threads through it before it loads the CLI.
 */
export function startWorkers(workers: number): void {
  if (workers <= 1) return;
  const layout = laneLayout(workers, availableParallelism());
  poolOf(layout.poolThreads, layout.inLane);
}

/**
 * A pool one of whose threads exited inside a task: Tinypool counts that thread busy for good, so
 * later studies get a fresh pool; this one is destroyed with the rest.
 */
export function retire(pool: Tinypool): void {
  for (const [key, p] of pools) if (p === pool) pools.delete(key);
  retired.add(pool);
}
const retired = new Set<Tinypool>();

/** Stops every worker thread (the CLI calls this before exiting). */
export async function shutdownWorkers(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  // the exited thread's task never settles, nor would its pool's destroy(); idle threads do not hold the process open
  for (const p of retired) p.destroy().catch(() => {});
  retired.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
