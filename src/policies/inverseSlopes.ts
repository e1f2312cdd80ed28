// 1/mu'_j(n̂): DGD-LB's marginal term per unit of request size, as a map of held counts that feedback can share between frontends.
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { HeldCountMap } from "../feedback/receivedState.ts";
import { guardedSlope, marginalRateFloors } from "./policy.ts";

/**
 * of(j, n̂) = 1 / guardedSlope(mu_j, n̂). Under periodic feedback every frontend holds one of the
 * last few publications of each backend's count, so ReceivedState.heldMapped evaluates this once
 * per backend and publication instead of once per frontend, backend and update (at 100 × 1,000
 * a hundredfold fewer curve calls and divisions).
 */
export class InverseSlopes implements HeldCountMap {
  private readonly curves: Curve[];
  private readonly floors: Float64Array;

  constructor(scenario: Scenario) {
    this.curves = scenario.backends.map((b) => b.curve);
    this.floors = marginalRateFloors(scenario);
  }

  of(j: number, n: number): number {
    return 1 / guardedSlope(this.curves[j]!, n, this.floors[j]!);
  }
}
