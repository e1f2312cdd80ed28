// Fluid limit (docs/model.md section 8): the scaled stochastic trajectory approaches the fluid one like 1/√N.
import { describe, expect, it } from "vitest";
import { MIXED_SIZES_2X2, scenarioFile, scenarioFrom } from "../helpers.ts";
import { validateFluid } from "../../src/fluid/fluidValidation.ts";

describe("fluid limit", () => {
  it("sup-norm queue error against N has log–log slope in [−0.65, −0.35] (theory −0.5)", () => {
    const at = (scale: number) => scenarioFile("two-backends-symmetric.json", ["horizon=20", "warmup=0", `scale=${scale}`, "sample.interval=0.1"]);
    const v = validateFluid(at, [1, 4, 16, 64], 5);
    expect(v.slope).toBeGreaterThanOrEqual(-0.65);
    expect(v.slope).toBeLessThanOrEqual(-0.35);
    // the error falls at every step of N, beyond its interval
    for (let k = 1; k < v.points.length; k++) expect(v.points[k]!.error.estimate!).toBeLessThan(v.points[k - 1]!.error.estimate!);
  });
});

describe("fluid limit with mixed request sizes", () => {
  it("two frontends of mean sizes 1 and 4 on two backends: the error falls with N at slope in [−0.65, −0.35]", () => {
    const at = (scale: number) =>
      scenarioFrom({
        name: "mixed-sizes-limit",
        seed: 3,
        horizon: 20,
        scale,
        ...MIXED_SIZES_2X2,
        policy: { kind: "static", routing: { a: { near: 0.7, far: 0.3 }, b: { near: 0.2, far: 0.8 } } },
        sample: { interval: 0.1 },
      });
    const v = validateFluid(at, [1, 4, 16, 64], 5);
    expect(v.slope).toBeGreaterThanOrEqual(-0.65);
    expect(v.slope).toBeLessThanOrEqual(-0.35);
  });
});
