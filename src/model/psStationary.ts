// Stationary law of a state-dependent PS queue with Poisson input (docs/model.md section 8).
import type { Curve } from "./curves/curve.ts";

/** Relative tail mass below which the series is cut. */
const TAIL = 1e-15;

/**
 * π_n ∝ Π_{k=1..n} λ/mu(k) (a birth–death chain; insensitive to the size distribution for PS),
 * with λ in work per second (arrival rate × mean size). Returns π_0..π_K up to a tail of
 * relative mass TAIL, and E[n]. Requires λ < sup mu. Example: mu(n) = min(n, 1), λ = 0.5:
 * π_n = 0.5^{n+1}, E[n] = 1.
 */
export function psStationary(curve: Curve, lambda: number): { pi: number[]; meanCount: number } {
  if (!(lambda < curve.sup)) throw new Error(`psStationary: load ${lambda} is not below capacity ${curve.sup}`);
  const weights = [1];
  let w = 1;
  let sum = 1;
  for (let n = 1; n < 10_000_000; n++) {
    const ratio = lambda / curve.rate(n);
    w *= ratio;
    weights.push(w);
    sum += w;
    // the ratio λ/mu(n) is non-increasing (mu concave, increasing); stop when the geometric tail is negligible
    if (ratio < 1 && (w * ratio) / (1 - ratio) < TAIL * sum) break;
  }
  const pi = weights.map((x) => x / sum);
  let meanCount = 0;
  pi.forEach((p, n) => (meanCount += n * p));
  return { pi, meanCount };
}
