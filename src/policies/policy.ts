// The routing policy interface: pure functions of the state a frontend has received.
import type * as z from "zod";
import type { ReceivedState } from "../feedback/receivedState.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { PolicySpec, Scenario } from "../model/scenario.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";
import type { Stream } from "../random/stream.ts";

export interface PolicyContext {
  scenario: Scenario;
  /** The policy block: kind and parameters. */
  spec: PolicySpec;
  state: ReceivedState;
  /** s_i as the frontend knows it at decision time (causal in the engine, fixed means in the fluid model). */
  sizes: KnownRequestSize;
  /** Central optimum routing x*[i][j] (F×B), computed on demand: for static-optimal. */
  optimalRouting?: () => Float64Array;
  /**
   * The frontends this instance routes for, ascending, where frontends run different policies
   * (absent: every frontend). The instance still keeps state for every frontend; it may skip the
   * others' periodic work, which no decision reads.
   */
  serves?: Int32Array;
}

/**
 * Built-in policies implement this as classes, not objects of closures: every replication makes a
 * new policy, and the engine's route() and update() calls would meet a new function each time (V8
 * then throws away the optimised event loop at each thread's second replication).
 */
export interface Policy {
  readonly kind: string;
  /** False for state-blind policies: the engine then skips feedback publications altogether. */
  readonly readsState: boolean;
  /** Seconds between update() calls; 0 when the policy has no timer. */
  readonly updateInterval: number;
  /** Backend for one request born at the frontend now. O(1) or O(log B) amortized. */
  route(frontend: number, rng: Stream): number;
  /** Periodic update of every frontend from its received state (DGD-LB's gradient step). */
  update(): void;
  /** The routing distribution the frontend applies now, over all B backends (fluid model, series). */
  shares(frontend: number, out: Float64Array): void;
  /** The run has ended: the policy is not called again, and may give what it holds to the next run (DGD-LB's workspace). */
  release?(): void;
}

/** The frontends and backends a policy's cross-field check may refer to (ids, compatibility sets). */
export interface PolicyTopology {
  frontends: ReadonlyArray<{ id: string; allowed: Int32Array }>;
  backends: ReadonlyArray<{ id: string }>;
}

/**
 * A policy kind: its scenario schema (parameters, defaults, units in .describe()), an optional
 * check of the parameters against the fleet (ids in a routing matrix), and its factory.
 */
export interface PolicyEntry<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  /** Whether its routing reads the state backends report (false: the engine publishes nothing, and the estimate of a run's work counts no publications). */
  readonly readsState: boolean;
  readonly schema: S;
  check?(spec: z.output<S>, topology: PolicyTopology, report: (path: string, message: string) => void): void;
  make(ctx: PolicyContext, spec: z.output<S>): Policy;
}

/** Declares a policy kind with check() and make() typed by its schema. */
export function policyKind<S extends z.ZodType>(entry: PolicyEntry<S>): PolicyEntry<S> {
  return entry;
}

/**
 * Guard for mu' -> 0 (a saturated backend: linear-capped beyond its slots, a flat table tail):
 * mu' is raised to at least MARGINAL_RATE_FLOOR · mu_j(1) / (1 + n̂), so 1/mu' is at most a
 * million times a lone request's service time, times (1 + n̂). Gradients stay finite, a saturated
 * route is very expensive, and among saturated backends the fuller one costs more (with a flat
 * floor every saturated backend would look the same and routing would go blind exactly when
 * several regions saturate, as in an outage).
 */
export const MARGINAL_RATE_FLOOR = 1e-6;

/** mu'_j(n) with the floor above; `floor` from marginalRateFloors. */
export function guardedSlope(curve: Curve, n: number, floor: number): number {
  return Math.max(curve.derivative(n), floor / (1 + n));
}

export function marginalRateFloors(scenario: Scenario): Float64Array {
  return Float64Array.from(scenario.backends, (b) => MARGINAL_RATE_FLOOR * b.curve.rate(1));
}

/** A capacity weight per backend: sup mu when finite, else mu(1) (power curves are unbounded). */
export function capacityWeight(scenario: Scenario, backend: number): number {
  const c = scenario.backends[backend]!.curve;
  return Number.isFinite(c.sup) ? c.sup : c.rate(1);
}
