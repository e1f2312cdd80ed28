// The delay-differential fluid model of MODEL.md section 3, driven by the simulator's own policies.
import type { Scenario } from "../scenario/scenario.ts";
import { meanArrivalRate, meanRequestSize } from "../scenario/scenario.ts";
import { createPolicy } from "../policies/registry.ts";
import type { PolicySpec } from "../scenario/scenario.ts";
import { optimalRoutingOf } from "../optimum/optimalRouting.ts";
import { History } from "./history.ts";
import { DelayedFluidState } from "./delayedFluidState.ts";
import { arrivalRateFunction } from "./arrivalRates.ts";

export interface FluidOptions {
  /** Integration step, seconds (defaultStep() when omitted). */
  step?: number;
  horizon?: number;
  /** Policy to use instead of the scenario's (e.g. a perturbed DGD-LB for the stability search). */
  policy?: PolicySpec;
  /**
   * Queues at time 0 and before, per unit of scale; default empty. When given, the past is
   * taken as stationary: before time 0 frontends sent at their time-0 rates and routing.
   */
  initialQueues?: Float64Array;
  /** Replace every arrival process by its mean rate over the horizon (stability analysis of trace-driven scenarios). */
  stationaryArrivals?: boolean;
  /** Record the state every this many seconds (0: never). */
  sampleEvery?: number;
  /** Called after every step with the time and queues: stability's oscillation detector. */
  observe?: (time: number, queues: Float64Array) => void;
}

export interface FluidSample {
  time: number;
  queues: Float64Array;
  /** routing[i * B + j] as applied at this time. */
  routing: Float64Array;
}

export interface FluidRun {
  step: number;
  horizon: number;
  queues: Float64Array;
  routing: Float64Array;
  samples: FluidSample[];
  /** Time averages of queues and routing over the last 10% of the horizon (what an oscillating run settles to on average). */
  tailAverage: { queues: Float64Array; routing: Float64Array };
}

/** max over routes of d_ij + d_ji (0 without latencies). */
export function longestLoopDelay(scenario: Scenario): number {
  let loop = 0;
  for (let k = 0; k < scenario.oneWay.length; k++) if (scenario.oneWay[k]! + scenario.back[k]! > loop) loop = scenario.oneWay[k]! + scenario.back[k]!;
  return loop;
}

/**
 * Mean work per request arriving at each backend: MODEL.md's fluid uses unit sizes; we use the
 * mean over the frontends that may route there (1 in the textbook cases), so queues drain at μ/s.
 */
export function backendMeanSizes(scenario: Scenario, horizon: number): Float64Array {
  return Float64Array.from(scenario.backends, (_b, j) => {
    let sum = 0;
    let n = 0;
    for (const f of scenario.frontends) {
      if (f.allowed.includes(j)) {
        sum += meanRequestSize(f, horizon);
        n++;
      }
    }
    return n > 0 ? sum / n : 1;
  });
}

/**
 * The step: a hundredth of the longest loop delay d_ij + d_ji (shorter delays are read between
 * steps by interpolation), a tenth of the policy's update interval, at most s_j/(20·μ'_j(0))
 * for every backend (the fastest relaxation of a queue) and horizon/2000; shrunk so the policy's
 * update interval is a whole number of steps.
 */
export function defaultStep(scenario: Scenario, policy: PolicySpec = scenario.policy, horizon = scenario.horizon): number {
  const candidates = [horizon / 2000];
  const loop = longestLoopDelay(scenario);
  if (loop > 0) candidates.push(loop / 100);
  const sizes = backendMeanSizes(scenario, horizon);
  scenario.backends.forEach((b, j) => {
    const slope = b.curve.derivative(0) / sizes[j]!;
    if (slope > 0 && Number.isFinite(slope)) candidates.push(1 / (20 * slope));
  });
  const update = typeof policy.updateInterval === "number" ? policy.updateInterval : 0;
  if (update > 0) candidates.push(update / 10);
  let h = Math.min(...candidates);
  if (update > 0) h = update / Math.ceil(update / h - 1e-9);
  return h;
}

/**
 * Heun's method on dq_j/dt = Σ_i λ_i(t − d_ij)·x_ij(t − d_ij) − m_j(t)·μ_j(q_j)/s_j, with the
 * inflow read from a history of λ_i·x_ij and the policies fed the delayed queues. The inflow
 * does not depend on the current q, so only the service term needs the predictor-corrector.
 * DGD-LB updates at kΔ_update exactly as in the stochastic engine.
 */
export function integrateFluid(scenario: Scenario, options: FluidOptions = {}): FluidRun {
  const F = scenario.frontends.length;
  const B = scenario.backends.length;
  const horizon = options.horizon ?? scenario.horizon;
  const spec = options.policy ?? scenario.policy;
  const h = options.step ?? defaultStep(scenario, spec, horizon);
  const steps = Math.round(horizon / h);

  const q = Float64Array.from(options.initialQueues ?? new Float64Array(B));
  let longestBack = 0;
  let longestOut = 0;
  for (let k = 0; k < F * B; k++) {
    if (scenario.back[k]! > longestBack) longestBack = scenario.back[k]!;
    if (scenario.oneWay[k]! > longestOut) longestOut = scenario.oneWay[k]!;
  }
  const queueHistory = new History(B, h, longestBack + h, q);
  const pastInflow = new Float64Array(F * B);
  const inflowHistory = new History(F * B, h, longestOut + h, pastInflow);
  const state = new DelayedFluidState(scenario, queueHistory);
  const policy = createPolicy({ scenario, spec, state, optimalRouting: () => optimalRoutingOf(scenario) });

  const rates = scenario.frontends.map((f) => {
    if (!options.stationaryArrivals) return arrivalRateFunction(f.arrivals);
    const mean = meanArrivalRate(f.arrivals, scenario.horizon);
    return () => mean;
  });
  const meanSize = backendMeanSizes(scenario, horizon);
  const curves = scenario.backends.map((b) => b.curve);
  const multiplier = (j: number, t: number): number => {
    let m = 1;
    for (const w of scenario.backends[j]!.capacitySchedule) if (t >= w.from && t < w.to) m = w.multiplier;
    return m;
  };
  const delays = scenario.oneWay;

  const share = new Float64Array(B);
  const routing = new Float64Array(F * B);
  const inflowRow = new Float64Array(F * B);
  const inflow = new Float64Array(B);
  const predictor = new Float64Array(B);
  const samples: FluidSample[] = [];
  const sampleEvery = options.sampleEvery ?? 0;
  let nextSample = 0;
  const updateEvery = policy.updateInterval > 0 ? Math.round(policy.updateInterval / h) : 0;
  const tailFrom = Math.floor(0.9 * steps);
  const tailQueues = new Float64Array(B);
  const tailRouting = new Float64Array(F * B);

  const readRouting = (t: number): void => {
    state.advance(t);
    for (let i = 0; i < F; i++) {
      policy.shares(i, share);
      const lambda = rates[i]!(t);
      for (let j = 0; j < B; j++) {
        routing[i * B + j] = share[j]!;
        inflowRow[i * B + j] = lambda * share[j]!;
      }
    }
  };
  // inflow reaching backend j at time t: what frontends sent d_ij earlier (the newest row when d_ij < h)
  const inflowAt = (t: number): void => {
    inflow.fill(0);
    for (let i = 0; i < F; i++) {
      for (const j of scenario.frontends[i]!.allowed) inflow[j]! += inflowHistory.at(t - delays[i * B + j]!, i * B + j);
    }
  };

  if (options.initialQueues) {
    readRouting(0);
    pastInflow.set(inflowRow);
  }
  queueHistory.push(q);
  for (let n = 0; n < steps; n++) {
    const t = n * h;
    if (updateEvery > 0 && n > 0 && n % updateEvery === 0) {
      state.advance(t);
      policy.update();
    }
    readRouting(t);
    if (n >= tailFrom) {
      for (let k = 0; k < F * B; k++) tailRouting[k]! += routing[k]!;
      for (let j = 0; j < B; j++) tailQueues[j]! += q[j]!;
    }
    inflowHistory.push(inflowRow);
    if (sampleEvery > 0 && t >= nextSample - 1e-12) {
      samples.push({ time: t, queues: Float64Array.from(q), routing: Float64Array.from(routing) });
      nextSample += sampleEvery;
    }
    inflowAt(t);
    for (let j = 0; j < B; j++) predictor[j] = inflow[j]! - (multiplier(j, t) * curves[j]!.rate(q[j]!)) / meanSize[j]!;
    inflowAt(t + h);
    for (let j = 0; j < B; j++) {
      const guess = Math.max(0, q[j]! + h * predictor[j]!);
      const corrector = inflow[j]! - (multiplier(j, t + h) * curves[j]!.rate(guess)) / meanSize[j]!;
      q[j] = Math.max(0, q[j]! + 0.5 * h * (predictor[j]! + corrector));
    }
    queueHistory.push(q);
    options.observe?.(t + h, q);
  }
  readRouting(steps * h);
  if (sampleEvery > 0 && steps * h >= nextSample - 1e-12) samples.push({ time: steps * h, queues: Float64Array.from(q), routing: Float64Array.from(routing) });
  const tailSteps = Math.max(1, steps - tailFrom);
  for (let k = 0; k < F * B; k++) tailRouting[k]! /= tailSteps;
  for (let j = 0; j < B; j++) tailQueues[j]! /= tailSteps;
  return { step: h, horizon: steps * h, queues: q, routing: Float64Array.from(routing), samples, tailAverage: { queues: tailQueues, routing: tailRouting } };
}
