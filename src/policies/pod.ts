// Power of d choices on received counts: sample d distinct allowed backends, join the least n̂.
import { uniformIndex, type Stream } from "../random/stream.ts";
import * as z from "zod";
import { policyKind, type Policy, type PolicyContext } from "./policy.ts";
import type { Scenario } from "../model/scenario.ts";
import type { ReceivedState } from "../feedback/receivedState.ts";
import { integerAtLeast, strict } from "../input/fieldSchemas.ts";

export const pod = policyKind({
  kind: "pod",
  readsState: true,
  schema: strict({ kind: z.literal("pod"), d: integerAtLeast(1, "choices sampled per request (all of E_i when it has fewer)").default(2) }),
  make: (ctx, spec) => new PowerOfD(ctx, spec.d),
});

/** A class, not an object of closures: its route() is then the same call target in every replication (see GreedyChoice). */
class PowerOfD implements Policy {
  readonly kind = "pod";
  readonly readsState = true;
  readonly updateInterval = 0;
  private readonly scenario: Scenario;
  private readonly state: ReceivedState;
  /** A partial Fisher–Yates on a persistent permutation per frontend: O(d) per request, no allocation. */
  private readonly perms: Int32Array[];

  constructor(
    ctx: PolicyContext,
    private readonly d0: number,
  ) {
    this.scenario = ctx.scenario;
    this.state = ctx.state;
    this.perms = ctx.scenario.frontends.map((f) => Int32Array.from(f.allowed));
  }

  route(i: number, rng: Stream): number {
    const p = this.perms[i]!;
    const m = p.length;
    const d = Math.min(this.d0, m);
    let best = -1;
    let bestCount = Infinity;
    let ties = 0;
    for (let k = 0; k < d; k++) {
      const r = k + uniformIndex(rng, m - k);
      const j = p[r]!;
      p[r] = p[k]!;
      p[k] = j;
      const c = this.state.count(i, j);
      if (c < bestCount) {
        bestCount = c;
        best = j;
        ties = 1;
      } else if (c === bestCount && uniformIndex(rng, ++ties) === 0) best = j; // reservoir: uniform among ties
    }
    return best;
  }

  update(): void {}

  /**
   * Fluid routing of power-of-d: the k-th smallest of m (1-based) is chosen with probability
   * C(m−k, d−1)/C(m, d); tied backends share their ranks' total equally.
   */
  shares(i: number, out: Float64Array): void {
    out.fill(0);
    const allowed = Array.from(this.scenario.frontends[i]!.allowed);
    const m = allowed.length;
    const d = Math.min(this.d0, m);
    const counts = allowed.map((j) => this.state.count(i, j));
    const order = allowed.map((_, a) => a).sort((a, b) => counts[a]! - counts[b]!);
    const rankProb = (k: number) => binom(m - k, d - 1) / binom(m, d);
    for (let s = 0; s < m;) {
      let e = s;
      while (e + 1 < m && counts[order[e + 1]!] === counts[order[s]!]) e++;
      let total = 0;
      for (let k = s; k <= e; k++) total += rankProb(k + 1);
      for (let k = s; k <= e; k++) out[allowed[order[k]!]!] = total / (e - s + 1);
      s = e + 1;
    }
  }
}

function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let t = 1; t <= k; t++) r = (r * (n - k + t)) / t;
  return r;
}
