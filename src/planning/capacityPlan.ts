// `lbsim plan`: the fewest servers per region whose SLO metric's upper 95% bound meets the target.
import { withPolicy, withSpec } from "../scenario/loadScenario.ts";
import type { Scenario, StepSizeChoice } from "../model/scenario.ts";
import { meanArrivalRate, meanRequestSize } from "../model/scenario.ts";
import { loadReport } from "../model/loadCheck.ts";
import { summarize } from "../experiment/summarize.ts";
import { pooledReplications } from "../experiment/pooledReplications.ts";
import type { Estimate } from "../stats/estimate.ts";
import { resolveWarmup } from "../experiment/mser5.ts";
import { StudyError } from "../input/studyError.ts";
import { namedMetric } from "../experiment/namedMetric.ts";
import { runWarnings, type RunWarning } from "../experiment/runWarnings.ts";

export interface PlanRequest {
  /** The scenario as loaded (overrides applied); its fleet is the starting point's shape. */
  scenario: Scenario;
  policy: string;
  metric: string;
  target: number;
  /** Further objectives that must hold too (each metric's upper bound at most its target). */
  also?: Array<{ metric: string; target: number }>;
  replications: number;
  workers: number;
  /** Total servers to split across regions (the cheapest split question), or undefined for the smallest fleet. */
  budget?: number;
  /** Upper limit per backend, so an SLO no fleet can meet ends with a clear answer. */
  maxServersPerBackend: number;
  progress?: (evaluations: number) => void;
}

export interface PlanEvaluation {
  servers: number[];
  total: number;
  /** null when the plan cannot carry the load (no simulation needed). */
  metric: Estimate | null;
  /** Every objective's estimate (the first is `metric`), when simulated. */
  metrics?: Record<string, Estimate>;
  meets: boolean;
  /** The plan's runs' warnings (a queue that grows, requests left in flight). */
  warnings: RunWarning[];
}

export interface PlanResult {
  best: PlanEvaluation;
  /** The best plan with one server fewer at each backend that has more than one. */
  oneFewer: Record<string, PlanEvaluation>;
  evaluations: number;
  /** DGD-LB's "auto" step, resolved once on the scenario's own fleet and kept for every candidate. */
  stepSize?: StepSizeChoice;
  initial: number[];
}

/** The estimates an SLO names, by key; a key that is no metric is a StudyError listing the metrics. */
export function sloEstimates(all: Record<string, Estimate>, keys: string[]): Record<string, Estimate> {
  const picked: Record<string, Estimate> = {};
  for (const k of keys) {
    picked[k] = namedMetric(all, k, "--slo");
  }
  return picked;
}

/** `meets` of docs/scenario-format.md: the interval's upper end is at most the target. */
export function meetsTarget(e: Estimate | null, target: number): boolean {
  return e !== null && e.estimate !== null && e.estimate + (e.halfWidth ?? Infinity) <= target;
}

/**
 * Search on the simulator with common random numbers: every plan runs replications 0..R−1 of
 * the same seed, so plans differ only by their servers. Plans are cached: the shrink step and
 * the one-fewer report reuse runs of the growth step.
 *
 * 1. Start from the fluid sizing: each frontend's work goes to its nearest backend, and each
 *    backend gets enough servers to run that work at 70% of its sup μ (at least 1).
 * 2. Grow: while the plan misses the SLO, add the one server (tried at every backend) that lowers
 *    the metric's upper bound most.
 * 3. Shrink: while some backend can lose a server and still meet, remove the one that keeps the
 *    lowest upper bound.
 * With a budget the total is fixed: start from the fluid sizing scaled to the budget, then move
 * single servers between backends while that lowers the upper bound.
 */
export async function planCapacity(req: PlanRequest): Promise<PlanResult> {
  const base = withPolicy(req.scenario, req.policy);
  const B = base.backends.length;
  const perServer = base.backends.map((b) => b.curve.sup / b.servers);
  const warmup = resolveWarmup(base).time;
  const cache = new Map<string, PlanEvaluation>();
  let evaluations = 0;
  const objectives = [{ metric: req.metric, target: req.target }, ...(req.also ?? [])];

  const evaluate = async (servers: number[]): Promise<PlanEvaluation> => {
    const key = servers.join(",");
    const hit = cache.get(key);
    if (hit) return hit;
    // a candidate fleet is the base scenario's data with other server counts: no file is read again
    const fleet = withSpec(base, (spec) => (spec.backends as Array<{ servers: number }>).forEach((b, j) => (b.servers = servers[j]!)));
    const total = servers.reduce((a, b) => a + b, 0);
    let result: PlanEvaluation;
    if (!loadReport(fleet).feasible) result = { servers, total, metric: null, meets: false, warnings: [] };
    else {
      const runs = await pooledReplications(fleet, req.replications, warmup, req.workers, `plan ${key}`);
      const metrics = sloEstimates(
        summarize(runs).metrics,
        objectives.map((o) => o.metric),
      );
      const meets = objectives.every((o) => meetsTarget(metrics[o.metric]!, o.target));
      result = { servers, total, metric: metrics[req.metric]!, ...(req.also?.length ? { metrics } : {}), meets, warnings: runWarnings(runs) };
    }
    evaluations++;
    req.progress?.(evaluations);
    cache.set(key, result);
    return result;
  };
  // lower is better: the worst objective's upper bound against its target; infeasible plans and missing estimates rank last
  const upperOf = (e: Estimate | null | undefined) => (e?.estimate == null ? Infinity : e.estimate + (e.halfWidth ?? Infinity));
  const upper = (e: PlanEvaluation) => (!req.also?.length ? upperOf(e.metric) : e.metrics ? Math.max(...objectives.map((o) => upperOf(e.metrics![o.metric]) / o.target)) : Infinity);

  const initial = fluidSizing(base, perServer, req.budget);
  let current = await evaluate(initial);
  if (req.budget === undefined) {
    while (!current.meets) {
      const candidates = [];
      for (let j = 0; j < B; j++) {
        if (current.servers[j]! >= req.maxServersPerBackend) continue;
        const next = current.servers.slice();
        next[j]!++;
        candidates.push(await evaluate(next));
      }
      if (candidates.length === 0) break;
      current = candidates.reduce((a, b) => (upper(b) < upper(a) ? b : a));
    }
    for (let improved = current.meets; improved;) {
      improved = false;
      const smaller = [];
      for (let j = 0; j < B; j++) {
        if (current.servers[j]! <= 1) continue;
        const next = current.servers.slice();
        next[j]!--;
        const e = await evaluate(next);
        if (e.meets) smaller.push(e);
      }
      if (smaller.length) {
        current = smaller.reduce((a, b) => (upper(b) < upper(a) ? b : a));
        improved = true;
      }
    }
  } else {
    for (let improved = true; improved;) {
      improved = false;
      let best = current;
      for (let from = 0; from < B; from++) {
        if (current.servers[from]! <= 1) continue;
        for (let to = 0; to < B; to++) {
          if (to === from || current.servers[to]! >= req.maxServersPerBackend) continue;
          const next = current.servers.slice();
          next[from]!--;
          next[to]!++;
          const e = await evaluate(next);
          if (upper(e) < upper(best)) best = e;
        }
      }
      if (best !== current) {
        current = best;
        improved = true;
      }
    }
  }
  const oneFewer: Record<string, PlanEvaluation> = {};
  for (let j = 0; j < B; j++) {
    if (current.servers[j]! <= 1) continue;
    const next = current.servers.slice();
    next[j]!--;
    oneFewer[base.backends[j]!.id] = await evaluate(next);
  }
  return { best: current, oneFewer, evaluations, initial, ...(base.stepSizeChoice ? { stepSize: base.stepSizeChoice } : {}) };
}

/** Servers per backend from the nearest-backend work at 70% of sup μ per server; scaled to the budget when given. */
export function fluidSizing(s: Scenario, perServer: number[], budget?: number): number[] {
  const B = s.backends.length;
  const work = new Float64Array(B);
  s.frontends.forEach((f, i) => {
    let nearest = f.allowed[0]!;
    for (const j of f.allowed) if (s.oneWay[i * B + j]! + s.back[i * B + j]! < s.oneWay[i * B + nearest]! + s.back[i * B + nearest]!) nearest = j;
    work[nearest]! += meanArrivalRate(f.arrivals, s.horizon) * meanRequestSize(f, s.horizon);
  });
  const need = Array.from(work, (w, j) => Math.max(1, Math.ceil(w / (0.7 * perServer[j]!))));
  if (budget === undefined) return need;
  if (budget < B) throw new StudyError(`--budget ${budget} is below one server per backend (${B} backends)`);
  // largest remainder on the budget above one server each
  const extra = budget - B;
  const weight = need.map((k) => k - 1 + 1e-9);
  const sum = weight.reduce((a, b) => a + b, 0);
  const exact = weight.map((w) => (extra * w) / sum);
  const out = exact.map((x) => 1 + Math.floor(x));
  let left = budget - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, j) => [x - Math.floor(x), j] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k++, left--) out[order[k % B]![1]]!++;
  return out;
}
