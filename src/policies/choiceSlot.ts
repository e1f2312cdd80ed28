// What a greedy policy remembers of one frontend's choice (or of a group of frontends that see and score alike).
import { TiedMinimum } from "./tiedMinimum.ts";

/**
 * The ties of one view: found by a pass over every score (in `ties`), or held in a tournament tree
 * (`tree`, with the counts its scores were computed from) while few counts change between looks.
 * GreedyChoice keeps one slot a frontend, or one for every frontend with the same allowed set where
 * the feedback shows every frontend the same counts and the scores do not depend on the frontend.
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
  /** The tied backends a pass found, in allowed order (while treeHolds is false). */
  readonly ties: Int32Array;
  treeHolds = false;
  /** Made when the tree first takes the slot. */
  tree: TiedMinimum | null = null;
  /** The counts the tree's scores were computed from. */
  held: Float64Array | null = null;
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

  /** The tree, made at its first use with what it reads. */
  grow(): TiedMinimum {
    if (this.tree) return this.tree;
    const { allowed, B } = this;
    const m = allowed.length;
    this.held = new Float64Array(m);
    if (!(m === B && allowed.every((j, a) => j === a))) {
      const at = (this.positions = new Int32Array(B).fill(-1));
      for (let a = 0; a < m; a++) at[allowed[a]!] = a;
    }
    return (this.tree = new TiedMinimum(m));
  }

  /** The k-th tied backend, in allowed order (every allowed backend when every score is NaN). */
  nthTie(k: number): number {
    if (!this.treeHolds) return this.ties[k]!;
    const tree = this.tree!;
    return this.allowed[tree.ties() === 0 ? k : tree.tie(k)]!;
  }
}
