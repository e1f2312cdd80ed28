// Both network legs of every (frontend, backend) pair, as classes of distinct delays: one small integer code a pair.

/** One-way delay classes at most: past them the codes would be as wide as the matrices, and the engine reads the scenario's matrices instead. */
export const MAX_OUT_CLASSES = 1 << 12;

/**
 * A request reads both legs of its pair when it is born. Kept as two doubles per pair, the table
 * is 1.6 MB at 100×1,000 and a birth misses the cache on it; as one code per pair with the distinct
 * values beside it (a few per region pair in a real fleet), it mostly stays cached. The code is as
 * narrow as the classes allow: one byte a pair when both classes fit in 8 bits together (16 one-way
 * and 16 return delays, say: 100 KB at 100×1,000, not the 400 KB of an int32), else two or four;
 * return legs that mirror the one-way legs share its class (1,451 measured delays: two bytes, not four).
 * The one-way class also names the request's transit FIFO when there are few (transitFor.ts). A class holds the delay itself, so the
 * values are the scenario's.
 */
export class PairDelays {
  private constructor(
    /**
     * code[i·B + j]: the one-way delay's class in the low outBits bits, the return delay's class above;
     * or, where every pair's two classes are equal, that class alone (outBits 0, outMask all ones).
     */
    readonly code: Uint8Array | Uint16Array | Int32Array,
    /** Bits of a code that hold the one-way class; outMask = 2^outBits − 1 (or all ones when the classes are shared). */
    readonly outBits: number,
    readonly outMask: number,
    /** One-way delay of each class. */
    readonly outDelay: Float64Array,
    /** Return delay of each class. */
    readonly backDelay: Float64Array,
  ) {}

  /**
   * PairDelays.of the scenario's matrices, made by its first run in this thread and then shared
   * (read only): at 100 × 1,000 they are 10⁵ map lookups and 0.8 MB of scratch a run.
   */
  static forScenario(s: { readonly oneWay: Float64Array; readonly back: Float64Array }): PairDelays | null {
    let delays = ofScenario.get(s);
    if (delays === undefined) ofScenario.set(s, (delays = PairDelays.of(s.oneWay, s.back)));
    return delays;
  }

  /**
   * The classes of oneWay and back (indexed i·B + j), or null when there are more than
   * MAX_OUT_CLASSES distinct one-way delays or the two classes do not fit 31 bits together.
   */
  static of(oneWay: Float64Array, back: Float64Array): PairDelays | null {
    const n = oneWay.length;
    const outClass = new Int32Array(n);
    const backClass = new Int32Array(n);
    const outClasses = new Map<number, number>();
    const backClasses = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const out = classOf(outClasses, oneWay[k]!, MAX_OUT_CLASSES);
      if (out < 0) return null;
      outClass[k] = out;
      backClass[k] = classOf(backClasses, back[k]!, n);
    }
    // return legs that mirror the one-way legs (the default) number their classes alike: one class a pair, read by both
    let shared = true;
    for (let k = 0; k < n && shared; k++) shared = outClass[k] === backClass[k];
    const outBits = shared ? 0 : bitsFor(outClasses.size);
    const bits = shared ? bitsFor(outClasses.size) : outBits + bitsFor(backClasses.size);
    if (bits > 31) return null; // the code stays a non-negative int32
    const code = bits <= 8 ? new Uint8Array(n) : bits <= 16 ? new Uint16Array(n) : new Int32Array(n);
    for (let k = 0; k < n; k++) code[k] = outClass[k]! | (backClass[k]! << outBits);
    return new PairDelays(code, outBits, shared ? 0x7fffffff : (1 << outBits) - 1, Float64Array.from(outClasses.keys()), Float64Array.from(backClasses.keys()));
  }
}

const ofScenario = new WeakMap<object, PairDelays | null>();

/** Bits that number `count` classes 0 … count − 1 (none for a single class). */
function bitsFor(count: number): number {
  return count <= 1 ? 0 : 32 - Math.clz32(count - 1);
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
