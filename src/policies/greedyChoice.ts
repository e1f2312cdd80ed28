// Shared machinery for index policies: argmin of a per-backend score on received state, cached per view version.
import { uniformIndex, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { ReceivedState } from "../feedback/receivedState.ts";
import type { Policy, PolicyContext } from "./policy.ts";
import type { KnownRequestSize } from "../model/knownRequestSize.ts";
import { ChoiceSlot, TIES_IN_LIST, TIES_IN_SET, TIES_IN_TREE } from "./choiceSlot.ts";

/**
 * scores(frontend, ...) may read only received state and static data. The set of tied
 * minimisers is found again only when the frontend's view changes (version bump); between
 * changes a request costs O(1), or O(log |E_i|) to pick one of several ties. Ties are split by the
 * frontend's seeded stream, in the frontend's allowed order.
 *
 * Each frontend (ChoiceSlot) keeps a row of its scores with the counts they were computed from.
 * When the view changes, the feedback names the backends whose held count may have changed
 * (ReceivedState.changedBackends: under periodic feedback the pairs whose lag phase the clock
 * passed, under piggyback the responses that arrived, under instant the backends that changed);
 * only those are read and, where their count changed, scored again. While few change between
 * looks the row's scores live in a tournament tree (TiedMinimum) and a look costs their levels;
 * while more change, the ties are kept in a bitset (TieSet) under the changed scores and found
 * again by a scan of the row only when the least score loses every tie, where scoring every
 * backend again cost a division and a floor a pair to read its count: on the realistic 100 × 1,000
 * fleet, where reports reach a frontend in 87 of its pairs between two of its requests, JSQ ran
 * 1.8 times as fast with a scan at every look, and 1.25 times as fast again with the bitset. Where
 * the feedback cannot say, most of the row changes between looks, or what the scores read besides
 * the counts changed (scoreContext), the row is read and scored whole.
 * Every way the ties are those of a pass over every score, so results do not depend on the way.
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
    // where they are likely few enough to be taken one by one, else only counted
    const list = slot.changesAverage <= m >> 1 ? this.changed : null;
    const changes = this.readsState && this.state.changedBackends ? this.state.changedBackends(i, slot.mark, list, this.values) : -1;
    const context = this.scoreContext(i);
    const rescore = changes < 0 || context !== slot.context;
    // on average over the slot's last few looks, so that the way it takes does not flip at every look where they hover about a line
    const average = (slot.changesAverage = 0.75 * slot.changesAverage + 0.25 * (rescore ? m : changes));
    slot.context = context;
    if (average > m >> 1) {
      // most of the row changes: a pass. Where a count is one array read (instant, piggyback) the
      // scores read it as they go: a row read first was a pass more (1.16 of the time for SED at
      // 20 × 200 under instant feedback); else a scratch row (hot in cache), not the slot's
      const direct = !this.readsState || this.state.countIsRead === true;
      if (!direct) this.state.heldCounts(i, allowed, this.counts);
      this.passOver(i, slot, direct ? null : this.counts);
      slot.rowHolds = false;
    } else {
      slot.keepRow();
      const whole = rescore || list === null || changes > m >> 1 || !slot.rowHolds;
      let n = 0;
      if (whole) {
        if (this.readsState) this.state.heldCounts(i, allowed, slot.held!);
        this.scores(i, allowed, slot.held!, slot.scores!, m);
        slot.rowHolds = true;
      } else n = this.scoreChanged(i, slot, changes);
      // a changed score costs the tree its depth in levels; the tie set a few operations, and a
      // scan of the whole row (a compare a backend) whenever the least loses its ties
      if (average * depth * TREE_LEVEL_COST <= m) {
        const tree = slot.grow();
        if (whole || slot.tiesIn !== TIES_IN_TREE) tree.rebuild(slot.scores!);
        else tree.update(this.changedAt, this.values, n);
        slot.tiesIn = TIES_IN_TREE;
        const ties = tree.ties();
        slot.tieCount = ties === 0 ? m : ties; // every score NaN: every allowed backend
      } else {
        const set = slot.growTieSet();
        if (whole || slot.tiesIn !== TIES_IN_SET) set.rebuild(slot.scores!);
        else set.update(this.changedAt, this.values, n, slot.scores!);
        slot.tiesIn = TIES_IN_SET;
        slot.tieCount = set.count === 0 ? m : set.count;
      }
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
    slot.tiesIn = TIES_IN_LIST;
  }

  /**
   * The `changes` backends the feedback named, with their counts in values: those whose count
   * changed are scored again into the slot's row. Returns how many, listed (position, new score)
   * in changedAt and values.
   */
  private scoreChanged(i: number, slot: ChoiceSlot, changes: number): number {
    const held = slot.held!;
    const scores = slot.scores!;
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
    for (let c = 0; c < n; c++) scores[changedAt[c]!] = values[c]!;
    return n;
  }
}

/**
 * Scanned scores that cost what a tree level does for one changed score (refresh). Measured on
 * JSQ and SED at 20 × 200 and 1,000 backends: 1, 2, 4 and 8 within the noise of each other on most
 * fleets, 4 and 8 slower at 10 × 1,000 (where the tree should take the slot), 1 slower at 20 × 200.
 */
const TREE_LEVEL_COST = 2;

function sameBackends(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}
