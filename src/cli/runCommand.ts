// `lbsim run S`: one scenario, R replications, a table of every metric with its 95% interval.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, parseIntOption, write, type CommonOptions } from "./common.ts";
import { assertFeasible } from "../model/loadCheck.ts";
import { seriesFile, traceFile } from "../report/fileSinks.ts";
import { metricsCsv, metricsTable } from "../report/metricsTable.ts";
import { runStudy } from "../experiment/runStudy.ts";
import { UsageError } from "./common.ts";

interface RunOptions extends CommonOptions {
  replications?: string;
  workers?: string;
  policy?: string;
  series?: string;
  trace?: string;
  allowOverload?: boolean;
}

export function registerRun(program: Command): void {
  addCommonOptions(
    program
      .command("run")
      .description("simulate a scenario and report every metric with its 95% confidence interval")
      .argument("<scenario>", "scenario JSON file")
      .option("--replications <R>", "independent replications (default 1: batch means on one run)")
      .option("--workers <W>", "accepted for interface compatibility; replications currently run in this thread (results never depend on it)")
      .option("--policy <kind>", "override the scenario's routing policy")
      .option("--series <file.csv>", "write the time series (one row per sample.interval)")
      .option("--trace <file.csv>", "write one row per completed request")
      .option("--allow-overload", "simulate even when the offered load exceeds capacity"),
  ).action((file: string, opts: RunOptions) => {
    const scenario = loadFromOptions(file, opts, opts.policy);
    if (!opts.allowOverload) assertFeasible(scenario);
    const replications = parseIntOption("--replications", opts.replications, 1);
    if ((opts.series || opts.trace) && replications > 1) throw new UsageError("--series and --trace record one run: use them with --replications 1");
    const trace = opts.trace ? traceFile(opts.trace) : undefined;
    const series = opts.series ? seriesFile(opts.series) : undefined;
    parseIntOption("--workers", opts.workers, 1);
    const summary = runStudy(scenario, { replications, trace, series });
    trace?.close();
    series?.close();
    const result = { scenario: scenario.name, seed: scenario.seed, policy: scenario.policy.kind, ...summary };
    if (opts.json) write(JSON.stringify(result, null, 2));
    else if (opts.csv) write(metricsCsv(summary.metrics));
    else {
      write(`scenario ${scenario.name} (policy ${scenario.policy.kind}, seed ${scenario.seed}, ${summary.replications} replication${summary.replications > 1 ? "s" : ""})`);
      if (scenario.description) write(scenario.description);
      write(`requests: ${summary.counts.arrived} arrived, ${summary.counts.completed} completed, ${summary.counts.inFlight} in flight at the horizon\n`);
      write(metricsTable(summary.metrics));
    }
  });
}
