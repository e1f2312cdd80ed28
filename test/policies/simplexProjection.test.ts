// Properties of the exact simplex projection, against a brute-force reference over supports.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { projectOntoSimplex, projectOntoSimplexSorted, simplexThreshold, thresholdOn } from "../../src/policies/simplexProjection.ts";

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

describe("projectOntoSimplex (Michelot) against the sort-based oracle", () => {
  const sorted = (y: ArrayLike<number>) => {
    const out = new Float64Array(y.length);
    projectOntoSimplexSorted(y, out, new Float64Array(y.length));
    return out;
  };
  it("agrees to 1e-12 on vectors of up to 2,000 entries, including ties and DGD-LB-like steps", () => {
    const long = fc.array(fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.constantFrom(0, 0.5, 1 / 3)), { minLength: 1, maxLength: 2000 });
    fc.assert(
      fc.property(long, (y) => {
        const a = project(y);
        const b = sorted(y);
        a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(1e-12));
      }),
      { numRuns: 300 },
    );
  });
  it("writes in place (out aliasing y) and allocates nothing beyond its aux buffer", () => {
    const y = Float64Array.from([0.2, 0.9, -0.4, 0.5]);
    const expected = sorted(y);
    projectOntoSimplex(y, y, new Float64Array(4));
    y.forEach((v, k) => expect(Math.abs(v - expected[k]!)).toBeLessThan(1e-15));
  });
});

/**
 * Michelot's passes run until one keeps every value (the threshold as written before it skipped
 * that confirming pass): kept values copied in order, summed over even and odd positions.
 */
function michelotEveryPass(y: ArrayLike<number>): number {
  let values = Array.from(y);
  let tau = (values.reduce((s, v) => s + v, 0) - 1) / values.length;
  for (;;) {
    const kept = values.filter((v) => v > tau);
    if (kept.length === values.length || kept.length === 0) return tau;
    let even = 0;
    let odd = 0;
    for (let a = 0; a < values.length; a++) {
      if (!(values[a]! > tau)) continue;
      if (a % 2 === 0) even += values[a]!;
      else odd += values[a]!;
    }
    tau = (even + odd - 1) / kept.length;
    values = kept;
  }
}

describe("simplexThreshold", () => {
  it("returns the very τ of Michelot's passes run to the end (the skipped confirming pass changes no bit)", () => {
    // DGD-LB-like rows: a dense routing stepped by small gradients, a few entries pushed below 0
    const rows = fc.array(fc.oneof(fc.double({ min: 0.9e-3, max: 1.1e-3, noNaN: true }), fc.double({ min: -2e-3, max: 0, noNaN: true })), { minLength: 1, maxLength: 1200 });
    fc.assert(
      fc.property(rows, fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 40 }), (dense, wide) => {
        for (const y of [dense, wide]) {
          const tau = michelotEveryPass(y);
          expect(simplexThreshold(y, new Float64Array(y.length))).toBe(tau);
          // over fixed arrays (DGD-LB's), the row at the front of longer ones, the sum given
          const row = new Float64Array(y.length + 3);
          row.set(y);
          expect(
            thresholdOn(row, new Float64Array(row.length))(
              y.length,
              y.reduce((s, v) => s + v, 0),
            ),
          ).toBe(tau);
        }
      }),
      { numRuns: 300 },
    );
  });
});
