// The critical DGD-LB step size of any scenario, by bisection on the fluid model.
import type { Scenario } from "../model/scenario.ts";
import { meanArrivalRate } from "../model/scenario.ts";
import { solveScenarioOptimum } from "../optimum/solveOptimum.ts";
import { defaultStep, integrateFluid, longestLoopDelay } from "./fluidModel.ts";
import { StudyError } from "../input/studyError.ts";
import { assertFeasible, assertOpenArrivals } from "../model/loadCheck.ts";
import { log } from "../math/portableMath.ts";
import { specUpdateInterval } from "../policies/registry.ts";

/** Relative size of the routing perturbation that starts each trial (small: the linear regime). */
export const PERTURBATION = 1e-4;
/** Observation windows per trial; the growth rate is fitted over the second half. */
export const WINDOWS = 60;

export interface GrowthTrial {
  stepSize: number;
  /** Fitted growth of log(peak deviation) per window: < 0 decays, > 0 grows. */
  growthPerWindow: number;
  stable: boolean;
}

export interface CriticalStepResult {
  criticalStepSize: number;
  /** Relative width of the final bracket. */
  tolerance: number;
  window: number;
  trials: GrowthTrial[];
  /** The update interval the fluid search used: the scenario's, or τ_max/CONTINUOUS_UPDATES where the scenario's is shorter (the continuous-time model). */
  updateInterval: number;
  /**
   * True when the search stopped at its bracket because `atLeast` was below it: criticalStepSize is
   * then the bracket's stable end, a lower bound of what the bisection would have found.
   */
  lowerBound?: boolean;
}

/** Updates per longest loop delay beyond which the search treats DGD-LB as continuous in time. */
export const CONTINUOUS_UPDATES = 100;

/**
 * One trial: start at the optimum (queues q*, past stationary) with each frontend's routing
 * moved by PERTURBATION from x*, run WINDOWS windows of about one oscillation period, and take
 * the oscillation's amplitude in each: the largest peak-to-peak range of a queue within the
 * window. Not the distance from q*: the integrator's equilibrium differs from the solver's q* by
 * rounding and discretisation (about 1e-11), and a decayed trial measured against q* sits on that
 * offset with slope 0, which read as "unstable" and cut critical steps 5-25x. The criterion is
 * the sign of the least-squares slope of log(amplitude) over the second half: continuous through
 * the threshold, so slow decay just below it and slow growth just above are told apart where
 * comparing amplitudes would need ever longer runs. Amplitudes that reach 100x the start (a
 * limit cycle saturates growth) count as unstable; a trial whose amplitude falls to the rounding
 * floor (DECAYED_FLOOR of the queues' size) counts as stable.
 */
export function growthTrial(s: Scenario, stepSize: number, optimum: ReturnType<typeof solveScenarioOptimum>, window: number): GrowthTrial {
  const B = s.backends.length;
  const watch = new QueueWatch(B, window, optimum.queues);
  perturbedRun(s, stepSize, optimum, WINDOWS * window, watch);
  const { low, high } = watch;
  const amplitudes = new Float64Array(WINDOWS);
  for (let w = 0; w < WINDOWS; w++) for (let j = 0; j < B; j++) amplitudes[w] = Math.max(amplitudes[w]!, high[w * B + j]! - low[w * B + j]! || 0);
  let size = 1;
  for (const q of optimum.queues) size = Math.max(size, q);
  return judge(stepSize, amplitudes, DECAYED_FLOOR * size);
}

/**
 * What a perturbed run records of the queues after every step: each window's extremes (for
 * growthTrial) and each queue's sign changes around q* (for oscillationPeriod). One class for both,
 * handed to the integrator through one function (watchQueues): a closure made per trial was a new
 * call target at every trial, and V8 threw away the integrator's optimised loop twice a search.
 */
class QueueWatch {
  readonly low: Float64Array;
  readonly high: Float64Array;
  readonly sign: Int8Array;
  readonly changes: Int32Array;
  private readonly peak: Float64Array;

  /** `window`: seconds per window of extremes (Infinity: one window); `reference`: q*, the level sign changes are counted around. */
  constructor(
    private readonly B: number,
    private readonly window: number,
    private readonly reference: Float64Array,
  ) {
    this.low = new Float64Array(WINDOWS * B).fill(Infinity);
    this.high = new Float64Array(WINDOWS * B).fill(-Infinity);
    this.sign = new Int8Array(B);
    this.changes = new Int32Array(B);
    this.peak = new Float64Array(B);
  }

  see(t: number, q: Float64Array): void {
    const B = this.B;
    const at = Math.min(WINDOWS - 1, Math.floor(t / this.window)) * B;
    for (let j = 0; j < B; j++) {
      if (q[j]! < this.low[at + j]!) this.low[at + j] = q[j]!;
      if (q[j]! > this.high[at + j]!) this.high[at + j] = q[j]!;
    }
    for (let j = 0; j < B; j++) {
      const d = q[j]! - this.reference[j]!;
      if (Math.abs(d) > this.peak[j]!) this.peak[j] = Math.abs(d);
      // hysteresis: rounding noise near zero does not count
      if (Math.abs(d) < 1e-3 * this.peak[j]!) continue;
      const now = d > 0 ? 1 : -1;
      if (this.sign[j] !== 0 && now !== this.sign[j]) this.changes[j]!++;
      this.sign[j] = now;
    }
  }
}

/** The watch of the perturbed run under way (runs are not nested). */
let watching: QueueWatch | null = null;

function watchQueues(t: number, q: Float64Array): void {
  watching!.see(t, q);
}

/** Amplitude, relative to the largest optimal queue (at least 1), below which a trial has decayed to rounding noise. */
export const DECAYED_FLOOR = 1e-11;

type Optimum = ReturnType<typeof solveScenarioOptimum>;

function perturbedRun(s: Scenario, stepSize: number, optimum: Optimum, horizon: number, watch: QueueWatch): void {
  const B = s.backends.length;
  const initial: Record<string, Record<string, number>> = {};
  s.frontends.forEach((f, i) => {
    const row: Record<string, number> = {};
    const xs = Array.from(f.allowed, (j) => optimum.routing[i * B + j]!);
    // move mass from the largest share to the next one (a direction inside the simplex)
    const order = Array.from(xs.keys()).sort((a, b) => xs[b]! - xs[a]!);
    if (order.length > 1) {
      const move = Math.min(PERTURBATION, xs[order[0]!]!);
      xs[order[0]!]! -= move;
      xs[order[1]!]! += move;
    }
    f.allowed.forEach((j, a) => (row[s.backends[j]!.id] = xs[a]!));
    initial[f.id] = row;
  });
  // arrivals at their mean rates: the optimum is an equilibrium only of stationary input
  if (s.policy.kind !== "dgd-lb") throw new Error("criticalStepSize needs a dgd-lb scenario");
  watching = watch;
  try {
    // the search as a whole was weighed against its own limit (MAX_SEARCH_WORK, --allow-long)
    integrateFluid(s, {
      horizon,
      policy: { ...s.policy, stepSize, initial },
      initialQueues: Float64Array.from(optimum.queues),
      observe: watchQueues,
      stationaryArrivals: true,
      fullCapacity: true,
      allowLong: true,
    });
  } finally {
    watching = null;
  }
}

/**
 * The oscillation period at `stepSize` (best just above the threshold, where the oscillation is
 * sustained): a run counting sign changes of each queue's deviation from q* (with hysteresis, so
 * rounding noise near zero does not count), lengthened until some queue has changed sign at
 * least 8 times; null when it has not within 800 lower bounds. The lower bound 4·τ_max + Δ holds
 * for any delay-induced oscillation (ωτ < π/2).
 */
export function oscillationPeriod(s: Scenario, stepSize: number, optimum: Optimum): number | null {
  const B = s.backends.length;
  const floor = periodLowerBound(s);
  for (let horizon = 50 * floor; horizon <= 800 * floor; horizon *= 4) {
    const watch = new QueueWatch(B, Infinity, optimum.queues);
    perturbedRun(s, stepSize, optimum, horizon, watch);
    const changes = watch.changes;
    const most = changes.reduce((a, b) => Math.max(a, b), 0); // a fold: one count a backend
    if (most >= 8) return Math.max(floor, (2 * horizon) / most);
  }
  return null;
}

function periodLowerBound(s: Scenario): number {
  return 4 * longestLoopDelay(s) + specUpdateInterval(s.policy);
}

function judge(stepSize: number, amplitudes: Float64Array, floor: number): GrowthTrial {
  const start = Math.max(amplitudes[0]!, 1e-300);
  const last = amplitudes[WINDOWS - 1]!;
  const from = Math.floor(WINDOWS / 2);
  if (last >= 100 * start) return { stepSize, growthPerWindow: log(last / start) / (WINDOWS - 1), stable: false };
  for (let w = from; w < WINDOWS; w++) {
    if (amplitudes[w]! <= floor) return { stepSize, growthPerWindow: log(Math.max(amplitudes[w]!, 1e-300) / start) / Math.max(1, w), stable: true };
  }
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  const n = WINDOWS - from;
  for (let w = from; w < WINDOWS; w++) {
    const y = log(amplitudes[w]!);
    sx += w;
    sy += y;
    sxx += w * w;
    sxy += w * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { stepSize, growthPerWindow: slope, stable: slope < 0 };
}

/**
 * Fluid step-routes a critical-step search may integrate by default: what DGD-LB's "auto" step and
 * the check of a given step spend beside a run (1–5 seconds at 10–50 ns a step-route).
 */
export const MAX_SEARCH_WORK = 1e8;
/**
 * What `lbsim stability`, whose whole work the search is, may integrate: under a minute (the fluid
 * model integrates 10–50 ns a step-route, fewer routes the faster, and a search typically stops
 * short of its estimate). --allow-long lifts either.
 */
export const MAX_STABILITY_WORK = 1e9;
/** Trials a search typically runs (bracket and its confirmation, period, re-check, bisection to 1%). */
const EXPECTED_TRIALS = 25;

/**
 * A search asked only whether η_c ≥ atLeast stops at the first stable trial of its first bracket
 * that is at least this many times atLeast. Those trials use windows of the period's lower bound,
 * not the measured period; the factor leaves room for that, and above the guess the doubling
 * already takes stability to be monotone in η.
 */
export const EARLY_STABLE_MARGIN = 2;

/**
 * Brackets the threshold by doubling/halving from `guess` (the analytic value when there is one,
 * else 1/(Λ·τ_max)), then bisects (geometrically) until the bracket is `tolerance` wide. With
 * `atLeast`, a caller that only asks whether η_c ≥ atLeast: when a stable trial while doubling up
 * from the guess reaches EARLY_STABLE_MARGIN·atLeast, or the final bracket's stable end reaches
 * atLeast, the rest of the search (which only raises that end) is skipped and the result says so.
 */
export function criticalStepSize(
  given: Scenario,
  options: { guess?: number; tolerance?: number; onTrial?: (t: GrowthTrial) => void; allowLong?: boolean; atLeast?: number; maxWork?: number } = {},
): CriticalStepResult {
  if (given.policy.kind !== "dgd-lb") throw new Error("criticalStepSize needs a dgd-lb scenario");
  // updates far more frequent than the loop delay are the continuous-time model (the paper's): the
  // search integrates it with updates every τ_max/100 at the same gain η (routing moves at η·g per
  // second either way), instead of a fluid step a tenth of a tiny update interval
  const loopDelay = longestLoopDelay(given);
  const continuous = loopDelay > 0 && given.policy.updateInterval < loopDelay / CONTINUOUS_UPDATES;
  const s: Scenario = continuous ? { ...given, policy: { ...given.policy, updateInterval: loopDelay / CONTINUOUS_UPDATES } } : given;
  if (s.policy.kind !== "dgd-lb") throw new Error("criticalStepSize needs a dgd-lb scenario");
  const tolerance = options.tolerance ?? 1e-3;
  // first bracket with windows of the period's lower bound, then measure the period just above
  // the threshold (sustained there, so quick to count) and re-check the bracket with it: far
  // below the threshold the oscillation dies out before it can be timed
  let window = periodLowerBound(s);
  // an infeasible load is the scenario's error, whatever the search would cost
  assertOpenArrivals(s, "the optimum");
  assertFeasible(s);
  // refuse up front what would take minutes, before the optimum (seconds at 100 × 1,000): every
  // trial integrates WINDOWS windows at the fluid step
  const trialWork = ((WINDOWS * 4 * window) / defaultStep(s, s.policy, WINDOWS * 4 * window)) * Math.max(1, s.frontends.length * s.backends.length);
  const maxWork = options.maxWork ?? MAX_SEARCH_WORK;
  if (!options.allowLong && !(trialWork * EXPECTED_TRIALS <= maxWork)) {
    throw new StudyError(
      `finding the critical step would integrate about ${(trialWork * EXPECTED_TRIALS).toPrecision(2)} step-routes of the fluid model (more than ${maxWork}): its step follows the update interval and the shortest latencies while its windows follow the longest loop delay; --allow-long runs it anyway`,
    );
  }
  const optimum = solveScenarioOptimum(s);
  const tau = longestLoopDelay(s);
  const update = s.policy.updateInterval;
  const totalRate = s.frontends.reduce((sum, f) => sum + meanArrivalRate(f.arrivals, s.horizon), 0);
  const guess = options.guess ?? 1 / (totalRate * Math.max(tau, update));
  const trials: GrowthTrial[] = [];
  const trial = (eta: number, windows = 1) => {
    const t = growthTrial(s, eta, optimum, window * windows);
    trials.push(t);
    options.onTrial?.(t);
    return t.stable;
  };
  // the first bracket may stop at a stable trial well above atLeast: hi is then Infinity
  const settles = (eta: number, first: boolean) => first && options.atLeast !== undefined && eta >= EARLY_STABLE_MARGIN * options.atLeast;
  const bracket = (start: number, lo0?: number, hi0?: number): [number, number] => {
    const first = lo0 === undefined;
    let lo: number;
    let hi: number;
    if (lo0 !== undefined && hi0 !== undefined && trial(lo0) && !trial(hi0)) return [lo0, hi0];
    if (trial(start)) {
      lo = start;
      if (settles(lo, first)) return [lo, Infinity];
      hi = start * 2;
      while (trial(hi)) {
        lo = hi;
        if (settles(lo, first)) return [lo, Infinity];
        hi *= 2;
        if (hi > guess * 2 ** 20)
          throw new StudyError(
            `DGD-LB stays stable at every step size tried (up to ${hi.toPrecision(3)}): no finite critical step size (curves without curvature at the optimum, e.g. linear segments, give none)`,
          );
      }
    } else {
      hi = start;
      lo = start / 2;
      for (;;) {
        while (!trial(lo)) {
          hi = lo;
          lo /= 2;
          if (lo < guess * 2 ** -20)
            throw new StudyError(
              `DGD-LB does not settle at any step size tried (down to ${lo.toPrecision(3)}): the fluid model keeps oscillating at the optimum (a curve with kinks there, e.g. a concave-majorant table, makes DGD-LB chatter at any step size)`,
            );
        }
        // monotone-safe: η_c is the first instability from below, so the halving must not stop on a
        // stable island above an unstable band; one more halving confirms it
        // and watches hi/(lo/2) times as long: DGD-LB's dynamics slow down with its step, and in
        // windows timed for the unstable step a slow relaxation still building up reads as growth
        // (two-backends-symmetric at τ = 5 ms with 0.625 ms updates fell to 1/70 of η_c)
        if (trial(lo / 2, hi / (lo / 2))) break;
        hi = lo / 2;
        lo /= 4;
      }
    }
    return [lo, hi];
  };
  /** The search stopped at a stable end `at`, at least atLeast: a lower bound of η_c. */
  const lowerBound = (at: number): CriticalStepResult => ({ criticalStepSize: at, tolerance, window, trials, updateInterval: update, lowerBound: true });
  let [lo, hi] = bracket(guess);
  if (hi === Infinity) return lowerBound(lo);
  const measured = oscillationPeriod(s, hi, optimum);
  if (measured !== null && measured !== window) {
    window = measured;
    [lo, hi] = bracket(Math.sqrt(lo * hi), lo, hi);
  }
  if (options.atLeast !== undefined && lo >= options.atLeast) return lowerBound(lo);
  while (hi / lo - 1 > tolerance) {
    const mid = Math.sqrt(lo * hi);
    if (trial(mid)) lo = mid;
    else hi = mid;
  }
  return { criticalStepSize: Math.sqrt(lo * hi), tolerance, window, trials, updateInterval: s.policy.updateInterval };
}
