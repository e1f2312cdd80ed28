// Measured throughput curves: the fits are concave and lie within their reported error of every clean point.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, ROOT, scenarioFrom, tempDir, writeJson } from "../helpers.ts";
import type { Curve } from "../../src/model/curves/curve.ts";

/** Clean (concurrency, output tokens/s) points of one GPU from the shipped copy of curve.csv. */
function cleanPoints(gpu: string): Array<[number, number]> {
  const [head, ...rows] = readFileSync(join(ROOT, "scenarios/data/llm-throughput/curve.csv"), "utf8").trim().split(/\r?\n/);
  const cols = head!.split(",");
  return rows
    .map((r) => r.split(","))
    .filter((r) => r[cols.indexOf("gpu")] === gpu && r[cols.indexOf("clean")] === "yes")
    .map((r) => [Number(r[cols.indexOf("effective_concurrency")]), Number(r[cols.indexOf("output_tokens_per_s")])]);
}

function fitted(points: Array<[number, number]>, fit: string) {
  return scenarioFrom({
    name: "fit",
    seed: 1,
    horizon: 10,
    frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 1 } }],
    backends: [{ id: "gpu", curve: { kind: "table", fit, points } }],
  }).backends[0]!;
}

function expectConcave(curve: Curve, upTo: number): void {
  let previous = Infinity;
  for (let n = 0.05; n <= upTo; n += 0.05) {
    const slope = curve.derivative(n);
    expect(slope).toBeGreaterThanOrEqual(0);
    expect(slope).toBeLessThanOrEqual(previous + 1e-9);
    previous = slope;
  }
}

describe("concave fits of the measured vLLM curves", () => {
  for (const gpu of ["H200", "MI300X"]) {
    for (const fit of ["concave-majorant", "saturating"]) {
      it(`${gpu}, ${fit}: concave, and within its reported error of every clean point`, () => {
        const points = cleanPoints(gpu);
        expect(points.length).toBeGreaterThanOrEqual(4);
        const b = fitted(points, fit);
        expectConcave(b.curve, 2 * points[points.length - 1]![0]);
        expect(b.curveFit!.method).toBe(fit);
        let worst = 0;
        for (const [n, y] of points) {
          const e = Math.abs(b.curve.rate(n) - y);
          expect(e).toBeLessThanOrEqual(b.curveFit!.maxAbsError + 1e-9);
          worst = Math.max(worst, e);
          // the majorant lies on or above every point
          if (fit === "concave-majorant") expect(b.curve.rate(n)).toBeGreaterThanOrEqual(y - 1e-9);
        }
        expect(b.curveFit!.maxAbsError).toBeCloseTo(worst, 9);
      });
    }
  }

  it("MI300X's raw points are not concave, and a table without a fit is rejected with a clear error", () => {
    const dir = tempDir();
    const file = writeJson(dir, "raw.json", {
      name: "raw",
      horizon: 10,
      frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 1 } }],
      backends: [{ id: "mi300x", curve: { kind: "table", points: cleanPoints("MI300X") } }],
    });
    const r = cli(["run", file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: .*raw\.json.*backends\[0\]\.curve\.points\[\d\].*concave/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });
});
