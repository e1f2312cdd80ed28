// docs/model.md section 8: the simulator against queueing theory, each figure inside its 99.9% t interval.
import { describe, expect, it } from "vitest";
import { expectInInterval, metric, replicate, scenarioFile, scenarioFrom, tInterval } from "../helpers.ts";
import { runReplication } from "../../src/engine/runReplication.ts";
import { metricSample } from "../../src/stats/runMetrics.ts";
import { erlangCWait } from "../../src/model/erlangC.ts";
import { psStationary } from "../../src/model/psStationary.ts";
import { saturating } from "../../src/model/curves/saturating.ts";
import { linearCapped } from "../../src/model/curves/linearCapped.ts";
import { evenSpreadRate, multiplied, perServerPool, type Curve } from "../../src/model/curves/curve.ts";
import { engineCurve } from "../../src/model/curves/engineCurve.ts";
import type { TraceSink } from "../../src/engine/sinks.ts";

const R = 10;

describe("simulate: textbook queues", () => {
  it("M/M/1-PS mean sojourn is 1/(mu - lambda)", () => {
    const runs = replicate(scenarioFile("mm1.json", ["horizon=20000", "warmup=1000"]), R);
    expectInInterval(metric(runs, "latency.mean"), 1 / (1 - 0.8), "M/M/1 sojourn");
  });

  it("a closed loop on one PS server is the finite-source queue: response time C/X − Z (its requests were of no work, and measured 0)", () => {
    // C clients thinking Exp(mean Z) between a response and their next request, one server of rate
    // mu, exponential sizes: p_n ∝ C!/(C−n)!·(1/(Z·mu))^n, throughput X = mu·(1 − p_0), R = C/X − Z
    const [C, Z, mu] = [5, 2, 1];
    let term = 1;
    let sum = 1;
    for (let n = 1; n <= C; n++) sum += term *= (C - n + 1) / (Z * mu);
    const responseTime = C / (mu * (1 - 1 / sum)) - Z;
    const s = scenarioFrom({
      horizon: 20000,
      warmup: 200,
      frontends: [{ id: "f", arrivals: { kind: "closed", clients: C, think: { kind: "exponential", mean: Z } } }],
      backends: [{ id: "b", curve: { kind: "linear-capped", rate: mu, slots: 1 } }],
      requestSize: { kind: "exponential", mean: 1 },
      policy: { kind: "random" },
    });
    expectInInterval(metric(replicate(s, R), "latency.mean"), responseTime, "finite-source M/M/1 response time");
  });

  it("M/M/c (linear-capped) mean wait is Erlang C", () => {
    const runs = replicate(scenarioFile("mmc.json", ["horizon=20000", "warmup=500"]), R);
    const waits = metric(runs, "latency.mean").map((t) => t - 1); // minus the mean size / rate
    expectInInterval(waits, erlangCWait(4, 3, 1), "M/M/4 wait");
  });
});

/** Time fraction spent with n present at the backend over [from, to], rebuilt from the request trace. */
function occupancy(intervals: Array<[number, number]>, from: number, to: number, maxN: number): number[] {
  const events: Array<[number, number]> = [];
  for (const [a, d] of intervals) events.push([a, +1], [d, -1]);
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const time = new Array(maxN + 1).fill(0);
  let n = 0;
  let last = from;
  for (const [t, step] of events) {
    if (t > from && n <= maxN) time[n] += Math.min(t, to) - Math.max(last, from);
    if (t >= to) break;
    last = Math.max(t, from);
    n += step;
  }
  return time.map((x) => x / (to - from));
}

const sizeKinds = {
  exponential: { kind: "exponential", mean: 1 },
  "lognormal cv 2": { kind: "lognormal", mean: 1, cv: 2 },
  deterministic: { kind: "deterministic", value: 1 },
};

const curves: Record<string, { spec: unknown; curve: Curve; lambda: number }> = {
  saturating: { spec: { kind: "saturating", max: 10, half: 4 }, curve: saturating(10, 4), lambda: 7 },
  "linear-capped": { spec: { kind: "linear-capped", rate: 1, slots: 3 }, curve: linearCapped(1, 3), lambda: 2.2 },
};

describe("simulate: state-dependent PS is insensitive (pi_n prod lambda/mu(k))", () => {
  for (const [curveName, c] of Object.entries(curves)) {
    for (const [sizeName, size] of Object.entries(sizeKinds)) {
      it(`${curveName} curve, ${sizeName} sizes: pi_0..pi_4 and E[sojourn] = E[n]/lambda`, () => {
        const horizon = sizeName.startsWith("lognormal") ? 16000 : 6000;
        const s = scenarioFrom({
          seed: 7,
          horizon,
          warmup: 200,
          frontends: [{ id: "f", arrivals: { kind: "poisson", rate: c.lambda } }],
          backends: [{ id: "b", curve: c.spec }],
          requestSize: size,
          policy: { kind: "random" },
        });
        const { pi, meanCount } = psStationary(c.curve, c.lambda);
        const pis: number[][] = [];
        const sojourns: number[] = [];
        for (let r = 0; r < R; r++) {
          const intervals: Array<[number, number]> = [];
          const trace: TraceSink = { request: (_id, _f, _b, _s, _born, arrived, departed) => intervals.push([arrived, departed]) };
          const run = runReplication(s, r, { trace });
          // stop the window short of the horizon: requests still present there are not in the trace
          pis.push(occupancy(intervals, 200, horizon - 200, 4));
          sojourns.push(metricSample(run, "backend.b.sojourn.mean")!.point);
        }
        for (let n = 0; n <= 4; n++)
          expectInInterval(
            pis.map((p) => p[n]!),
            pi[n]!,
            `pi_${n}`,
          );
        expectInInterval(sojourns, meanCount / c.lambda, "E[sojourn]");
      });
    }
  }
});

describe("simulate: conservation laws", () => {
  it("Little's law holds on every backend of a geo scenario", () => {
    const run = runReplication(scenarioFile("three-regions.json", ["horizon=600"]), 0);
    for (const b of ["dallas", "washington-dc", "london", "tokyo"]) {
      const L = metricSample(run, `backend.${b}.inSystem.mean`)!.point;
      const lw = metricSample(run, `backend.${b}.throughput`)!.point * metricSample(run, `backend.${b}.sojourn.mean`)!.point;
      // sample-path Little: only requests straddling the window edges (a few dozen of ~40k) differ
      expect(Math.abs(L - lw) / L).toBeLessThan(5e-3);
    }
  });

  it("arrived = completed + in flight, also across an outage", () => {
    const s = scenarioFile("three-regions.json", [
      "horizon=300",
      "warmup=10",
      'backends.0.capacitySchedule=[{"from":100,"to":200,"multiplier":0}]',
      'backends.2.capacitySchedule=[{"from":250,"to":400,"multiplier":0}]',
    ]);
    const run = runReplication(s, 0);
    expect(run.counts.arrived).toBe(run.counts.completed + run.counts.inFlight);
    expect(run.counts.inFlight).toBeGreaterThan(0); // London is down at the horizon: its requests wait
  });
});

describe("simulate: static routing network with latencies", () => {
  it("mean latency = network part + sum of independent PS sojourns", () => {
    // 2 frontends, 3 backends, fixed routing; thinning and superposing Poisson flows gives each backend Poisson input
    const lambda = [3, 2];
    const x = [
      [0.5, 0.3, 0.2],
      [0, 0.4, 0.6],
    ];
    const oneWay = [
      [10, 30, 50],
      [40, 20, 5],
    ];
    const back = [
      [12, 30, 45],
      [40, 25, 5],
    ];
    const specs = [
      { kind: "linear-capped", rate: 2.5, slots: 1 },
      { kind: "saturating", max: 4, half: 1 },
      { kind: "linear-capped", rate: 1, slots: 3 },
    ];
    const curvesOf = [linearCapped(2.5, 1), saturating(4, 1), linearCapped(1, 3)];
    const ids = ["b0", "b1", "b2"];
    const s = scenarioFrom({
      seed: 3,
      horizon: 8000,
      warmup: 300,
      frontends: [
        { id: "f0", arrivals: { kind: "poisson", rate: lambda[0] } },
        { id: "f1", arrivals: { kind: "poisson", rate: lambda[1] }, backends: ["b1", "b2"] },
      ],
      backends: specs.map((curve, j) => ({ id: ids[j], curve })),
      latency: {
        unit: "ms",
        oneWay: { f0: { b0: 10, b1: 30, b2: 50 }, f1: { b1: 20, b2: 5 } },
        back: { f0: { b0: 12, b1: 30, b2: 45 }, f1: { b1: 25, b2: 5 } },
      },
      policy: { kind: "static", routing: { f0: { b0: 0.5, b1: 0.3, b2: 0.2 }, f1: { b1: 0.4, b2: 0.6 } } },
    });
    const load = [0, 1, 2].map((j) => lambda[0]! * x[0]![j]! + lambda[1]! * x[1]![j]!);
    const sojourn = load.map((a, j) => psStationary(curvesOf[j]!, a).meanCount / a);
    let total = 0;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) total += lambda[i]! * x[i]![j]! * ((oneWay[i]![j]! + back[i]![j]!) / 1000 + sojourn[j]!);
    const runs = replicate(s, R);
    expectInInterval(metric(runs, "latency.mean"), total / 5, "network mean latency");
    expectInInterval(metric(runs, "backend.b1.sojourn.mean"), sojourn[1]!, "b1 sojourn");
  });
});

describe("simulate: servers: k are k GPUs batching separately (docs/model.md section 1)", () => {
  const perServer = saturating(10, 4);
  const k = 3;
  const lambda = 12;
  const exact: Curve = { ...perServerPool(perServer, k), rate: (n) => evenSpreadRate(perServer, k, n) };

  it("with n = k·m present the backend completes at k·μ(m); with n < k at n·μ(1)", () => {
    const engine = engineCurve(perServerPool(perServer, k), 1);
    for (const m of [1, 2, 5, 40]) expect(engine.rate(k * m)).toBeCloseTo(k * perServer.rate(m), 12);
    expect(engine.rate(1)).toBeCloseTo(perServer.rate(1), 12);
    expect(engine.rate(2)).toBeCloseTo(2 * perServer.rate(1), 12);
    expect(engine.rate(4)).toBeCloseTo(2 * perServer.rate(1) + perServer.rate(2), 12);
    const merged = engineCurve(multiplied(perServer, k), 1);
    expect(merged.rate(1)).toBeCloseTo(k * perServer.rate(1), 12); // the old meaning, by "batching": "merged"
  });

  it("mean sojourn is E[n]/λ of the birth-death chain with the even spread's rates (not k·μ(n), not k·μ(n/k))", () => {
    const s = scenarioFrom({
      seed: 11,
      horizon: 6000,
      warmup: 200,
      frontends: [{ id: "f", arrivals: { kind: "poisson", rate: lambda } }],
      backends: [{ id: "b", servers: k, curve: { kind: "saturating", max: 10, half: 4 } }],
      policy: { kind: "random" },
    });
    const sojourns = metric(replicate(s, R), "backend.b.sojourn.mean");
    const theory = psStationary(exact, lambda).meanCount / lambda;
    expectInInterval(sojourns, theory, "E[sojourn] of 3 separately batching servers");
    const { mean, halfWidth } = tInterval(sojourns);
    for (const wrong of [multiplied(perServer, k), perServerPool(perServer, k)]) {
      expect(Math.abs(psStationary(wrong, lambda).meanCount / lambda - mean)).toBeGreaterThan(halfWidth);
    }
  });
});
