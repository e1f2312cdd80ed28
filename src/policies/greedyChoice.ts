// Shared machinery for index policies: argmin of a per-backend score on received state, cached per view version.
import { uniformIndex, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { ReceivedState } from "../feedback/receivedState.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";

/**
 * scores(frontend, ...) may read only received state and static data. The set of tied
 * minimisers is recomputed, O(|E_i|), only when the frontend's view changes (version bump);
 * between changes a request costs O(1). Ties are split by the frontend's seeded stream.
 *
 * A recomputation reads the frontend's held counts in one pass (ReceivedState.heldCounts: under
 * periodic feedback a floor a pair, not count()'s floor, modulo and calls), then scores the row in
 * the subclass's own loop, then finds the ties. On a fleet of a thousand backends whose reports
 * reach a frontend more often than its requests, every request recomputes: the three passes cost
 * a few ns a pair, where a score() call a pair through count() cost 14.
 *
 * A policy is a subclass with its score as a method, not a closure passed in: every replication
 * makes a new policy, and closures made anew are new call targets, which threw the optimised event
 * loop away at each thread's second replication; a method is the same function in every instance.
 */
export abstract class GreedyChoice implements Policy {
  readonly updateInterval = 0;
  protected readonly scenario: Scenario;
  protected readonly B: number;
  /** Each backend's curve mu_j, for scores that read it. */
  protected readonly curves: Curve[];
  protected readonly state: ReceivedState;
  /** s_i as the frontend knows it (a field of its own: the context object is not kept). */
  protected readonly sizes: KnownRequestSize;
  private readonly ties: Int32Array[];
  private readonly tieCount: Int32Array;
  private readonly seen: Int32Array;
  /** A frontend's held counts, then its scores, position by position in its allowed set. */
  private readonly values: Float64Array;

  constructor(
    readonly kind: string,
    ctx: PolicyContext,
    readonly readsState = true,
  ) {
    const { scenario } = ctx;
    this.scenario = scenario;
    this.B = scenario.backends.length;
    this.curves = scenario.backends.map((b) => b.curve);
    this.state = ctx.state;
    this.sizes = ctx.sizes;
    const F = scenario.frontends.length;
    this.ties = scenario.frontends.map((f) => new Int32Array(f.allowed.length));
    this.tieCount = new Int32Array(F);
    this.seen = new Int32Array(F).fill(-1);
    let widest = 0;
    for (const f of scenario.frontends) widest = Math.max(widest, f.allowed.length);
    this.values = new Float64Array(widest);
  }

  /**
   * Scores of the frontend's allowed backends, in place: values[a] holds the count the frontend
   * holds of backends[a] (0 for a policy that reads no state) and is replaced by that backend's
   * score; the least wins. A loop of the subclass's own, so that each policy's arithmetic inlines.
   */
  protected abstract scores(frontend: number, backends: Int32Array, values: Float64Array): void;

  /** The version of what the frontend's scores read: they are recomputed when it changes. */
  protected version(frontend: number): number {
    return this.state.version(frontend);
  }

  route(i: number, rng: Stream): number {
    this.refresh(i);
    const n = this.tieCount[i]!;
    return n === 1 ? this.ties[i]![0]! : this.ties[i]![uniformIndex(rng, n)]!;
  }

  update(): void {}

  shares(i: number, out: Float64Array): void {
    this.refresh(i);
    out.fill(0);
    const n = this.tieCount[i]!;
    for (let k = 0; k < n; k++) out[this.ties[i]![k]!] = 1 / n;
  }

  private refresh(i: number): void {
    const v = this.version(i);
    if (v === this.seen[i]) return;
    this.seen[i] = v;
    const allowed = this.scenario.frontends[i]!.allowed;
    const t = this.ties[i]!;
    const values = this.values;
    if (this.readsState) this.state.heldCounts(i, allowed, values);
    this.scores(i, allowed, values);
    let best = Infinity;
    let count = 0;
    for (let a = 0; a < allowed.length; a++) {
      const s = values[a]!;
      if (s < best) {
        best = s;
        count = 0;
      }
      if (s === best) t[count++] = allowed[a]!;
    }
    if (count === 0) {
      // every score is NaN or +Infinity: fall back to all allowed backends
      for (let a = 0; a < allowed.length; a++) t[a] = allowed[a]!;
      count = allowed.length;
    }
    this.tieCount[i] = count;
  }
}
