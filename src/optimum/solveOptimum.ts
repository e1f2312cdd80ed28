// The central optimum of docs/model.md section 4: convex routing by block-coordinate water-filling.
import type { Scenario } from "../model/scenario.ts";
import { assertFeasible, assertOpenArrivals } from "../model/loadCheck.ts";
import { kktResidual } from "./kktResidual.ts";
import { optimumInput, type OptimumInput } from "./optimumInput.ts";

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
/** Loads stay this far (relatively) below sup mu, where the stochastic system is unstable. */
const SUP_MARGIN = 1e-12;

/** Solves the scenario's optimum after checking feasibility (infeasible load is a ScenarioError naming the shortfall). */
export function solveScenarioOptimum(s: Scenario): Optimum {
  assertOpenArrivals(s, "the optimum");
  assertFeasible(s);
  return solveOptimum(optimumInput(s));
}

/**
 * Minimises L(x) = (1/Λ)[Σ_ij λ_i x_ij τ_ij + Σ_j Q_j(w_j)], w_j = Σ_i s_i λ_i x_ij, over the
 * simplices x_i ∈ Δ(E_i). Block-coordinate descent over frontends: each block is solved exactly
 * by water-filling, ν_i found by bisection so that Σ_j f_ij(ν_i) = λ_i with
 * f_ij(ν) = (A_j((ν − τ_ij)/s_i) − w_j^{−i})⁺/s_i and A_j(p) = mu_j(n) where mu'_j(n) = 1/p (the
 * load at which the backend's marginal latency is p). Blocks have separate constraints and L is
 * convex, so the sweeps converge to the optimum; they stop when the relative KKT residual
 * reaches KKT_TARGET. Cost O(F·B·60) per sweep; 50×50 converges in well under a second.
 */
export function solveOptimum(input: OptimumInput): Optimum {
  const { lambda, size, curves, allowed, roundTrip } = input;
  const F = lambda.length;
  const B = curves.length;
  const flow = new Float64Array(F * B); // requests per second on each route
  const load = new Float64Array(B); // work per second at each backend
  const loadAt = (j: number, p: number, strict: boolean): number => {
    if (!(p > 0)) return 0;
    const c = curves[j]!;
    const n = c.workloadAtSlope(1 / p, strict);
    const cap = c.sup * (1 - SUP_MARGIN);
    return n === Infinity ? cap : Math.min(c.rate(n), cap);
  };
  const lo = new Float64Array(B);
  const hi = new Float64Array(B);
  const blockFlows = (i: number, nu: number, strict: boolean, out: Float64Array): number => {
    let total = 0;
    const E = allowed[i]!;
    for (let a = 0; a < E.length; a++) {
      const j = E[a]!;
      const others = load[j]! - size[i]! * flow[i * B + j]!;
      const f = Math.max(0, (loadAt(j, (nu - roundTrip[i * B + j]!) / size[i]!, strict) - others) / size[i]!);
      out[j] = f;
      total += f;
    }
    return total;
  };
  const solveBlock = (i: number): void => {
    const E = allowed[i]!;
    const target = lambda[i]!;
    let nuLo = Infinity;
    for (let a = 0; a < E.length; a++) nuLo = Math.min(nuLo, roundTrip[i * B + E[a]!]!);
    let nuHi = nuLo + 1;
    while (blockFlows(i, nuHi, true, hi) < target) {
      nuHi = nuLo + 2 * (nuHi - nuLo);
      if (nuHi - nuLo > 1e15) {
        // other frontends hold capacity this one needs (feasible overall, not given their current
        // flows): fill what is left; their next blocks see near-saturated backends and move away
        for (const j of E) {
          load[j]! += size[i]! * (hi[j]! - flow[i * B + j]!);
          flow[i * B + j] = hi[j]!;
        }
        return;
      }
    }
    for (let it = 0; it < 200 && nuHi - nuLo > 1e-15 * Math.max(1, Math.abs(nuHi)); it++) {
      const mid = 0.5 * (nuLo + nuHi);
      if (blockFlows(i, mid, true, hi) < target) nuLo = mid;
      else nuHi = mid;
    }
    const fLo = blockFlows(i, nuLo, true, lo);
    const fHi = blockFlows(i, nuHi, true, hi);
    const theta = fHi > fLo ? (target - fLo) / (fHi - fLo) : 1;
    let total = 0;
    for (let a = 0; a < E.length; a++) total += lo[E[a]!]! + theta * (hi[E[a]!]! - lo[E[a]!]!);
    for (let a = 0; a < E.length; a++) {
      const j = E[a]!;
      // exact conservation: rescale the interpolated flows to λ_i
      const f = ((lo[j]! + theta * (hi[j]! - lo[j]!)) * target) / total;
      load[j]! += size[i]! * (f - flow[i * B + j]!);
      flow[i * B + j] = f;
    }
  };

  /**
   * Exchange moves: frontends i, i' swap δ of flow between backends j, j' (f_ij, f_i'j' down;
   * f_ij', f_i'j up; i moves δ requests, i' moves δ·s_i/s_i' so the work is the same). Loads are
   * unchanged, so the objective changes by −δ·[(τ_ij − τ_ij') + (s_i/s_i')(τ_i'j' − τ_i'j)]:
   * a direction no single-frontend block can take, along which the sweeps alone crawl.
   * The move is linear, so the best δ is the largest: min(f_ij, f_i'j').
   */
  const exchange = (): void => {
    for (let i = 0; i < F; i++)
      for (let k = i + 1; k < F; k++)
        for (const j of allowed[i]!)
          for (const jj of allowed[k]!) {
            if (j === jj || !(roundTrip[i * B + jj]! >= 0) || !(roundTrip[k * B + j]! >= 0)) continue;
            const ratio = size[i]! / size[k]!;
            const gain = roundTrip[i * B + j]! - roundTrip[i * B + jj]! + ratio * (roundTrip[k * B + jj]! - roundTrip[k * B + j]!);
            if (gain <= 0) continue;
            const delta = Math.min(flow[i * B + j]!, flow[k * B + jj]! / ratio);
            if (delta <= 0) continue;
            flow[i * B + j]! -= delta;
            flow[i * B + jj]! += delta;
            flow[k * B + jj]! -= delta * ratio;
            flow[k * B + j]! += delta * ratio;
          }
  };

  let residual = Infinity;
  let sweeps = 0;
  while (sweeps < MAX_SWEEPS) {
    if (sweeps % 10 === 9) exchange();
    for (let i = 0; i < F; i++) solveBlock(i);
    sweeps++;
    // refresh loads from flows to stop rounding drift
    load.fill(0);
    for (let i = 0; i < F; i++) for (const j of allowed[i]!) load[j]! += size[i]! * flow[i * B + j]!;
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
