// `lbsim merge A.jsonl B.jsonl …`: shards of one study combined into the result the unsharded study prints.
import type { Command } from "commander";
import { outputFormat, writeCompareResult, writeRunResult, type CommonOptions } from "./common.ts";
import { readResultsFile, type ReplicationRecord, type StudyHeader } from "../experiment/resultsLog.ts";
import { StudyError } from "../input/studyError.ts";
import { compareStudyColumns, runStudyColumns } from "../experiment/studyResult.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import { keptForSummary } from "../experiment/summarize.ts";
import { sweepStudyColumns } from "../experiment/sweepResult.ts";
import { printSweep } from "./sweepCommand.ts";

export function registerMerge(program: Command): void {
  program
    .command("merge")
    .description("combine results files (--out of --shard runs) into the run or compare result of the whole study")
    .argument("<files...>", "results files written by run/compare --out")
    .option("--json", "machine-readable result on stdout")
    .option("--csv", "result as CSV on stdout")
    .action(async (files: string[], opts: CommonOptions) => {
      const { header, runs } = mergeResults(files);
      const format = outputFormat(opts);
      if (header.command === "run") await writeRunResult(runStudyColumns(header, runs[header.policies[0]!]!), format, header.description);
      else if (header.command === "sweep") await printSweep(sweepStudyColumns(header, runs), format);
      else await writeCompareResult(compareStudyColumns(header, runs), format);
    });
}

/** Every replication 0..R−1 of every policy, each from whichever file holds it; files must belong to one study. */
export function mergeResults(files: string[]): { header: StudyHeader; runs: Record<string, RunResult[]> } {
  // each run read kept as the study's summary needs it (a study of several replications: its points)
  const parsed = files.map((f) => ({ file: f, ...readResultsFile(f, (h) => keptForSummary(h.replications)) }));
  const first = parsed[0]!;
  for (const p of parsed) {
    if (p.header.fingerprint !== first.header.fingerprint || p.header.replications !== first.header.replications) {
      throw new StudyError(`${p.file} belongs to another study than ${first.file} (scenario, overrides, seed, policies and replications must match)`);
    }
  }
  const header = first.header;
  const runs: Record<string, RunResult[]> = {};
  for (const k of header.policies) runs[k] = [];
  const take = (rec: ReplicationRecord) => {
    if (rec.replication < header.replications) runs[rec.policy]![rec.replication] ??= rec.result;
  };
  parsed.forEach((p) => p.records.forEach(take));
  for (const k of Object.keys(runs)) {
    const missing: number[] = [];
    for (let r = 0; r < header.replications; r++) if (!runs[k]![r]) missing.push(r);
    if (missing.length > 0) {
      throw new StudyError(
        `replications ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""} of ${k} are in none of the files; run their shards (or rerun a shard with its --out to finish it) and merge again`,
      );
    }
  }
  return { header: { ...header, shard: null }, runs };
}
