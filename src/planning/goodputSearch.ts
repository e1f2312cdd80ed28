// `lbsim goodput`: the highest load factor whose SLOs hold with 95% confidence, per policy.
import { withPolicy, withSpec } from "../scenario/loadScenario.ts";
import { scaleLoad } from "../scenario/specTransforms.ts";
import type { Scenario } from "../model/scenario.ts";
import { meanArrivalRate } from "../model/scenario.ts";
import { loadReport } from "../model/loadCheck.ts";
import { summarize } from "../experiment/summarize.ts";
import { pooledReplications } from "../experiment/pooledReplications.ts";
import type { Estimate } from "../stats/estimate.ts";
import { resolveWarmup } from "../experiment/mser5.ts";
import { meetsTarget, sloEstimates } from "./capacityPlan.ts";

export interface Slo {
  metric: string;
  target: number;
}

export interface GoodputRequest {
  scenario: Scenario;
  policy: string;
  /** Each metric's upper 95% bound must be at most its target... */
  slos: Slo[];
  /** ...or, given, the per-request objectives (ttft, tpot targets) must be met by at least this fraction (lower 95% bound of slo.attainment). */
  attainment?: number;
  replications: number;
  workers: number;
  progress?: (evaluations: number) => void;
}

export interface GoodputPoint {
  load: number;
  /** Requests per second offered at that load (open arrivals; a closed loop's completions). */
  rate: number;
  meets: boolean;
  metrics: Record<string, Estimate>;
}

/** Load factors tried: from 1, doubling or halving to bracket, then bisection to this ratio. */
const BRACKET_LIMIT = 2 ** 12;
const RESOLUTION = 1.01;

/**
 * Every load runs replications 0..R−1 of the same seed (common random numbers), so loads differ
 * only by the rates. A load the fleet cannot carry fails without a run. Returns the highest load
 * found to meet the SLOs (null when even 1/4096 misses) and the lowest found to miss.
 */
export async function goodputSearch(req: GoodputRequest): Promise<{ best: GoodputPoint | null; missed: GoodputPoint | null; evaluations: number }> {
  const keys = req.attainment !== undefined ? ["slo.attainment", "goodput"] : req.slos.map((s) => s.metric);
  const base = withSpec(withPolicy(req.scenario, req.policy), (spec) => {
    // with --attainment the SLO targets are per-request objectives: the scenario's slo
    if (req.attainment !== undefined) spec.slo = Object.fromEntries(req.slos.map((s) => [s.metric.split(".")[0]!, s.target]));
  });
  const warmup = resolveWarmup(base).time;
  let evaluations = 0;
  const evaluate = async (load: number): Promise<GoodputPoint> => {
    const s = withSpec(base, (spec) => scaleLoad(spec, load));
    const rate = s.frontends.reduce((sum, f) => sum + meanArrivalRate(f.arrivals, s.horizon), 0);
    evaluations++;
    req.progress?.(evaluations);
    if (!loadReport(s).feasible) return { load, rate, meets: false, metrics: {} };
    const runs = await pooledReplications(s, req.replications, warmup, req.workers, `goodput at load ${load}`);
    const all = summarize(runs).metrics;
    const metrics = sloEstimates(all, keys);
    const closedRate = rate > 0 ? rate : (all["throughput.requests"]?.estimate ?? 0);
    const meets =
      req.attainment !== undefined
        ? metrics["slo.attainment"]!.estimate !== null && metrics["slo.attainment"]!.estimate - (metrics["slo.attainment"]!.halfWidth ?? Infinity) >= req.attainment
        : req.slos.every((slo) => meetsTarget(metrics[slo.metric]!, slo.target));
    return { load, rate: closedRate, meets, metrics };
  };
  let lo: GoodputPoint | null = null;
  let hi: GoodputPoint | null = null;
  const first = await evaluate(1);
  if (first.meets) {
    lo = first;
    for (let f = 2; f <= BRACKET_LIMIT && !hi; f *= 2) {
      const p = await evaluate(f);
      if (p.meets) lo = p;
      else hi = p;
    }
  } else {
    hi = first;
    for (let f = 0.5; f >= 1 / BRACKET_LIMIT && !lo; f /= 2) {
      const p = await evaluate(f);
      if (p.meets) lo = p;
      else hi = p;
    }
  }
  while (lo && hi && hi.load / lo.load > RESOLUTION) {
    const p = await evaluate(Math.sqrt(lo.load * hi.load));
    if (p.meets) lo = p;
    else hi = p;
  }
  return { best: lo, missed: hi, evaluations };
}
