// Feasibility of an offered load under compatibility sets: max-flow from frontends to backends.

/**
 * Maximum total rate routable with λ_i at frontend i, capacity cap_j at backend j and edges E_i
 * (a bipartite max-flow, Edmonds–Karp on F + B + 2 nodes; Infinity capacities allowed).
 * The load is sustainable only if this equals Σλ_i with every backend strictly below cap_j;
 * `shortfall` reports Σλ − maxflow.
 */
export function maxRoutableRate(lambda: ArrayLike<number>, capacity: ArrayLike<number>, allowed: ArrayLike<number>[]): number {
  const F = lambda.length;
  const B = capacity.length;
  // every frontend may use every backend (the common case): no bottleneck but the totals, and no
  // O((F+B)²) flow network for a large fleet
  if (allowed.every((a) => a.length === B)) {
    let offered = 0;
    let total = 0;
    for (let i = 0; i < F; i++) offered += lambda[i]!;
    for (let j = 0; j < B; j++) total += capacity[j]!;
    return Math.min(offered, total);
  }
  const n = F + B + 2;
  const src = F + B;
  const sink = src + 1;
  const cap = new Float64Array(n * n);
  for (let i = 0; i < F; i++) {
    cap[src * n + i] = lambda[i]!;
    for (let a = 0; a < allowed[i]!.length; a++) cap[i * n + F + allowed[i]![a]!] = Infinity;
  }
  let total = 0;
  for (let j = 0; j < B; j++) cap[(F + j) * n + sink] = capacity[j]!;
  const parent = new Int32Array(n);
  for (;;) {
    parent.fill(-1);
    parent[src] = src;
    const queue = [src];
    while (queue.length > 0 && parent[sink] === -1) {
      const u = queue.shift()!;
      for (let v = 0; v < n; v++) {
        if (parent[v] === -1 && cap[u * n + v]! > 1e-15) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[sink] === -1) return total;
    let push = Infinity;
    for (let v = sink; v !== src; v = parent[v]!) push = Math.min(push, cap[parent[v]! * n + v]!);
    if (!Number.isFinite(push)) return Infinity;
    for (let v = sink; v !== src; v = parent[v]!) {
      cap[parent[v]! * n + v]! -= push;
      cap[v * n + parent[v]!]! += push;
    }
    total += push;
  }
}
