// Critical DGD-LB step size: bisection on the fluid model against docs/model.md section 5's formula.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, scenarioFile, scenarioFrom } from "../helpers.ts";
import { kickedAmplitudes, type DgdFluidCase, type SaturatingBackend } from "./independentDgdFluid.ts";
import { criticalStepSize, EARLY_STABLE_MARGIN } from "../../src/fluid/criticalStepSize.ts";
import { stabilityResult } from "../../src/api/stabilityResult.ts";
import { isSymmetric, symmetricCriticalStepSize } from "../../src/fluid/symmetricStability.ts";
import { integrateFluid } from "../../src/fluid/fluidModel.ts";
import type { Scenario } from "../../src/model/scenario.ts";

const symmetric = (curve: Record<string, unknown>, rate: number, oneWayMs: number, updateInterval: number): Scenario =>
  scenarioFrom({
    name: "symmetric",
    seed: 1,
    horizon: 100,
    frontends: [{ id: "fe", arrivals: { kind: "poisson", rate } }],
    backends: [
      { id: "b1", curve },
      { id: "b2", curve },
    ],
    latency: { unit: "ms", oneWay: { fe: { b1: oneWayMs, b2: oneWayMs } } },
    policy: { kind: "dgd-lb", stepSize: 1, updateInterval },
  });

const cases: [string, Scenario][] = [
  ["two-backends-symmetric.json", scenarioFile("two-backends-symmetric.json")],
  ["exp-saturating, 50 ms each way", symmetric({ kind: "exp-saturating", max: 20, scale: 5 }, 24, 50, 0.005)],
  ["power curve, 10 ms each way", symmetric({ kind: "power", coef: 3, exponent: 0.5 }, 10, 10, 0.002)],
];

/** Peak |q_1 − q*| in the first and last tenth of a run from routing (0.6, 0.4). */
function amplitudes(s: Scenario, stepSize: number, horizon: number): { early: number; late: number } {
  const qStar = s.backends[0]!.curve.inverse(s.frontends[0]!.arrivals.kind === "poisson" ? s.frontends[0]!.arrivals.rate / 2 : NaN);
  let early = 0;
  let late = 0;
  if (s.policy.kind !== "dgd-lb") throw new Error("a dgd-lb scenario");
  integrateFluid(s, {
    horizon,
    initialQueues: Float64Array.from([qStar, qStar]),
    policy: { ...s.policy, stepSize, initial: { fe: { b1: 0.6, b2: 0.4 } } },
    observe: (t, q) => {
      const d = Math.abs(q[0]! - qStar);
      if (t > 0.4 * horizon && t <= 0.5 * horizon) early = Math.max(early, d);
      if (t > 0.9 * horizon) late = Math.max(late, d);
    },
  });
  return { early, late };
}

describe("critical step size", () => {
  for (const [name, s] of cases) {
    it(`${name}: numeric within 2% of analytic; 0.8·η_c converges, 1.2·η_c keeps oscillating`, () => {
      expect(isSymmetric(s)).toBe(true);
      const analytic = symmetricCriticalStepSize(s).criticalStepSize;
      const numeric = criticalStepSize(s, { guess: analytic }).criticalStepSize;
      expect(Math.abs(numeric / analytic - 1)).toBeLessThanOrEqual(0.02);
      const period = (2 * Math.PI) / symmetricCriticalStepSize(s).omega;
      const below = amplitudes(s, 0.8 * numeric, 60 * period);
      expect(below.late).toBeLessThan(0.1 * below.early); // decays geometrically: 24 periods apart
      const above = amplitudes(s, 1.2 * numeric, 60 * period);
      expect(above.late).toBeGreaterThan(0.05);
      expect(above.late).toBeGreaterThanOrEqual(0.9 * above.early);
    });
  }

  it("two-backends-symmetric at 2.5 ms each way with updates every 0.625 ms: within 2% of analytic (the bracket's confirming halving once read slow relaxation as growth and returned 1/70 of it)", () => {
    const s = scenarioFile("two-backends-symmetric.json", ["latency.oneWay.fe.b1=2.5", "latency.oneWay.fe.b2=2.5", "policy.updateInterval=0.000625"]);
    const analytic = symmetricCriticalStepSize(s).criticalStepSize;
    expect(Math.abs(criticalStepSize(s, { guess: analytic }).criticalStepSize / analytic - 1)).toBeLessThanOrEqual(0.02);
  });

  it("is not the symmetric case when the backends or latencies differ", () => {
    expect(isSymmetric(scenarioFile("two-backends-symmetric.json", ["backends.1.curve.max=11"]))).toBe(false);
    expect(isSymmetric(scenarioFile("two-backends-symmetric.json", ["latency.oneWay.fe.b2=25"]))).toBe(false);
    expect(isSymmetric(scenarioFile("three-regions.json"))).toBe(false);
  });
});

/** The scenario file's parameters as the independent integrator takes them (saturating curves, mean size 1). */
function independentCase(name: string, latencyScale: number): DgdFluidCase {
  const raw = JSON.parse(readFileSync(join(ROOT, "scenarios", name), "utf8"));
  const frontends: string[] = raw.frontends.map((f: { id: string }) => f.id);
  const backends: string[] = raw.backends.map((b: { id: string }) => b.id);
  const seconds = (table: Record<string, Record<string, number>>) => frontends.map((i) => backends.map((j) => (latencyScale * table[i]![j]!) / 1000));
  expect(raw.latency.unit).toBe("ms");
  return {
    rates: raw.frontends.map((f: { arrivals: { rate: number } }) => f.arrivals.rate),
    backends: raw.backends.map((b: { curve: SaturatingBackend }) => b.curve),
    oneWay: seconds(raw.latency.oneWay),
    back: seconds(raw.latency.back ?? raw.latency.oneWay),
    updateInterval: raw.policy.updateInterval,
  };
}

describe("critical step size against an independent fluid integrator (decayed trials are stable; monotone in latency)", () => {
  const cases: [string, number][] = [
    ["geo-large-latency.json", 1],
    ["three-regions.json", 1],
    ["three-regions.json", 2],
    ["three-regions.json", 3],
    ["three-regions.json", 4],
  ];
  const found = new Map<string, number>();
  for (const [name, latencyScale] of cases) {
    it(`${name} at latency ×${latencyScale}: 0.9·η_c decays and 1.1·η_c grows in the independent run`, () => {
      const s = scenarioFile(name, [`latency.scale=${latencyScale}`]);
      const result = criticalStepSize(s);
      found.set(`${name}×${latencyScale}`, result.criticalStepSize);
      const c = independentCase(name, latencyScale);
      const below = kickedAmplitudes(c, 0.9 * result.criticalStepSize, result.window, 60);
      expect(below[59]!).toBeLessThan(0.2 * below[0]!);
      const above = kickedAmplitudes(c, 1.1 * result.criticalStepSize, result.window, 60);
      expect(above[59]!).toBeGreaterThan(5 * above[0]!);
    });
  }
  it("falls as the latencies grow (three-regions ×1 > ×2 > ×3 > ×4)", () => {
    const steps = [1, 2, 3, 4].map((k) => found.get(`three-regions.json×${k}`) ?? criticalStepSize(scenarioFile("three-regions.json", [`latency.scale=${k}`])).criticalStepSize);
    for (let k = 1; k < steps.length; k++) expect(steps[k]!).toBeLessThan(steps[k - 1]!);
  });
});

describe("the paper's continuous-time case (updates and reports every 2 ms, 250 ms each way)", () => {
  const paper = (backends: number, rate: number) =>
    scenarioFrom({
      horizon: 200,
      frontends: [{ id: "fe", arrivals: { kind: "poisson", rate } }],
      backends: Array.from({ length: backends }, (_, k) => ({ id: `b${k}`, curve: { kind: "saturating", max: 10, half: 2 } })),
      latency: { unit: "ms", oneWay: { fe: Object.fromEntries(Array.from({ length: backends }, (_, k) => [`b${k}`, 250])) } },
      feedback: { mode: "periodic", interval: 0.002 },
      policy: { kind: "dgd-lb", stepSize: 0.1, updateInterval: 0.002 },
    });

  it("is searched as the continuous-time model and lands within 2% of the analytic value (it was refused as too long)", () => {
    const s = paper(2, 12);
    const result = criticalStepSize(s, { guess: symmetricCriticalStepSize(s).criticalStepSize });
    expect(result.updateInterval).toBeCloseTo(0.005, 12); // τ_max/100, not the scenario's 2 ms
    expect(Math.abs(result.criticalStepSize / symmetricCriticalStepSize(s).criticalStepSize - 1)).toBeLessThan(0.02);
  });

  it("a search past the work guard is refused with a word about --allow-long, and --allow-long lifts the guard", () => {
    const s = paper(5, 30);
    expect(() => criticalStepSize(s)).toThrow(/--allow-long runs it anyway/);
    expect(criticalStepSize(s, { allowLong: true, tolerance: 1e-2 }).criticalStepSize).toBeGreaterThan(0);
  });
});

describe("a search that only asks whether η_c is at least a step (the warning's question)", () => {
  it("stops at its bracket below η_c with a lower bound, and above it finds what the full search finds", () => {
    const s = scenarioFile("three-regions.json");
    const full = criticalStepSize(s, { tolerance: 0.05 });
    const below = criticalStepSize(s, { tolerance: 0.05, atLeast: 0.04 });
    expect(below.lowerBound).toBe(true);
    expect(below.criticalStepSize).toBeGreaterThanOrEqual(0.04);
    expect(below.criticalStepSize).toBeLessThanOrEqual(full.criticalStepSize);
    expect(below.trials.length).toBeLessThan(full.trials.length);
    // the bracket's trials are the full search's first ones, the same doubles
    expect(below.trials).toEqual(full.trials.slice(0, below.trials.length));
    // doubling up from a stable guess, it stops at the first stable trial at least twice the step asked about
    const last = below.trials.at(-1)!;
    expect(below.trials.every((t) => t.stable)).toBe(true);
    expect(last.stepSize).toBeGreaterThanOrEqual(EARLY_STABLE_MARGIN * 0.04);
    expect(below.trials.slice(0, -1).every((t) => t.stepSize < EARLY_STABLE_MARGIN * 0.04)).toBe(true);
    expect(below.criticalStepSize).toBe(last.stepSize);
    const above = criticalStepSize(s, { tolerance: 0.05, atLeast: 9 });
    expect(above.lowerBound).toBeUndefined();
    expect(above.criticalStepSize).toBe(full.criticalStepSize);
  }, 60_000);
});

describe("how much a critical-step search may integrate", () => {
  // 4 × 40 with latencies spread over 5–150 ms: the search's estimate lies between 10^8 and 10^9 step-routes
  const F = 4;
  const B = 40;
  const oneWay: Record<string, Record<string, number>> = {};
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    for (let j = 0; j < B; j++) oneWay[`f${i}`]![`b${j}`] = 5 + ((Math.imul(i * 1009 + j * 9176 + 1, 2654435761) >>> 0) % 1451) / 10;
  }
  const fleet = scenarioFrom({
    horizon: 100,
    frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate: 72 } })),
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 12, half: 2 } })),
    latency: { unit: "ms", oneWay },
    feedback: { mode: "periodic", interval: 0.1 },
    policy: { kind: "dgd-lb", stepSize: 1e-4, updateInterval: 0.1 },
  });

  it("lbsim stability searches up to 10^9 step-routes before asking for --allow-long; the auto step and the step check stop at 10^8", () => {
    expect(() => criticalStepSize(fleet)).toThrow(/would integrate about 4\.\de\+8 step-routes .*more than 100000000/);
    expect(() =>
      stabilityResult(fleet, () => {
        throw new Error("started");
      }),
    ).toThrow("started");
    expect(() => criticalStepSize(fleet, { maxWork: 4e8 })).toThrow(/more than 400000000/);
  });
});
