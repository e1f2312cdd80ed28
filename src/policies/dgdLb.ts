// DGD-LB (docs/model.md section 5): projected gradient steps on received marginal latencies.
import type { Stream } from "../random/stream.ts";
import { InversionSampler } from "./inversionSampler.ts";
import { GradientWorkspace } from "./gradientWorkspace.ts";
import { InflightCorrection } from "./inflightCorrection.ts";
import * as z from "zod";
import { policyKind, type Policy, type PolicyContext } from "./policy.ts";
import { InverseSlopes } from "./inverseSlopes.ts";
import { stepFromMapped, type ReceivedState, type RowStep } from "../feedback/receivedState.ts";
import { boolean, positive, quote, strict, unitInterval } from "../input/fieldSchemas.ts";
import { checkRoutingMatrix, routingArray, routingMatrixSchema } from "./routingMatrix.ts";
import type { Scenario } from "../model/scenario.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";

/**
 * `stepSize: "auto"` (the default) is resolved by the loader, before any run, to a fraction of
 * the scenario's critical step size, chosen by a pilot unless autoFraction is given
 * (docs/model.md, choosing the step); the policy itself always receives a number.
 */
export const dgdLbSchema = strict({
  kind: z.literal("dgd-lb"),
  stepSize: z
    .union([positive("η"), z.literal("auto")], { error: (iss) => `must be a finite number > 0 or "auto" (got ${quote(iss.input)})` })
    .default("auto")
    .describe(
      'η, the gain of the gradient step (per second per second of marginal latency), or "auto": a fraction of the critical step size (autoFraction, or the best of a pilot on common random numbers)',
    ),
  autoFraction: unitInterval('fraction of the critical step size that "auto" uses; omitted: chosen by a pilot run at each of 0.5, 0.2, ... 0.002').optional(),
  updateInterval: positive("Δ_update: seconds between gradient steps").default(0.1),
  initial: z
    .union([z.literal("uniform"), routingMatrixSchema("starting routing {frontendId: {backendId: probability}}")], {
      error: (iss) => `must be "uniform" or a routing matrix {frontendId: {backendId: probability}} (got ${quote(iss.input)})`,
    })
    .default("uniform")
    .describe('starting routing x_i(0): "uniform" over E_i or a matrix'),
  inflightCorrection: boolean("labelled variant: add the frontend's own requests sent since the held state was measured").default(false),
});

export const dgdLb = policyKind({
  kind: "dgd-lb",
  readsState: true,
  schema: dgdLbSchema,
  check(spec, topology, report) {
    if (spec.initial !== "uniform") checkRoutingMatrix(spec.initial, "policy.initial", topology, report);
  },
  make(ctx, spec) {
    if (spec.stepSize === "auto") throw new Error('engine invariant violated: stepSize "auto" reached the policy unresolved');
    return new GradientDescent(ctx, spec.stepSize, spec.updateInterval, spec.initial === "uniform" ? null : routingArray(spec.initial, ctx.scenario), spec.inflightCorrection);
  },
});

/**
 * Every updateInterval Δ each frontend i computes g_ij = d_ij + d_ji + s_i/mu'_j(n̂_j) (s_i its
 * mean request size as known now, docs/model.md: seconds in any work unit) on the
 * state it holds and sets x_i <- Π(x_i − η·Δ·g_i), Π the exact projection onto the simplex
 * over E_i. Requests sample x_i by inverting its running sums, rebuilt at each update in one pass
 * (InversionSampler: the update costs O(|E_i|) and a request O(log |E_i|), O(1) once a frontend
 * routes many requests between updates).
 * With `inflightCorrection` (a labelled variant) n̂_j is raised by the frontend's own requests
 * that had not reached j when the held state was measured.
 *
 * A class: every replication makes a new policy, and the engine calls route() and update() on
 * it. Methods are the same functions in every instance, where an object of closures gave each
 * replication new call targets and threw the optimised event loop away at each thread's second
 * replication. The update's inner loops stay closures over their arrays (rowBuilder, thresholdOn,
 * rowStepper), which V8 compiles for those very arrays: a run leases them, with the arrays, from
 * the scenario's last run in this thread (GradientWorkspace) and gives them back at its end.
 */
class GradientDescent implements Policy {
  readonly kind = "dgd-lb";
  readonly readsState = true;
  private readonly scenario: Scenario;
  private readonly state: ReceivedState;
  private readonly sizes: KnownRequestSize;
  private readonly inverseSlopes: InverseSlopes;
  /** Every frontend's rows (x_i, its sampler's sums, its latency steps) and the update's loops over them. */
  private readonly workspace: GradientWorkspace;
  /** x_i, row i of xs (every frontend's routing, row after row). */
  private readonly x: Float64Array[];
  private readonly tables: InversionSampler[];
  private readonly inflight: InflightCorrection | null;
  private readonly positionOf: Int32Array[];
  private readonly gain: number;
  /** η·Δ·(d_ij + d_ji) of frontend i over E_i (row i of one array, as xs). */
  private readonly latencyStep: Float64Array[];
  private readonly stepRow: RowStep | null;
  /** The frontends whose x_i the update steps: those this instance routes for. */
  private readonly updated: Int32Array;

  constructor(
    ctx: PolicyContext,
    stepSize: number,
    readonly updateInterval: number,
    initial: Float64Array | null,
    correction: boolean,
  ) {
    const { scenario, state } = ctx;
    this.scenario = scenario;
    this.state = state;
    this.sizes = ctx.sizes;
    const B = scenario.backends.length;
    this.inverseSlopes = new InverseSlopes(scenario);
    // every frontend's x_i and sampler sums, row after row in one array each (the update's loops are
    // closures over them: see GradientWorkspace); x[i] and each sampler's sums are views of row i
    const workspace = (this.workspace = GradientWorkspace.lease(scenario));
    const { xs, sums, latencySteps, gradient } = workspace;
    const start = workspace.start;
    const x = (this.x = scenario.frontends.map((_, i) => xs.subarray(start[i]!, start[i + 1]!)));
    scenario.frontends.forEach((f, i) => {
      if (initial) f.allowed.forEach((j, a) => (x[i]![a] = initial[i * B + j]!));
      else x[i]!.fill(1 / f.allowed.length);
    });
    this.tables = scenario.frontends.map((f, i) => {
      const t = new InversionSampler(f.allowed, sums.subarray(start[i]!, start[i + 1]!));
      t.build(x[i]!);
      return t;
    });
    this.inflight = correction ? new InflightCorrection(scenario) : null;
    this.positionOf = scenario.frontends.map((f) => {
      const p = new Int32Array(B).fill(-1);
      f.allowed.forEach((j, a) => (p[j] = a));
      return p;
    });
    const gain = (this.gain = stepSize * updateInterval);
    scenario.frontends.forEach((f, i) => f.allowed.forEach((j, a) => (latencySteps[start[i]! + a] = gain * (scenario.oneWay[i * B + j]! + scenario.back[i * B + j]!))));
    this.latencyStep = scenario.frontends.map((_, i) => latencySteps.subarray(start[i]!, start[i + 1]!));
    this.stepRow = state.rowStepper?.(xs, latencySteps, gradient) ?? null;
    // beside other policies, the other frontends' rows are never read: 1,000 frontends half on
    // DGD-LB updated all 1,000
    this.updated = ctx.serves ?? Int32Array.from(scenario.frontends.keys());
  }

  route(i: number, rng: Stream): number {
    const j = this.tables[i]!.sample(rng);
    if (this.inflight) this.inflight.record(i, this.positionOf[i]![j]!, this.state.now());
    return j;
  }

  update(): void {
    const { frontends } = this.scenario;
    const ws = this.workspace;
    const updated = this.updated;
    for (let k = 0; k < updated.length; k++) {
      const i = updated[k]!;
      const allowed = frontends[i]!.allowed;
      const sum = this.step(i, allowed, this.x[i]!, ws.gradient);
      ws.buildRow(this.tables[i]!, ws.start[i]!, ws.threshold(allowed.length, sum));
    }
  }

  release(): void {
    this.workspace.release();
  }

  shares(i: number, out: Float64Array): void {
    out.fill(0);
    const allowed = this.scenario.frontends[i]!.allowed;
    for (let a = 0; a < allowed.length; a++) out[allowed[a]!] = this.x[i]![a]!;
  }

  /**
   * y = x_i − η·Δ·(d_ij + d_ji) − η·Δ·s_i/mu'_j(n̂_j) over E_i, and Σy; n̂ raised by the in-flight
   * correction when asked (the held row then read and corrected first).
   */
  private step(i: number, allowed: Int32Array, xi: Float64Array, y: Float64Array): number {
    const sizeStep = this.gain * this.sizes.mean(i);
    const { state, inflight } = this;
    if (this.stepRow) {
      const sum = this.stepRow(i, allowed, this.inverseSlopes, this.workspace.start[i]!, sizeStep);
      return inflight ? inflight.correctStep(i, allowed, state, this.inverseSlopes, xi, this.latencyStep[i]!, sizeStep, y, sum) : sum;
    }
    if (!inflight) return state.heldMappedStep(i, allowed, this.inverseSlopes, xi, this.latencyStep[i]!, sizeStep, y);
    state.heldMapped(i, allowed, this.inverseSlopes, y);
    inflight.correct(i, allowed, state, this.inverseSlopes, y);
    return stepFromMapped(xi, this.latencyStep[i]!, sizeStep, y, allowed.length);
  }
}
