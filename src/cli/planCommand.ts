// `lbsim plan S --slo latency.p99=20`: servers per region meeting an SLO, for each policy compared.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, loadOptionsOf, parseIntOption, UsageError, write, type CommonOptions } from "./common.ts";
import { planCapacity, type PlanEvaluation } from "../planning/capacityPlan.ts";
import { alignColumns } from "../report/metricsTable.ts";
import { progressBar } from "./progressBar.ts";
import { parseWorkers } from "./studyOptions.ts";

interface PlanOptions extends CommonOptions {
  slo?: string;
  policy?: string;
  policies?: string;
  budget?: string;
  replications?: string;
  workers?: string;
  maxServers?: string;
}

function parseSlo(text: string | undefined): { metric: string; target: number } {
  const m = /^([^=]+)=(.+)$/.exec(text ?? "");
  const target = m ? Number(m[2]) : NaN;
  if (!m || !(target > 0)) throw new UsageError(`--slo must be METRIC=VALUE with a positive value in the metric's unit (seconds for latencies), e.g. --slo latency.p99=20 (got ${JSON.stringify(text)})`);
  return { metric: m[1]!.trim(), target };
}

const serversOf = (ids: string[], e: PlanEvaluation) => Object.fromEntries(ids.map((id, j) => [id, e.servers[j]!]));
const asJson = (ids: string[], e: PlanEvaluation) => ({ servers: serversOf(ids, e), total: e.total, metric: e.metric, meets: e.meets });

export function registerPlan(program: Command): void {
  addCommonOptions(
    program
      .command("plan")
      .description("smallest servers per region (or best split of --budget) whose SLO metric's upper 95% bound meets the target")
      .argument("<scenario>", "scenario JSON file")
      .option("--slo <metric=value>", "e.g. latency.p99=20 (seconds)")
      .option("--policy <kind>", "plan for this routing policy (default: the scenario's)")
      .option("--policies <a,b>", "plan for each of these policies")
      .option("--budget <servers>", "total servers to split across the regions")
      .option("--replications <R>", "replications per candidate plan, common random numbers (default 10)")
      .option("--workers <W>", "worker threads (default: the number of cores)")
      .option("--max-servers <k>", "at most this many servers per backend (default 64)"),
  ).action(async (file: string, opts: PlanOptions) => {
    const slo = parseSlo(opts.slo);
    const base = loadFromOptions(file, opts);
    const ids = base.backends.map((b) => b.id);
    const kinds = opts.policies ? opts.policies.split(",").map((k) => k.trim()).filter(Boolean) : [opts.policy ?? base.policy.kind];
    const budget = opts.budget === undefined ? undefined : parseIntOption("--budget", opts.budget, 1, ids.length);
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const workers = parseWorkers(opts);
    const maxServers = parseIntOption("--max-servers", opts.maxServers, 64);
    const plans: Record<string, unknown> = {};
    const rows = [["policy", ...ids, "total", `${slo.metric} ± 95%`, "meets", "one server fewer"]];
    for (const policy of kinds) {
      const bar = progressBar(`plan ${policy}`);
      const plan = await planCapacity({ file, load: loadOptionsOf(opts), policy, metric: slo.metric, target: slo.target, replications, workers, budget, maxServersPerBackend: maxServers, progress: (n) => bar.update(n, n + 1) });
      bar.stop();
      const oneFewer = Object.fromEntries(Object.entries(plan.oneFewer).map(([id, e]) => [id, { ...asJson(ids, e), withinInterval: e.metric !== null && e.metric.estimate !== null && e.metric.estimate <= slo.target && !e.meets }]));
      plans[policy] = { ...asJson(ids, plan.best), oneFewer, initial: serversOf(ids, { servers: plan.initial } as PlanEvaluation), evaluations: plan.evaluations };
      const m = plan.best.metric;
      const fewer = Object.entries(plan.oneFewer)
        .map(([id, e]) => `${id}: ${e.meets ? "still meets" : e.metric && e.metric.estimate !== null && e.metric.estimate <= slo.target ? "misses (within interval)" : "misses"}`)
        .join("; ");
      rows.push([policy, ...plan.best.servers.map(String), String(plan.best.total), m && m.estimate !== null ? `${m.estimate.toPrecision(4)} ± ${(m.halfWidth ?? NaN).toPrecision(2)}` : "overloaded", plan.best.meets ? "yes" : "NO", fewer || "-"]);
    }
    const result = { slo, ...(budget !== undefined ? { budget } : {}), replications, plans };
    if (opts.json) return write(JSON.stringify(result, null, 2));
    write(`capacity plan for ${base.name}: ${slo.metric} ≤ ${slo.target} at the upper end of its 95% interval, ${replications} replications per plan (common random numbers)${budget !== undefined ? `, ${budget} servers in all` : ""}\n`);
    write(alignColumns(rows));
  });
}
