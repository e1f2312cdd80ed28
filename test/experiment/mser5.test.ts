// MSER-5 truncation on series whose answer is known.
import { describe, expect, it } from "vitest";
import { mser5Truncation } from "../../src/experiment/mser5.ts";

// a deterministic, roughly uniform noise in [-1, 1]
const noise = (k: number) => {
  const f = Math.sin(k * 12.9898) * 43758.5453;
  return 2 * (f - Math.floor(f)) - 1;
};

describe("MSER-5", () => {
  it("cuts an initial transient at its end (to within one batch of 5)", () => {
    const x = Array.from({ length: 1000 }, (_, k) => (k < 120 ? 20 * Math.exp(-k / 40) + noise(k) : noise(k)));
    const d = mser5Truncation(x);
    expect(d % 5).toBe(0);
    expect(d).toBeGreaterThanOrEqual(60);
    expect(d).toBeLessThanOrEqual(200);
  });

  it("keeps almost everything of a stationary series", () => {
    const x = Array.from({ length: 1000 }, (_, k) => noise(k));
    expect(mser5Truncation(x)).toBeLessThan(100);
  });

  it("never truncates more than half, and nothing of a series too short to batch", () => {
    const rising = Array.from({ length: 1000 }, (_, k) => k);
    expect(mser5Truncation(rising)).toBeLessThanOrEqual(500);
    expect(mser5Truncation([5, 1, 2])).toBe(0);
  });
});
