// Relative KKT residual of a routing for the problem of docs/model.md section 4.
import type { OptimumInput } from "./optimumInput.ts";

/** A route counts as used above this fraction of its frontend's rate. */
const USED = 1e-12;

/**
 * For frontend i with routes of marginal latency c_ij ∈ [τ_ij + s_i/mu'_j(n_j−), τ_ij + s_i/mu'_j(n_j+)]
 * (an interval at kinks of mu; n_j = Q_j(w_j)): all used routes must share one value ν_i,
 * unused ones must not be cheaper, and flows must sum to λ_i. Returns the largest violation
 * over frontends, relative to ν_i (conservation relative to λ_i). 0 means exact optimality.
 */
export function kktResidual(input: OptimumInput, flow: Float64Array, load: Float64Array): number {
  const { lambda, size, curves, allowed, roundTrip } = input;
  const B = curves.length;
  const nLeft = new Float64Array(B);
  const nRight = new Float64Array(B);
  for (let j = 0; j < B; j++) {
    const n = curves[j]!.inverse(load[j]!);
    nLeft[j] = curves[j]!.leftDerivative(n);
    nRight[j] = curves[j]!.derivative(n);
  }
  let worst = 0;
  for (let i = 0; i < lambda.length; i++) {
    const E = allowed[i]!;
    let sum = 0;
    let nuLo = -Infinity; // max over used routes of the interval's lower end
    let nuHi = Infinity; // min over used routes of the upper end
    for (const j of E) {
      const f = flow[i * B + j]!;
      sum += f;
      if (f > USED * lambda[i]!) {
        const lower = roundTrip[i * B + j]! + size[i]! / nLeft[j]!;
        const upper = roundTrip[i * B + j]! + size[i]! / nRight[j]!;
        nuLo = Math.max(nuLo, lower);
        nuHi = Math.min(nuHi, upper);
      }
    }
    const nu = Math.min(nuLo, nuHi);
    let violation = Math.max(0, nuLo - nuHi);
    for (const j of E) {
      if (flow[i * B + j]! > USED * lambda[i]!) continue;
      const upper = roundTrip[i * B + j]! + size[i]! / nRight[j]!;
      violation = Math.max(violation, nu - upper);
    }
    worst = Math.max(worst, violation / nu, Math.abs(sum - lambda[i]!) / lambda[i]!);
  }
  return worst;
}
