// `lbsim compare S --policies a,b,c`: every policy on the same random numbers, differences against the first.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, parseIntOption, UsageError, write, type CommonOptions } from "./common.ts";
import { assertFeasible } from "../model/loadCheck.ts";
import { runReplications } from "../experiment/runStudy.ts";
import { summarize } from "../experiment/summarize.ts";
import { pairedDifferences } from "../experiment/pairedDifferences.ts";
import { alignColumns } from "../report/metricsTable.ts";
import type { Estimate } from "../stats/estimate.ts";

interface CompareOptions extends CommonOptions {
  policies?: string;
  replications?: string;
  allowOverload?: boolean;
}

const ms = (x: number | null) => (x === null ? "-" : (x * 1000).toFixed(1));

export function registerCompare(program: Command): void {
  addCommonOptions(
    program
      .command("compare")
      .description("compare policies on common random numbers: paired differences against the first")
      .argument("<scenario>", "scenario JSON file")
      .option("--policies <a,b,...>", "policy kinds; the first is the reference")
      .option("--replications <R>", "replications per policy (default 10)")
      .option("--allow-overload", "simulate even when the offered load exceeds capacity"),
  ).action((file: string, opts: CompareOptions) => {
    const kinds = (opts.policies ?? "").split(",").map((k) => k.trim()).filter(Boolean);
    if (kinds.length === 0) throw new UsageError("--policies must list at least one policy kind, e.g. --policies dgd-lb,jsq,sed");
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const runs = kinds.map((kind) => {
      const s = loadFromOptions(file, opts, kind);
      if (!opts.allowOverload) assertFeasible(s);
      return runReplications(s, { replications });
    });
    const reference = kinds[0]!;
    const policies: Record<string, { metrics: Record<string, Estimate> }> = {};
    const differences: Record<string, Record<string, Estimate>> = {};
    kinds.forEach((k, n) => {
      policies[k] = { metrics: summarize(runs[n]!).metrics };
      if (n > 0) differences[k] = pairedDifferences(runs[0]!, runs[n]!);
    });
    const result = { reference, replications, policies, differences };
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const keys = ["latency.mean", "latency.p99"];
    const rows = [["policy", ...keys.flatMap((k) => [`${k} (ms)`, `Δ vs ${reference} (ms)`])]];
    for (const k of kinds) {
      rows.push([
        k,
        ...keys.flatMap((key) => {
          const e = policies[k]!.metrics[key]!;
          const d = differences[k]?.[key];
          return [`${ms(e.estimate)} ± ${ms(e.halfWidth)}`, d ? `${ms(d.estimate)} ± ${ms(d.halfWidth)}` : "-"];
        }),
      ]);
    }
    if (opts.csv) return write(rows.map((r) => r.join(",")).join("\n"));
    write(`${replications} replications per policy, common random numbers; 95% intervals\n`);
    write(alignColumns(rows));
  });
}
