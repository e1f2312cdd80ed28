// Fluid-limit check: the stochastic system at scale N, scaled by 1/N, against the fluid trajectory.
import type { Scenario } from "../model/scenario.ts";
import type { SeriesSink } from "../engine/sinks.ts";
import { runReplication } from "../engine/runReplication.ts";
import { acrossReplications, type Estimate } from "../stats/estimate.ts";
import { integrateFluid } from "./fluidModel.ts";
import { linearRegression } from "simple-statistics";
import { log } from "../math/portableMath.ts";

export interface FluidValidationPoint {
  scale: number;
  /** sup over the grid of max_j |n_j(t)/N − q_j(t)|, one value per replication. */
  error: Estimate;
  /** sup over the grid of max_ij |x̂_ij(t) − x_ij(t)|, x̂ the stochastic run's policy routing at the grid time. */
  routingError: Estimate;
}

export interface FluidValidation {
  grid: number;
  points: FluidValidationPoint[];
  /** Least-squares slope of log(error) against log(N). */
  slope: number;
  routingSlope: number;
}

/** Queues at every grid time from a stochastic run (the engine's --series sampling). */
class GridRecorder implements SeriesSink {
  readonly queues: Float64Array;
  readonly shares: Float64Array;
  constructor(
    private readonly s: Scenario,
    private readonly points: number,
  ) {
    this.queues = new Float64Array(points * s.backends.length).fill(NaN);
    this.shares = new Float64Array(points * s.frontends.length * s.backends.length).fill(NaN);
  }
  private index(time: number): number {
    return Math.round(time / this.s.sampleInterval) - 1;
  }
  backend(time: number, backend: string, inSystem: number): void {
    const k = this.index(time);
    if (k >= 0 && k < this.points) this.queues[k * this.s.backends.length + this.s.backends.findIndex((b) => b.id === backend)] = inSystem / this.s.scale;
  }
  routing(): void {}
  policyRouting(time: number, frontend: number, shares: Float64Array): void {
    const k = this.index(time);
    const B = this.s.backends.length;
    if (k >= 0 && k < this.points) this.shares.set(shares, (k * this.s.frontends.length + frontend) * B);
  }
}

/** Least-squares slope of ys on xs (simple-statistics' linearRegression). */
function slopeOf(xs: number[], ys: number[]): number {
  return linearRegression(xs.map((x, k) => [x, ys[k]!])).m;
}

/**
 * `scenarioAt(N)` gives the scenario at scale N with sample.interval = grid. Both the fluid and
 * the stochastic runs start empty at time 0 and are compared at every grid time.
 */
export function validateFluid(scenarioAt: (scale: number) => Scenario, scales: number[], replications: number, onProgress?: (done: number, total: number) => void): FluidValidation {
  const base = scenarioAt(scales[0]!);
  const grid = base.sampleInterval;
  const points = Math.floor(base.horizon / grid + 1e-9);
  const B = base.backends.length;
  const F = base.frontends.length;
  const fluid = integrateFluid(base, { sampleEvery: grid });
  // sample p + 1 is at time (p + 1)·grid, the stochastic run's p-th sample
  const fluidQueue = (p: number, j: number) => fluid.samples[p + 1]!.queues[j]!;
  const fluidShare = (p: number, i: number, j: number) => fluid.samples[p + 1]!.routing[i * B + j]!;
  const out: FluidValidationPoint[] = [];
  let done = 0;
  for (const scale of scales) {
    const s = scenarioAt(scale);
    const errors: number[] = [];
    const routingErrors: number[] = [];
    for (let r = 0; r < replications; r++) {
      const rec = new GridRecorder(s, points);
      runReplication(s, r, { series: rec, warmup: 0 });
      let e = 0;
      let re = 0;
      for (let p = 0; p < points && p + 1 < fluid.samples.length; p++) {
        for (let j = 0; j < B; j++) e = Math.max(e, Math.abs(rec.queues[p * B + j]! - fluidQueue(p, j)));
        for (let i = 0; i < F; i++) {
          for (const j of s.frontends[i]!.allowed) {
            const share = rec.shares[(p * F + i) * B + j]!;
            if (Number.isFinite(share)) re = Math.max(re, Math.abs(share - fluidShare(p, i, j)));
          }
        }
      }
      errors.push(e);
      routingErrors.push(re);
      onProgress?.(++done, scales.length * replications);
    }
    out.push({ scale, error: acrossReplications(errors), routingError: acrossReplications(routingErrors) });
  }
  const logN = out.map((p) => log(p.scale));
  return {
    grid,
    points: out,
    slope: slopeOf(
      logN,
      out.map((p) => log(p.error.estimate!)),
    ),
    routingSlope: slopeOf(
      logN,
      out.map((p) => log(p.routingError.estimate!)),
    ),
  };
}
