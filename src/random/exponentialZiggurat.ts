// Standard exponential variates by Marsaglia and Tsang's ziggurat: no logarithm on 98.9% of draws.
import type { Stream } from "./stream.ts";
import { Purpose, streamFor, uniform } from "./stream.ts";
import { exp, log } from "../math/portableMath.ts";

/*
 * Marsaglia & Tsang, "The ziggurat method for generating random variables", J. Stat. Softw. 5(8),
 * 2000. The density e^{-x} is covered by 256 layers of equal area V: a base strip (layer 0, with
 * the tail beyond R) and 255 rectangles. A draw picks a layer and a point u·w[i] in it; when the
 * point lies under the next layer up it is accepted at once (one multiply, one compare). Otherwise
 * the tail is sampled as R + Exp(1) (memorylessness) or the wedge is tested against e^{-x}.
 * Inversion (-ln U) cost one portable logarithm per draw, the largest single cost of an M/M/1 run.
 * The tables are built with the portable exp/log, so they are the same bits in every engine.
 */
const LAYERS = 256;
/** Right edge of the base rectangle. */
const R = 7.697117470131487;
/** Area of each layer. */
const V = 3.949659822581572e-3;

/** w[i]: layer i's width scale (a draw is u·w[i]); k[i]: accept at once when u < k[i]; f[i] = e^{-x_i}. */
const w = new Float64Array(LAYERS);
const k = new Float64Array(LAYERS);
const f = new Float64Array(LAYERS);
{
  let x = R;
  const q = V / exp(-x);
  k[0] = x / q;
  k[1] = 0;
  w[0] = q;
  w[LAYERS - 1] = x;
  f[0] = 1;
  f[LAYERS - 1] = exp(-x);
  for (let i = LAYERS - 2; i >= 1; i--) {
    const previous = x;
    x = -log(V / x + exp(-x));
    k[i + 1] = x / previous;
    f[i] = exp(-x);
    w[i] = x;
  }
}

const TWO_POW_32 = 4294967296;
const TWO_POW_M53 = 1 / 9007199254740992;

/**
 * One Exp(1) variate. Two 32-bit words per attempt: the top 8 bits of the first pick the layer;
 * its bits 3–23 and all 32 bits of the second make a 53-bit u in (0, 1), disjoint from the layer bits.
 */
export function standardExponential(rng: Stream): number {
  for (;;) {
    const hi = rng.next();
    const lo = rng.next();
    const i = hi >>> 24;
    const u = (((hi >>> 3) & 0x1fffff) * TWO_POW_32 + (lo >>> 0) + 0.5) * TWO_POW_M53;
    if (u < k[i]!) return u * w[i]!;
    if (i === 0) return R - log(uniform(rng));
    const x = u * w[i]!;
    if (f[i]! + uniform(rng) * (f[i - 1]! - f[i]!) < exp(-x)) return x;
  }
}

/**
 * Streams whose first draw takes the tail (seed 1519) and the wedge (seed 109) branch, each at its
 * first attempt (test/random/exponentialZiggurat.test.ts holds them to it).
 */
export const TAIL_SEED = 1519;
export const WEDGE_SEED = 109;

// The rare branches run once at load, so their calls (log, exp, uniform) have type feedback when the
// engine is first optimised: a tail first drawn after that (about one draw in 2,200) threw the
// optimised event loop away, and every thread paid a deopt and a recompile early in its first run.
// V8 keeps feedback only once a function has run a while, hence the draws before them. Their own
// streams: no simulation's draws change.
const warmUp = streamFor(0, 0, Purpose.sizes, 0);
for (let n = 0; n < 64; n++) standardExponential(warmUp);
standardExponential(streamFor(TAIL_SEED, 0, Purpose.sizes, 0));
standardExponential(streamFor(WEDGE_SEED, 0, Purpose.sizes, 0));
