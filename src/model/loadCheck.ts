// Offered load versus reachable capacity for a scenario; the `run` guard and the solver's precondition.
import { meanArrivalRate, meanRequestSize, type Scenario } from "./scenario.ts";
import { ScenarioError } from "../scenario/scenarioError.ts";
import { maxRoutableRate } from "./reachableCapacity.ts";

export interface LoadReport {
  offered: number;
  capacity: number;
  routable: number;
  feasible: boolean;
}

/** Mean offered rates (work per second: arrival rate × mean size) against sup mu under E. */
export function loadReport(s: Scenario): LoadReport {
  const lambda = s.frontends.map((f) => meanArrivalRate(f.arrivals, s.horizon) * meanRequestSize(f, s.horizon));
  const capacity = s.backends.map((b) => b.curve.sup);
  const offered = lambda.reduce((a, b) => a + b, 0);
  const routable = maxRoutableRate(lambda, capacity, s.frontends.map((f) => f.allowed));
  return { offered, capacity: capacity.reduce((a, b) => a + b, 0), routable, feasible: strictlyFeasible(lambda, capacity, s) };
}

/** Strictly below capacity (a backend loaded exactly at sup mu is unstable): the load still routes when every capacity shrinks by a relative 1e-9. */
function strictlyFeasible(lambda: number[], capacity: number[], s: Scenario): boolean {
  const offered = lambda.reduce((a, b) => a + b, 0);
  const shrunk = capacity.map((c) => c * (1 - 1e-9));
  return maxRoutableRate(lambda, shrunk, s.frontends.map((f) => f.allowed)) >= offered * (1 - 1e-12);
}

export function assertFeasible(s: Scenario): void {
  const r = loadReport(s);
  if (!r.feasible) {
    const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : "unbounded");
    throw new ScenarioError(s.file, [
      {
        path: "frontends[*].arrivals",
        message:
          `offered load ${fmt(r.offered)} work/s is not below the capacity reachable under the compatibility sets ` +
          `(${fmt(r.routable)} routable of ${fmt(r.capacity)} total, shortfall ${fmt(Math.max(0, r.offered - r.routable))}); ` +
          `lower the arrival rates, add capacity, or pass --allow-overload to simulate the overloaded system`,
      },
    ]);
  }
}
