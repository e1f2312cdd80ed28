// Shared machinery for index policies: argmin of a per-backend score on received state, cached per view version.
import { uniformIndex, type Stream } from "../random/stream.ts";
import type { Policy, PolicyContext } from "./policy.ts";

/**
 * score(frontend, backend) may read only received state and static data. The set of tied
 * minimisers is recomputed, O(|E_i|), only when the frontend's view changes (version bump);
 * between changes a request costs O(1). Ties are split by the frontend's seeded stream.
 */
export function greedyPolicy(
  kind: string,
  ctx: PolicyContext,
  score: (frontend: number, backend: number) => number,
  versionOf: (frontend: number) => number = (i) => ctx.state.version(i),
  readsState = true,
): Policy {
  const { scenario } = ctx;
  const F = scenario.frontends.length;
  const ties = scenario.frontends.map((f) => new Int32Array(f.allowed.length));
  const tieCount = new Int32Array(F);
  const seen = new Int32Array(F).fill(-1);

  const refresh = (i: number): void => {
    const v = versionOf(i);
    if (v === seen[i]) return;
    seen[i] = v;
    const allowed = scenario.frontends[i]!.allowed;
    const t = ties[i]!;
    let best = Infinity;
    let count = 0;
    for (let a = 0; a < allowed.length; a++) {
      const j = allowed[a]!;
      const s = score(i, j);
      if (s < best) {
        best = s;
        count = 0;
      }
      if (s === best) t[count++] = j;
    }
    if (count === 0) {
      // every score is NaN or +Infinity: fall back to all allowed backends
      for (let a = 0; a < allowed.length; a++) t[a] = allowed[a]!;
      count = allowed.length;
    }
    tieCount[i] = count;
  };

  return {
    kind,
    readsState,
    updateInterval: 0,
    route(i: number, rng: Stream): number {
      refresh(i);
      const n = tieCount[i]!;
      return n === 1 ? ties[i]![0]! : ties[i]![uniformIndex(rng, n)]!;
    },
    update() {},
    shares(i: number, out: Float64Array) {
      refresh(i);
      out.fill(0);
      const n = tieCount[i]!;
      for (let k = 0; k < n; k++) out[ties[i]![k]!] = 1 / n;
    },
  };
}
