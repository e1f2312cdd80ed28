// `lbsim goodput S --slo ttft.p99=2 --slo tpot.p99=0.1`: the highest load each policy carries within the SLOs.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, parseIntOption, UsageError, write, type CommonOptions, listOption } from "./common.ts";
import { parseSlo } from "../api/planResult.ts";
import { goodputSearch, type GoodputPoint, type Slo } from "../planning/goodputSearch.ts";
import { alignColumns } from "../report/metricsTable.ts";
import { metricUnit } from "../report/metricUnit.ts";
import { progressBar } from "./progressBar.ts";
import { parseWorkers } from "./studyOptions.ts";
import type { Estimate } from "../stats/estimate.ts";

interface GoodputOptions extends CommonOptions {
  slo: string[];
  attainment?: string;
  policy?: string;
  policies?: string;
  replications?: string;
  workers?: string;
}

export interface GoodputResultJson {
  slo: Slo[];
  attainment?: number;
  replications: number;
  policies: Record<string, { load: number | null; rate: number | null; metrics: Record<string, Estimate>; missedAt: number | null; evaluations: number }>;
}

/** The SLOs of --slo, each METRIC=VALUE; with --attainment only ttft.* and tpot.* (they become per-request objectives). */
export function parseSlos(texts: string[], attainment: boolean): Slo[] {
  if (texts.length === 0) throw new UsageError("--slo is required: METRIC=VALUE in the metric's unit (seconds for latencies), repeatable, e.g. --slo ttft.p99=2 --slo tpot.p99=0.1");
  return texts.map((t) => {
    const slo = parseSlo(t);
    if (!slo) throw new UsageError(`--slo must be METRIC=VALUE with a positive value (got ${JSON.stringify(t)})`);
    if (attainment && !/^(ttft|tpot)(\.|$)/.test(slo.metric)) throw new UsageError(`--attainment makes each --slo a per-request objective on ttft or tpot (got ${slo.metric})`);
    return slo;
  });
}

export function registerGoodput(program: Command): void {
  addCommonOptions(
    program
      .command("goodput")
      .description("the highest load factor (every arrival rate ×f, as sweep's load) whose SLOs hold with 95% confidence, per policy")
      .argument("<scenario>", "scenario JSON file")
      .option("--slo <metric=value>", "e.g. ttft.p99=2 (seconds); repeatable: every one must hold", (v: string, acc: string[]) => [...acc, v], [])
      .option("--attainment <fraction>", "instead: at least this fraction of requests meet every --slo as a per-request objective (ttft, tpot)")
      .option("--policy <kind>", "for this routing policy (default: the scenario's)")
      .option("--policies <a,b>", "for each of these policies")
      .option("--replications <R>", "replications per load tried, common random numbers (default 10)")
      .option("--workers <W>", "worker threads (default: the number of cores)"),
  ).action(async (file: string, opts: GoodputOptions) => {
    const attainment = opts.attainment === undefined ? undefined : Number(opts.attainment);
    if (attainment !== undefined && !(attainment > 0 && attainment < 1)) throw new UsageError(`--attainment must be a fraction in (0, 1) (got ${JSON.stringify(opts.attainment)})`);
    const slos = parseSlos(opts.slo, attainment !== undefined);
    if (opts.csv) throw new UsageError("goodput has no CSV form: use --json");
    const base = loadFromOptions(file, opts);
    const policies = opts.policies ? listOption(opts.policies) : [opts.policy ?? base.policy.kind];
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const workers = parseWorkers(opts);
    const result: GoodputResultJson = { slo: slos, ...(attainment !== undefined ? { attainment } : {}), replications, policies: {} };
    for (const policy of policies) {
      const bar = progressBar(`goodput ${policy}`, "loads tried");
      const r = await goodputSearch({ scenario: base, policy, slos, attainment, replications, workers, progress: (n) => bar.update(n, n + 1) });
      bar.stop();
      const best: GoodputPoint | null = r.best;
      result.policies[policy] = { load: best?.load ?? null, rate: best?.rate ?? null, metrics: best?.metrics ?? {}, missedAt: r.missed?.load ?? null, evaluations: r.evaluations };
    }
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const keys = Object.keys(Object.values(result.policies).find((p) => Object.keys(p.metrics).length)?.metrics ?? {});
    const rows = [["policy", "load ×", "requests/s", ...keys.map((k) => `${k} ± 95% (${metricUnit(k)})`), "missed at ×"]];
    for (const [policy, p] of Object.entries(result.policies)) {
      rows.push([
        policy,
        p.load === null ? "none" : p.load.toPrecision(4),
        p.rate === null ? "-" : p.rate.toPrecision(4),
        ...keys.map((k) => (p.metrics[k]?.estimate != null ? `${p.metrics[k]!.estimate!.toPrecision(4)} ± ${(p.metrics[k]!.halfWidth ?? NaN).toPrecision(2)}` : "-")),
        p.missedAt === null ? "-" : p.missedAt.toPrecision(4),
      ]);
    }
    const what =
      attainment !== undefined
        ? `at least ${attainment} of requests with ${slos.map((s) => `${s.metric} ≤ ${s.target}`).join(" and ")} (lower 95% bound)`
        : slos.map((s) => `${s.metric} ≤ ${s.target}`).join(", ") + " at the upper end of each 95% interval";
    write(`goodput of ${base.name}: the highest load factor with ${what}; ${replications} replications per load (common random numbers), to 1%\n`);
    write(alignColumns(rows));
  });
}
