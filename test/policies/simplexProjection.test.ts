// Properties of the exact simplex projection, against a brute-force reference over supports.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { projectOntoSimplex } from "../../src/policies/simplexProjection.ts";

const project = (y: number[]) => {
  const out = new Float64Array(y.length);
  projectOntoSimplex(y, out, new Float64Array(y.length));
  return Array.from(out);
};

/** Brute force: for every support S the candidate x = y − θ on S with θ = (Σ_S y − 1)/|S|; keep the nearest feasible one. */
function bruteForce(y: number[]): number[] {
  const m = y.length;
  let best: number[] = [];
  let bestDist = Infinity;
  for (let mask = 1; mask < 1 << m; mask++) {
    const S = y.map((_, k) => k).filter((k) => mask & (1 << k));
    const theta = (S.reduce((a, k) => a + y[k]!, 0) - 1) / S.length;
    const x = y.map((v, k) => (mask & (1 << k) ? v - theta : 0));
    if (x.some((v) => v < -1e-12)) continue;
    const dist = x.reduce((a, v, k) => a + (v - y[k]!) ** 2, 0);
    if (dist < bestDist) {
      bestDist = dist;
      best = x;
    }
  }
  return best;
}

const vectors = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 6 });

describe("projectOntoSimplex", () => {
  it("returns a point of the simplex", () => {
    fc.assert(
      fc.property(vectors, (y) => {
        const x = project(y);
        expect(x.every((v) => v >= 0)).toBe(true);
        expect(Math.abs(x.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }),
    );
  });
  it("is idempotent", () => {
    fc.assert(
      fc.property(vectors, (y) => {
        const x = project(y);
        project(x).forEach((v, k) => expect(Math.abs(v - x[k]!)).toBeLessThan(1e-12));
      }),
    );
  });
  it("is the closest point (brute force over supports)", () => {
    fc.assert(
      fc.property(vectors, (y) => {
        const x = project(y);
        bruteForce(y).forEach((v, k) => expect(Math.abs(v - x[k]!)).toBeLessThan(1e-9));
      }),
    );
  });
  it("worked example: [0.5, 0.8] -> [0.35, 0.65]", () => {
    const x = project([0.5, 0.8]);
    expect(x[0]).toBeCloseTo(0.35, 15);
    expect(x[1]).toBeCloseTo(0.65, 15);
  });
});
