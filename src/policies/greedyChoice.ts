// Shared machinery for index policies: argmin of a per-backend score on received state, cached per view version.
import { uniformIndex, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { ReceivedState } from "../feedback/receivedState.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";
import { TiedMinimum } from "./tiedMinimum.ts";

/**
 * scores(frontend, ...) may read only received state and static data. The set of tied
 * minimisers is found again only when the frontend's view changes (version bump); between
 * changes a request costs O(1), or O(log |E_i|) to pick one of several ties. Ties are split by the
 * frontend's seeded stream, in the frontend's allowed order.
 *
 * Each frontend keeps its scores in a tournament tree (TiedMinimum) with the counts they were
 * computed from. When the view changes, the feedback names the backends whose held count may have
 * changed (ReceivedState.changedBackends: under periodic feedback the pairs whose lag phase the
 * clock passed, under piggyback the responses that arrived, under instant the backends that
 * changed); only those are read and, where their count changed, scored again and put in the
 * tree. On a fleet of a thousand backends whose reports reach a frontend several times between
 * its requests, a request then touches the pairs that changed, not all thousand. Where the
 * feedback cannot say, or a quarter of the backends changed, or what the scores read besides the
 * counts changed (scoreContext), the row is read and scored whole. Either way the ties are those
 * of a pass over every score, so results do not depend on which was taken.
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
  /** Per frontend, made when first needed: its scores by position in its allowed set, while treeHolds. */
  private readonly trees: (TiedMinimum | null)[];
  /** 1 where the tree holds the frontend's scores and ties, 0 where a pass found its ties (in ties). */
  private readonly treeHolds: Uint8Array;
  /** The tied backends a pass found, in allowed order. */
  private readonly ties: (Int32Array | null)[];
  /** The counts those scores were computed from (while the tree holds them). */
  private readonly held: (Float64Array | null)[];
  /** Position of each backend in the frontend's allowed set (−1: not in it); null where that set is 0 … B − 1. */
  private readonly positions: (Int32Array | null)[];
  /** scoreContext when the scores were computed. */
  private readonly contexts: Float64Array;
  /** How many backends changed at the frontend's recent refreshes (decaying; all of them when unknown). */
  private readonly changesAverage: Float64Array;
  /** The feedback's marks (changedBackends), two a frontend. */
  private readonly marks: Float64Array;
  private readonly tieCount: Int32Array;
  /** The tie where there is one. */
  private readonly single: Int32Array;
  private readonly seen: Int32Array;
  /** Scratch: backends that may have changed, then those that did; and counts, then scores. */
  private readonly changed: Int32Array;
  private readonly changedAt: Int32Array;
  private readonly values: Float64Array;
  /** Scratch: a row of held counts for a pass. */
  private readonly counts: Float64Array;

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
    this.trees = new Array<TiedMinimum | null>(F).fill(null);
    this.treeHolds = new Uint8Array(F);
    this.ties = new Array<Int32Array | null>(F).fill(null);
    this.held = new Array<Float64Array | null>(F).fill(null);
    this.positions = new Array<Int32Array | null>(F).fill(null);
    this.contexts = new Float64Array(F).fill(NaN);
    this.changesAverage = Float64Array.from(scenario.frontends, (f) => f.allowed.length);
    this.marks = new Float64Array(2 * F).fill(NaN);
    this.tieCount = new Int32Array(F);
    this.single = new Int32Array(F);
    this.seen = new Int32Array(F).fill(-1);
    let widest = 0;
    for (const f of scenario.frontends) widest = Math.max(widest, f.allowed.length);
    this.changed = new Int32Array(widest);
    this.changedAt = new Int32Array(widest);
    this.values = new Float64Array(widest);
    this.counts = new Float64Array(widest);
  }

  /**
   * Scores of backends[0 … count − 1] for the frontend: values[c] = the score of backends[c] when
   * the frontend holds counts[c] of it (0 for a policy that reads no state); the least wins. counts
   * may be values (each is read before it is written). A loop of the subclass's own, so that each
   * policy's arithmetic inlines.
   */
  protected abstract scores(frontend: number, backends: Int32Array, counts: Float64Array, values: Float64Array, count: number): void;

  /** What the frontend's scores read besides the held counts and static data (SED's s_i): a change rescores every backend. */
  protected scoreContext(_frontend: number): number {
    return 0;
  }

  /** The version of what the frontend's scores read: they are recomputed when it changes. */
  protected version(frontend: number): number {
    return this.state.version(frontend);
  }

  route(i: number, rng: Stream): number {
    this.refresh(i);
    const n = this.tieCount[i]!;
    return n === 1 ? this.single[i]! : this.nthTie(i, uniformIndex(rng, n));
  }

  update(): void {}

  shares(i: number, out: Float64Array): void {
    this.refresh(i);
    out.fill(0);
    const n = this.tieCount[i]!;
    for (let k = 0; k < n; k++) out[this.nthTie(i, k)] = 1 / n;
  }

  /** The k-th tied backend, in allowed order (every allowed backend when every score is NaN). */
  private nthTie(i: number, k: number): number {
    if (this.treeHolds[i] === 0) return this.ties[i]![k]!;
    const tree = this.trees[i]!;
    return this.scenario.frontends[i]!.allowed[tree.ties() === 0 ? k : tree.tie(k)]!;
  }

  private refresh(i: number): void {
    const v = this.version(i);
    if (v === this.seen[i]) return;
    this.seen[i] = v;
    const allowed = this.scenario.frontends[i]!.allowed;
    const m = allowed.length;
    if (this.ties[i] === null) this.ties[i] = new Int32Array(m);
    const depth = 32 - Math.clz32(m - 1); // a tree's levels above its leaves
    // asked at every refresh, so that the feedback's mark is this refresh's; the backends listed
    // only where the tree may take this refresh, else only counted
    const list = this.changesAverage[i]! * depth <= m >> 1 ? this.changed : null;
    const changes = this.readsState && this.state.changedBackends ? this.state.changedBackends(i, this.marks, list, this.values) : -1;
    const context = this.scoreContext(i);
    // A change costs a read, a score and its share of the tree's levels (measured at 100 × 1,000:
    // 90 changes a refresh cost what a pass does); a pass a few ns a backend. The tree takes the
    // frontend while its changes, on average over its last few refreshes, number at most
    // m / (2·depth), so that it is not planted again and again where they hover about the line
    const rescore = changes < 0 || context !== this.contexts[i];
    const average = (this.changesAverage[i] = 0.75 * this.changesAverage[i]! + 0.25 * (rescore ? m : changes));
    this.contexts[i] = context;
    if (average * depth > m >> 1) {
      // a scratch row (hot in cache), not the frontend's: only the tree reads held counts later
      this.readAll(i, allowed, this.counts);
      this.passOver(i, allowed);
    } else {
      const tree = this.trees[i] ?? this.grow(i, allowed);
      if (rescore || list === null || changes > m >> 1 || this.treeHolds[i] === 0) {
        this.readAll(i, allowed, this.held[i]!);
        this.plant(i, allowed, tree);
      } else this.scoreChanged(i, tree, changes);
      const ties = tree.ties();
      this.tieCount[i] = ties === 0 ? m : ties; // every score NaN: every allowed backend
    }
    this.single[i] = this.nthTie(i, 0);
  }

  /** A frontend's tree and what it reads, when the tree first takes it. */
  private grow(i: number, allowed: Int32Array): TiedMinimum {
    const m = allowed.length;
    this.held[i] = new Float64Array(m);
    if (!(m === this.B && allowed.every((j, a) => j === a))) {
      const at = (this.positions[i] = new Int32Array(this.B).fill(-1));
      for (let a = 0; a < m; a++) at[allowed[a]!] = a;
    }
    return (this.trees[i] = new TiedMinimum(m));
  }

  /** The counts the frontend holds of every backend it may use. */
  private readAll(i: number, allowed: Int32Array, into: Float64Array): void {
    if (this.readsState) this.state.heldCounts(i, allowed, into);
  }

  /** Scores the whole row and finds the ties by a pass over the scores. */
  private passOver(i: number, allowed: Int32Array): void {
    const m = allowed.length;
    const values = this.values;
    this.scores(i, allowed, this.counts, values, m);
    const t = this.ties[i]!;
    let best = Infinity;
    let count = 0;
    for (let a = 0; a < m; a++) {
      const s = values[a]!;
      if (s < best) {
        best = s;
        count = 0;
      }
      if (s === best) t[count++] = allowed[a]!;
    }
    if (count === 0) {
      // every score is NaN: every allowed backend
      for (let a = 0; a < m; a++) t[a] = allowed[a]!;
      count = m;
    }
    this.tieCount[i] = count;
    this.treeHolds[i] = 0;
  }

  /** Scores the whole row into the tree. */
  private plant(i: number, allowed: Int32Array, tree: TiedMinimum): void {
    const m = allowed.length;
    const values = this.values;
    this.scores(i, allowed, this.held[i]!, values, m);
    tree.rebuild(values);
    this.treeHolds[i] = 1;
  }

  /** The `changes` backends the feedback named, with their counts in values: those whose count changed are scored again. */
  private scoreChanged(i: number, tree: TiedMinimum, changes: number): void {
    const held = this.held[i]!;
    const at = this.positions[i];
    const { changed, changedAt, values } = this;
    let n = 0;
    for (let c = 0; c < changes; c++) {
      const j = changed[c]!;
      const a = at === null ? j : at[j]!;
      if (a < 0) continue;
      const count = values[c]!;
      if (count === held[a]) continue;
      held[a] = count;
      // n <= c: in place
      changed[n] = j;
      changedAt[n] = a;
      values[n++] = count;
    }
    this.scores(i, changed, values, values, n);
    tree.update(changedAt, values, n);
  }
}
