// A study: replications of one or more policies on one scenario, on workers or shards, resumable.
import { createHash } from "node:crypto";
import { loadScenario, withPolicy, type LoadOptions } from "../scenario/loadScenario.ts";
import type { Scenario } from "../model/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { ResultsLog, type StudyHeader } from "./resultsLog.ts";
import { runTasks, type TaskOutcome } from "./replicationPool.ts";
import { replicationTask, scenarioDigest, type ReplicationTask } from "./replicationTask.ts";
import { resolveWarmup } from "./mser5.ts";
import { meetsTarget, nextReplications, type StoppingRule } from "./sequentialStopping.ts";
import { keptForSummary, summarize } from "./summarize.ts";
import { stepSizesOf } from "./studyResult.ts";
import { StudyError } from "../input/studyError.ts";
import { namedMetric } from "./namedMetric.ts";

export interface Shard {
  index: number;
  count: number;
}

export interface StudyRequest {
  command: "run" | "compare" | "sweep";
  /** Names of the scenarios in results and records (default: their policy kinds; a sweep names point and policy). */
  labels?: string[];
  /** Recorded in the results file's header (a sweep's varied paths and points), for merge. */
  sweep?: StudyHeader["sweep"];
  replications: number;
  workers: number;
  shard?: Shard;
  stopping?: StoppingRule;
  out?: string;
  /** Called with (done, total) as replications finish. */
  progress?: (done: number, total: number) => void;
  /** Polled between replications (Ctrl-C). */
  stopped?: () => boolean;
  /**
   * Work for this thread that needs no result (a check that may warn): it runs once the worker
   * threads have their first replications, so they boot and compute meanwhile; with one worker,
   * before the first replication.
   */
  alongside?: () => void;
}

export interface StudyOutcome {
  header: StudyHeader;
  /** runs[policy][r]; with a shard, only that shard's replications are present. */
  runs: Record<string, RunResult[]>;
  replications: number;
  stopping?: StoppingRule & { met: boolean };
  interrupted: boolean;
}

/**
 * The scenario as each policy runs it (feasibility and MSER-5 are judged on these): one load, one
 * read of each file. A policy undefined is the scenario's own.
 */
export function studyScenarios(file: string, load: LoadOptions, policies: ReadonlyArray<string | undefined>): Scenario[] {
  const own = loadScenario(file, { ...load, keepAutoStep: true });
  return policies.map((policy) => withPolicy(own, policy));
}

/** Hash of the command and the resolved scenarios it runs (spec after overrides and defaults, input data). */
export function studyFingerprint(command: StudyRequest["command"], scenarios: Scenario[], labels?: string[]): string {
  return createHash("sha256")
    .update(JSON.stringify({ command, scenarios: scenarios.map(scenarioDigest), ...(labels ? { labels } : {}) }))
    .digest("hex")
    .slice(0, 16);
}

export async function runStudyRequest(request: StudyRequest, scenarios: Scenario[]): Promise<StudyOutcome> {
  const first = scenarios[0]!;
  // one warm-up for every policy, so paired comparisons measure the same window
  const warmup = resolveWarmup(first);
  const kinds = request.labels ?? scenarios.map((s) => s.policy.kind);
  const header: StudyHeader = {
    lbsim: "results",
    command: request.command,
    scenario: first.name,
    ...(first.description ? { description: first.description } : {}),
    seed: first.seed,
    policies: kinds,
    replications: request.replications,
    warmup,
    fingerprint: studyFingerprint(request.command, scenarios, request.labels),
    shard: request.shard ? `${request.shard.index}/${request.shard.count}` : null,
    ...(request.sweep ? { sweep: request.sweep } : {}),
  };
  const stepSizes = stepSizesOf(scenarios, kinds);
  if (stepSizes) header.stepSizes = stepSizes;
  // several replications are summarised from their points: a kept run needs no frontend batch values
  const several = request.replications >= 2;
  const kept = keptForSummary(request.replications);
  // runs read back are kept so as each is read (a file of large runs may not fit in memory whole)
  const log = request.out ? ResultsLog.open(request.out, header, kept) : undefined;
  const runs: Record<string, RunResult[]> = Object.fromEntries(kinds.map((k) => [k, []]));
  for (const rec of log?.records ?? []) if (Object.hasOwn(runs, rec.policy)) runs[rec.policy]![rec.replication] = rec.result;

  // nor, without a results file (which records every batch value), need a run make them
  const frontendBatches = !several || log !== undefined;
  const failures: string[] = [];
  let pendingAlongside = request.alongside;
  let replications = request.replications;
  let met = false;
  const inShard = (r: number) => !request.shard || r % request.shard.count === request.shard.index;
  for (;;) {
    const tasks: ReplicationTask[] = [];
    let total = 0;
    for (let p = 0; p < kinds.length; p++) {
      if (kinds.indexOf(kinds[p]!) < p) continue; // a policy listed twice runs once
      for (let r = 0; r < replications; r++) {
        if (!inShard(r)) continue;
        total++;
        if (runs[kinds[p]!]![r] === undefined) tasks.push(replicationTask(scenarios[p]!, p, r, warmup.time, frontendBatches));
      }
    }
    let done = total - tasks.length;
    request.progress?.(done, total);
    const onOutcome = (o: TaskOutcome): void => {
      const policy = kinds[o.task.variant]!;
      if (o.error) {
        failures.push(`replication ${o.task.replication} of ${policy} (seed ${first.seed}, replication stream ${o.task.replication}) failed: ${o.error.message}`);
        return;
      }
      runs[policy]![o.task.replication] = kept(o.result);
      log?.append({ policy, replication: o.task.replication, result: o.result });
      request.progress?.(++done, total);
    };
    // one replication: report its progress within the run
    const runProgress = total === 1 && tasks.length === 1 && request.progress ? (f: number) => request.progress!(f, 1) : undefined;
    await runTasks(tasks, request.workers, onOutcome, () => request.stopped?.() === true || failures.length > 0, { runProgress, alongside: pendingAlongside });
    pendingAlongside = undefined; // once: not again in later rounds of sequential stopping
    if (failures.length > 0) {
      const where = log
        ? `the ${Object.values(runs).flat().filter(Boolean).length} finished replications are saved in ${log.path}; rerun with the same --out to retry`
        : "rerun with --out FILE to keep finished replications across attempts";
      throw new StudyError(`${failures.join("; ")}; ${where}`);
    }
    if (request.stopped?.()) return { header, runs, replications, interrupted: true };
    if (!request.stopping) break;
    const metrics = summarize(runs[kinds[0]!]!.slice(0, replications)).metrics;
    for (const key of request.stopping.metrics) {
      namedMetric(metrics, key, "--metrics");
    }
    met = meetsTarget(request.stopping, metrics);
    if (met || replications >= request.stopping.maxReplications) break;
    replications = nextReplications(request.stopping, metrics, replications);
  }
  for (const k of kinds) runs[k] = runs[k]!.slice(0, replications);
  return { header: { ...header, replications }, runs, replications, stopping: request.stopping ? { ...request.stopping, met } : undefined, interrupted: false };
}
