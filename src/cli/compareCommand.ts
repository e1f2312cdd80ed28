// `lbsim compare S --policies a,b,c`: every policy on the same random numbers, differences against the first.
import { assertRunnable } from "../engine/assertRunnable.ts";
import type { Command } from "commander";
import { addCommonOptions, parseIntOption, UsageError, writeCompareResult, type CommonOptions, outputFormat, loadOptionsOf, listOption } from "./common.ts";
import { addStudyOptions, driveStudy, studyBasics, type StudyCliOptions } from "./studyOptions.ts";
import { stepSizeWarnings } from "./stepSizeCheck.ts";
import { studyScenarios, type StudyRequest } from "../experiment/study.ts";
import { compareStudyColumns } from "../experiment/studyResult.ts";

interface CompareOptions extends CommonOptions, StudyCliOptions {
  policies?: string;
  replications?: string;
  allowOverload?: boolean;
}

export function registerCompare(program: Command): void {
  addStudyOptions(
    addCommonOptions(
      program
        .command("compare")
        .description("compare policies on common random numbers: paired differences against the first")
        .argument("<scenario>", "scenario JSON file")
        .option("--policies <a,b,...>", "policy kinds; the first is the reference")
        .option("--replications <R>", "replications per policy (default 10)")
        .option("--allow-overload", "simulate even when the offered load exceeds capacity"),
    ),
  ).action(async (file: string, opts: CompareOptions) => {
    const kinds = listOption(opts.policies ?? "");
    if (kinds.length === 0) throw new UsageError("--policies must list at least one policy kind, e.g. --policies dgd-lb,jsq,sed");
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const request: StudyRequest = { command: "compare", replications, ...studyBasics(opts) };
    const scenarios = studyScenarios(file, loadOptionsOf(opts), kinds);
    scenarios.forEach((s) => assertRunnable(s, opts));
    const outcome = await driveStudy(request, scenarios, opts, () => stepSizeWarnings(scenarios));
    if (!outcome) return;
    await writeCompareResult(compareStudyColumns(outcome.header, outcome.runs), outputFormat(opts));
  });
}
