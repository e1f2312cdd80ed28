// Runs replication tasks in this thread or on a pool of worker threads; callers see each result as it finishes.
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import type Tinypool from "tinypool";
import { isWarm, laneLayout, markWarm, poolOf, retire, takeoverPool } from "./threadPools.ts";
import { postedTask, runTask, type ClaimedTasks, type PostedResult, type ReplicationTask, type TaskMessage } from "./replicationTask.ts";
import { TaskClaims } from "./taskClaims.ts";
import { sameNames, type RunResult } from "../stats/runMetrics.ts";

export type TaskOutcome = { task: ReplicationTask; result: RunResult; error?: undefined } | { task: ReplicationTask; error: Error; result?: undefined };

/**
 * Results never depend on `workers`: a task is a pure function of (scenario, seed, replication).
 * One worker (or one task) runs in this thread. With W > 1 this thread is one of the W lanes beside
 * W − 1 pool threads, and every lane claims its next task itself from a counter they share
 * (TaskClaims): this thread runs tasks while the pool threads start (each loads the compiled
 * modules, or the sources through tsx in tests, and warms its JIT), so a short study does not wait
 * for them, and a pool thread that finishes a task starts the next at once, though this thread, in
 * a replication of its own, reads the result only later. (Handing tasks out from this thread left
 * a pool thread idle for up to a replication at a time: 8 replications of ~0.3 s on 2 workers ran
 * no faster than on one.) After a replication longer than LOCAL_TASK_SECONDS, once the pool is up,
 * this thread only listens (results, the progress bar and Ctrl-C are then handled promptly) and a
 * W-th thread takes its lane. Where the W lanes fill the cores (laneCompiles.ts), every lane is a
 * pool thread that compiles its own code, and this thread only listens: its isolate, made at
 * start-up, would compile beside its lane on a core the lanes need. A stop lets no lane claim more;
 * the tasks running finish.
 */
export async function runTasks(
  tasks: ReplicationTask[],
  workers: number,
  onOutcome: (o: TaskOutcome) => void,
  stopped: () => boolean,
  options: {
    /** Hears the fraction done of a replication running in this thread (a single long run's progress). */
    runProgress?: (fraction: number) => void;
    /** Runs in this thread after the pool threads have their lanes (before any task with one worker). */
    alongside?: () => void;
    /** The machine's cores (os.availableParallelism() unless given): whether the lanes fill them. */
    cores?: number;
  } = {},
): Promise<void> {
  const { runProgress, alongside } = options;
  const claims = TaskClaims.create(tasks.length);
  const reported = new Uint8Array(tasks.length);
  const names = new MetricNames();
  const report = (index: number, o: TaskOutcome): void => {
    reported[index] = 1;
    onOutcome(o);
    if (stopped()) claims.stop();
  };
  if (stopped()) claims.stop();
  const layout = workers > 1 && tasks.length > 1 ? laneLayout(workers, options.cores ?? availableParallelism()) : null;
  const pool = layout ? poolOf(layout.poolThreads, layout.inLane) : null;
  // what the lanes' messages carry: each task with its scenario's tables packed, made once for every lane
  let posted: ReplicationTask[] | null = null;
  const toPost = () => (posted ??= tasks.map(postedTask));
  const poolLanes = pool ? Array.from({ length: Math.min(layout!.poolThreads, tasks.length) }, () => poolLane(pool, tasks, toPost(), claims, names, report)) : [];
  // a stop asked for while this thread only listens (Ctrl-C) reaches the lanes before their next claim
  const watch = pool ? setInterval(() => stopped() && claims.stop(), STOP_POLL_MS) : null;
  try {
    alongside?.();
    let lastLocalSeconds = 0;
    // every lane in the pool: this thread runs tasks only if every pool thread ended before the tasks did
    if (layout?.inLane) await Promise.all(poolLanes);
    const handsOver = pool !== null && !layout!.inLane;
    while (!(handsOver && isWarm(pool) && lastLocalSeconds > LOCAL_TASK_SECONDS)) {
      if (stopped()) claims.stop();
      const k = claims.claim();
      if (k < 0) break;
      const task = tasks[k]!;
      const t0 = performance.now();
      try {
        report(k, names.outcome(task, runTask(task, runProgress)));
      } catch (err) {
        report(k, { task, error: err instanceof Error ? err : new Error(String(err)) });
      }
      lastLocalSeconds = (performance.now() - t0) / 1000;
      // let results, the progress bar and signal handlers in between replications
      await throughPoll();
    }
    // long replications: a W-th pool thread takes this lane
    if (handsOver && claims.remaining()) poolLanes.push(poolLane(takeoverPool(), tasks, toPost(), claims, names, report));
    await Promise.all(poolLanes);
  } finally {
    if (watch) clearInterval(watch);
  }
  // a task claimed by a thread that died has no outcome: say so rather than lose it
  for (let k = 0; k < claims.claimed(); k++) {
    if (!reported[k]) onOutcome({ task: tasks[k]!, error: new Error("its worker thread stopped before it finished (out of memory?)") });
  }
}

/**
 * One array of metric names per scenario of a study, whichever lane ran the replication: a pool
 * thread posts a scenario's names once a lane (PostedResult), and runs that share one array are
 * known to have the same metrics without comparing 10^5 names (pointsAcross). The array is also
 * the one earlier studies in this process used for the scenario, where one of the last few had it
 * (sequential stopping runs a study in rounds, each with lanes of its own).
 */
export class MetricNames {
  private readonly byKey = new Map<string, RunResult["keys"]>();
  /** Each array byKey holds, once. */
  private readonly distinct: RunResult["keys"][] = [];

  /** The outcome of a task whose result is r, named by the study's array for its scenario. */
  outcome(task: ReplicationTask, r: PostedResult): TaskOutcome {
    let keys = this.byKey.get(task.key);
    if (!keys) {
      keys = earlierNames.get(task.key) ?? r.keys ?? undefined;
      if (!keys) return { task, error: new Error("engine invariant violated: a result arrived without its metric names") };
      keys = this.sameNamesAs(keys);
      this.byKey.set(task.key, keys);
      if (earlierNames.size >= KEEP_NAMES) earlierNames.delete(earlierNames.keys().next().value!);
      earlierNames.set(task.key, keys);
    }
    return { task, result: { counts: r.counts, keys, points: r.points, batches: r.batches } };
  }

  /**
   * The study's array of these very names where another scenario posted it already: the policies of a
   * compare or a sweep's points name the same metrics, and at 150 × 1,000 each copy is 1.5·10^5
   * strings (7 MB) kept by every result built from it.
   */
  private sameNamesAs(keys: RunResult["keys"]): RunResult["keys"] {
    const known = this.distinct.find((names) => sameNames(names, keys));
    if (known) return known;
    this.distinct.push(keys);
    return keys;
  }
}
// the names of the last few scenarios studied in this process, oldest first; a study's own map
// keeps every one it has seen, so a name posted once a lane is never dropped mid-study
const earlierNames = new Map<string, RunResult["keys"]>();
const KEEP_NAMES = 8;

/** How often (ms) a study whose lanes all run in pool threads checks whether it was asked to stop. */
const STOP_POLL_MS = 100;

/**
 * One pool thread's lane: it claims and runs tasks until none is left, posting each outcome on a
 * port of its own as it finishes. Resolves once every outcome it posted has been read, or once the
 * thread has ended some other way: it exited (a policy module's process.exit; Tinypool would wait
 * for it forever, so the thread says so on the port as it goes) or it crashed (Tinypool rejects).
 */
async function poolLane(
  pool: Tinypool,
  tasks: ReplicationTask[],
  /** The tasks as the thread receives them (postedTask), in the same order. */
  sent: ReplicationTask[],
  claims: TaskClaims,
  names: MetricNames,
  report: (index: number, o: TaskOutcome) => void,
): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  let read = 0;
  let posted = Infinity;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => (finish = resolve));
  port1.on("message", (m: TaskMessage) => {
    markWarm(pool);
    if (m.exited) retire(pool);
    if (m.index >= 0) {
      const task = tasks[m.index]!;
      report(m.index, m.error ? { task, error: m.error } : names.outcome(task, m.result));
    }
    if (m.exited || ++read >= posted) finish();
  });
  const lane: ClaimedTasks = { tasks: sent, control: claims.control, results: port2 };
  pool.run(lane, { transferList: [port2] }).then(
    (count: number) => {
      posted = count;
      if (read >= posted) finish();
    },
    // the thread crashed: what it posted has arrived by the next poll phase or never will
    () => throughPoll().then(finish),
  );
  await finished;
  port1.close();
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
