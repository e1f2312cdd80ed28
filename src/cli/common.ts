// What every command shares: global options, scenario loading, and the single error exit.
import { CommanderError, type Command } from "commander";
import { ScenarioError } from "../scenario/scenarioError.ts";
import { StudyError } from "../experiment/studyError.ts";
import { loadScenario, type LoadOptions } from "../scenario/loadScenario.ts";
import type { OutputFormat } from "../report/studyOutput.ts";
import type { Scenario } from "../model/scenario.ts";

export interface CommonOptions {
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
    .option("--set <path=value>", "override a scenario field (repeatable)", (v: string, acc: string[]) => [...acc, v], []);
}

/** A usage problem the user can fix: printed like a ScenarioError, exit status 2. */
export class UsageError extends Error {}

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

export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** The CLI's one catch: expected errors become one `error:` line and exit 2; nothing else reaches stdout. */
export function reportError(err: unknown): never {
  if (err instanceof ScenarioError) fail(err.describe());
  if (err instanceof UsageError || err instanceof StudyError) fail(err.message);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) process.exit(0);
    fail(err.message.replace(/^error: /, ""));
  }
  const e = err as Error;
  fail(`internal error: ${e?.message ?? String(err)} (please report this with the scenario)`);
}

export function write(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : text + "\n");
}
