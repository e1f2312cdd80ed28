// One unit of work of a study, in a form that crosses thread boundaries.
import { createRequire } from "node:module";
import type { Hash } from "node:crypto";
import type { MessagePort } from "node:worker_threads";
import { postedScenarioData, scenarioData, scenarioFromData, type ScenarioData } from "../scenario/loadScenario.ts";
import type { Scenario } from "../model/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { runReplication } from "../engine/runReplication.ts";
import { knowOptimalRouting, optimalRoutingOf, usesOptimalRouting } from "../optimum/optimalRouting.ts";
import { TaskClaims } from "./taskClaims.ts";

/**
 * A replication ships the resolved scenario as plain data (spec with defaults and the "auto" step
 * resolved, plus the input files' columns), so a worker never reads or validates a file. `key`
 * identifies that data: a worker rebuilds the scenario once per key, not once per replication.
 */
export interface ReplicationTask {
  key: string;
  data: ScenarioData;
  /** Which of the study's scenarios (policies) this is. */
  variant: number;
  replication: number;
  /** Resolved warm-up in seconds (MSER-5 is resolved once per study, before any task). */
  warmup: number;
  /** x* where the scenario routes by it, solved once by the thread making the tasks (workers would each solve it again). */
  optimalRouting?: Float64Array;
  /** false: the result keeps no batch values of the frontends' metrics (RunOptions.frontendBatches). */
  frontendBatches: boolean;
}

const digests = new WeakMap<Scenario, string>();

/**
 * node:crypto's SHA-256, loaded on first use: only the thread that makes tasks digests a scenario,
 * and loading the module at import cost every pool thread's start about 8 ms.
 */
function sha256(): Hash {
  nodeCrypto ??= createRequire(import.meta.url)("node:crypto") as typeof import("node:crypto");
  return nodeCrypto.createHash("sha256");
}
let nodeCrypto: typeof import("node:crypto") | null = null;

/** A hash of everything a run reads: the resolved spec and the input columns (cached per scenario object). */
export function scenarioDigest(s: Scenario): string {
  let d = digests.get(s);
  if (d === undefined) {
    const h = sha256().update(JSON.stringify([s.file, s.spec]));
    for (const path of Object.keys(s.inputs.columns).sort()) {
      const cols = s.inputs.columns[path]!;
      for (const name of Object.keys(cols).sort()) {
        const a = cols[name]!;
        h.update(`${path}\u0000${name}\u0000`).update(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
    }
    h.update(
      JSON.stringify(
        Object.keys(s.inputs.json)
          .sort()
          .map((k) => [k, s.inputs.json[k]]),
      ),
    );
    d = h.digest("hex").slice(0, 16);
    digests.set(s, d);
  }
  return d;
}

/** The task as a pool thread receives it: its scenario's tables packed (postedScenarioData). */
export function postedTask(task: ReplicationTask): ReplicationTask {
  const data = postedScenarioData(task.data);
  return data === task.data ? task : { ...task, data };
}

export function replicationTask(s: Scenario, variant: number, replication: number, warmup: number, frontendBatches = true): ReplicationTask {
  const key = scenarioDigest(s);
  // the thread that makes the task already holds the scenario: its own lane need not rebuild it
  // (80 ms at 100×1,000, where validation walks 10^5 latencies)
  if (!built.has(key)) keep(key, s);
  const task: ReplicationTask = { key, data: scenarioData(s), variant, replication, warmup, frontendBatches };
  if (usesOptimalRouting(s)) task.optimalRouting = optimalRoutingOf(s);
  return task;
}

// a worker rebuilds each scenario once per study; a few are kept (plan alternates between
// candidate fleets), the oldest dropped first
const built = new Map<string, Scenario>();
const KEEP = 8;

function keep(key: string, scenario: Scenario): void {
  if (built.size >= KEEP) built.delete(built.keys().next().value!);
  built.set(key, scenario);
}

function scenarioOf(task: ReplicationTask): Scenario {
  let scenario = built.get(task.key);
  if (!scenario) {
    keep(task.key, (scenario = scenarioFromData(task.data)));
    if (task.optimalRouting) knowOptimalRouting(scenario, task.optimalRouting);
  }
  return scenario;
}

export function runTask(task: ReplicationTask, progress?: (fraction: number) => void, resultColumn?: (length: number) => Float64Array): RunResult {
  return runReplication(scenarioOf(task), task.replication, { warmup: task.warmup, progress, resultColumn, frontendBatches: task.frontendBatches });
}

/**
 * A result column in shared memory: posted to the main thread, it is shared, neither copied nor
 * moved. Moving (transferring) a buffer detaches it, and the first detached buffer in a thread
 * tells V8 that typed arrays there may be detached: it threw away all of the thread's optimised
 * code at its first result (the event loop compiled again) and checked every typed-array access
 * from then on.
 */
function sharedColumn(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

/** What a pool thread's lane receives once per study: the tasks, the shared claims, and a port for results. */
export interface ClaimedTasks {
  tasks: ReplicationTask[];
  control: Int32Array;
  /** Each finished task goes back here as a TaskMessage, as soon as it finishes. */
  results: MessagePort;
}

/**
 * A pool thread's report of task `index`: its result, or why it failed; `exited` when the thread is
 * ending inside the task (process.exit), its last message (index -1 if between tasks).
 */
export type TaskMessage = { index: number; result: PostedResult; error?: undefined; exited?: undefined } | { index: number; error: Error; result?: undefined; exited?: boolean };

/**
 * A result as a lane posts it: its metric names (10^5 strings at 100 × 1,000, some 2.5 MB to copy
 * on each side) only with its lane's first result of a scenario, null after; the receiving thread
 * keeps them by the task's key (the names depend on the scenario alone).
 */
export type PostedResult = Omit<RunResult, "keys"> & { keys: RunResult["keys"] | null };

/**
 * A pool thread's handler: runs tasks it claims until none is left, posting each outcome at once
 * (a result must not wait for the lane's end), and returns how many it posted, so that the
 * receiving thread knows when it has read them all (the port and Tinypool's reply are not ordered).
 */
export function runClaimedTasks(lane: ClaimedTasks): number {
  const claims = new TaskClaims(lane.control, lane.tasks.length);
  let posted = 0;
  let current = -1;
  // process.exit in a worker thread ends the thread, not the process: say so, or the study waits for this lane forever
  const onExit = (code: number): void => {
    const exited: TaskMessage = { index: current, error: new Error(`its worker thread exited (process.exit(${code})) inside the replication`), exited: true };
    lane.results.postMessage(exited);
  };
  process.on("exit", onExit);
  // the scenarios whose metric names this lane has posted
  const named = new Set<string>();
  try {
    for (let k = claims.claim(); k >= 0; k = claims.claim()) {
      current = k;
      let message: TaskMessage;
      try {
        const task = lane.tasks[k]!;
        const result: PostedResult = runTask(task, undefined, sharedColumn);
        if (named.has(task.key)) result.keys = null;
        named.add(task.key);
        message = { index: k, result };
      } catch (err) {
        message = { index: k, error: err instanceof Error ? err : new Error(String(err)) };
      }
      current = -1;
      // the result's columns are in shared memory: posted without a copy
      lane.results.postMessage(message);
      posted++;
    }
  } finally {
    process.off("exit", onExit);
  }
  // the receiving thread closes the channel once it has read them all
  return posted;
}
