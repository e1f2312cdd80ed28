// DGD-LB (MODEL.md section 5): projected gradient steps on received marginal latencies.
import type { Stream } from "../random/stream.ts";
import { AliasTable } from "./aliasTable.ts";
import { projectOntoSimplex } from "./simplexProjection.ts";
import { SendLog } from "./sendLog.ts";
import { guardedSlope, marginalRateFloors, type Policy, type PolicyContext } from "./policy.ts";

/**
 * Every updateInterval Δ each frontend i computes g_ij = d_ij + d_ji + s_i/mu'_j(n̂_j) (s_i its
 * mean request size as known now, docs/model.md: seconds in any work unit) on the
 * state it holds and sets x_i <- Π(x_i − η·Δ·g_i), Π the exact projection onto the simplex
 * over E_i. Requests sample x_i from an alias table rebuilt at each update (O(1) per request).
 * With `inflightCorrection` (a labelled variant) n̂_j is raised by the frontend's own requests
 * that had not reached j when the held state was measured.
 */
export function dgdLb(ctx: PolicyContext): Policy {
  const { scenario, state, spec } = ctx;
  const B = scenario.backends.length;
  const stepSize = spec.stepSize as number;
  const updateInterval = spec.updateInterval as number;
  const correction = spec.inflightCorrection === true;
  const unit = 1 / scenario.scale;
  const curves = scenario.backends.map((b) => b.curve);
  const floors = marginalRateFloors(scenario);
  const initial = spec.initial && spec.initial !== "uniform" ? (spec.initial as Record<string, Record<string, number>>) : null;

  const x = scenario.frontends.map((f) => {
    const row = new Float64Array(f.allowed.length);
    if (initial) {
      const given = initial[f.id]!;
      let sum = 0;
      f.allowed.forEach((j, a) => (sum += row[a] = given[scenario.backends[j]!.id] ?? 0));
      for (let a = 0; a < row.length; a++) row[a]! /= sum;
    } else row.fill(1 / f.allowed.length);
    return row;
  });
  const tables = scenario.frontends.map((f, i) => {
    const t = new AliasTable(f.allowed);
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

  const heldCount = (i: number, a: number, j: number): number => {
    let n = state.count(i, j);
    if (logs) n += logs[i]![a]!.countAfter(state.measuredAt(i, j) - scenario.oneWay[i * B + j]!) * unit;
    return n;
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
        const si = ctx.sizes.mean(i);
        for (let a = 0; a < allowed.length; a++) {
          const j = allowed[a]!;
          const slope = guardedSlope(curves[j]!, heldCount(i, a, j), floors[j]!);
          const g = scenario.oneWay[i * B + j]! + scenario.back[i * B + j]! + si / slope;
          gradient[a] = xi[a]! - stepSize * updateInterval * g;
        }
        projectOntoSimplex(gradient, xi, scratch, allowed.length);
        tables[i]!.build(xi);
      }
    },
    shares(i: number, out: Float64Array) {
      out.fill(0);
      const allowed = scenario.frontends[i]!.allowed;
      for (let a = 0; a < allowed.length; a++) out[allowed[a]!] = x[i]![a]!;
    },
  };
}
