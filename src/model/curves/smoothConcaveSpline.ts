// A smooth concave curve through concave points: Schumaker's shape-preserving quadratic spline, flat after the last point.
import type { Curve } from "./curve.ts";

/** One piece on [x0, x1]: mu' falls linearly from slope0 to slope1, mu(x0) = y0. */
interface Piece {
  x0: number;
  x1: number;
  y0: number;
  slope0: number;
  slope1: number;
}

/**
 * Measured throughput tables are concave but piecewise linear: between points mu' is constant,
 * so DGD-LB's marginal latency s/mu'(n) does not change with the load it sends and the fluid
 * model has no finite critical step. This spline keeps every point and concavity and makes mu'
 * continuous and strictly falling between points (Schumaker 1983, "On shape preserving
 * quadratic spline interpolation"; knot slopes and the extra knot per interval as in Judd 1998,
 * Numerical Methods in Economics, algorithm 6.3). The end slope is clamped at 0 so the curve
 * never falls, and after the last point it is flat, as a table is.
 * `points` must be concave and non-decreasing with (0, 0) implied (the concave majorant's vertices).
 */
export function smoothConcaveSpline(points: ReadonlyArray<readonly [number, number]>): Curve {
  const xs = [0];
  const ys = [0];
  for (const [x, y] of points) {
    if (x === 0) continue;
    xs.push(x);
    ys.push(y);
  }
  const m = xs.length;
  const secant = (k: number) => (ys[k + 1]! - ys[k]!) / (xs[k + 1]! - xs[k]!);
  const knotSlope = new Float64Array(m);
  for (let k = 1; k + 1 < m; k++) {
    const left = secant(k - 1);
    const right = secant(k);
    const lengthLeft = Math.hypot(xs[k]! - xs[k - 1]!, ys[k]! - ys[k - 1]!);
    const lengthRight = Math.hypot(xs[k + 1]! - xs[k]!, ys[k + 1]! - ys[k]!);
    knotSlope[k] = left * right > 0 ? (lengthLeft * left + lengthRight * right) / (lengthLeft + lengthRight) : 0;
  }
  if (m === 2) knotSlope[0] = knotSlope[1] = secant(0);
  else {
    knotSlope[0] = Math.max(secant(0), (3 * secant(0) - knotSlope[1]!) / 2);
    knotSlope[m - 1] = Math.max(0, Math.min(secant(m - 2), (3 * secant(m - 2) - knotSlope[m - 2]!) / 2));
  }
  const pieces: Piece[] = [];
  for (let k = 0; k + 1 < m; k++) {
    const [x0, x1, y0, s0, s1, d] = [xs[k]!, xs[k + 1]!, ys[k]!, knotSlope[k]!, knotSlope[k + 1]!, secant(k)];
    const width = x1 - x0;
    if (Math.abs((s0 + s1) / 2 - d) <= 1e-12 * Math.max(1, Math.abs(d))) {
      pieces.push({ x0, x1, y0, slope0: s0, slope1: s1 });
      continue;
    }
    let xi: number;
    if ((s1 - d) * (s0 - d) >= 0) xi = (x0 + x1) / 2;
    else if (Math.abs(s1 - d) < Math.abs(s0 - d)) xi = x0 + (width * (s1 - d)) / (s1 - s0);
    else xi = x1 + (width * (s0 - d)) / (s1 - s0);
    const alpha = xi - x0;
    const beta = x1 - xi;
    const mid = (2 * (ys[k + 1]! - y0) - (alpha * s0 + beta * s1)) / width;
    pieces.push({ x0, x1: xi, y0, slope0: s0, slope1: mid });
    pieces.push({ x0: xi, x1, y0: y0 + (alpha * (s0 + mid)) / 2, slope0: mid, slope1: s1 });
  }
  const top = ys[m - 1]!;
  pieces.push({ x0: xs[m - 1]!, x1: Infinity, y0: top, slope0: 0, slope1: 0 });

  // the pieces as columns: rate() and derivative() are read at every greedy score and fluid step,
  // where a search through objects cost a load of a field of another object at every probe
  const X0 = Float64Array.from(pieces, (p) => p.x0);
  const X1 = Float64Array.from(pieces, (p) => p.x1);
  const Y0 = Float64Array.from(pieces, (p) => p.y0);
  const S0 = Float64Array.from(pieces, (p) => p.slope0);
  const S1 = Float64Array.from(pieces, (p) => p.slope1);
  const last = pieces.length - 1;
  const pieceAt = (n: number): number => {
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (X0[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const slopeIn = (k: number, n: number) => (X1[k] === Infinity || S0[k] === S1[k] ? S0[k]! : S0[k]! + ((S1[k]! - S0[k]!) * (n - X0[k]!)) / (X1[k]! - X0[k]!));
  const rate = (n: number): number => {
    if (n <= 0) return 0;
    const k = pieceAt(n);
    const t = n - X0[k]!;
    return Y0[k]! + (t * (S0[k]! + slopeIn(k, n))) / 2;
  };
  const derivative = (n: number): number => slopeIn(pieceAt(Math.max(0, n)), Math.max(0, n));
  return {
    kind: "table",
    rate,
    derivative,
    leftDerivative: derivative,
    inverse: (a) => {
      if (a <= 0) return 0;
      if (a >= top) return Infinity;
      let k = 0;
      while (k + 1 < pieces.length && pieces[k + 1]!.y0 <= a) k++;
      const p = pieces[k]!;
      // y0 + s0·t + c·t² = a with c = (s1 − s0)/(2·width) ≤ 0; the root in the cancellation-free form
      const c = (p.slope1 - p.slope0) / (2 * (p.x1 - p.x0));
      const need = a - p.y0;
      return p.x0 + (2 * need) / (p.slope0 + Math.sqrt(Math.max(0, p.slope0 * p.slope0 + 4 * c * need)));
    },
    workloadAtSlope: (s, strict) => {
      for (const p of pieces) {
        const below = (v: number) => (strict ? v < s : v <= s);
        if (!below(p.slope1)) continue;
        if (below(p.slope0)) return p.x0;
        return p.x0 + ((p.slope0 - s) * (p.x1 - p.x0)) / (p.slope0 - p.slope1);
      }
      return xs[m - 1]!;
    },
    sup: top,
  };
}
