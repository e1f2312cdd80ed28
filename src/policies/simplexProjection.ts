// Euclidean projection onto the probability simplex, exact: Condat's expected-linear algorithm, and the sort-based one as its oracle.

/**
 * x = argmin ||x − y||² over {x >= 0, Σx = 1}, i.e. x = max(y − τ, 0) with τ the threshold that
 * makes Σx = 1. Condat's algorithm (L. Condat, "Fast projection onto the simplex and the l1 ball",
 * Math. Programming 158, 2016, Algorithm 1 as in his reference C code): one pass keeps a running
 * threshold over a candidate support, a backward pass recovers the candidates it dropped too
 * early, then sweeps remove entries below τ until none is removed. Expected O(m), worst case
 * O(m²) but observed linear; allocation-free with `aux` (length >= m). out may alias y.
 * Example: y = [0.5, 0.8] -> τ = 0.15 -> x = [0.35, 0.65].
 */
export function projectOntoSimplex(y: ArrayLike<number>, out: Float64Array, aux: Float64Array, m = y.length): void {
  let auxLength = 1;
  let auxLengthOld = -1;
  aux[0] = y[0]!;
  let tau = y[0]! - 1;
  for (let i = 1; i < m; i++) {
    const yi = y[i]!;
    if (yi > tau) {
      aux[auxLength] = yi;
      tau += (yi - tau) / (auxLength - auxLengthOld);
      if (tau <= yi - 1) {
        tau = yi - 1;
        auxLengthOld = auxLength - 1;
      }
      auxLength++;
    }
  }
  // the candidates before the last restart, taken back where they exceed τ (written below `off`)
  let off = 0;
  if (auxLengthOld >= 0) {
    auxLengthOld++;
    auxLength -= auxLengthOld;
    off = auxLengthOld;
    while (--auxLengthOld >= 0) {
      const v = aux[auxLengthOld]!;
      if (v > tau) {
        aux[--off] = v;
        tau += (v - tau) / ++auxLength;
      }
    }
  }
  do {
    auxLengthOld = auxLength - 1;
    auxLength = 0;
    for (let i = 0; i <= auxLengthOld; i++) {
      const v = aux[off + i]!;
      if (v > tau) aux[off + auxLength++] = v;
      else tau += (tau - v) / (auxLength - i + auxLengthOld);
    }
  } while (auxLength <= auxLengthOld);
  for (let i = 0; i < m; i++) {
    const v = y[i]! - tau;
    out[i] = v > 0 ? v : 0;
  }
}

/**
 * x = argmin ||x − y||² over {x >= 0, Σx = 1}: sort y descending into u, take the largest ρ with
 * u_ρ − (Σ_{r<=ρ} u_r − 1)/ρ > 0, θ = (Σ_{r<=ρ} u_r − 1)/ρ, x = max(y − θ, 0).
 * Source: Held, Wolfe & Crowder (1974); Duchi et al., ICML 2008, Fig. 1. Cost O(m²) worst case by
 * insertion sort: kept as the test oracle of projectOntoSimplex.
 * Example: y = [0.5, 0.8] -> θ = 0.15 -> x = [0.35, 0.65].
 * `scratch` (length >= m) avoids allocation; out may alias y.
 */
export function projectOntoSimplexSorted(y: ArrayLike<number>, out: Float64Array, scratch: Float64Array, m = y.length): void {
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
