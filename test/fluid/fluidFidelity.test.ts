// The fluid model in work units (docs/model.md, fluid model): exact for any mix of request sizes,
// causal before the first report, settled only when routing is still too, throughput in completions/s.
import { describe, expect, it } from "vitest";
import { MIXED_SIZES_2X2, scenarioFrom } from "../helpers.ts";
import { fluidSteadyState } from "../../src/fluid/steadyState.ts";
import { integrateFluid } from "../../src/fluid/fluidModel.ts";
import { History } from "../../src/fluid/history.ts";
import { ScenarioError } from "../../src/input/scenarioError.ts";
import { solveScenarioOptimum } from "../../src/optimum/solveOptimum.ts";

// one backend 20n/(n+2); frontends of rate 3 (size 1) and 1 (size 4): work 7/s, so μ(q) = 7 at q = 14/13
const oneBackendMixed = scenarioFrom({
  name: "one-backend-mixed-sizes",
  horizon: 400,
  frontends: [
    { id: "small", arrivals: { kind: "poisson", rate: 3 }, requestSize: { kind: "exponential", mean: 1 } },
    { id: "large", arrivals: { kind: "poisson", rate: 1 }, requestSize: { kind: "exponential", mean: 4 } },
  ],
  backends: [{ id: "g", curve: { kind: "saturating", max: 20, half: 2 } }],
  policy: { kind: "random" },
});

// 2×2 under DGD-LB, sizes 1 and 4, asymmetric latencies: x* has one interior route
const twoByTwoMixed = scenarioFrom({
  name: "two-by-two-mixed-sizes",
  horizon: 600,
  ...MIXED_SIZES_2X2,
  policy: { kind: "dgd-lb", stepSize: 0.2, updateInterval: 0.1 },
});

describe("fluid model with mixed request sizes equals the optimum", () => {
  it("one backend: q = 14/13 = 1.0769 and L = q/Λ = L* (to 1e-6)", () => {
    const r = fluidSteadyState(oneBackendMixed);
    const opt = solveScenarioOptimum(oneBackendMixed);
    expect(r.converged).toBe(true);
    expect(Math.abs(r.steadyState.queues.g! - 14 / 13)).toBeLessThan(1e-6);
    expect(Math.abs(r.steadyState.objective - opt.objective)).toBeLessThan(1e-6);
    expect(Math.abs(opt.objective - 14 / 13 / 4)).toBeLessThan(1e-9);
  });

  it("2×2 under DGD-LB: routing x*, queues q* and L* to 1e-6", () => {
    const r = fluidSteadyState(twoByTwoMixed);
    const opt = solveScenarioOptimum(twoByTwoMixed);
    expect(r.converged).toBe(true);
    expect(opt.routing[1 * 2 + 0]!).toBeGreaterThan(0.05); // an interior share: the case is not trivial
    expect(Math.abs(r.steadyState.objective - opt.objective)).toBeLessThan(1e-6);
    twoByTwoMixed.frontends.forEach((f, i) => twoByTwoMixed.backends.forEach((b, j) => expect(Math.abs(r.steadyState.routing[f.id]![b.id]! - opt.routing[i * 2 + j]!)).toBeLessThan(1e-6)));
    twoByTwoMixed.backends.forEach((b, j) => expect(Math.abs(r.steadyState.queues[b.id]! - opt.queues[j]!)).toBeLessThan(1e-6));
  });
});

describe("fluid causality", () => {
  it("History keeps its initial row: the live array it was given may change without rewriting the past", () => {
    const live = new Float64Array([0]);
    const h = new History(1, 0.1, 1, Float64Array.from(live));
    live[0] = 5;
    h.push(live);
    expect(h.at(-0.5, 0)).toBe(0);
  });

  it("before its first report arrives a frontend routes on the initial state (jsq splits evenly although the queues differ)", () => {
    // backend 'slow' fills faster; reports take 2 s to come back, so until t = 2 jsq sees two empty queues
    const s = scenarioFrom({
      horizon: 4,
      frontends: [{ id: "fe", arrivals: { kind: "poisson", rate: 4 } }],
      backends: [
        { id: "fast", curve: { kind: "linear-capped", rate: 10, slots: 1 } },
        { id: "slow", curve: { kind: "linear-capped", rate: 3, slots: 1 } },
      ],
      latency: { oneWay: { fe: { fast: 0, slow: 0 } }, back: { fe: { fast: 2, slow: 2 } } },
      policy: { kind: "jsq" },
      sample: { interval: 0.5 },
    });
    const run = integrateFluid(s, { sampleEvery: 0.5 });
    const at1 = run.samples.find((x) => Math.abs(x.time - 1) < 1e-9)!;
    expect(at1.queues[1]!).toBeGreaterThan(at1.queues[0]! + 0.3);
    expect(at1.routing[0]).toBe(0.5);
    expect(at1.routing[1]).toBe(0.5);
  });
});

describe("the inflow history read route by route", () => {
  it("pushGathered and atEach give, bit for bit, what push and at give for the same values (before 0, on and between steps, past the last row)", () => {
    let seed = 11;
    const uniform = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const keys = Int32Array.from([5, 0, 3, 7, 2]); // columns in an order of their own, key 1, 4 and 6 unused
    const delays = Float64Array.from([0, 0.05, 0.1, 0.25, 0.3]);
    const initial = Float64Array.from({ length: 8 }, (_, k) => k - 2.5);
    const plain = new History(8, 0.05, 0.35, initial);
    const gathered = new History(
      keys.length,
      0.05,
      0.35,
      Float64Array.from(keys, (k) => initial[k]!),
    );
    const out = new Float64Array(8);
    for (let n = 0; n < 40; n++) {
      const row = Float64Array.from({ length: 8 }, () => (uniform() < 0.1 ? 0 : uniform() * 10 - 3));
      plain.push(row);
      gathered.pushGathered(row, keys);
      for (const t of [n * 0.05, n * 0.05 + 0.013, n * 0.05 + 0.05, (n + 3) * 0.05, -0.01]) {
        gathered.atEach(t, delays, keys, out);
        keys.forEach((k, c) => expect(Object.is(out[k], plain.at(t - delays[c]!, k))).toBe(true));
      }
    }
  });

  it("lbsim fluid's run and its check at half the step are refused together, before either starts, unless allowed long", () => {
    const s = scenarioFrom({ horizon: 400, frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 1 } }], backends: [{ id: "b", curve: { kind: "saturating", max: 4, half: 1 } }] });
    // the run alone (4·10^8 steps) is under the limit; with its check (8·10^8 more) it is over
    let steps = 0;
    const refused = () => fluidSteadyState(s, { step: 1e-6, observe: () => steps++ });
    expect(refused).toThrow(ScenarioError);
    expect(refused).toThrow(/its check at half the step would integrate 1\.2e\+9 steps .*--allow-long/);
    expect(steps).toBe(0);
    // allowed long, it starts (stopped at its first step: the point is that nothing refuses it)
    expect(() =>
      fluidSteadyState(s, {
        step: 1e-6,
        allowLong: true,
        observe: () => {
          throw new Error("started");
        },
      }),
    ).toThrow("started");
  });
});

describe("fluid settle check and trajectory throughput", () => {
  it("converged is false while routing still drifts along a load-preserving direction with queues still", () => {
    // symmetric 2×2 with equal outbound latencies: shifting a toward b1 and b toward b2 by the same
    // amount keeps both loads at λ at every instant, so queues sit at q* while DGD-LB (small step)
    // keeps moving routing toward the backends with the shorter way back
    const s = scenarioFrom({
      horizon: 100,
      frontends: [
        { id: "a", arrivals: { kind: "poisson", rate: 4 } },
        { id: "b", arrivals: { kind: "poisson", rate: 4 } },
      ],
      backends: [
        { id: "b1", curve: { kind: "saturating", max: 12, half: 3 } },
        { id: "b2", curve: { kind: "saturating", max: 12, half: 3 } },
      ],
      latency: { unit: "ms", oneWay: { a: { b1: 10, b2: 10 }, b: { b1: 10, b2: 10 } }, back: { a: { b1: 10, b2: 90 }, b: { b1: 90, b2: 10 } } },
      policy: { kind: "dgd-lb", stepSize: 0.01, updateInterval: 0.1, initial: { a: { b1: 0.6, b2: 0.4 }, b: { b1: 0.4, b2: 0.6 } } },
    });
    const r = fluidSteadyState(s);
    const queuesStill = Math.abs(r.run.queues[0]! - r.run.queues[1]!) < 1e-9;
    expect(queuesStill).toBe(true);
    expect(r.steadyState.routing.a!.b1!).toBeGreaterThan(0.6);
    expect(r.steadyState.routing.a!.b1!).toBeLessThan(0.99);
    expect(r.converged).toBe(false);
  });

  it("throughput is completions per second with the capacity multiplier: 0 in an outage, λ·x at rest for any size", () => {
    const s = scenarioFrom({
      horizon: 120,
      frontends: [{ id: "fe", arrivals: { kind: "poisson", rate: 3 } }],
      backends: [{ id: "g", curve: { kind: "saturating", max: 20, half: 2 }, capacitySchedule: [{ from: 50, to: 60, multiplier: 0 }] }],
      requestSize: { kind: "exponential", mean: 2 },
      policy: { kind: "random" },
    });
    const run = integrateFluid(s, { sampleEvery: 1 });
    const at = (t: number) => run.samples.find((x) => Math.abs(x.time - t) < 1e-9)!.throughput[0]!;
    expect(Math.abs(at(45) - 3)).toBeLessThan(1e-6);
    expect(at(55)).toBe(0);
    expect(Math.abs(at(119) - 3)).toBeLessThan(1e-6);
  });
});
