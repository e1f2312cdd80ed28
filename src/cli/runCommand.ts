// `lbsim run S`: one scenario, R replications, a table of every metric with its 95% interval.
import { assertRunnable } from "../engine/assertRunnable.ts";
import type { Command } from "commander";
import { addCommonOptions, parseIntOption, writeRunResult, UsageError, type CommonOptions, outputFormat, loadOptionsOf, listOption } from "./common.ts";
import { addStudyOptions, driveStudy, studyBasics, type StudyCliOptions } from "./studyOptions.ts";
import { stepSizeWarnings, warnAboutStepSize } from "./stepSizeCheck.ts";
import { seriesFile, traceFile } from "../report/fileSinks.ts";
import { singleRunColumns } from "../experiment/singleRun.ts";
import { studyScenarios, type StudyRequest } from "../experiment/study.ts";
import { runStudyColumns } from "../experiment/studyResult.ts";
import type { StoppingRule } from "../experiment/sequentialStopping.ts";

interface RunOptions extends CommonOptions, StudyCliOptions {
  replications?: string;
  policy?: string;
  series?: string;
  trace?: string;
  allowOverload?: boolean;
  targetHalfWidth?: string;
  relative?: boolean;
  metrics?: string;
  maxReplications?: string;
}

export function registerRun(program: Command): void {
  addStudyOptions(
    addCommonOptions(
      program
        .command("run")
        .description("simulate a scenario and report every metric with its 95% confidence interval")
        .argument("<scenario>", "scenario JSON file")
        .option("--replications <R>", "independent replications (default 1: batch means on one run; 10 to start sequential stopping)")
        .option("--policy <kind>", "override the scenario's routing policy")
        .option("--series <file.csv>", "write the time series (one row per sample.interval)")
        .option("--trace <file.csv>", "write one row per completed request")
        .option("--allow-overload", "simulate even when the offered load exceeds capacity")
        .option("--target-half-width <h>", "add replications until every --metrics half-width is at most h")
        .option("--relative", "the target half-width is a fraction of the estimate (e.g. 0.01 = 1%)")
        .option("--metrics <a,b>", "metrics sequential stopping watches (default latency.mean)")
        .option("--max-replications <M>", "sequential stopping gives up here (default 1000)"),
    ),
  ).action(async (file: string, opts: RunOptions) => {
    const load = loadOptionsOf(opts);
    const replications = parseIntOption("--replications", opts.replications, opts.targetHalfWidth ? 10 : 1);
    const request: StudyRequest = { command: "run", replications, stopping: stoppingRule(opts), ...studyBasics(opts) };
    const scenarios = studyScenarios(file, load, [opts.policy]);
    const scenario = scenarios[0]!;
    assertRunnable(scenario, opts);
    if (request.stopping && request.shard) throw new UsageError("--target-half-width decides the number of replications as results arrive; it cannot be split into --shard runs");
    if (opts.series || opts.trace) {
      if (request.replications > 1 || request.stopping) throw new UsageError("--series and --trace record one run: use them with --replications 1");
      warnAboutStepSize(scenarios);
      // one recorded run in this thread: sinks write files as the run goes
      const trace = opts.trace ? traceFile(opts.trace, scenario.llm) : undefined;
      const series = opts.series ? seriesFile(opts.series) : undefined;
      const result = singleRunColumns(scenario, 0, { trace, series });
      trace?.close();
      series?.close();
      return writeRunResult(result, outputFormat(opts), scenario.description);
    }
    const outcome = await driveStudy(request, scenarios, opts, () => stepSizeWarnings(scenarios));
    if (!outcome) return;
    await writeRunResult(runStudyColumns(outcome.header, outcome.runs[scenario.policy.kind]!, outcome.stopping), outputFormat(opts), scenario.description);
  });
}

function stoppingRule(opts: RunOptions): StoppingRule | undefined {
  if (opts.targetHalfWidth === undefined) {
    if (opts.relative || opts.metrics || opts.maxReplications) throw new UsageError("--relative, --metrics and --max-replications go with --target-half-width h");
    return undefined;
  }
  const target = Number(opts.targetHalfWidth);
  if (!(target > 0) || !Number.isFinite(target)) throw new UsageError(`--target-half-width must be a positive number (got ${JSON.stringify(opts.targetHalfWidth)})`);
  const metrics = listOption(opts.metrics ?? "latency.mean");
  return { target, relative: opts.relative === true, metrics, maxReplications: parseIntOption("--max-replications", opts.maxReplications, 1000, 2) };
}
