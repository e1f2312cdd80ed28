// Shared machinery for index policies: argmin of a per-backend score on received state, cached per view version.
import { uniformIndex, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { ReceivedState } from "../feedback/receivedState.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";
import type { TiedMinimum } from "./tiedMinimum.ts";
import { ChoiceSlot } from "./choiceSlot.ts";

/**
 * scores(frontend, ...) may read only received state and static data. The set of tied
 * minimisers is found again only when the frontend's view changes (version bump); between
 * changes a request costs O(1), or O(log |E_i|) to pick one of several ties. Ties are split by the
 * frontend's seeded stream, in the frontend's allowed order.
 *
 * Each frontend (ChoiceSlot) keeps its scores in a tournament tree (TiedMinimum) with the counts
 * they were computed from, while few change between its looks. When the view changes, the feedback names the backends whose held count may have
 * changed (ReceivedState.changedBackends: under periodic feedback the pairs whose lag phase the
 * clock passed, under piggyback the responses that arrived, under instant the backends that
 * changed); only those are read and, where their count changed, scored again and put in the
 * tree. On a fleet of a thousand backends whose reports reach a frontend several times between
 * its requests, a request then touches the pairs that changed, not all thousand. Where the
 * feedback cannot say, or many backends change between looks, or what the scores read besides the
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
  /** Each frontend's slot: its own, or its group's (several frontends sharing one object). */
  private readonly slots: ChoiceSlot[];
  /** Scratch: backends that may have changed, then those that did; and counts, then scores. */
  private readonly changed: Int32Array;
  private readonly changedAt: Int32Array;
  private readonly values: Float64Array;
  /** Scratch: a row of held counts for a pass. */
  private readonly counts: Float64Array;

  /**
   * sameForEveryFrontend: the scores do not read the frontend (JSQ, GMSR). Where the feedback also
   * shows every frontend the same counts (instant), frontends with the same allowed set share one
   * slot: between two requests of one frontend, all the others' requests changed the fleet, and a
   * shared slot has taken those changes a few at a time.
   */
  constructor(
    readonly kind: string,
    ctx: PolicyContext,
    readonly readsState = true,
    sameForEveryFrontend = false,
  ) {
    const { scenario } = ctx;
    this.scenario = scenario;
    this.B = scenario.backends.length;
    this.curves = scenario.backends.map((b) => b.curve);
    this.state = ctx.state;
    this.sizes = ctx.sizes;
    const shared = readsState && sameForEveryFrontend && ctx.state.sameForEveryFrontend === true;
    const groups: ChoiceSlot[] = [];
    this.slots = scenario.frontends.map((f) => {
      if (!shared) return new ChoiceSlot(f.allowed, this.B);
      let slot = groups.find((g) => sameBackends(g.allowed, f.allowed));
      if (!slot) groups.push((slot = new ChoiceSlot(f.allowed, this.B)));
      return slot;
    });
    let widest = 0;
    for (const f of scenario.frontends) widest = Math.max(widest, f.allowed.length);
    this.changed = new Int32Array(widest);
    this.changedAt = new Int32Array(widest);
    this.values = new Float64Array(widest);
    this.counts = new Float64Array(widest);
  }

  /**
   * Scores of backends[0 … count − 1] for the frontend: values[c] = the score of backends[c] when
   * the frontend holds counts[c] of it, or, where counts is null, state.count(frontend, backends[c])
   * (policies that read no state ignore it); the least wins. counts may be values (each is read
   * before it is written). A loop of the subclass's own, so that each policy's arithmetic inlines.
   */
  protected abstract scores(frontend: number, backends: Int32Array, counts: Float64Array | null, values: Float64Array, count: number): void;

  /** The count the frontend holds of backends[c]: counts[c], or the state's where counts is null (see scores). */
  protected heldCount(frontend: number, backends: Int32Array, counts: Float64Array | null, c: number): number {
    return counts === null ? this.state.count(frontend, backends[c]!) : counts[c]!;
  }

  /** What the frontend's scores read besides the held counts and static data (SED's s_i): a change rescores every backend. */
  protected scoreContext(_frontend: number): number {
    return 0;
  }

  /** The version of what the frontend's scores read: they are recomputed when it changes. */
  protected version(frontend: number): number {
    return this.state.version(frontend);
  }

  route(i: number, rng: Stream): number {
    const slot = this.slots[i]!;
    this.refresh(i, slot);
    const n = slot.tieCount;
    return n === 1 ? slot.single : slot.nthTie(uniformIndex(rng, n));
  }

  update(): void {}

  shares(i: number, out: Float64Array): void {
    const slot = this.slots[i]!;
    this.refresh(i, slot);
    out.fill(0);
    const n = slot.tieCount;
    for (let k = 0; k < n; k++) out[slot.nthTie(k)] = 1 / n;
  }

  private refresh(i: number, slot: ChoiceSlot): void {
    const v = this.version(i);
    if (v === slot.seen) return;
    slot.seen = v;
    const { allowed, depth } = slot;
    const m = allowed.length;
    // asked at every look, so that the feedback's mark is this look's; the backends listed only
    // where the tree may take this look, else only counted
    const list = slot.changesAverage * depth <= m >> 1 ? this.changed : null;
    const changes = this.readsState && this.state.changedBackends ? this.state.changedBackends(i, slot.mark, list, this.values) : -1;
    const context = this.scoreContext(i);
    // A change costs a read, a score and its share of the tree's levels (measured at 100 × 1,000:
    // 90 changes a look cost what a pass does); a pass a few ns a backend. The tree takes the slot
    // while its changes, on average over its last few looks, number at most m / (2·depth), so
    // that it is not planted again and again where they hover about the line
    const rescore = changes < 0 || context !== slot.context;
    const average = (slot.changesAverage = 0.75 * slot.changesAverage + 0.25 * (rescore ? m : changes));
    slot.context = context;
    if (average * depth > m >> 1) {
      // where a count is one array read (instant, piggyback) the scores read it as they go: a row
      // read first was a pass more (1.16 of the time for SED at 20 × 200 under instant feedback);
      // else a scratch row (hot in cache), not the slot's: only the tree reads held counts later
      const direct = !this.readsState || this.state.countIsRead === true;
      if (!direct) this.state.heldCounts(i, allowed, this.counts);
      this.passOver(i, slot, direct ? null : this.counts);
    } else {
      const tree = slot.grow();
      if (rescore || list === null || changes > m >> 1 || !slot.treeHolds) {
        if (this.readsState) this.state.heldCounts(i, allowed, slot.held!);
        this.scores(i, allowed, slot.held!, this.values, m);
        tree.rebuild(this.values);
        slot.treeHolds = true;
      } else this.scoreChanged(i, slot, tree, changes);
      const ties = tree.ties();
      slot.tieCount = ties === 0 ? m : ties; // every score NaN: every allowed backend
    }
    slot.single = slot.nthTie(0);
  }

  /** Scores the whole row (its counts in counts, or read from the state where null) and finds the ties by a pass over the scores. */
  private passOver(i: number, slot: ChoiceSlot, counts: Float64Array | null): void {
    const { allowed, ties } = slot;
    const m = allowed.length;
    const values = this.values;
    this.scores(i, allowed, counts, values, m);
    let best = Infinity;
    let count = 0;
    for (let a = 0; a < m; a++) {
      const s = values[a]!;
      if (s < best) {
        best = s;
        count = 0;
      }
      if (s === best) ties[count++] = allowed[a]!;
    }
    if (count === 0) {
      // every score is NaN: every allowed backend
      for (let a = 0; a < m; a++) ties[a] = allowed[a]!;
      count = m;
    }
    slot.tieCount = count;
    slot.treeHolds = false;
  }

  /** The `changes` backends the feedback named, with their counts in values: those whose count changed are scored again. */
  private scoreChanged(i: number, slot: ChoiceSlot, tree: TiedMinimum, changes: number): void {
    const held = slot.held!;
    const at = slot.positions;
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

function sameBackends(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
