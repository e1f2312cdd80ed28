// The shared contract every curve kind passes: mu(0) = 0, non-decreasing, concave, derivative, inverses.
import { describe, expect, it } from "vitest";
import { linearCapped } from "../../src/model/curves/linearCapped.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { expSaturating } from "../../src/model/curves/expSaturating.ts";
import { power } from "../../src/model/curves/power.ts";
import { table, tableProblem } from "../../src/model/curves/table.ts";
import { concaveMajorant } from "../../src/model/curves/concaveMajorant.ts";
import { smoothConcaveSpline } from "../../src/model/curves/smoothConcaveSpline.ts";
import { multiplied, perServerPool, scaled, type Curve } from "../../src/model/curves/curve.ts";

const kinds: Record<string, Curve> = {
  "linear-capped": linearCapped(2, 3),
  saturating: saturating(10, 4),
  "exp-saturating": expSaturating(8, 3),
  power: power(2, 0.6),
  "power p=1": power(1.5, 1),
  table: table([
    [1, 3],
    [4, 9],
    [10, 12],
  ]),
  "smooth-majorant spline": smoothConcaveSpline([
    [1, 51.67],
    [5, 218.48],
    [25, 623.4],
    [50, 814.37],
    [100, 917.26],
    [150, 920.9],
  ]),
  "smooth-majorant spline, two points": smoothConcaveSpline([
    [1, 3],
    [4, 9],
  ]),
  "saturating, 3 servers batching separately": perServerPool(saturating(10, 4), 3),
  "saturating, 3 servers merged": multiplied(saturating(10, 4), 3),
  "saturating at scale 5": scaled(saturating(10, 4), 5),
};

const grid = Array.from({ length: 200 }, (_, k) => 0.013 + k * 0.071);

describe("curve contract", () => {
  for (const [name, c] of Object.entries(kinds)) {
    it(`${name}: mu(0) = 0, non-decreasing, concave`, () => {
      expect(c.rate(0)).toBe(0);
      for (let k = 1; k < grid.length; k++) expect(c.rate(grid[k]!)).toBeGreaterThanOrEqual(c.rate(grid[k - 1]!) - 1e-12);
      for (let k = 1; k + 1 < grid.length; k++) {
        const mid = c.rate(grid[k]!);
        expect(mid).toBeGreaterThanOrEqual((c.rate(grid[k - 1]!) + c.rate(grid[k + 1]!)) / 2 - 1e-9);
      }
    });
    it(`${name}: derivative matches a finite difference away from kinks`, () => {
      for (const n of grid) {
        const h = 1e-6;
        const fd = (c.rate(n + h) - c.rate(n)) / h;
        if (Math.abs(c.leftDerivative(n + h) - c.derivative(n)) > 1e-6) continue; // a kink within h
        expect(Math.abs(fd - c.derivative(n))).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
      }
    });
    it(`${name}: inverse(rate(n)) = n below saturation; workloadAtSlope inverts the derivative`, () => {
      for (const n of grid) {
        const a = c.rate(n);
        if (!(a < c.sup) || c.derivative(n) === 0) continue;
        expect(Math.abs(c.inverse(a) - n)).toBeLessThan(1e-9 * Math.max(1, n));
        const s = c.derivative(n);
        const lo = c.workloadAtSlope(s, false);
        const hi = c.workloadAtSlope(s, true);
        expect(lo).toBeLessThanOrEqual(n + 1e-9);
        expect(hi).toBeGreaterThanOrEqual(n - 1e-9);
      }
    });
  }
});

describe("table curves", () => {
  it("tableProblem rejects a non-concave table and names the point", () => {
    const p = tableProblem([
      [1, 1],
      [2, 3],
    ]);
    expect(p?.index).toBe(1);
    expect(p?.message).toMatch(/not concave/);
  });
  it("concaveMajorant lies on or above every point and is concave", () => {
    const pts: Array<[number, number]> = [
      [1.02, 139.2],
      [4.05, 326.4],
      [8.06, 681.1],
      [16.24, 1044.5],
      [32.29, 1805.8],
    ];
    const m = concaveMajorant(pts);
    expect(tableProblem(m)).toBeNull();
    const c = table(m);
    for (const [x, y] of pts) expect(c.rate(x)).toBeGreaterThanOrEqual(y - 1e-9);
  });
});

describe("smooth-majorant: Schumaker's concave quadratic spline through the majorant's vertices", () => {
  const measured: Array<[number, number]> = [
    [1, 51.67],
    [5, 218.48],
    [25, 623.4],
    [50, 814.37],
    [100, 917.26],
    [150, 920.9],
    [200, 920.54],
    [250, 920.12],
  ];
  const vertices = concaveMajorant(measured);
  const c = smoothConcaveSpline(vertices);
  it("passes through every vertex and is flat after the last", () => {
    for (const [x, y] of vertices) expect(c.rate(x)).toBeCloseTo(y, 9);
    expect(c.rate(1e6)).toBe(vertices.at(-1)![1]);
    expect(c.sup).toBe(vertices.at(-1)![1]);
  });
  it("has a continuous derivative that falls strictly between points (the curvature piecewise-linear tables lack)", () => {
    let previous = c.derivative(0);
    for (let n = 0.05; n < 150; n += 0.05) {
      const d = c.derivative(n);
      expect(d).toBeLessThan(previous + 1e-12);
      expect(Math.abs(d - c.leftDerivative(n))).toBe(0);
      previous = d;
    }
    // no jump at the points (the table's slope falls 41.7 -> 20.2 at n = 5)
    for (const [x] of vertices.slice(0, -1)) expect(Math.abs(c.derivative(x + 1e-9) - c.derivative(x - 1e-9))).toBeLessThan(1e-6);
    const t = table(vertices);
    expect(t.derivative(10)).toBe(t.derivative(20)); // the piecewise-linear table: constant between points
    expect(c.derivative(20)).toBeLessThan(c.derivative(10));
  });
});
