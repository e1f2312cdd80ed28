// What a greedy policy remembers of one frontend's choice (or of a group of frontends that see and score alike).
import { TiedMinimum } from "./tiedMinimum.ts";
import { TieSet } from "./tieSet.ts";

/** Where a slot's ties of the last look are held (ChoiceSlot.tiesIn). */
export const TIES_IN_LIST = 0;
export const TIES_IN_TREE = 1;
export const TIES_IN_SET = 2;

/**
 * The ties of one view, found one of three ways: by a pass over every score, into `ties`; or, from
 * the slot's own row of scores (`scores`, with the counts they were computed from in `held`; only
 * the entries whose count changed are scored again), in a tie set kept under those changes
 * (`tieSet`), or in a tournament tree over the row (`tree`) while few counts change between
 * looks. GreedyChoice keeps one slot a frontend, or one for every frontend with the same allowed
 * set where the feedback shows every frontend the same counts and the scores do not depend on the
 * frontend.
 */
export class ChoiceSlot {
  /** The feedback's version at the last look (−1: none yet). */
  seen = -1;
  /** The feedback's mark for changedBackends. */
  readonly mark = new Float64Array(2).fill(NaN);
  /** What the scores read besides the counts (scoreContext) when they were computed. */
  context = NaN;
  /** How many backends changed at the recent looks (decaying; all of them when unknown). */
  changesAverage: number;
  /** Levels of a tree over the allowed set above its leaves. */
  readonly depth: number;
  tieCount = 0;
  /** The tie when there is one. */
  single = 0;
  /** The tied backends a pass found, in allowed order (while tiesIn is TIES_IN_LIST). */
  readonly ties: Int32Array;
  /** Whether held and scores are those of the last look. */
  rowHolds = false;
  /** What holds the ties of the last look: ties, tree or tieSet (TIES_IN_*). */
  tiesIn = TIES_IN_LIST;
  /** Made when the slot first keeps its row: the counts its scores were computed from, and the scores. */
  held: Float64Array | null = null;
  scores: Float64Array | null = null;
  /** Made when the tree first takes the slot. */
  tree: TiedMinimum | null = null;
  /** Made when the slot first keeps its ties under changes to its row (TieSet). */
  tieSet: TieSet | null = null;
  /** Position of each backend in the allowed set (−1: not in it); null where that set is 0 … B − 1. */
  positions: Int32Array | null = null;

  constructor(
    readonly allowed: Int32Array,
    private readonly B: number,
  ) {
    this.changesAverage = allowed.length;
    this.depth = 32 - Math.clz32(allowed.length - 1);
    this.ties = new Int32Array(allowed.length);
  }

  /** Makes the row (held, scores) and the positions it is found by, at their first use. */
  keepRow(): void {
    if (this.held) return;
    const { allowed, B } = this;
    const m = allowed.length;
    this.held = new Float64Array(m);
    this.scores = new Float64Array(m);
    if (!(m === B && allowed.every((j, a) => j === a))) {
      const at = (this.positions = new Int32Array(B).fill(-1));
      for (let a = 0; a < m; a++) at[allowed[a]!] = a;
    }
  }

  /** The tree, made at its first use. */
  grow(): TiedMinimum {
    return (this.tree ??= new TiedMinimum(this.allowed.length));
  }

  /** The tie set, made at its first use. */
  growTieSet(): TieSet {
    return (this.tieSet ??= new TieSet(this.allowed.length));
  }

  /** The k-th tied backend, in allowed order (every allowed backend when every score is NaN). */
  nthTie(k: number): number {
    if (this.tiesIn === TIES_IN_TREE) {
      const tree = this.tree!;
      return this.allowed[tree.ties() === 0 ? k : tree.tie(k)]!;
    }
    if (this.tiesIn === TIES_IN_SET) {
      const set = this.tieSet!;
      return this.allowed[set.count === 0 ? k : set.nth(k)]!;
    }
    return this.ties[k]!;
  }
}
