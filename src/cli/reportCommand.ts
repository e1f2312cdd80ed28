// `lbsim report S --out report.html`: the self-contained HTML page, and a readable summary on stdout.
import { assertRunnable } from "../engine/assertRunnable.ts";
import { writeFileAtomically } from "../report/atomicWrite.ts";
import { sweepGrid } from "../experiment/sweepGrid.ts";
import { variedFromOptions } from "./sweepCommand.ts";
import { sweepStudyColumns, type SweepStudyColumns } from "../experiment/sweepResult.ts";
import { runStudyRequest } from "../experiment/study.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Command } from "commander";
import { addCommonOptions, loadOptionsOf, parseIntOption, UsageError, write, writeJson, type CommonOptions, listOption } from "./common.ts";
import { gatherReport, shownFigures } from "../report/reportData.ts";
import { renderReport } from "../report/htmlReport.ts";
import { sweepTable } from "../report/sweepOutput.ts";
import { formatCompareResult } from "../report/studyOutput.ts";
import { studyScenarios } from "../experiment/study.ts";
import { parseWorkers } from "./studyOptions.ts";
import { hasClosedLoop } from "../model/loadCheck.ts";

interface ReportOptions extends CommonOptions {
  out?: string;
  replications?: string;
  policies?: string;
  workers?: string;
  allowOverload?: boolean;
  vary: string[];
  sweepReplications?: string;
}

/** The sweep of the report's compared policies (sweep's machinery, in this process's pool). */
async function reportSweep(base: Scenario, texts: string[], policies: Record<string, unknown>, replications: number, workers: number): Promise<SweepStudyColumns> {
  const grid = sweepGrid(base, variedFromOptions(texts), Object.keys(policies));
  const outcome = await runStudyRequest({ command: "sweep", labels: grid.labels, sweep: grid.sweep, replications, workers }, grid.scenarios);
  return sweepStudyColumns(outcome.header, outcome.runs);
}

export const DEFAULT_REPORT_POLICIES = "static-optimal,sed,jsq,random";

export function registerReport(program: Command): void {
  addCommonOptions(
    program
      .command("report")
      .description("write a self-contained HTML report: scenario, routing and queues over time, latency distribution, per-region table, policy comparison")
      .argument("<scenario>", "scenario JSON file")
      .option("--out <file.html>", "where to write the page")
      .option("--replications <R>", "replications per policy (default 10)")
      .option("--policies <a,b>", `policies compared with the scenario's (default ${DEFAULT_REPORT_POLICIES})`)
      .option("--workers <W>", "worker threads (default: the number of cores)")
      .option("--allow-overload", "report even when the offered load exceeds capacity")
      .option("--vary <path=v1,v2,...>", "add a sweep of the compared policies over these values (as lbsim sweep; repeatable)", (v: string, acc: string[]) => [...acc, v], [])
      .option("--sweep-replications <R>", "replications per policy and point of the sweep (default 4)"),
  ).action(async (file: string, opts: ReportOptions) => {
    if (!opts.out) throw new UsageError("--out FILE.html is required (where to write the report)");
    if (opts.csv) throw new UsageError("report writes an HTML page: --csv has no meaning here (use --json for the summary)");
    const load = loadOptionsOf(opts);
    const scenario = studyScenarios(file, load, [undefined])[0]!;
    assertRunnable(scenario, opts);
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const workers = parseWorkers(opts);
    // static-optimal needs every frontend's arrival rate: left out of the default list when a closed loop has none
    const defaults = listOption(DEFAULT_REPORT_POLICIES).filter((p) => p !== "static-optimal" || !hasClosedLoop(scenario));
    const policies = opts.policies === undefined ? defaults : listOption(opts.policies);
    const stage = (text: string) => process.stderr.isTTY && process.stderr.write(`report: ${text}…\n`);
    const data = await gatherReport(scenario, { replications, workers }, policies, stage);
    if (opts.vary.length > 0) {
      stage("sweep");
      data.sweep = await reportSweep(scenario, opts.vary, data.comparison.policies, parseIntOption("--sweep-replications", opts.sweepReplications, 4, 2), workers);
    }
    stage("charts");
    const command = ["lbsim report", file, ...process.argv.slice(4)].join(" ");
    // the figures the page and the summary below show, built once from the columns
    const shown = shownFigures(data);
    const html = await renderReport(data, shown, command);
    try {
      writeFileAtomically(opts.out, html);
    } catch (e) {
      throw new UsageError(`--out: cannot write ${opts.out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give a path in a writable directory`);
    }
    const bytes = Buffer.byteLength(html);
    if (opts.json) {
      const summary = {
        scenario: data.scenario.name,
        policy: data.scenario.policy.kind,
        seed: data.scenario.seed,
        replications: data.replications,
        ...(data.scenario.stepSizeChoice ? { stepSize: data.scenario.stepSizeChoice } : {}),
        metrics: data.study.metrics,
        fluidOptimum: data.optimum,
        comparison: data.comparison,
        ...(data.sweep ? { sweep: data.sweep } : {}),
      };
      // streamed from the metrics' columns: their dictionaries would be 10^5 objects a policy on a large fleet
      return writeJson({ out: opts.out, bytes, ...summary });
    }
    const m = shown.metrics;
    const sec = (k: string) => `${((m[k]?.estimate ?? NaN) * 1000).toFixed(0)} ± ${((m[k]?.halfWidth ?? NaN) * 1000).toFixed(0)} ms`;
    write(`${data.scenario.name}: ${data.scenario.policy.kind}, ${data.replications} replications, seed ${data.scenario.seed}`);
    write(
      `mean latency ${sec("latency.mean")}, p99 ${sec("latency.p99")}${data.optimum ? ` (fluid optimum L* = ${(data.optimum.objective * 1000).toFixed(0)} ms)` : ""}${data.scenario.llm ? "" : "\n"}`,
    );
    if (data.scenario.llm) {
      const slo = m["slo.attainment"]
        ? `; SLO met by ${((m["slo.attainment"].estimate ?? NaN) * 100).toFixed(1)}% of requests, goodput ${(m["goodput"]?.estimate ?? NaN).toPrecision(4)} requests/s`
        : "";
      write(
        `TTFT mean ${sec("ttft.mean")}, p99 ${sec("ttft.p99")}; TPOT mean ${sec("tpot.mean")}, p99 ${sec("tpot.p99")}; ${(m["throughput.outputTokens"]?.estimate ?? NaN).toFixed(0)} output tokens/s${slo}\n`,
      );
    }
    write(formatCompareResult(shown.comparison));
    if (shown.sweep) write(`\nsweep over ${shown.sweep.varied.join(" × ")}:\n${sweepTable(shown.sweep)}`);
    write(`\nreport written to ${opts.out} (${(bytes / 1024).toFixed(0)} kB, self-contained: open it in any browser)`);
  });
}
