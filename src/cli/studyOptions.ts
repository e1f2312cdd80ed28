// Options every replication study shares (run, compare): workers, results file, shards; and how a study is driven.
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { parseIntOption, UsageError, write } from "./common.ts";
import { progressBar } from "./progressBar.ts";
import { runStudyRequest, type Shard, type StudyOutcome, type StudyRequest } from "../experiment/study.ts";
import type { Scenario } from "../model/scenario.ts";

export interface StudyCliOptions {
  workers?: string;
  out?: string;
  shard?: string;
  json?: boolean;
}

export function addStudyOptions(cmd: Command): Command {
  return cmd
    .option("--workers <W>", `worker threads (default: the number of cores, ${availableParallelism()} here); results never depend on it`)
    .option("--out <results.jsonl>", "append each finished replication to this file; rerunning with the same file resumes")
    .option("--shard <i/k>", "run only replications r ≡ i (mod k) and write them to --out; combine shards with lbsim merge");
}

export function parseShard(text: string | undefined): Shard | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new UsageError(`--shard must be i/k with 0 <= i < k, e.g. --shard 0/3 (got ${JSON.stringify(text)})`);
  return { index, count };
}

/** --workers, defaulting to the number of cores. */
export function parseWorkers(opts: { workers?: string }): number {
  return parseIntOption("--workers", opts.workers, availableParallelism());
}

/** --workers, --shard and --out (the worker threads started as the CLI read its command line: cli.ts). */
export function studyBasics(opts: StudyCliOptions): Pick<StudyRequest, "workers" | "shard" | "out"> {
  const workers = parseWorkers(opts);
  const shard = parseShard(opts.shard);
  if (shard && !opts.out) throw new UsageError("--shard writes its replications to a results file: add --out shard-I.jsonl");
  return { workers, shard, out: opts.out };
}

/**
 * Runs a study with a progress bar and Ctrl-C handling. Returns the outcome when the study is
 * complete and unsharded; otherwise prints what was saved and returns null. `warnings`, when
 * given, are computed beside the first replications and written above the progress bar.
 */
export async function driveStudy(request: StudyRequest, scenarios: Scenario[], opts: StudyCliOptions, warnings?: () => string[]): Promise<StudyOutcome | null> {
  // a single run counts its simulated time; a study its replications
  const single = request.replications === 1 && !request.stopping;
  const bar = progressBar(request.command, single ? "%" : "replications");
  const update = single ? (done: number, total: number) => bar.update(Math.floor((100 * done) / total), 100) : bar.update;
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on("SIGINT", onSigint);
  let outcome: StudyOutcome;
  try {
    const alongside = warnings ? () => warnings().forEach((line) => bar.note(line)) : undefined;
    outcome = await runStudyRequest({ ...request, progress: update, stopped: () => interrupted, alongside }, scenarios);
  } finally {
    bar.stop();
    process.off("SIGINT", onSigint);
  }
  if (outcome.interrupted) {
    const saved = request.out ? `finished replications are saved in ${request.out}; rerun the same command to resume` : "add --out FILE to keep finished replications";
    process.stderr.write(`interrupted: ${saved}\n`);
    process.exit(130);
  }
  if (request.shard) {
    const written = Object.values(outcome.runs).reduce((n, runs) => n + runs.filter(Boolean).length, 0);
    const summary = { out: request.out, shard: `${request.shard.index}/${request.shard.count}`, replications: written };
    write(opts.json ? JSON.stringify(summary, null, 2) : `shard ${summary.shard}: ${written} replication results in ${request.out}; combine the shards with lbsim merge`);
    return null;
  }
  return outcome;
}
