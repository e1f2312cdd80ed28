// `lbsim fluid`: the fluid trajectory's end state, whether it settled, and a step-halving check.
import type { Scenario } from "../model/scenario.ts";
import { meanArrivalRate } from "../model/scenario.ts";
import { assertFluidWork, fluidSteps, integrateFluid, type FluidOptions, type FluidRun } from "./fluidModel.ts";

/** Settled: over the last 10% of the horizon no queue or share moved by more than this (relative). */
export const SETTLED_TOLERANCE = 1e-7;
/** Step check: halving the step moves the state averaged over the last 10% of the horizon by less than this (relative, at least 1 in the denominator). */
export const STEP_TOLERANCE = 1e-3;

export interface FluidSteadyState {
  objective: number;
  queues: Record<string, number>;
  routing: Record<string, Record<string, number>>;
}

export interface FluidReport {
  steadyState: FluidSteadyState;
  converged: boolean;
  /** Largest relative change over the last 10% of the horizon. */
  lastWindowChange: number;
  step: number;
  horizon: number;
  stepCheck: { halvedStep: number; difference: number; tolerance: number; passed: boolean };
  run: FluidRun;
}

/** L of docs/model.md section 4 at the fluid state: network part of the routing plus Σ q_j over Λ (Little). */
export function fluidObjective(scenario: Scenario, queues: Float64Array, routing: Float64Array): number {
  const B = scenario.backends.length;
  let total = 0;
  let network = 0;
  scenario.frontends.forEach((f, i) => {
    const lambda = meanArrivalRate(f.arrivals, scenario.horizon);
    total += lambda;
    for (const j of f.allowed) network += lambda * routing[i * B + j]! * (scenario.oneWay[i * B + j]! + scenario.back[i * B + j]!);
  });
  let queued = 0;
  for (const q of queues) queued += q;
  return (network + queued) / total;
}

function relativeDistance(a: Float64Array, b: Float64Array): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) d = Math.max(d, Math.abs(a[k]! - b[k]!) / Math.max(1, Math.abs(b[k]!)));
  return d;
}

/** `progress` hears the fraction of the work done (the run, then its half-step check, twice as long). */
export function fluidSteadyState(scenario: Scenario, options: FluidOptions & { progress?: (fraction: number) => void } = {}): FluidReport {
  const progress = options.progress;
  const horizon = options.horizon ?? scenario.horizon;
  // the run and its step check at half the step, refused together before either starts (the check
  // alone asks for twice the run's steps: refused after the run, it threw the run's minutes away)
  if (!options.allowLong) {
    const { h, steps } = fluidSteps(scenario, { ...options, horizon });
    assertFluidWork(scenario, steps + Math.round(horizon / (h / 2)), h, "the fluid model and its check at half the step");
  }
  // settle check: the state at 90% of the horizon against every later one. Routing counts too:
  // DGD-LB can drift along directions that keep every queue's load, with queues still.
  let mark: { q: Float64Array; x: Float64Array } | null = null;
  const markTime = 0.9 * horizon;
  let change = 0;
  const run = integrateFluid(scenario, {
    ...options,
    horizon,
    observe: (t, q, x) => {
      if (mark === null && t >= markTime) mark = { q: Float64Array.from(q), x: Float64Array.from(x) };
      else if (mark !== null) change = Math.max(change, relativeDistance(q, mark.q), relativeDistance(x, mark.x));
      options.observe?.(t, q, x);
      progress?.(t / horizon / 3);
    },
  });
  const halved = integrateFluid(scenario, { ...options, horizon, step: run.step / 2, sampleEvery: 0, observe: progress ? (t) => progress(1 / 3 + (2 * t) / horizon / 3) : undefined });
  // averages, not end states: an oscillating trajectory's end state depends on its phase, which
  // any step change shifts; for a settled run the two are the same
  const difference = Math.max(relativeDistance(halved.tailAverage.queues, run.tailAverage.queues), relativeDistance(halved.tailAverage.routing, run.tailAverage.routing));
  const B = scenario.backends.length;
  const queues: Record<string, number> = {};
  const converged = change <= SETTLED_TOLERANCE;
  // a settled run reports its end state; one still moving (oscillating, overloaded, time-varying
  // input) its average over the last 10% of the horizon, which does not depend on the phase
  const state = converged ? { queues: run.queues, routing: run.routing } : run.tailAverage;
  scenario.backends.forEach((b, j) => (queues[b.id] = state.queues[j]!));
  const routing: Record<string, Record<string, number>> = {};
  scenario.frontends.forEach((f, i) => {
    routing[f.id] = {};
    for (const j of f.allowed) routing[f.id]![scenario.backends[j]!.id] = state.routing[i * B + j]!;
  });
  return {
    steadyState: { objective: fluidObjective(scenario, state.queues, state.routing), queues, routing },
    converged,
    lastWindowChange: change,
    step: run.step,
    horizon: run.horizon,
    stepCheck: { halvedStep: run.step / 2, difference, tolerance: STEP_TOLERANCE, passed: difference <= STEP_TOLERANCE },
    run,
  };
}
