// The inversion sampler draws the smallest k with cumulative[k] > u·total, by binary search or guide alike, with the right frequencies.
import { describe, expect, it } from "vitest";
import { InversionSampler, rowBuilder } from "../../src/policies/inversionSampler.ts";
import { Purpose, streamFor, uniform } from "../../src/random/stream.ts";

/** The definition, by a linear scan: what every draw must equal for the same uniform. */
function invert(weights: ArrayLike<number>, r: number): number {
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k]!;
  const u = r * total;
  let sum = 0;
  let last = 0;
  for (let k = 0; k < weights.length; k++) {
    sum += weights[k]!;
    if (weights[k]! > 0) last = k;
    if (sum > u && weights[k]! > 0) return k;
  }
  return last;
}

describe("InversionSampler", () => {
  it("every draw, before and after the guide table is built, is the inverse of the cumulative weights at its uniform", () => {
    const m = 1000;
    const weights = Float64Array.from({ length: m }, (_, k) => (k % 7 === 3 ? 0 : 1 + ((k * 37) % 11)));
    const sampler = new InversionSampler(Int32Array.from({ length: m }, (_, k) => k));
    for (let rebuild = 0; rebuild < 3; rebuild++) {
      weights[rebuild * 100] = 0; // a rebuild changes the weights and drops the guide
      sampler.build(weights);
      const a = streamFor(3, rebuild, Purpose.policy, 0);
      const b = streamFor(3, rebuild, Purpose.policy, 0);
      for (let d = 0; d < 500; d++) expect(sampler.sample(a)).toBe(invert(weights, uniform(b)));
    }
  });

  it("the unguided search (a guess, a gallop, a bisection) inverts any weights: equal, skewed, zero at either end, one positive", () => {
    const m = 1000;
    const shapes: Array<[string, (k: number) => number]> = [
      ["equal", () => 1],
      ["near equal", (k) => 1 + 0.05 * Math.sin(k)],
      ["geometric", (k) => 0.99 ** k],
      ["rising", (k) => (k + 1) ** 3],
      ["zeros at both ends", (k) => (k < 300 || k > 900 ? 0 : 1)],
      ["one huge first", (k) => (k === 0 ? 1e9 : 1)],
      ["only the first", (k) => (k === 0 ? 1 : 0)],
      ["only the last", (k) => (k === m - 1 ? 1 : 0)],
    ];
    for (const [, weight] of shapes) {
      const weights = Float64Array.from({ length: m }, (_, k) => weight(k));
      const sampler = new InversionSampler(Int32Array.from({ length: m }, (_, k) => k));
      for (let rebuild = 0; rebuild < 40; rebuild++) {
        sampler.build(weights); // a rebuild drops the guide: the 40 draws below all search
        const a = streamFor(7, rebuild, Purpose.policy, 0);
        const b = streamFor(7, rebuild, Purpose.policy, 0);
        for (let d = 0; d < 40; d++) expect(sampler.sample(a)).toBe(invert(weights, uniform(b)));
      }
      // the extremes of the uniform: its smallest value, just below 1, and 1 itself (rounded up)
      for (const words of [
        [0, 0],
        [-1, -2],
        [-1, -1],
      ]) {
        let w = 0;
        const fixed = { next: () => words[w++ % 2]! } as unknown as Parameters<InversionSampler["sample"]>[0];
        const r = uniform({ next: () => words[w++ % 2]! } as unknown as Parameters<InversionSampler["sample"]>[0]);
        w = 0;
        sampler.build(weights);
        expect(sampler.sample(fixed)).toBe(invert(weights, r));
      }
    }
  });

  it("sample frequencies pass a chi-square test at the 99.9% level and a zero weight is never drawn", () => {
    const p = [0.05, 0.4, 0, 0.15, 0.3, 0.1, 0];
    const sampler = new InversionSampler(Int32Array.from([10, 11, 12, 13, 14, 15, 16]));
    sampler.build(p);
    const rng = streamFor(42, 0, Purpose.policy, 0);
    const n = 200_000;
    const counts = new Float64Array(p.length);
    for (let k = 0; k < n; k++) counts[sampler.sample(rng) - 10]!++;
    expect(counts[2]).toBe(0);
    expect(counts[6]).toBe(0);
    let chi2 = 0;
    p.forEach((q, k) => q > 0 && (chi2 += (counts[k]! - n * q) ** 2 / (n * q)));
    // chi-square, 4 degrees of freedom: 99.9% quantile 18.467 (R: qchisq(0.999, 4))
    expect(chi2).toBeLessThan(18.467);
  });

  it("a uniform of exactly 1 (which the 53-bit uniform can round to) lands on the last positive weight, guided or not", () => {
    const sampler = new InversionSampler(Int32Array.from([4, 5, 6, 7]));
    const one = { next: () => -1 } as unknown as Parameters<InversionSampler["sample"]>[0]; // every 32-bit word all ones
    expect(uniform(one)).toBe(1);
    sampler.build([0.5, 0, 0.5, 0]);
    for (let d = 0; d < 10; d++) expect(sampler.sample(one)).toBe(6); // the guide is built after the 4th draw
  });

  it("a single outcome is returned without a draw", () => {
    const sampler = new InversionSampler(Int32Array.from([9]));
    sampler.build([1]);
    const rng = streamFor(1, 0, Purpose.policy, 0);
    const before = uniform(streamFor(1, 0, Purpose.policy, 0));
    expect(sampler.sample(rng)).toBe(9);
    expect(uniform(rng)).toBe(before);
  });
});

describe("rowBuilder", () => {
  it("builds each row's sampler from max(y − τ, 0), writes those weights out at the row's offset, and draws as build() from them", () => {
    const y = Float64Array.from({ length: 50 }, (_, k) => Math.sin(k) * 0.1);
    const tau = 0.02;
    const outcomes = Int32Array.from({ length: 50 }, (_, k) => k);
    // two rows of 50 (and one weight beyond): the second row starts at 50
    const out = new Float64Array(101).fill(-1);
    const sums = new Float64Array(101);
    const rows = [0, 50].map((start) => new InversionSampler(outcomes, sums.subarray(start, start + 50)));
    const build = rowBuilder(y, out, sums);
    build(rows[1]!, 50, tau);
    const clipped = Array.from(y, (v) => Math.max(v - tau, 0));
    expect(Array.from(out.subarray(50, 100))).toEqual(clipped);
    expect(out[0]).toBe(-1);
    expect(out[100]).toBe(-1);
    const plain = new InversionSampler(outcomes);
    plain.build(clipped);
    const a = streamFor(5, 0, Purpose.policy, 0);
    const b = streamFor(5, 0, Purpose.policy, 0);
    for (let d = 0; d < 200; d++) expect(rows[1]!.sample(a)).toBe(plain.sample(b));
  });
});
