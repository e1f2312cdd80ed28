// What `lbsim optimum --json` prints and the library's solveOptimum returns.
import type { Scenario } from "../model/scenario.ts";
import { solveScenarioOptimum } from "../optimum/solveOptimum.ts";
import { assertLoadedScenario } from "./loadedScenario.ts";

export type RouteValues = Record<string, Record<string, number>>;

export interface OptimumResult {
  /** L*, seconds. */
  objective: number;
  routing: RouteValues;
  /** c_ij = d_ij + d_ji + s_i/μ'_j at the optimum, seconds. */
  marginalLatency: RouteValues;
  kktResidual: number;
  queues: Record<string, number>;
  /** Work per second each backend serves at the optimum. */
  load: Record<string, number>;
}

/** {fe: {be: value}} over each frontend's compatibility set. */
export function perRoute(s: Scenario, values: Float64Array): RouteValues {
  const B = s.backends.length;
  const out: RouteValues = {};
  s.frontends.forEach((f, i) => {
    out[f.id] = {};
    for (const j of f.allowed) out[f.id]![s.backends[j]!.id] = values[i * B + j]!;
  });
  return out;
}

export function optimumResult(s: Scenario): OptimumResult {
  assertLoadedScenario(s, "solveOptimum");
  const opt = solveScenarioOptimum(s);
  return {
    objective: opt.objective,
    routing: perRoute(s, opt.routing),
    marginalLatency: perRoute(s, opt.marginalLatency),
    kktResidual: opt.kktResidual,
    queues: Object.fromEntries(s.backends.map((b, j) => [b.id, opt.queues[j]!])),
    load: Object.fromEntries(s.backends.map((b, j) => [b.id, opt.load[j]!])),
  };
}
