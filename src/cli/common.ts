// What every command shares: global options and scenario loading.
import type { Command } from "commander";
import { UsageError } from "./errorExit.ts";
import { loadScenario, type LoadOptions } from "../scenario/loadScenario.ts";
import type { OutputFormat } from "../report/studyOutput.ts";
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

export function write(text: string): void {
  // two writes, not text + "\n": the concatenation would be flattened into a copy of a result that
  // reaches tens of megabytes at 100×1,000 (one share metric per frontend-backend pair)
  process.stdout.write(text);
  if (!text.endsWith("\n")) process.stdout.write("\n");
}
