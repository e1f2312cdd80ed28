// Relative KKT residual of a routing for the problem of docs/model.md section 4.
import { SUP_MARGIN, type OptimumInput } from "./optimumInput.ts";

/** How far (relatively) either side of a backend's workload its slopes are read, and the relative change of slope there that counts as a kink. */
const KNOT_ROOM = 1e-12;
const KINK = 1e-9;

/** A route counts as used above this fraction of its frontend's rate. */
const USED = 1e-12;

/**
 * For frontend i with routes of marginal latency c_ij ∈ [τ_ij + s_i/mu'_j(n_j−), τ_ij + s_i/mu'_j(n_j+)]
 * (an interval at kinks of mu; n_j = Q_j(w_j)): all used routes must share one value ν_i,
 * unused ones must not be cheaper, and flows must sum to λ_i. Returns the largest violation
 * over frontends, relative to ν_i (conservation relative to λ_i). 0 means exact optimality.
 */
export function kktResidual(input: OptimumInput, flow: Float64Array, load: Float64Array): number {
  const { lambda, size, allowed, roundTrip } = input;
  const B = input.curves.length;
  const { nLeft, nRight } = slopesAt(input, load);
  let worst = 0;
  for (let i = 0; i < lambda.length; i++) {
    const E = allowed[i]!;
    const used = usedRoutes(input, flow, nLeft, nRight, i, E, E.length);
    const nu = Math.min(used.nuLo, used.nuHi);
    let violation = Math.max(0, used.nuLo - used.nuHi);
    for (const j of E) {
      if (flow[i * B + j]! > USED * lambda[i]!) continue;
      const upper = roundTrip[i * B + j]! + size[i]! / nRight[j]!;
      violation = Math.max(violation, nu - upper);
    }
    worst = Math.max(worst, violation / nu, Math.abs(used.sum - lambda[i]!) / lambda[i]!);
  }
  return worst;
}

/**
 * The used routes' share of kktResidual (their spread of ν_i and conservation), read over
 * `listed[i][0, count[i])` ascending, which must hold every nonzero flow: a lower bound of
 * kktResidual in a pass over the routing's support, so a solver can skip the full residual while
 * this one is still above its target.
 */
export function kktUsedResidual(input: OptimumInput, flow: Float64Array, load: Float64Array, listed: Int32Array[], count: Int32Array): number {
  const { lambda } = input;
  const { nLeft, nRight } = slopesAt(input, load);
  let worst = 0;
  for (let i = 0; i < lambda.length; i++) {
    const used = usedRoutes(input, flow, nLeft, nRight, i, listed[i]!, count[i]!);
    const nu = Math.min(used.nuLo, used.nuHi);
    worst = Math.max(worst, Math.max(0, used.nuLo - used.nuHi) / nu, Math.abs(used.sum - lambda[i]!) / lambda[i]!);
  }
  return worst;
}

function slopesAt(input: OptimumInput, load: Float64Array): { nLeft: Float64Array; nRight: Float64Array } {
  const { curves } = input;
  const B = curves.length;
  const nLeft = new Float64Array(B);
  const nRight = new Float64Array(B);
  for (let j = 0; j < B; j++) {
    const c = curves[j]!;
    const n = c.inverse(load[j]!);
    const left = c.leftDerivative(n);
    const right = c.derivative(n);
    // A load the solver holds at a knot of a piecewise curve comes back from `inverse` a few ulps
    // to one side of it, where one slope is seen: the slopes just either side are its interval.
    // Smooth curves differ there by ~KNOT_ROOM only, and keep their own slopes.
    const nearLeft = c.leftDerivative(n * (1 - KNOT_ROOM));
    const nearRight = c.derivative(n * (1 + KNOT_ROOM));
    nLeft[j] = nearLeft > left * (1 + KINK) ? nearLeft : left;
    nRight[j] = nearRight < right * (1 - KINK) ? nearRight : right;
    // a load the solver holds at its cap, SUP_MARGIN below sup, is at the capacity's kink: no
    // more can go there at any price (a linear-capped backend's slope is still its rate just below)
    if (load[j]! >= c.sup * (1 - 2 * SUP_MARGIN)) nRight[j] = 0;
  }
  return { nLeft, nRight };
}

/** Frontend i's flow total and, over its used routes, the max of the intervals' lower ends and min of their upper ends (zero flows add exactly nothing, so a list of the nonzero ones gives the same sums). */
function usedRoutes(input: OptimumInput, flow: Float64Array, nLeft: Float64Array, nRight: Float64Array, i: number, routes: Int32Array, count: number) {
  const { lambda, size, roundTrip } = input;
  const B = nLeft.length;
  let sum = 0;
  let nuLo = -Infinity; // max over used routes of the interval's lower end
  let nuHi = Infinity; // min over used routes of the upper end
  for (let a = 0; a < count; a++) {
    const j = routes[a]!;
    const f = flow[i * B + j]!;
    sum += f;
    if (f > USED * lambda[i]!) {
      nuLo = Math.max(nuLo, roundTrip[i * B + j]! + size[i]! / nLeft[j]!);
      nuHi = Math.min(nuHi, roundTrip[i * B + j]! + size[i]! / nRight[j]!);
    }
  }
  return { sum, nuLo, nuHi };
}
