// What every command shares: global options and scenario loading.
import type { Command } from "commander";
import { UsageError } from "./errorExit.ts";
import { loadScenario, type LoadOptions } from "../scenario/loadScenario.ts";
import { COMPARE_TABLE_METRICS, compareCsvLines, formatCompareResult, runResultLines, type OutputFormat } from "../report/studyOutput.ts";
import { runCsvLines } from "../report/columnsCsv.ts";
import { streamJsonWithColumns } from "../report/columnsJson.ts";
import { compareRecords, type CompareStudyColumns, type RunStudyColumns } from "../experiment/studyResult.ts";
import type { Scenario } from "../model/scenario.ts";

export { UsageError };

export interface CommonOptions {
  allowLong?: boolean;
  json?: boolean;
  csv?: boolean;
  seed?: string;
  set: string[];
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option("--json", "machine-readable result on stdout")
    .option("--csv", "result as CSV on stdout")
    .option("--seed <S>", "override the scenario's seed")
    .option("--set <path=value>", "override a scenario field (repeatable)", (v: string, acc: string[]) => [...acc, v], [])
    .option("--allow-long", "run even when the work asked for is estimated at minutes to hours per replication");
}

/** A comma-separated option ("dgd-lb, jsq,") as its non-empty trimmed items. */
export function listOption(value: string): string[] {
  return value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

export function parseIntOption(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} must be an integer >= ${min} (got ${JSON.stringify(value)})`);
  return n;
}

export function loadOptionsOf(opts: CommonOptions): LoadOptions {
  const seed = opts.seed === undefined ? undefined : parseIntOption("--seed", opts.seed, 0, 0);
  return seed === undefined ? { overrides: opts.set } : { overrides: opts.set, seed };
}

export function loadFromOptions(file: string, opts: CommonOptions, policy?: string, keepAutoStep = false): Scenario {
  return loadScenario(file, { ...loadOptionsOf(opts), policy, keepAutoStep });
}

export function outputFormat(opts: CommonOptions): OutputFormat {
  return opts.json ? "json" : opts.csv ? "csv" : "table";
}

const WRITE_SLICE = 1 << 20;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export function write(text: string): void {
  // Not text + "\n": the concatenation would be flattened into a copy of a result that reaches tens
  // of megabytes at 100×1,000 (one share metric per frontend-backend pair). And in slices of about
  // 1 MB: a pipe takes a 16 MB string an order of magnitude slower than its slices.
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + WRITE_SLICE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // never split a character outside the BMP
    process.stdout.write(at === 0 && end === text.length ? text : text.slice(at, end));
    at = end;
  }
  if (!text.endsWith("\n")) process.stdout.write("\n");
}

/** A run result on stdout in the format asked; JSON and CSV streamed from the metrics' columns. */
export async function writeRunResult(result: RunStudyColumns, format: OutputFormat, description?: string): Promise<void> {
  if (format === "json") await writeJson(result);
  else if (format === "csv") await writeLines(runCsvLines(result.metrics));
  else await writeLines(runResultLines(result, description));
}

/** A compare result on stdout in the format asked; JSON and CSV streamed from the metrics' columns. */
export async function writeCompareResult(result: CompareStudyColumns, format: OutputFormat): Promise<void> {
  if (format === "json") await writeJson(result);
  else if (format === "csv") await writeLines(compareCsvLines(result));
  // a table shows a few metrics: their dictionaries only, not 10^5 objects a policy on a large fleet
  else write(formatCompareResult(compareRecords(result, COMPARE_TABLE_METRICS)));
}

/** Characters of lines joined into one write: small enough that they die young (a single-threaded
 * command keeps V8's young generation at 1 MB; pieces of 1 MB were promoted, and the old generation
 * grew by hundreds of MB of them). */
const LINES_PIECE = 1 << 16;

/**
 * Lines on stdout, each ended by a newline, in pieces of about LINES_PIECE characters; resolves once
 * stdout has taken them. A pipe whose reader is slower holds what it has not taken: the writer waits
 * for it to drain, so a result of 10^6 rows is never all in memory as text.
 */
export async function writeLines(lines: Iterable<string>): Promise<void> {
  let piece: string[] = [];
  let size = 0;
  const flush = async () => {
    const text = piece.join("\n") + "\n";
    piece = [];
    size = 0;
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once("drain", resolve));
  };
  for (const line of lines) {
    piece.push(line);
    size += line.length + 1;
    if (size >= LINES_PIECE) await flush();
  }
  if (piece.length > 0) await flush();
}

/** JSON.stringify(value, null, 2) of a result whose metrics are columns (their dictionaries in the text), and a newline; resolves once stdout has taken it. */
export async function writeJson(value: unknown): Promise<void> {
  await streamJsonWithColumns(value, process.stdout);
  process.stdout.write("\n");
}
