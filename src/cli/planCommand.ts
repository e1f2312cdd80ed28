// `lbsim plan S --slo latency.p99=20`: servers per region meeting an SLO, for each policy compared.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, parseIntOption, UsageError, write, type CommonOptions, listOption } from "./common.ts";
import { parseSlo, planResult } from "../api/planResult.ts";
import { stepSizeLines, warningLines } from "../report/studyOutput.ts";
import { alignColumns } from "../report/metricsTable.ts";
import { metricUnit } from "../report/metricUnit.ts";
import { progressBar } from "./progressBar.ts";
import { parseWorkers } from "./studyOptions.ts";

interface PlanOptions extends CommonOptions {
  slo: string[];
  policy?: string;
  policies?: string;
  budget?: string;
  replications?: string;
  workers?: string;
  maxServers?: string;
}

export function registerPlan(program: Command): void {
  addCommonOptions(
    program
      .command("plan")
      .description("smallest servers per region (or best split of --budget) whose SLO metric's upper 95% bound meets the target")
      .argument("<scenario>", "scenario JSON file")
      .option("--slo <metric=value>", "e.g. latency.p99=20 (seconds); repeatable: every one must hold (e.g. --slo ttft.p99=2 --slo tpot.p99=0.1)", (v: string, acc: string[]) => [...acc, v], [])
      .option("--policy <kind>", "plan for this routing policy (default: the scenario's)")
      .option("--policies <a,b>", "plan for each of these policies")
      .option("--budget <servers>", "total servers to split across the regions")
      .option("--replications <R>", "replications per candidate plan, common random numbers (default 10)")
      .option("--workers <W>", "worker threads (default: the number of cores)")
      .option("--max-servers <k>", "at most this many servers per backend (default 64)"),
  ).action(async (file: string, opts: PlanOptions) => {
    const slos = (opts.slo.length ? opts.slo : [""]).map((text) => {
      const one = parseSlo(text);
      if (!one)
        throw new UsageError(`--slo must be METRIC=VALUE with a positive value in the metric's unit (seconds for latencies), e.g. --slo latency.p99=20 (got ${JSON.stringify(text || undefined)})`);
      return one;
    });
    if (opts.csv) throw new UsageError("plan has no CSV form: use --json");
    const base = loadFromOptions(file, opts);
    const ids = base.backends.map((b) => b.id);
    const policies = opts.policies ? listOption(opts.policies) : [opts.policy ?? base.policy.kind];
    const budget = opts.budget === undefined ? undefined : parseIntOption("--budget", opts.budget, 1, ids.length);
    const replications = parseIntOption("--replications", opts.replications, 10, 2);
    const workers = parseWorkers(opts);
    const maxServersPerBackend = parseIntOption("--max-servers", opts.maxServers, 64);
    const bars = new Map<string, ReturnType<typeof progressBar>>();
    const result = await planResult(base, {
      slo: slos,
      policies,
      budget,
      replications,
      workers,
      maxServersPerBackend,
      progress: (policy, n) => {
        let bar = bars.get(policy);
        if (!bar) {
          for (const b of bars.values()) b.stop();
          bars.set(policy, (bar = progressBar(`plan ${policy}`, "fleets evaluated")));
        }
        bar.update(n, n + 1);
      },
    });
    for (const b of bars.values()) b.stop();
    const rows = [["policy", ...ids, "total", ...slos.map((o) => `${o.metric} ± 95% (${metricUnit(o.metric)})`), "meets", "one server fewer"]];
    for (const [policy, plan] of Object.entries(result.plans)) {
      const m = plan.metric;
      const fewer = Object.entries(plan.oneFewer)
        .map(([id, e]) => `${id}: ${e.meets ? "still meets" : e.withinInterval ? "misses (within interval)" : "misses"}`)
        .join("; ");
      const cell = (e: typeof m | undefined) => (e && e.estimate !== null ? `${e.estimate.toPrecision(4)} ± ${(e.halfWidth ?? NaN).toPrecision(2)}` : "overloaded");
      rows.push([
        policy,
        ...ids.map((id) => String(plan.servers[id])),
        String(plan.total),
        ...slos.map((o, k) => cell(k === 0 ? m : plan.metrics?.[o.metric])),
        plan.meets ? "yes" : "NO",
        fewer || "-",
      ]);
    }
    if (opts.json) return write(JSON.stringify(result, null, 2));
    write(
      `capacity plan for ${base.name}: ${slos.map((o) => `${o.metric} ≤ ${o.target}`).join(", ")} at the upper end of ${slos.length > 1 ? "each" : "its"} 95% interval, ${replications} replications per plan (common random numbers)${budget !== undefined ? `, ${budget} servers in all` : ""}\n`,
    );
    write(
      alignColumns(rows) +
        warningLines(Object.entries(result.plans).flatMap(([policy, plan]) => plan.warnings.map((w) => ({ ...w, policy })))) +
        stepSizeLines(Object.fromEntries(Object.entries(result.plans).flatMap(([policy, plan]) => (plan.stepSize ? [[policy, plan.stepSize]] : [])))),
    );
  });
}
