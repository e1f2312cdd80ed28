// The fluid model's transient (docs/model.md section 3) against closed forms: a backend whose curve
// is linear below its cap drains as r·q, so a constant inflow that starts after the out leg fills
// it exponentially; a rate step and an outage change the inflow and the service at known times.
// Each jump is resolved to within half a step's worth of inflow (λ·h/2) and the error halves with the
// step: the scheme is first order through jumps (section 3), and a delay or an outage applied at
// the wrong time would leave an error that does not shrink.
import { describe, expect, it } from "vitest";
import { scenarioFrom } from "../helpers.ts";
import { integrateFluidResult, type FluidTrajectoryPoint } from "../../src/api/fluidResult.ts";

const R = 2; // work per second per request present (linear-capped with slots far above the queue)
const D = 0.3; // out leg, seconds
const LAMBDA = 10;

function run(arrivals: Record<string, unknown>, capacitySchedule: unknown[], step?: number): { step: number; points: FluidTrajectoryPoint[] } {
  const s = scenarioFrom({
    horizon: 12,
    sample: { interval: 0.05 },
    frontends: [{ id: "f", arrivals }],
    backends: [{ id: "b", curve: { kind: "linear-capped", rate: R, slots: 1000 }, capacitySchedule }],
    latency: { oneWay: { f: { b: D } } },
    policy: { kind: "random" },
  });
  const r = integrateFluidResult(s, { trajectory: true, step });
  return { step: r.step, points: r.trajectory as FluidTrajectoryPoint[] };
}

/** Largest |q(t) − exact(t)| over the samples. */
function worst(points: FluidTrajectoryPoint[], exact: (t: number) => number): number {
  let e = 0;
  for (const p of points) e = Math.max(e, Math.abs(p.queues.b! - exact(p.time)));
  return e;
}

/** q at time t after starting at q0 with inflow a and drain R·q: a/R + (q0 − a/R)·e^{−R·t}. */
const relax = (q0: number, a: number, t: number) => a / R + (q0 - a / R) * Math.exp(-R * t);

/** At the default step h: within 1.5·λ·h of the closed form (half a step of inflow per jump, an outage has two); at h/2, under 0.6 of that error. */
function expectFirstOrder(arrivals: Record<string, unknown>, capacitySchedule: unknown[], exact: (t: number) => number): void {
  const coarse = run(arrivals, capacitySchedule);
  expect(coarse.points.length).toBeGreaterThan(200);
  const e = worst(coarse.points, exact);
  expect(e, `error ${e} at step ${coarse.step}`).toBeLessThanOrEqual(1.5 * LAMBDA * coarse.step);
  const fine = worst(run(arrivals, capacitySchedule, coarse.step / 2).points, exact);
  expect(fine / e, `error ${e} at step ${coarse.step}, ${fine} at half of it`).toBeLessThan(0.6);
}

describe("the fluid transient follows its closed form", () => {
  it("a constant inflow λ reaches the backend after the out leg and fills it as (λ/r)(1 − e^{−r(t − d)})", () => {
    expectFirstOrder({ kind: "poisson", rate: LAMBDA }, [], (t) => (t < D ? 0 : relax(0, LAMBDA, t - D)));
  });

  it("a rate step at t = 4 moves the queue to the new level from t = 4 + d", () => {
    const q4 = relax(0, LAMBDA, 4); // the queue when the lower inflow reaches the backend
    expectFirstOrder(
      {
        kind: "piecewise",
        breakpoints: [
          [0, LAMBDA],
          [4, 4],
        ],
      },
      [],
      (t) => (t < D ? 0 : t < 4 + D ? relax(0, LAMBDA, t - D) : relax(q4, 4, t - 4 - D)),
    );
  });

  it("an outage from t = 5 to 7 piles up the inflow, then the queue drains back", () => {
    const q5 = relax(0, LAMBDA, 5 - D);
    expectFirstOrder({ kind: "poisson", rate: LAMBDA }, [{ from: 5, to: 7, multiplier: 0 }], (t) =>
      t < D ? 0 : t < 5 ? relax(0, LAMBDA, t - D) : t < 7 ? q5 + LAMBDA * (t - 5) : relax(q5 + 2 * LAMBDA, LAMBDA, t - 7),
    );
  });
});
