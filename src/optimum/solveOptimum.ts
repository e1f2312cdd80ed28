// The central optimum of docs/model.md section 4: convex routing by block-coordinate water-filling.
import type { Scenario } from "../model/scenario.ts";
import { assertFeasible, assertOpenArrivals } from "../model/loadCheck.ts";
import { kktResidual, kktUsedResidual } from "./kktResidual.ts";
import { loadAtMarginal, optimumInput, type OptimumInput } from "./optimumInput.ts";
import { exchangeMoves } from "./exchangeMoves.ts";
import { workNotice } from "../input/workNotice.ts";

export type { OptimumInput };

export interface Optimum {
  /** x*_ij at [i * B + j]. */
  routing: Float64Array;
  /** c_ij = d_ij + d_ji + s_i/mu'_j(Q_j(w_j)) at [i * B + j] (NaN off E_i). */
  marginalLatency: Float64Array;
  /** L* (seconds). */
  objective: number;
  kktResidual: number;
  sweeps: number;
  /** Backend work rates w_j and fluid queues Q_j(w_j). */
  load: Float64Array;
  queues: Float64Array;
}

/** Target relative KKT residual; sweeps stop there or at MAX_SWEEPS. */
export const KKT_TARGET = 1e-11;
export const MAX_SWEEPS = 20000;
/** First distance from the previous sweep's ν_i at which a block looks for the other side of its root (relative, growing 32× a try). */
const WARM_START_STEP = 1e-10;
/** Regula falsi steps a block may take before its bisection, and the bracket width (relative) at which it stops: a quarter of the bisection's. */
const FALSI_STEPS = 12;
const FALSI_WIDTH = 2.5e-16;
/** idleBelow sits this far (relatively) under a backend's marginal latency, and its load must be ROUNDING_ROOM below w_j there. */
const IDLE_MARGIN = 1e-9;
const ROUNDING_ROOM = 1e-12;

/** Routes (frontends × backends) from which solving the optimum says so on the notice channel: about 2 s and up. */
export const OPTIMUM_NOTICE_ROUTES = 50_000;
/** Seconds between progress notices of a long solve (shown in a terminal only). */
const PROGRESS_EVERY = 2;

/** Solves the scenario's optimum after checking feasibility (infeasible load is a ScenarioError naming the shortfall). */
export function solveScenarioOptimum(s: Scenario): Optimum {
  assertOpenArrivals(s, "the optimum");
  assertFeasible(s);
  const F = s.frontends.length;
  const B = s.backends.length;
  if (F * B < OPTIMUM_NOTICE_ROUTES) return solveOptimum(optimumInput(s));
  const started = performance.now();
  // 4 s at 100 × 1,000 and 47 s at 300 × 1,000 (a 2-core VM): past a few seconds, progress says how far it is
  workNotice(`central optimum of ${F} frontends × ${B} backends: solving (seconds to minutes at this size)`);
  let said = started;
  const optimum = solveOptimum(optimumInput(s), (sweeps, residual) => {
    const now = performance.now();
    if (now - said < PROGRESS_EVERY * 1000) return;
    said = now;
    workNotice(`central optimum: ${sweeps} sweeps, KKT residual ${residual.toExponential(1)} (stops at ${KKT_TARGET.toExponential(0)}), ${((now - started) / 1000).toFixed(0)} s so far`, true);
  });
  workNotice(`central optimum: ${optimum.sweeps} sweeps, KKT residual ${optimum.kktResidual.toExponential(1)}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return optimum;
}

/**
 * Minimises L(x) = (1/Λ)[Σ_ij λ_i x_ij τ_ij + Σ_j Q_j(w_j)], w_j = Σ_i s_i λ_i x_ij, over the
 * simplices x_i ∈ Δ(E_i). Block-coordinate descent over frontends: each block is solved exactly
 * by water-filling, ν_i found by bisection so that Σ_j f_ij(ν_i) = λ_i with
 * f_ij(ν) = (A_j((ν − τ_ij)/s_i) − w_j^{−i})⁺/s_i and A_j(p) = mu_j(n) where mu'_j(n) = 1/p (the
 * load at which the backend's marginal latency is p). Blocks have separate constraints and L is
 * convex, so the sweeps converge to the optimum; they stop when the relative KKT residual
 * reaches KKT_TARGET. Every tenth sweep starts with exchange moves (exchangeMoves.ts).
 *
 * The answer is that of the plain form (every bisection over all of E_i, every exchange pair, the
 * full residual each sweep: test/optimum/plainOptimum.ts), double for double; the cost is not:
 * a block's bisection decides most midpoints from a bracket found around its previous ν_i, skips
 * backends it cannot reach, and resets only the flows it holds, so a sweep costs about one pass
 * over the routes plus O(support) curve evaluations. A realistic 100 × 1,000 fleet (saturating
 * backends, latencies in 0.1 ms steps) takes about 4 s and 1,630 sweeps, where the plain form
 * ran for over 25 minutes.
 */
/** `afterSweep` hears each sweep's count and the residual it ended on (the support's share until that meets the target). */
export function solveOptimum(input: OptimumInput, afterSweep?: (sweeps: number, residual: number) => void): Optimum {
  const { lambda, size, curves, allowed, roundTrip } = input;
  const F = lambda.length;
  const B = curves.length;
  const flow = new Float64Array(F * B); // requests per second on each route
  const load = new Float64Array(B); // work per second at each backend
  const loadAt = (j: number, p: number, strict: boolean): number => loadAtMarginal(curves[j]!, p, strict);
  const lo = new Float64Array(B);
  const hi = new Float64Array(B);
  const blockFlows = (i: number, nu: number, strict: boolean, out: Float64Array): number => blockFlowsOver(i, nu, strict, out, allowed[i]!, allowed[i]!.length);
  const blockFlowsOver = (i: number, nu: number, strict: boolean, out: Float64Array, E: Int32Array, count: number): number => {
    let total = 0;
    for (let a = 0; a < count; a++) {
      const j = E[a]!;
      const own = flow[i * B + j]!;
      const p = (nu - roundTrip[i * B + j]!) / size[i]!;
      if (own === 0 && p <= idleBelow[j]!) {
        out[j] = 0; // what the formula gives: A_j(p) ≤ w_j there (idleBelow), the cheap way
        continue;
      }
      const others = load[j]! - size[i]! * own;
      const f = Math.max(0, (loadAt(j, p, strict) - others) / size[i]!);
      out[j] = f;
      total += f;
    }
    return total;
  };
  // idleBelow[j]: a marginal latency p up to which A_j(p) ≤ w_j, so a frontend with no flow at j
  // gets none there at ν ≤ τ_ij + s_i·idleBelow[j] without evaluating the curve. Just below
  // Q'_j(w_j) = 1/mu'_j(Q_j(w_j)), kept only where the curve confirms it with room for rounding
  // (A_j is monotone, and the margin is far above its last-digit wobble); else −∞.
  const idleBelow = new Float64Array(B);
  const confirmIdle = (j: number): void => {
    const c = curves[j]!;
    const w = load[j]!;
    const p = (1 / c.derivative(c.inverse(w))) * (1 - IDLE_MARGIN);
    idleBelow[j] = p > 0 && loadAt(j, p, true) <= w - ROUNDING_ROOM * Math.abs(w) ? p : -Infinity;
  };
  for (let j = 0; j < B; j++) confirmIdle(j);
  // The bisection below is the same sequence of brackets as a plain one over all of E_i, but costs
  // far less: Σ_j f_ij(ν) is nondecreasing in ν, so once it is known at `below` (< λ_i) and `above`
  // (≥ λ_i) every midpoint outside that interval is decided without evaluating; the two are found
  // around the block's ν from the previous sweep. A flow that is 0 at `above` is 0 below it, so
  // only the backends positive there (`candidates`) are evaluated inside the interval.
  const candidates = new Int32Array(B);
  const lastNu = new Float64Array(F).fill(NaN);
  const lastMove = new Float64Array(F); // how far ν_i moved at the block's previous solve
  const keepPositive = (count: number, at: Float64Array): number => {
    let kept = 0;
    for (let a = 0; a < count; a++) if (at[candidates[a]!]! > 0) candidates[kept++] = candidates[a]!;
    return kept;
  };
  const solveBlock = (i: number): void => {
    const E = allowed[i]!;
    const target = lambda[i]!;
    let below = -Infinity;
    let above = Infinity;
    candidates.set(E);
    let count = E.length;
    let belowTotal = NaN;
    let aboveTotal = NaN;
    const reaches = (nu: number): boolean => {
      if (nu >= above) return true;
      if (nu <= below) return false;
      const total = blockFlowsOver(i, nu, true, hi, candidates, count);
      if (total < target) {
        below = nu;
        belowTotal = total;
        return false;
      }
      above = nu;
      aboveTotal = total;
      count = keepPositive(count, hi);
      return true;
    };
    let nuLo = lowestRoundTrip[i]!;
    const guess = lastNu[i]!;
    const warm = guess > nuLo;
    if (warm) {
      const up = !reaches(guess);
      for (let d = Math.max(WARM_START_STEP * Math.max(1, Math.abs(guess)), 2 * lastMove[i]!); d < 1 && reaches(up ? guess + d : guess - d) !== up; d *= 32);
      // then close in on the root by regula falsi (Illinois): Σ_j f_ij is smooth near it, so a few
      // evaluations leave the bisection's midpoints decided but for the last one or two
      let side = 0; // which end the last step moved: -1 below, 1 above
      let lowGap = target - belowTotal;
      let highGap = aboveTotal - target;
      const bracketed = below > -Infinity && above < Infinity;
      for (let step = 0; bracketed && step < FALSI_STEPS && above - below > FALSI_WIDTH * Math.max(1, Math.abs(above)); step++) {
        // at least half the stopping width inside either end: a root at an end is then closed in one step
        const margin = Math.min(0.5 * FALSI_WIDTH * Math.max(1, Math.abs(above)), 0.5 * (above - below));
        let x = below + ((above - below) * lowGap) / (lowGap + highGap);
        if (!(x >= below + margin)) x = below + margin;
        if (!(x <= above - margin)) x = above - margin;
        if (reaches(x)) {
          highGap = aboveTotal - target;
          if (side === 1) lowGap *= 0.5; // Illinois: the end kept twice in a row weighs half
          side = 1;
        } else {
          lowGap = target - belowTotal;
          if (side === -1) highGap *= 0.5;
          side = -1;
        }
      }
    }
    let nuHi = nuLo + 1;
    while (!reaches(nuHi)) {
      const short = nuHi;
      nuHi = nuLo + 2 * (nuHi - nuLo);
      if (nuHi - nuLo > 1e15) {
        // other frontends hold capacity this one needs (feasible overall, not given their current
        // flows): fill what is left; their next blocks see near-saturated backends and move away
        blockFlows(i, short, true, hi);
        for (const j of E) setFlow(i, j, hi[j]!);
        lastNu[i] = NaN;
        noteSupport(i, E, E.length);
        return;
      }
    }
    for (let it = 0; it < 200 && nuHi - nuLo > 1e-15 * Math.max(1, Math.abs(nuHi)); it++) {
      const mid = 0.5 * (nuLo + nuHi);
      if (reaches(mid)) nuHi = mid;
      else nuLo = mid;
    }
    lastMove[i] = warm ? Math.abs(nuHi - guess) : 0;
    lastNu[i] = nuHi;
    // The flows below are those of the plain form's loops over all of E_i: lo and hi are written
    // for every candidate, and every other backend's are 0 and add exactly 0 to the sums.
    const wide = !(nuHi <= above); // nuHi above the last evaluated upper end: more may be positive
    if (wide) for (let a = 0; a < E.length; a++) lo[E[a]!] = 0;
    const fLo = blockFlowsOver(i, nuLo, true, lo, candidates, count);
    let fHi: number;
    if (wide) {
      fHi = blockFlows(i, nuHi, true, hi);
      candidates.set(E);
      count = keepPositive(E.length, hi);
    } else fHi = blockFlowsOver(i, nuHi, true, hi, candidates, count);
    const theta = fHi > fLo ? (target - fLo) / (fHi - fLo) : 1;
    let total = 0;
    for (let a = 0; a < count; a++) {
      const j = candidates[a]!;
      total += lo[j]! + theta * (hi[j]! - lo[j]!);
    }
    stamp++;
    for (let a = 0; a < count; a++) {
      const j = candidates[a]!;
      marked[j] = stamp;
      // exact conservation: rescale the interpolated flows to λ_i
      setFlow(i, j, ((lo[j]! + theta * (hi[j]! - lo[j]!)) * target) / total);
    }
    const held = support[i]!;
    for (let a = 0; a < supportCount[i]!; a++) if (marked[held[a]!] !== stamp) setFlow(i, held[a]!, (0 * target) / total);
    noteSupport(i, candidates, count);
  };
  const setFlow = (i: number, j: number, f: number): void => {
    const before = load[j]!;
    load[j]! += size[i]! * (f - flow[i * B + j]!);
    flow[i * B + j] = f;
    if (load[j] !== before) confirmIdle(j);
  };
  // support[i]: ascending, holds every backend where f_ij ≠ 0 (the backends a block must reset;
  // the interpolation can leave a flow a few ulps below 0, which the next solve of the block resets)
  const support = allowed.map((E) => new Int32Array(E.length));
  const supportCount = new Int32Array(F);
  const noteSupport = (i: number, from: Int32Array, count: number): void => {
    let n = 0;
    for (let a = 0; a < count; a++) if (flow[i * B + from[a]!]! !== 0) support[i]![n++] = from[a]!;
    supportCount[i] = n;
  };
  const marked = new Int32Array(B);
  let stamp = 0;
  const lowestRoundTrip = Float64Array.from(allowed, (E, i) => E.reduce((m, j) => Math.min(m, roundTrip[i * B + j]!), Infinity));

  const exchange = exchangeMoves(input, flow);
  let residual = Infinity;
  let sweeps = 0;
  while (sweeps < MAX_SWEEPS) {
    if (sweeps % 10 === 9) {
      exchange();
      for (let i = 0; i < F; i++) noteSupport(i, allowed[i]!, allowed[i]!.length);
    }
    for (let i = 0; i < F; i++) solveBlock(i);
    sweeps++;
    // refresh loads from flows to stop rounding drift
    load.fill(0);
    for (let i = 0; i < F; i++) for (let a = 0; a < supportCount[i]!; a++) load[support[i]![a]!]! += size[i]! * flow[i * B + support[i]![a]!]!;
    for (let j = 0; j < B; j++) confirmIdle(j);
    // the support's share of the residual first: while it is above the target, so is the whole
    residual = kktUsedResidual(input, flow, load, support, supportCount);
    afterSweep?.(sweeps, residual);
    if (residual > KKT_TARGET && sweeps < MAX_SWEEPS) continue;
    residual = kktResidual(input, flow, load);
    if (residual <= KKT_TARGET) break;
  }
  return finish(input, flow, load, residual, sweeps);
}

function finish(input: OptimumInput, flow: Float64Array, load: Float64Array, residual: number, sweeps: number): Optimum {
  const { lambda, size, curves, allowed, roundTrip } = input;
  const F = lambda.length;
  const B = curves.length;
  const routing = new Float64Array(F * B);
  const marginalLatency = new Float64Array(F * B).fill(NaN);
  const queues = Float64Array.from(curves, (c, j) => c.inverse(load[j]!));
  let total = 0;
  let numerator = 0;
  for (let i = 0; i < F; i++) {
    total += lambda[i]!;
    for (const j of allowed[i]!) {
      routing[i * B + j] = flow[i * B + j]! / lambda[i]!;
      numerator += flow[i * B + j]! * roundTrip[i * B + j]!;
      marginalLatency[i * B + j] = roundTrip[i * B + j]! + size[i]! / curves[j]!.derivative(queues[j]!);
    }
  }
  for (let j = 0; j < B; j++) numerator += queues[j]!;
  return { routing, marginalLatency, objective: numerator / total, kktResidual: residual, sweeps, load, queues };
}
