// `lbsim sweep S --vary PATH=v1,v2 --policies a,b`: every policy at every point of a grid, on common random numbers.
import { assertRunnable } from "../engine/assertRunnable.ts";
import type { Command } from "commander";
import { addCommonOptions, outputFormat, parseIntOption, UsageError, write, writeJson, writeLines, loadOptionsOf, type CommonOptions, listOption } from "./common.ts";
import { addStudyOptions, driveStudy, studyBasics, type StudyCliOptions } from "./studyOptions.ts";
import { loadScenario } from "../scenario/loadScenario.ts";
import { parseVaried, sweepGrid, type Varied } from "../experiment/sweepGrid.ts";
import { sweepRecords, sweepStudyColumns, type SweepStudyColumns } from "../experiment/sweepResult.ts";
import { SWEEP_SHOWN_METRICS, sweepCsvLines, sweepSvg, sweepTable } from "../report/sweepOutput.ts";
import { writeFileAtomically } from "../report/atomicWrite.ts";
import { stepSizeWarnings } from "./stepSizeCheck.ts";

interface SweepOptions extends CommonOptions, StudyCliOptions {
  vary: string[];
  policies?: string;
  replications?: string;
  svg?: string;
  allowOverload?: boolean;
}

export function registerSweep(program: Command): void {
  addStudyOptions(
    addCommonOptions(
      program
        .command("sweep")
        .description("vary scenario paths over a grid; every policy at every point on common random numbers, paired differences against the first")
        .argument("<scenario>", "scenario JSON file")
        .option(
          "--vary <path=v1,v2,...>",
          "a scenario path as in --set, or latency.scale (× every latency) or load (× every arrival rate); repeatable: every combination runs",
          (v: string, acc: string[]) => [...acc, v],
          [],
        )
        .option("--policies <a,b,...>", "policy kinds; the first is the reference (default: the scenario's)")
        .option("--replications <R>", "replications per policy and point (default 10)")
        .option("--svg <file.svg>", "chart: one panel per metric, estimate and 95% band per policy along the first varied path")
        .option("--allow-overload", "simulate points whose offered load exceeds capacity"),
    ),
  ).action(async (file: string, opts: SweepOptions) => {
    const varied = variedFromOptions(opts.vary);
    if (varied.length === 0) throw new UsageError("--vary PATH=v1,v2,... is required (e.g. --vary load=0.5,0.7,0.9)");
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    // the worker threads boot while the grid's scenarios load
    const basics = studyBasics(opts);
    const base = loadScenario(file, { ...loadOptionsOf(opts), keepAutoStep: true });
    const policies = opts.policies ? listOption(opts.policies) : [base.policy.kind];
    const grid = sweepGrid(base, varied, policies);
    for (const s of grid.scenarios) {
      assertRunnable(s, opts);
    }
    const request = {
      command: "sweep" as const,
      labels: grid.labels,
      sweep: grid.sweep,
      replications,
      ...basics,
    };
    const outcome = await driveStudy(request, grid.scenarios, opts, () => stepSizeWarnings(grid.scenarios));
    if (!outcome) return;
    await printSweep(sweepStudyColumns(outcome.header, outcome.runs), outputFormat(opts), opts.svg);
  });
}

/** Repeated `--vary PATH=v1,v2,...` options (sweep and report). */
export function variedFromOptions(texts: string[]): Varied[] {
  return texts.map((text) => {
    const v = parseVaried(text);
    if (!v) throw new UsageError(`--vary must be PATH=v1,v2,... e.g. --vary latency.scale=0.5,1,2 (got ${JSON.stringify(text.slice(0, 80))})`);
    return v;
  });
}

export async function printSweep(columns: SweepStudyColumns, format: "table" | "json" | "csv", svg?: string): Promise<void> {
  // JSON and CSV straight from the columns; the chart and the table read dictionaries of the two metrics they show
  const result = svg || format === "table" ? sweepRecords(columns, SWEEP_SHOWN_METRICS) : null;
  if (svg) writeFileAtomically(svg, await sweepSvg(result!));
  if (format === "json") return writeJson(columns);
  if (format === "csv") return writeLines(sweepCsvLines(columns));
  write(sweepTable(result!));
  if (svg) write(`\nchart written to ${svg}`);
}
