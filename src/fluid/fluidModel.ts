// The delay-differential fluid model of docs/model.md section 3, driven by the simulator's own policies.
import { assertOpenArrivals } from "../model/loadCheck.ts";
import type { Scenario } from "../model/scenario.ts";
import { allowedRowStarts, meanArrivalRate, meanRequestSize } from "../model/scenario.ts";
import { fixedMeanSizes } from "../model/knownRequestSize.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import { createPolicy, specUpdateInterval } from "../policies/registry.ts";
import type { PolicySpec } from "../model/scenario.ts";
import { optimalRoutingOf } from "../optimum/optimalRouting.ts";
import { History } from "./history.ts";
import { DelayedFluidState } from "./delayedFluidState.ts";
import { arrivalRateFunction } from "../random/arrivals/registry.ts";
import type { Policy } from "../policies/policy.ts";
import type { Curve } from "../model/curves/curve.ts";

/**
 * Steps × routes above which a fluid integration (or `lbsim fluid`'s run and its check together)
 * is refused without --allow-long: about a minute of computing at 60 ns a step-route (100 × 1,000).
 */
export const MAX_FLUID_WORK = 1e9;

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
  /** Leave out the capacity schedules (stability analysis is about the stationary optimum, not an outage). */
  fullCapacity?: boolean;
  /** Record the state every this many seconds (0: never). */
  sampleEvery?: number;
  /** Called after every step with the time, the queues and the routing applied during the step: stability's oscillation detector, the settle check. */
  observe?: (time: number, queues: Float64Array, routing: Float64Array) => void;
  /** Integrate however many step-routes it takes (else more than MAX_FLUID_WORK is refused before the first step). */
  allowLong?: boolean;
}

export interface FluidSample {
  time: number;
  queues: Float64Array;
  /** routing[i * B + j] as applied at this time. */
  routing: Float64Array;
  /** Completions per second at each backend (capacity multiplier included), as in --series. */
  throughput: Float64Array;
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

/** The integration step integrateFluid takes for these options, and how many steps. */
export function fluidSteps(scenario: Scenario, options: FluidOptions = {}): { h: number; steps: number } {
  const horizon = options.horizon ?? scenario.horizon;
  const h = options.step ?? defaultStep(scenario, options.policy ?? scenario.policy, horizon);
  return { h, steps: Math.round(horizon / h) };
}

/**
 * Refuses, before any of it runs, an integration of `steps` steps of h seconds over the scenario's
 * routes beyond MAX_FLUID_WORK step-routes (minutes of computing); `what` names what asks for them.
 */
export function assertFluidWork(scenario: Scenario, steps: number, h: number, what = "the fluid model"): void {
  const routes = scenario.frontends.length * scenario.backends.length;
  if (steps * Math.max(1, routes) <= MAX_FLUID_WORK) return;
  throw new ScenarioError(scenario.file, [
    {
      code: "too_long",
      path: "horizon",
      message: `${what} would integrate ${steps.toPrecision(2)} steps of ${h.toPrecision(2)} s over ${routes} routes, more than ${MAX_FLUID_WORK.toPrecision(1)} step-routes (minutes of computing; the step follows the shortest latency, update and service times); shorten the horizon, lengthen the intervals, or pass --allow-long`,
    },
  ]);
}

/** max over routes of d_ij + d_ji (0 without latencies). */
export function longestLoopDelay(scenario: Scenario): number {
  let loop = 0;
  for (let k = 0; k < scenario.oneWay.length; k++) if (scenario.oneWay[k]! + scenario.back[k]! > loop) loop = scenario.oneWay[k]! + scenario.back[k]!;
  return loop;
}

/**
 * The smallest mean request size among the frontends that may route to each backend (1 when
 * none may): the fastest per-request drain there is mu'_j(0)/min s_i, which bounds the step.
 */
function smallestSizeAt(scenario: Scenario, horizon: number): Float64Array {
  const out = new Float64Array(scenario.backends.length).fill(Infinity);
  for (const f of scenario.frontends) {
    const s = meanRequestSize(f, horizon);
    for (const j of f.allowed) if (s < out[j]!) out[j] = s;
  }
  for (let j = 0; j < out.length; j++) if (out[j] === Infinity) out[j] = 1;
  return out;
}

/**
 * The step: a hundredth of the longest loop delay d_ij + d_ji (shorter delays are read between
 * steps by interpolation), a tenth of the policy's update interval, at most s_j/(20·μ'_j(0))
 * for every backend (s_j the smallest mean size routed there: the fastest relaxation of a
 * queue) and horizon/2000; shrunk so the policy's
 * update interval is a whole number of steps.
 */
export function defaultStep(scenario: Scenario, policy: PolicySpec = scenario.policy, horizon = scenario.horizon): number {
  const candidates = [horizon / 2000];
  const loop = longestLoopDelay(scenario);
  if (loop > 0) candidates.push(loop / 100);
  const sizes = smallestSizeAt(scenario, horizon);
  scenario.backends.forEach((b, j) => {
    const slope = b.curve.derivative(0) / sizes[j]!;
    if (slope > 0 && Number.isFinite(slope)) candidates.push(1 / (20 * slope));
  });
  const update = specUpdateInterval(policy);
  if (update > 0) candidates.push(update / 10);
  // a fold, not Math.min(...candidates): one candidate a backend, more than a call may take on a large fleet
  let h = candidates.reduce((a, b) => Math.min(a, b), Infinity);
  if (update > 0) h = update / Math.ceil(update / h - 1e-9);
  return h;
}

/**
 * The fluid in per-class counts (docs/model.md, fluid model): q_ij is the (scaled) number of
 * frontend i's requests present at backend j, Q_j = Σ_i q_ij. Processor sharing gives each of
 * the Q_j requests work at μ_j(Q_j)/Q_j, so class i completes at m_j(t)·μ_j(Q_j)·(q_ij/Q_j)/s_i:
 *
 *   dq_ij/dt = λ_i(t − d_ij)·x_ij(t − d_ij) − m_j(t)·μ_j(Q_j)·q_ij / (Q_j·s_i).
 *
 * At rest μ_j(Q_j) = Σ_i s_i·λ_i·x_ij, the work rate the optimum uses, for any mix of sizes.
 * Heun's method; the inflow is read from a history of λ_i·x_ij and the policies are fed the
 * delayed totals Q_j. DGD-LB updates at kΔ_update exactly as in the stochastic engine.
 */
export function integrateFluid(scenario: Scenario, options: FluidOptions = {}): FluidRun {
  assertOpenArrivals(scenario, "the fluid model");
  const F = scenario.frontends.length;
  const B = scenario.backends.length;
  const spec = options.policy ?? scenario.policy;
  const { h, steps } = fluidSteps(scenario, options);
  if (!options.allowLong) assertFluidWork(scenario, steps, h);

  const sizes = fixedMeanSizes(scenario);
  const q = Float64Array.from(options.initialQueues ?? new Float64Array(B));
  let longestBack = 0;
  let longestOut = 0;
  for (let k = 0; k < F * B; k++) {
    if (scenario.back[k]! > longestBack) longestBack = scenario.back[k]!;
    if (scenario.oneWay[k]! > longestOut) longestOut = scenario.oneWay[k]!;
  }
  // the past (t < 0) is a copy: frontends see the initial state until a report could arrive
  const queueHistory = new History(B, h, longestBack + h, Float64Array.from(q));
  const state = new DelayedFluidState(scenario, queueHistory);
  const policy = createPolicy({ scenario, spec, state, sizes, optimalRouting: () => optimalRoutingOf(scenario) });
  const rates = options.stationaryArrivals
    ? Float64Array.from(scenario.frontends, (f) => meanArrivalRate(f.arrivals, scenario.horizon))
    : scenario.frontends.map((f) => arrivalRateFunction(f.arrivals));
  const fluid = new FluidSystem(
    scenario,
    policy,
    state,
    rates,
    Float64Array.from(scenario.frontends, (_f, i) => sizes.mean(i)),
    h,
    longestOut + h,
    options.fullCapacity === true,
  );
  const { routing } = fluid;

  const samples: FluidSample[] = [];
  const sampleEvery = options.sampleEvery ?? 0;
  let nextSample = 0;
  const updateEvery = policy.updateInterval > 0 ? Math.round(policy.updateInterval / h) : 0;
  const tailFrom = Math.floor(0.9 * steps);
  const tailQueues = new Float64Array(B);
  const tailRouting = new Float64Array(F * B);
  const observe = options.observe;

  if (options.initialQueues) {
    fluid.readRouting(0);
    fluid.inflowWasAlways();
    fluid.stationaryClasses(q);
  }
  queueHistory.push(q);
  for (let n = 0; n < steps; n++) {
    const t = n * h;
    if (updateEvery > 0 && n > 0 && n % updateEvery === 0) {
      state.advance(t);
      policy.update();
    }
    fluid.readRouting(t);
    // the tail's sums also take the first step, and are then cleared: code first reached at 90% of
    // the run had no type feedback when V8 optimised the loop, and threw that code away
    if (n >= tailFrom || n === 0) {
      for (let k = 0; k < F * B; k++) tailRouting[k]! += routing[k]!;
      for (let j = 0; j < B; j++) tailQueues[j]! += q[j]!;
      if (n < tailFrom) {
        tailRouting.fill(0);
        tailQueues.fill(0);
      }
    }
    fluid.recordInflow();
    if (sampleEvery > 0 && t >= nextSample - 1e-12) {
      samples.push(sampleAt(t));
      nextSample += sampleEvery;
    }
    fluid.heunStep(t, h, q);
    queueHistory.push(q);
    if (observe) observe(t + h, q, routing);
  }
  fluid.readRouting(steps * h);
  if (sampleEvery > 0 && steps * h >= nextSample - 1e-12) samples.push(sampleAt(steps * h));
  const tailSteps = Math.max(1, steps - tailFrom);
  for (let k = 0; k < F * B; k++) tailRouting[k]! /= tailSteps;
  for (let j = 0; j < B; j++) tailQueues[j]! /= tailSteps;
  // the policy is not called again: its workspace may serve the next integration (a run that throws keeps it, and the next makes its own)
  policy.release?.();
  return { step: h, horizon: steps * h, queues: q, routing: Float64Array.from(routing), samples, tailAverage: { queues: tailQueues, routing: tailRouting } };

  function sampleAt(t: number): FluidSample {
    const throughput = new Float64Array(B);
    fluid.throughputAt(t, throughput);
    return { time: t, queues: Float64Array.from(q), routing: Float64Array.from(routing), throughput };
  }
}

/**
 * The fluid's per-class state and one Heun step of it. A class, not closures made per integration:
 * the stability search integrates a scenario some twenty times, and closures made afresh each time
 * sent TurboFan's code for the loop back ("wrong call target", "wrong map"), to be compiled again
 * (seven times, 0.7 s of compiling, for one search). Routes are flat: frontend i's are
 * routeK[routeStart[i] .. routeStart[i + 1]), k = i·B + j, in the order of its allowed backends.
 */
class FluidSystem {
  private readonly F: number;
  private readonly B: number;
  private readonly routeStart: Int32Array;
  private readonly routeK: Int32Array;
  /**
   * The routes by their delay: the inflow history records route delayOrder[c]'s sending rate in
   * column c, its key (i·B + j) is orderedK[c] and its delay orderedDelay[c], so that reading every
   * route at its delay walks the history's rows in order (History.atEach).
   */
  private readonly orderedK: Int32Array;
  private readonly orderedDelay: Float64Array;
  /** λ_i·x_ij as sent at each step, a column a route (in delay order), as far back as the longest d_ij. */
  private readonly inflowHistory: History;
  private readonly share: Float64Array;
  readonly routing: Float64Array;
  readonly inflowRow: Float64Array;
  private readonly inflow: Float64Array;
  private readonly classes: Float64Array;
  private readonly guess: Float64Array;
  private readonly predictor: Float64Array;
  private readonly totals: Float64Array;
  private readonly perClass: Float64Array;
  private readonly curves: Curve[];
  /** The capacity windows of each backend, or none when the run ignores them. */
  private readonly schedules: { from: number; to: number; multiplier: number }[][];

  constructor(
    scenario: Scenario,
    private readonly policy: Policy,
    private readonly state: DelayedFluidState,
    /** λ_i(t) per frontend, or the mean rates (stationary arrivals: no call per frontend and step). */
    private readonly rates: ((t: number) => number)[] | Float64Array,
    private readonly size: Float64Array,
    step: number,
    longestOut: number,
    fullCapacity: boolean,
  ) {
    const F = (this.F = scenario.frontends.length);
    const B = (this.B = scenario.backends.length);
    this.routeStart = allowedRowStarts(scenario.frontends);
    this.routeK = new Int32Array(this.routeStart[F]!);
    // d_ij of route r: what frontend i sent d_ij earlier reaches j now
    const routeDelay = new Float64Array(this.routeStart[F]!);
    scenario.frontends.forEach((f, i) =>
      f.allowed.forEach((j, a) => {
        const r = this.routeStart[i]! + a;
        this.routeK[r] = i * B + j;
        routeDelay[r] = scenario.oneWay[i * B + j]!;
      }),
    );
    const delayOrder = Array.from(routeDelay.keys()).sort((a, b) => routeDelay[a]! - routeDelay[b]! || a - b);
    this.orderedK = Int32Array.from(delayOrder, (r) => this.routeK[r]!);
    this.orderedDelay = Float64Array.from(delayOrder, (r) => routeDelay[r]!);
    // the past (t < 0) sent nothing, unless inflowWasAlways() says otherwise
    this.inflowHistory = new History(delayOrder.length, step, longestOut, new Float64Array(delayOrder.length));
    this.share = new Float64Array(B);
    this.routing = new Float64Array(F * B);
    this.inflowRow = new Float64Array(F * B);
    this.inflow = new Float64Array(F * B);
    this.classes = new Float64Array(F * B);
    this.guess = new Float64Array(F * B);
    this.predictor = new Float64Array(F * B);
    this.totals = new Float64Array(B);
    this.perClass = new Float64Array(F * B);
    this.curves = scenario.backends.map((b) => b.curve);
    this.schedules = scenario.backends.map((b) => (fullCapacity ? [] : b.capacitySchedule));
  }

  /** Routing and sending rates λ_i(t)·x_ij(t) as the policy has them at t. */
  readRouting(t: number): void {
    const { B, share, routing, inflowRow, rates } = this;
    this.state.advance(t);
    for (let i = 0; i < this.F; i++) {
      this.policy.shares(i, share);
      const lambda = rates instanceof Float64Array ? rates[i]! : rates[i]!(t);
      for (let j = 0; j < B; j++) {
        routing[i * B + j] = share[j]!;
        inflowRow[i * B + j] = lambda * share[j]!;
      }
    }
  }

  /** Records this step's sending rates (inflowRow) in the history. */
  recordInflow(): void {
    this.inflowHistory.pushGathered(this.inflowRow, this.orderedK);
  }

  /** The routes sent at today's rates (inflowRow) at every time before 0. */
  inflowWasAlways(): void {
    this.inflowHistory.initial.set(Array.from(this.orderedK, (k) => this.inflowRow[k]!));
  }

  /** The past is stationary: each queue holds its classes in proportion to their work inflow. */
  stationaryClasses(q: Float64Array): void {
    const { F, B, routeStart, routeK, inflowRow, size, classes } = this;
    // a mask, not a search of each frontend's routes per pair (10^8 comparisons at 100 × 1,000, in every stability trial)
    const isRoute = new Uint8Array(F * B);
    for (let r = 0; r < routeStart[F]!; r++) isRoute[routeK[r]!] = 1;
    const routes = (i: number, j: number): boolean => isRoute[i * B + j] === 1;
    for (let j = 0; j < B; j++) {
      let work = 0;
      let users = 0;
      for (let i = 0; i < F; i++) {
        if (routes(i, j)) {
          work += inflowRow[i * B + j]! * size[i]!;
          users++;
        }
      }
      for (let i = 0; i < F; i++) {
        if (!routes(i, j)) continue;
        classes[i * B + j] = q[j]! * (work > 0 ? (inflowRow[i * B + j]! * size[i]!) / work : 1 / users);
      }
    }
  }

  /**
   * Heun's step from t to t + h of the classes; q gets the new totals. Each stage is a pass over
   * the routes that takes the derivative (inflow less completions, completions() arithmetic) and
   * the stage's update at once, the second also the new totals in sumClasses()' order of additions:
   * at 100 × 1,000 a step streams 10^5 classes, and five passes a stage were most of its time.
   */
  heunStep(t: number, h: number, q: Float64Array): void {
    const { classes, guess, predictor, routeStart, routeK, inflow, totals, size, B } = this;
    this.inflowAt(t);
    this.perClassRates(t, classes);
    for (let i = 0; i < this.F; i++) {
      const perWork = 1 / size[i]!;
      for (let r = routeStart[i]!; r < routeStart[i + 1]!; r++) {
        const k = routeK[r]!;
        const d = inflow[k]! - totals[k - i * B]! * classes[k]! * perWork;
        predictor[k] = d;
        guess[k] = Math.max(0, classes[k]! + h * d);
      }
    }
    this.inflowAt(t + h);
    this.perClassRates(t + h, guess);
    q.fill(0);
    for (let i = 0; i < this.F; i++) {
      const perWork = 1 / size[i]!;
      for (let r = routeStart[i]!; r < routeStart[i + 1]!; r++) {
        const k = routeK[r]!;
        const d = inflow[k]! - totals[k - i * B]! * guess[k]! * perWork;
        const c = Math.max(0, classes[k]! + 0.5 * h * (predictor[k]! + d));
        classes[k] = c;
        q[k - i * B]! += c;
      }
    }
  }

  /** Completions per second at each backend at t (capacity multiplier included), as in --series. */
  throughputAt(t: number, out: Float64Array): void {
    this.completions(t, this.classes, this.perClass);
    this.sumClasses(this.perClass, out);
  }

  /** Inflow of class i reaching backend j at time t: what frontend i sent d_ij earlier. */
  private inflowAt(t: number): void {
    this.inflowHistory.atEach(t, this.orderedDelay, this.orderedK, this.inflow);
  }

  private sumClasses(c: Float64Array, out: Float64Array): void {
    const { routeStart, routeK, B } = this;
    out.fill(0);
    for (let i = 0; i < this.F; i++) for (let r = routeStart[i]!; r < routeStart[i + 1]!; r++) out[routeK[r]! - i * B]! += c[routeK[r]!]!;
  }

  /** totals[j] = m·μ(Q_j)/Q_j at time t for classes c (0 where Q_j = 0): a class's completions are totals[j]·c/s_i. */
  private perClassRates(t: number, c: Float64Array): void {
    const { totals, B } = this;
    this.sumClasses(c, totals);
    for (let j = 0; j < B; j++) totals[j] = totals[j]! > 0 ? (this.multiplier(j, t) * this.curves[j]!.rate(totals[j]!)) / totals[j]! : 0;
  }

  /** Completions per second of each class at time t into out: m·μ(Q)·(c/Q)/s_i. */
  private completions(t: number, c: Float64Array, out: Float64Array): void {
    const { routeStart, routeK, totals, size, B } = this;
    this.perClassRates(t, c);
    for (let i = 0; i < this.F; i++) {
      const perWork = 1 / size[i]!;
      for (let r = routeStart[i]!; r < routeStart[i + 1]!; r++) {
        const k = routeK[r]!;
        out[k] = totals[k - i * B]! * c[k]! * perWork;
      }
    }
  }

  private multiplier(j: number, t: number): number {
    let m = 1;
    for (const w of this.schedules[j]!) if (t >= w.from && t < w.to) m = w.multiplier;
    return m;
  }
}
