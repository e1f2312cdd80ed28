// What the optimum of docs/model.md section 4 is a function of: rates, sizes, curves, compatibility sets, round trips.
import { meanArrivalRate, meanRequestSize, type Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";

/** Loads stay this far (relatively) below sup mu, where the stochastic system is unstable. */
export const SUP_MARGIN = 1e-12;

/**
 * A_j(p): the work rate at which the curve's marginal latency 1/mu' is p (0 for p ≤ 0), held
 * SUP_MARGIN below sup mu; `strict` as Curve.workloadAtSlope takes it.
 */
export function loadAtMarginal(c: Curve, p: number, strict: boolean): number {
  if (!(p > 0)) return 0;
  const n = c.workloadAtSlope(1 / p, strict);
  const cap = c.sup * (1 - SUP_MARGIN);
  return n === Infinity ? cap : Math.min(c.rate(n), cap);
}

export interface OptimumInput {
  /** Request rate per frontend. */
  lambda: Float64Array;
  /** Mean work per request per frontend (1 in docs/model.md; the marginal latency of a request is s_i/mu'). */
  size: Float64Array;
  curves: Curve[];
  allowed: Int32Array[];
  /** Round-trip latency d_ij + d_ji at [i * B + j]. */
  roundTrip: Float64Array;
}

export function optimumInput(s: Scenario): OptimumInput {
  const B = s.backends.length;
  const roundTrip = new Float64Array(s.frontends.length * B).fill(NaN);
  s.frontends.forEach((f, i) => {
    for (const j of f.allowed) roundTrip[i * B + j] = s.oneWay[i * B + j]! + s.back[i * B + j]!;
  });
  return {
    lambda: Float64Array.from(s.frontends, (f) => meanArrivalRate(f.arrivals, s.horizon)),
    size: Float64Array.from(s.frontends, (f) => meanRequestSize(f, s.horizon)),
    curves: s.backends.map((b) => b.curve),
    allowed: s.frontends.map((f) => f.allowed),
    roundTrip,
  };
}
