// Both network legs of every (frontend, backend) pair, as classes of distinct delays: one 32-bit code a pair.

/** Bits of a pair's code that hold its one-way delay's class; the return delay's class is above them. */
export const OUT_BITS = 12;
export const OUT_MASK = (1 << OUT_BITS) - 1;
/** The return delay's class has the 19 bits left (the code stays a non-negative int32). */
const MAX_BACK_CLASSES = 1 << (31 - OUT_BITS);

/**
 * A request reads both legs of its pair when it is born. Kept as two doubles per pair, the table
 * is 1.6 MB at 100×1,000 and a birth misses the cache on it; as one int32 per pair (400 KB) with
 * the distinct values beside it (a few per region pair in a real fleet), it mostly stays cached.
 * The one-way class also names the request's transit FIFO (TransitQueues). A class holds the
 * delay itself, so the values are the scenario's.
 */
export class PairDelays {
  private constructor(
    /** code[i·B + j]: the one-way delay's class in the low OUT_BITS bits, the return delay's class above. */
    readonly code: Int32Array,
    /** One-way delay of each class. */
    readonly outDelay: Float64Array,
    /** Return delay of each class. */
    readonly backDelay: Float64Array,
  ) {}

  /** The classes of oneWay and back (indexed i·B + j), or null when there are more distinct delays than a code holds. */
  static of(oneWay: Float64Array, back: Float64Array): PairDelays | null {
    const code = new Int32Array(oneWay.length);
    const outClasses = new Map<number, number>();
    const backClasses = new Map<number, number>();
    for (let k = 0; k < oneWay.length; k++) {
      const out = classOf(outClasses, oneWay[k]!, OUT_MASK + 1);
      const ret = classOf(backClasses, back[k]!, MAX_BACK_CLASSES);
      if (out < 0 || ret < 0) return null;
      code[k] = out | (ret << OUT_BITS);
    }
    return new PairDelays(code, Float64Array.from(outClasses.keys()), Float64Array.from(backClasses.keys()));
  }
}

/** The class of value d (a new one if unseen: Map keys keep insertion order, so class c is the c-th key), or −1 beyond max classes. */
function classOf(classes: Map<number, number>, d: number, max: number): number {
  let c = classes.get(d);
  if (c === undefined) {
    if (classes.size === max) return -1;
    classes.set(d, (c = classes.size));
  }
  return c;
}
