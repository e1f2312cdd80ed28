// Least-squares saturating fit m·n/(n+k) of measured (concurrency, throughput) points.
import { exp, log } from "../../math/portableMath.ts";

/**
 * For a fixed half-saturation k the best m is closed-form (m = Σ y·f / Σ f², f = n/(n+k)), so the
 * fit is a one-dimensional golden-section search on log k over [10⁻³, 10⁶]·(largest n).
 * Example: points on 100·n/(n+4) give max 100, half 4.
 */
export function saturatingFit(points: ReadonlyArray<readonly [number, number]>): { max: number; half: number } {
  const top = points.reduce((a, p) => Math.max(a, p[0]), -Infinity); // a fold: a measured table may be long
  const best = (k: number) => {
    let sfy = 0;
    let sff = 0;
    for (const [n, y] of points) {
      const f = n / (n + k);
      sfy += f * y;
      sff += f * f;
    }
    const m = sfy / sff;
    let sse = 0;
    for (const [n, y] of points) sse += (m * (n / (n + k)) - y) ** 2;
    return { m, sse };
  };
  let lo = log(1e-3 * top);
  let hi = log(1e6 * top);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = best(exp(a)).sse;
  let fb = best(exp(b)).sse;
  for (let it = 0; it < 200 && hi - lo > 1e-12; it++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = best(exp(a)).sse;
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = best(exp(b)).sse;
    }
  }
  const half = exp(0.5 * (lo + hi));
  return { max: best(half).m, half };
}
