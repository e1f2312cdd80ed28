// The optimum solver as first written (commit 8a43f36): every block's bisection over all of E_i,
// exchange moves over all backend pairs, the full KKT residual (the product's) each sweep; the curve
// inversion is the product's loadAtMarginal. The test beside it checks that the solver's shortcuts
// reach the very same doubles.
import { loadAtMarginal, type OptimumInput } from "../../src/optimum/optimumInput.ts";
import { KKT_TARGET, MAX_SWEEPS } from "../../src/optimum/solveOptimum.ts";
import { kktResidual } from "../../src/optimum/kktResidual.ts";
import { exchangePair } from "../../src/optimum/exchangeMoves.ts";

export function plainOptimum(input: OptimumInput): { flow: Float64Array; residual: number; sweeps: number } {
  const { lambda, size, curves, allowed, roundTrip } = input;
  const F = lambda.length;
  const B = curves.length;
  const flow = new Float64Array(F * B); // requests per second on each route
  const load = new Float64Array(B); // work per second at each backend
  const loadAt = (j: number, p: number, strict: boolean): number => loadAtMarginal(curves[j]!, p, strict);
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

  // exchange moves (the product's exchangePair) over every frontend pair and every backend pair
  const exchange = (): void => {
    for (let i = 0; i < F; i++) for (let k = i + 1; k < F; k++) for (const j of allowed[i]!) for (const jj of allowed[k]!) exchangePair(input, flow, i, k, j, jj);
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
  return { flow, residual, sweeps };
}
