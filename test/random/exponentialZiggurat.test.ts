// The ziggurat Exp(1) sampler against the exponential law: moments, the tail beyond the base strip, and bin frequencies.
import { describe, expect, it } from "vitest";
import { standardExponential, TAIL_SEED, WEDGE_SEED } from "../../src/random/exponentialZiggurat.ts";
import { streamFor, Purpose } from "../../src/random/stream.ts";

/** z for a two-sided 99.9% interval. */
const Z999 = 3.2905;
const R = 7.697117470131487;

describe("standardExponential (ziggurat)", () => {
  const n = 2_000_000;
  const rng = streamFor(11, 0, Purpose.sizes, 0);
  const draws = new Float64Array(n);
  for (let k = 0; k < n; k++) draws[k] = standardExponential(rng);

  it("has mean 1 and variance 1 inside their 99.9% intervals", () => {
    let s = 0;
    let s2 = 0;
    for (const x of draws) {
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean - 1)).toBeLessThan(Z999 * Math.sqrt(1 / n)); // Var X = 1
    expect(Math.abs(variance - 1)).toBeLessThan(Z999 * Math.sqrt(8 / n)); // Var of (X − 1)²: μ4 − σ⁴ = 9 − 1 = 8
  });

  it("puts e^-R of its mass beyond the base strip's edge R (the tail branch) and e^-x beyond x elsewhere", () => {
    for (const x of [0.05, 0.5, 2, 5, R]) {
      const p = Math.exp(-x);
      let beyond = 0;
      for (const d of draws) if (d > x) beyond++;
      expect(Math.abs(beyond / n - p)).toBeLessThan(Z999 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("fills 100 equiprobable bins as the law says (chi-squared below its 99.9% point)", () => {
    const K = 100;
    const bins = new Float64Array(K);
    for (const x of draws) bins[Math.min(K - 1, Math.floor(-Math.expm1(-x) * K))]!++;
    let chi = 0;
    for (const c of bins) chi += (c - n / K) ** 2 / (n / K);
    // Wilson–Hilferty 99.9% point of chi-squared with K−1 = 99 degrees of freedom: 148.2
    const df = K - 1;
    const limit = df * (1 - 2 / (9 * df) + 3.0902 * Math.sqrt(2 / (9 * df))) ** 3;
    expect(chi).toBeLessThan(limit);
  });
});

describe("the ziggurat's warm-up streams", () => {
  /** The first draw of a seed's stream, and how many 32-bit words it took (two an attempt, two more for a tail or a wedge). */
  const firstDraw = (seed: number): { x: number; words: number } => {
    const rng = streamFor(seed, 0, Purpose.sizes, 0);
    let words = 0;
    const counted = { ...rng, next: () => (words++, rng.next()) };
    return { x: standardExponential(counted as typeof rng), words };
  };

  it("take the tail and the wedge at their first attempt, so that load warms both branches", () => {
    const tail = firstDraw(TAIL_SEED);
    expect(tail.words).toBe(4);
    expect(tail.x).toBeGreaterThan(R);
    const wedge = firstDraw(WEDGE_SEED);
    expect(wedge.words).toBeGreaterThanOrEqual(4);
    expect(wedge.x).toBeLessThanOrEqual(R);
  });
});
