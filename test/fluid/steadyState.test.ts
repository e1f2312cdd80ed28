// The fluid model under DGD-LB settles at the central optimum (docs/model.md sections 3–5).
import { describe, expect, it } from "vitest";
import { scenarioFile, scenarioFrom } from "../helpers.ts";
import { fluidSteadyState } from "../../src/fluid/steadyState.ts";
import { solveScenarioOptimum } from "../../src/optimum/solveOptimum.ts";
import type { Scenario } from "../../src/model/scenario.ts";

// two frontends with different compatibility sets, asymmetric latencies and three curve kinds
const compatibility = scenarioFrom({
  name: "compatibility-sets",
  seed: 1,
  horizon: 400,
  frontends: [
    { id: "east", arrivals: { kind: "poisson", rate: 9 }, backends: ["a", "b"] },
    { id: "west", arrivals: { kind: "poisson", rate: 7 }, backends: ["b", "c"] },
  ],
  backends: [
    { id: "a", curve: { kind: "saturating", max: 8, half: 3 } },
    { id: "b", curve: { kind: "exp-saturating", max: 10, scale: 4 } },
    { id: "c", curve: { kind: "power", coef: 2, exponent: 0.6 } },
  ],
  latency: { unit: "ms", oneWay: { east: { a: 5, b: 60 }, west: { b: 15, c: 40 } }, back: { east: { a: 8, b: 50 }, west: { b: 20, c: 35 } } },
  policy: { kind: "dgd-lb", stepSize: 0.5, updateInterval: 0.05 },
});

function expectAtOptimum(s: Scenario, horizon: number): void {
  const report = fluidSteadyState(s, { horizon });
  const opt = solveScenarioOptimum(s);
  const B = s.backends.length;
  expect(report.converged).toBe(true);
  expect(report.stepCheck.passed).toBe(true);
  expect(Math.abs(report.steadyState.objective - opt.objective)).toBeLessThanOrEqual(1e-6);
  s.frontends.forEach((f, i) => {
    for (const j of f.allowed) expect(Math.abs(report.steadyState.routing[f.id]![s.backends[j]!.id]! - opt.routing[i * B + j]!)).toBeLessThanOrEqual(1e-6);
  });
  s.backends.forEach((b, j) => expect(Math.abs(report.steadyState.queues[b.id]! - opt.queues[j]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, opt.queues[j]!)));
}

describe("fluid steady state under DGD-LB equals the central optimum x*, L* (to 1e-6)", () => {
  it("two-backends-symmetric (x* = 1/2, 1/2)", () => expectAtOptimum(scenarioFile("two-backends-symmetric.json"), 100));
  it("three-regions (measured, asymmetric latencies)", () => expectAtOptimum(scenarioFile("three-regions.json", ["policy.stepSize=0.1"]), 300));
  it("two frontends with compatibility sets, asymmetric latencies both ways, three curve kinds", () => expectAtOptimum(compatibility, 400));
});

describe("fluid model basics", () => {
  it("a static policy settles where inflow equals service: μ_j(q_j) = Σ_i λ_i x_ij", () => {
    const s = scenarioFile("two-backends-symmetric.json", ['policy={"kind":"static","routing":{"fe":{"b1":0.3,"b2":0.7}}}']);
    const r = fluidSteadyState(s, { horizon: 200 });
    expect(s.backends[0]!.curve.rate(r.steadyState.queues.b1!)).toBeCloseTo(12 * 0.3, 8);
    expect(s.backends[1]!.curve.rate(r.steadyState.queues.b2!)).toBeCloseTo(12 * 0.7, 8);
  });

  it("an outage sends the queue up and the recovery brings it back", () => {
    const s = scenarioFile("two-backends-symmetric.json", ['policy={"kind":"static","routing":{"fe":{"b1":0.5,"b2":0.5}}}', 'backends.0.capacitySchedule=[{"from":50,"to":60,"multiplier":0}]']);
    const r = fluidSteadyState(s, { horizon: 200, sampleEvery: 1 });
    const at = (t: number) => r.run.samples.find((x) => Math.abs(x.time - t) < 1e-6)!.queues[0]!;
    expect(at(60)).toBeCloseTo(at(49) + 6 * 10, 1); // 6 requests/s pile up for 10 s
    expect(at(199)).toBeCloseTo(at(49), 6);
  });
});
