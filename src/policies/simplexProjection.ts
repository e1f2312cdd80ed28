// Euclidean projection onto the probability simplex, exact and sort-based.

/**
 * x = argmin ||x − y||² over {x >= 0, Σx = 1}: sort y descending into u, take the largest ρ with
 * u_ρ − (Σ_{r<=ρ} u_r − 1)/ρ > 0, θ = (Σ_{r<=ρ} u_r − 1)/ρ, x = max(y − θ, 0).
 * Source: Held, Wolfe & Crowder (1974); Duchi et al., ICML 2008, Fig. 1. Cost O(m²) worst case by insertion sort (O(m) when y is nearly sorted, as between DGD-LB steps).
 * Example: y = [0.5, 0.8] -> θ = 0.15 -> x = [0.35, 0.65].
 * `scratch` (length >= m) avoids allocation; out may alias y.
 */
export function projectOntoSimplex(y: ArrayLike<number>, out: Float64Array, scratch: Float64Array, m = y.length): void {
  // insertion sort, descending: m is a compatibility set (small), and this allocates nothing
  const u = scratch;
  for (let k = 0; k < m; k++) {
    const v = y[k]!;
    let p = k;
    while (p > 0 && u[p - 1]! < v) {
      u[p] = u[p - 1]!;
      p--;
    }
    u[p] = v;
  }
  let cumulative = 0;
  let theta = 0;
  for (let k = 0; k < m; k++) {
    cumulative += u[k]!;
    const t = (cumulative - 1) / (k + 1);
    if (u[k]! - t > 0) theta = t;
  }
  for (let k = 0; k < m; k++) {
    const v = y[k]! - theta;
    out[k] = v > 0 ? v : 0;
  }
}
