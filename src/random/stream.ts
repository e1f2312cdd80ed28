// Seeded random streams: one independent stream per (seed, replication, purpose, component).
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { log } from "../math/portableMath.ts";

export type Stream = RandomGenerator;

/** What a stream is used for; the code is mixed into the substream so purposes never share draws. */
export const Purpose = {
  arrivals: 1,
  sizes: 2,
  jitterOut: 3,
  jitterBack: 4,
  policy: 5,
  routing: 6,
  tokens: 7,
  think: 8,
} as const;
export type PurposeCode = (typeof Purpose)[keyof typeof Purpose];

/** murmur3 fmix32: a bijective avalanche on 32-bit words. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Root of replication r: the seed's xoroshiro128+ jumped r times (2^64 draws apart), so
 * replications never overlap and replication r does not depend on how many others run.
 * Cost O(r) jumps (about 1 µs each).
 */
export function replicationRoot(seed: number, replication: number): Stream {
  const g = xoroshiro128plus(seed | 0) as Stream & { jump(): void };
  for (let r = 0; r < replication; r++) g.jump();
  return g;
}

/**
 * Substream for (purpose, component) inside a replication: a new xoroshiro128+ state made by
 * hashing the replication root's state with the purpose and component. Independent of the
 * order in which streams are requested, so adding a policy stream never shifts the arrivals
 * of a frontend (common random numbers across policies).
 */
export function substream(root: Stream, purpose: PurposeCode, component: number): Stream {
  const s = root.getState();
  const words = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    words[k] = fmix32(s[k]! ^ fmix32(purpose * 0x9e3779b1 + k) ^ fmix32(component * 0x85ebca77 + 0x27d4eb2f + k));
  }
  if ((words[0]! | words[1]! | words[2]! | words[3]!) === 0) words[0] = 1; // the all-zero state is a fixed point
  const g = xoroshiro128plusFromState(words);
  for (let k = 0; k < 8; k++) g.next(); // decorrelate nearby hashed states
  return g;
}

export function streamFor(seed: number, replication: number, purpose: PurposeCode, component: number): Stream {
  return substream(replicationRoot(seed, replication), purpose, component);
}

const TWO_POW_26 = 67108864;
const TWO_POW_M53 = 1 / 9007199254740992;

/** Uniform on (0, 1) with 53 random bits; never 0, so -log(u) is finite. */
export function uniform(rng: Stream): number {
  const hi = rng.next() >>> 5;
  const lo = rng.next() >>> 6;
  return (hi * TWO_POW_26 + lo + 0.5) * TWO_POW_M53;
}

/** Uniform integer in [0, n). */
export function uniformIndex(rng: Stream, n: number): number {
  return Math.floor(uniform(rng) * n);
}

/** Standard normal by Marsaglia's polar method (no cached spare: the stream stays a pure sequence). */
export function standardNormal(rng: Stream): number {
  for (;;) {
    const u = 2 * uniform(rng) - 1;
    const v = 2 * uniform(rng) - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * log(s)) / s);
  }
}
