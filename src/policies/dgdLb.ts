// DGD-LB (docs/model.md section 5): projected gradient steps on received marginal latencies.
import type { Stream } from "../random/stream.ts";
import { InversionSampler, rowBuilder } from "./inversionSampler.ts";
import { thresholdOn } from "./simplexProjection.ts";
import { SendLog } from "./sendLog.ts";
import * as z from "zod";
import { policyKind, type Policy, type PolicyContext } from "./policy.ts";
import { InverseSlopes } from "./inverseSlopes.ts";
import { stepFromMapped } from "../feedback/receivedState.ts";
import { boolean, positive, quote, strict, unitInterval } from "../input/fieldSchemas.ts";
import { checkRoutingMatrix, routingArray, routingMatrixSchema } from "./routingMatrix.ts";
import { allowedRowStarts } from "../model/scenario.ts";

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
    return gradientDescent(ctx, spec.stepSize, spec.updateInterval, spec.initial === "uniform" ? null : routingArray(spec.initial, ctx.scenario), spec.inflightCorrection);
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
 */
function gradientDescent(ctx: PolicyContext, stepSize: number, updateInterval: number, initial: Float64Array | null, correction: boolean): Policy {
  const { scenario, state } = ctx;
  const B = scenario.backends.length;
  const unit = 1 / scenario.scale;
  const inverseSlopes = new InverseSlopes(scenario);
  // every frontend's x_i and sampler sums, row after row in one array each (the update's loops are
  // closures over them: see rowBuilder); x[i] and each sampler's sums are views of row i
  const start = allowedRowStarts(scenario.frontends);
  const xs = new Float64Array(start[scenario.frontends.length]!);
  const sums = new Float64Array(xs.length);
  const x = scenario.frontends.map((_, i) => xs.subarray(start[i]!, start[i + 1]!));
  scenario.frontends.forEach((f, i) => {
    if (initial) f.allowed.forEach((j, a) => (x[i]![a] = initial[i * B + j]!));
    else x[i]!.fill(1 / f.allowed.length);
  });
  const tables = scenario.frontends.map((f, i) => {
    const t = new InversionSampler(f.allowed, sums.subarray(start[i]!, start[i + 1]!));
    t.build(x[i]!);
    return t;
  });
  const logs = correction ? scenario.frontends.map((f) => Array.from(f.allowed, () => new SendLog())) : null;
  const positionOf = scenario.frontends.map((f) => {
    const p = new Int32Array(B).fill(-1);
    f.allowed.forEach((j, a) => (p[j] = a));
    return p;
  });
  const gradient = new Float64Array(B);
  const scratch = new Float64Array(B);
  const threshold = thresholdOn(gradient, scratch);
  const buildRow = rowBuilder(gradient, xs, sums);
  const gain = stepSize * updateInterval;
  /** η·Δ·(d_ij + d_ji) by frontend and position in E_i, row after row as xs: the update reads one contiguous row per frontend. */
  const latencySteps = new Float64Array(xs.length);
  scenario.frontends.forEach((f, i) => f.allowed.forEach((j, a) => (latencySteps[start[i]! + a] = gain * (scenario.oneWay[i * B + j]! + scenario.back[i * B + j]!))));
  const latencyStep = scenario.frontends.map((_, i) => latencySteps.subarray(start[i]!, start[i + 1]!));
  const stepRow = logs ? null : (state.rowStepper?.(xs, latencySteps, gradient) ?? null);

  /**
   * y = x_i − η·Δ·(d_ij + d_ji) − η·Δ·s_i/mu'_j(n̂_j) over E_i, and Σy; n̂ raised by the in-flight
   * correction when asked (the held row then read and corrected first).
   */
  const step = (i: number, allowed: Int32Array, xi: Float64Array, y: Float64Array): number => {
    const sizeStep = gain * ctx.sizes.mean(i);
    if (stepRow) return stepRow(i, allowed, inverseSlopes, start[i]!, sizeStep);
    if (!logs) return state.heldMappedStep(i, allowed, inverseSlopes, xi, latencyStep[i]!, sizeStep, y);
    state.heldCounts(i, allowed, y);
    for (let a = 0; a < allowed.length; a++) {
      const j = allowed[a]!;
      const n = y[a]! + logs[i]![a]!.countAfter(state.measuredAt(i, j) - scenario.oneWay[i * B + j]!) * unit;
      y[a] = inverseSlopes.of(j, n);
    }
    return stepFromMapped(xi, latencyStep[i]!, sizeStep, y, allowed.length);
  };

  return {
    kind: "dgd-lb",
    readsState: true,
    updateInterval,
    route(i: number, rng: Stream): number {
      const j = tables[i]!.sample(rng);
      if (logs) logs[i]![positionOf[i]![j]!]!.record(state.now());
      return j;
    },
    update() {
      for (let i = 0; i < x.length; i++) {
        const allowed = scenario.frontends[i]!.allowed;
        const xi = x[i]!;
        const sum = step(i, allowed, xi, gradient);
        buildRow(tables[i]!, start[i]!, threshold(allowed.length, sum));
      }
    },
    shares(i: number, out: Float64Array) {
      out.fill(0);
      const allowed = scenario.frontends[i]!.allowed;
      for (let a = 0; a < allowed.length; a++) out[allowed[a]!] = x[i]![a]!;
    },
  };
}
