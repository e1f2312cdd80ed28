// Offered load versus reachable capacity for a scenario; the `run` guard and the solver's precondition.
import { meanArrivalRate, meanRequestSize, type Scenario } from "./scenario.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import { maxRoutableRate } from "./reachableCapacity.ts";

/**
 * Requests present at which each backend serves half its capacity (or, for an unbounded curve, the
 * whole offered work): O(B), no optimisation. A mistyped scale (`half: 1e308`) shows up here.
 */
function halfCapacityQueues(s: Scenario, offered: number): Float64Array {
  return Float64Array.from(s.backends, (b) => b.curve.inverse(Number.isFinite(b.curve.sup) ? b.curve.sup / 2 : offered));
}

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
  const routable = maxRoutableRate(
    lambda,
    capacity,
    s.frontends.map((f) => f.allowed),
  );
  return { offered, capacity: capacity.reduce((a, b) => a + b, 0), routable, feasible: strictlyFeasible(lambda, capacity, s) };
}

/** Strictly below capacity (a backend loaded exactly at sup mu is unstable): the load still routes when every capacity shrinks by a relative 1e-9. */
function strictlyFeasible(lambda: number[], capacity: number[], s: Scenario): boolean {
  const offered = lambda.reduce((a, b) => a + b, 0);
  const shrunk = capacity.map((c) => c * (1 - 1e-9));
  return (
    maxRoutableRate(
      lambda,
      shrunk,
      s.frontends.map((f) => f.allowed),
    ) >=
    offered * (1 - 1e-12)
  );
}

/**
 * Requests present (per unit of scale) above which a curve is taken for mistyped (a `half` of
 * 1e308 serves nothing at any realistic count): no run could measure it.
 */
export const MAX_PLAUSIBLE_QUEUE = 1e8;

export function assertFeasible(s: Scenario): void {
  const r = loadReport(s);
  if (r.feasible) {
    const queues = halfCapacityQueues(s, r.offered);
    const j = queues.findIndex((q) => !(q <= MAX_PLAUSIBLE_QUEUE));
    if (j >= 0) {
      throw new ScenarioError(s.file, [
        {
          code: "implausible_curve",
          path: `backends[${j}].curve`,
          message: `reaching half its capacity needs ${queues[j]!.toPrecision(2)} requests present (more than ${MAX_PLAUSIBLE_QUEUE}): the curve serves almost nothing at realistic counts; check its scale parameters`,
        },
      ]);
    }
  }
  if (!r.feasible) {
    const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : "unbounded");
    throw new ScenarioError(s.file, [
      {
        path: "frontends[*].arrivals",
        message:
          `offered load ${fmt(r.offered)} ${s.workUnit}/s is not below the capacity reachable under the compatibility sets ` +
          `(${fmt(r.routable)} routable of ${fmt(r.capacity)} total, shortfall ${fmt(Math.max(0, r.offered - r.routable))}); ` +
          `lower the arrival rates, add capacity, or pass --allow-overload to simulate the overloaded system`,
      },
    ]);
  }
}

/** The first frontend whose arrivals are a closed loop, or −1. */
function firstClosedLoop(s: Scenario): number {
  return s.frontends.findIndex((f) => f.arrivals.kind === "closed");
}

/** Some frontend is a closed loop: the scenario has no arrival rate for the analyses below (a report then goes without them). */
export function hasClosedLoop(s: Scenario): boolean {
  return firstClosedLoop(s) >= 0;
}

/**
 * The optimum, the fluid model and DGD-LB's "auto" step need each frontend's arrival rate λ_i; a
 * closed loop has none (its rate follows its latency), so those analyses refuse it by name.
 */
export function assertOpenArrivals(s: Scenario, what: string): void {
  const i = firstClosedLoop(s);
  if (i < 0) return;
  throw new ScenarioError(s.file, [
    {
      code: "closed_loop_analysis",
      path: `frontends[${i}].arrivals`,
      message: `${what} needs an arrival rate per frontend, and a closed loop has none (its rate follows its latency): use open arrivals (poisson, piecewise, trace) for it, or simulate the closed loop with a given policy and step`,
    },
  ]);
}
