// What `lbsim plan --json` prints and the library's planCapacity returns.
import type { Scenario, StepSizeChoice } from "../model/scenario.ts";
import { planCapacity, type PlanEvaluation } from "../planning/capacityPlan.ts";
import type { Estimate } from "../stats/estimate.ts";
import type { RunWarning } from "../experiment/runWarnings.ts";
import { assertLoadedScenario } from "./loadedScenario.ts";

export interface PlanOptions {
  /** The SLO: "latency.p99=5" or {metric, target} (the metric's unit: seconds for latencies); several must all hold. */
  slo: string | { metric: string; target: number } | Array<string | { metric: string; target: number }>;
  /** Policies to plan for (default: the scenario's). */
  policies?: string[];
  /** Total servers to split across backends (default: the smallest fleet that meets the SLO). */
  budget?: number;
  replications?: number;
  workers?: number;
  maxServersPerBackend?: number;
  /** Hears (policy, fleets evaluated so far). */
  progress?: (policy: string, evaluations: number) => void;
}

export interface PlanSummary {
  servers: Record<string, number>;
  total: number;
  metric: Estimate | null;
  /** Every objective's estimate, when several were given. */
  metrics?: Record<string, Estimate>;
  meets: boolean;
}

export interface PolicyPlan extends PlanSummary {
  /** The plan with one server fewer at each backend: `withinInterval` when its estimate still meets the target. */
  oneFewer: Record<string, PlanSummary & { withinInterval: boolean }>;
  initial: Record<string, number>;
  evaluations: number;
  /** DGD-LB's "auto" step (resolved once, on the scenario's fleet), when there was one. */
  stepSize?: StepSizeChoice;
  /** The chosen plan's warnings (requests left in flight, a growing queue). */
  warnings: RunWarning[];
}

export interface PlanResultJson {
  /** The first objective (the plan's `metric`). */
  slo: { metric: string; target: number };
  /** Every objective, when several were given. */
  slos?: Array<{ metric: string; target: number }>;
  budget?: number;
  replications: number;
  plans: Record<string, PolicyPlan>;
}

/** "latency.p99=5" -> {metric, target}; null when malformed. */
export function parseSlo(text: string): { metric: string; target: number } | null {
  const m = /^([^=]+)=(.+)$/.exec(text);
  const target = m ? Number(m[2]) : NaN;
  return m && target > 0 && Number.isFinite(target) ? { metric: m[1]!.trim(), target } : null;
}

export async function planResult(s: Scenario, options: PlanOptions): Promise<PlanResultJson> {
  assertLoadedScenario(s, "planCapacity");
  const given = Array.isArray(options.slo) ? options.slo : [options.slo];
  const slos = given.map((one) => {
    const slo = typeof one === "string" ? parseSlo(one) : one;
    if (!slo || !(slo.target > 0)) throw new RangeError(`slo must be METRIC=VALUE with a positive value, e.g. "latency.p99=5" (got ${JSON.stringify(one)})`);
    return slo;
  });
  if (slos.length === 0) throw new RangeError('slo must be METRIC=VALUE with a positive value, e.g. "latency.p99=5" (got none)');
  const slo = slos[0]!;
  const ids = s.backends.map((b) => b.id);
  const serversOf = (e: { servers: number[] }) => Object.fromEntries(ids.map((id, j) => [id, e.servers[j]!]));
  const summary = (e: PlanEvaluation): PlanSummary => ({ servers: serversOf(e), total: e.total, metric: e.metric, ...(e.metrics ? { metrics: e.metrics } : {}), meets: e.meets });
  const replications = options.replications ?? 10;
  const plans: Record<string, PolicyPlan> = {};
  for (const policy of options.policies ?? [s.policy.kind]) {
    const plan = await planCapacity({
      scenario: s,
      policy,
      metric: slo.metric,
      target: slo.target,
      also: slos.slice(1),
      replications,
      workers: options.workers ?? 1,
      budget: options.budget,
      maxServersPerBackend: options.maxServersPerBackend ?? 64,
      progress: (n) => options.progress?.(policy, n),
    });
    const oneFewer = Object.fromEntries(
      Object.entries(plan.oneFewer).map(([id, e]) => [id, { ...summary(e), withinInterval: e.metric !== null && e.metric.estimate !== null && e.metric.estimate <= slo.target && !e.meets }]),
    );
    plans[policy] = {
      ...summary(plan.best),
      oneFewer,
      initial: serversOf({ servers: plan.initial }),
      evaluations: plan.evaluations,
      ...(plan.stepSize ? { stepSize: plan.stepSize } : {}),
      warnings: plan.best.warnings,
    };
  }
  return { slo, ...(slos.length > 1 ? { slos } : {}), ...(options.budget !== undefined ? { budget: options.budget } : {}), replications, plans };
}
