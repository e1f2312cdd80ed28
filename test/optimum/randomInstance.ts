// Random optimum instances of every curve kind, with sizes and restricted sets, the same in every run.
import type { OptimumInput } from "../../src/optimum/optimumInput.ts";
import { maxRoutableRate } from "../../src/model/reachableCapacity.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { expSaturating } from "../../src/model/curves/expSaturating.ts";
import { power } from "../../src/model/curves/power.ts";
import { linearCapped } from "../../src/model/curves/linearCapped.ts";
import { table } from "../../src/model/curves/table.ts";
import type { Curve } from "../../src/model/curves/curve.ts";
import { stream } from "../helpers.ts";

/** Kinds 0–2 are smooth, 3 is linear-capped, 4 a concave table. */
function randomCurve(u: () => number, kinds: readonly number[]): Curve {
  switch (kinds[Math.floor(u() * kinds.length)]) {
    case 0:
      return saturating(5 + 95 * u(), 0.5 + 20 * u());
    case 1:
      return expSaturating(5 + 95 * u(), 0.5 + 20 * u());
    case 2:
      return power(1 + 19 * u(), 0.3 + 0.65 * u());
    case 3:
      return linearCapped(1 + 10 * u(), 1 + Math.floor(8 * u()));
    default: {
      // a concave table: increments that shrink
      const points: Array<[number, number]> = [[0, 0]];
      let slope = 2 + 10 * u();
      for (let k = 1; k <= 5; k++) {
        slope *= 0.3 + 0.6 * u();
        points.push([k * 2, points[k - 1]![1] + 2 * slope]);
      }
      return table(points);
    }
  }
}

export function randomInstance(seed: number, F: number, B: number, utilization: number, kinds: readonly number[]): OptimumInput {
  const u = stream(seed);
  const curves = Array.from({ length: B }, () => randomCurve(u, kinds));
  const allowed = Array.from({ length: F }, (_, i) => {
    const js = Array.from({ length: B }, (_, j) => j).filter(() => u() < 0.7);
    return Int32Array.from(js.length ? js : [i % B]);
  });
  const roundTrip = new Float64Array(F * B).fill(NaN);
  // latencies in 0.1 ms steps, as measured ones come: ties between routes happen
  allowed.forEach((E, i) => E.forEach((j) => (roundTrip[i * B + j] = Math.round(u() * 3000) / 10000)));
  const size = Float64Array.from({ length: F }, () => 0.5 + u());
  const weights = Array.from({ length: F }, () => 0.2 + u());
  const scale = largestRoutableScale(
    weights.map((w, i) => w * size[i]!),
    curves,
    allowed,
  );
  return { lambda: Float64Array.from(weights, (w) => w * scale * utilization), size, curves, allowed, roundTrip };
}

/**
 * The largest s at which work s·work_i per frontend can be routed within the compatibility sets
 * (bisection on max-flow); power curves are unbounded, so they count as mu(50) for this only.
 */
export function largestRoutableScale(work: readonly number[], curves: readonly Curve[], allowed: Int32Array[]): number {
  const caps = curves.map((c) => (Number.isFinite(c.sup) ? c.sup : c.rate(50)));
  const total = work.reduce((a, b) => a + b, 0);
  const routable = (s: number) =>
    maxRoutableRate(
      work.map((x) => x * s),
      caps,
      allowed,
    ) >=
    s * total * (1 - 1e-12);
  let lo = 0;
  let hi = 1e6;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (routable(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
