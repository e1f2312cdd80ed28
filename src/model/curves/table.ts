// Table curve kind: piecewise-linear through measured (concurrency, throughput) points, flat after the last.
import * as z from "zod";
import { curveKind, type Curve } from "./curve.ts";
import { oneOf, pairs, strict } from "../../input/fieldSchemas.ts";
import { concaveMajorant, fitError } from "./concaveMajorant.ts";
import { saturatingFit } from "./saturatingFit.ts";
import { saturating } from "./saturating.ts";
import { smoothConcaveSpline } from "./smoothConcaveSpline.ts";

/**
 * Without `fit` the points must already be concave (rejected otherwise, naming the point);
 * "concave-majorant" replaces them by their least concave majorant (never extrapolates
 * capacity; piecewise linear, so mu' is constant between points); "smooth-majorant" passes a
 * C¹ concave quadratic spline through the majorant's vertices (mu' continuous and falling with
 * load, which DGD-LB's gradient and the fluid model's critical step need); "saturating" fits
 * m·n/(n+k) by least squares (smooth, extrapolates the plateau).
 * A fitted curve keeps its largest error against the points.
 */
export const tableCurve = curveKind({
  kind: "table",
  schema: strict({
    kind: z.literal("table"),
    points: pairs("[concurrency, throughput]", "measured [requests present, work per second] points; (0, 0) is implied"),
    fit: oneOf(["concave-majorant", "smooth-majorant", "saturating"], "replace the points by a concave fit; omit to require a concave table").optional(),
  }),
  build(spec, report) {
    const measured = spec.points.map((p) => [p[0], p[1]] as [number, number]);
    if (spec.fit === "saturating") {
      const { max, half } = saturatingFit(measured);
      const curve = saturating(max, half);
      const { maxAbs, maxRel } = fitError((n) => curve.rate(n), measured);
      return { curve, fit: { method: "saturating", points: measured, maxAbsError: maxAbs, maxRelError: maxRel } };
    }
    const points = spec.fit === "concave-majorant" || spec.fit === "smooth-majorant" ? concaveMajorant(measured) : measured;
    const problem = tableProblem(points);
    if (problem) {
      report(`points[${problem.index}]`, problem.message);
      return null;
    }
    const curve = spec.fit === "smooth-majorant" ? smoothConcaveSpline(points) : table(points);
    if (!spec.fit) return { curve, fit: null };
    const { maxAbs, maxRel } = fitError((n) => curve.rate(n), measured);
    return { curve, fit: { method: spec.fit, points: measured, maxAbsError: maxAbs, maxRelError: maxRel } };
  },
});

/** Relative slack when checking that slopes do not increase (measurement tables are printed rounded). */
export const CONCAVITY_TOLERANCE = 1e-9;

export interface TableProblem {
  index: number;
  message: string;
}

/**
 * Checks a (concurrency, throughput) table, (0,0) implied: concurrency strictly increasing,
 * throughput non-decreasing, slopes non-increasing (concave). Returns the first problem or null.
 */
export function tableProblem(points: ReadonlyArray<readonly [number, number]>): TableProblem | null {
  let px = 0;
  let py = 0;
  let prevSlope = Infinity;
  for (let i = 0; i < points.length; i++) {
    const [x, y] = points[i]!;
    if (i === 0 && x === 0) {
      if (y !== 0) return { index: i, message: `mu(0) must be 0 (got ${y})` };
      continue;
    }
    if (!(x > px)) return { index: i, message: `concurrency must increase strictly (got ${x} after ${px})` };
    if (y < py) return { index: i, message: `throughput must not decrease (got ${y} after ${py})` };
    const slope = (y - py) / (x - px);
    if (slope > prevSlope * (1 + CONCAVITY_TOLERANCE) + 1e-15) {
      return {
        index: i,
        message: `curve is not concave: slope ${fmt(slope)} on (${px}, ${x}] exceeds the previous slope ${fmt(prevSlope)}; fit a concave curve (e.g. "fit": "concave-majorant") or fix the point`,
      };
    }
    prevSlope = slope;
    px = x;
    py = y;
  }
  return null;
}

function fmt(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/** Piecewise-linear through the points ((0,0) implied), flat after the last. Validate with tableProblem first. */
export function table(points: ReadonlyArray<readonly [number, number]>): Curve {
  const xs: number[] = [0];
  const ys: number[] = [0];
  for (const [x, y] of points) {
    if (x === 0) continue;
    xs.push(x);
    ys.push(y);
  }
  const m = xs.length;
  const slopes = new Float64Array(m); // slopes[k] on [xs[k], xs[k+1]); 0 after the last point
  for (let k = 0; k + 1 < m; k++) slopes[k] = (ys[k + 1]! - ys[k]!) / (xs[k + 1]! - xs[k]!);
  const segment = (n: number): number => {
    let lo = 0;
    let hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (xs[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const sup = ys[m - 1]!;
  /** First breakpoint from which the slope is <= s (< s when strict); slopes are non-increasing, 0 after the last point. */
  const workloadAtSlope = (s: number, strict: boolean): number => {
    for (let k = 0; k < m; k++) if (strict ? slopes[k]! < s : slopes[k]! <= s) return xs[k]!;
    return xs[m - 1]!;
  };
  return {
    kind: "table",
    rate: (n) => {
      const k = segment(n);
      return ys[k]! + slopes[k]! * (n - xs[k]!);
    },
    derivative: (n) => slopes[segment(n)]!,
    leftDerivative: (n) => {
      if (n <= 0) return slopes[0]!;
      const k = segment(n);
      return xs[k] === n ? slopes[k - 1]! : slopes[k]!;
    },
    inverse: (a) => {
      if (a <= 0) return 0;
      if (a >= sup) return Infinity;
      let k = 0;
      while (ys[k + 1]! < a) k++;
      // first segment whose top reaches a; flat segments are skipped (smallest workload)
      return xs[k]! + (a - ys[k]!) / slopes[k]!;
    },
    workloadAtSlope,
    sup,
  };
}
