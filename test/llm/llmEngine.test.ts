// LLM engines (docs/model.md section 11) against hand-worked cases, closed forms and Little's law.
import { describe, expect, it } from "vitest";
import { scenarioFrom, metric, replicate, expectInInterval } from "../helpers.ts";
import { simulate } from "../../src/engine/simulation.ts";
import { metricSample } from "../../src/stats/runMetrics.ts";
import { closedLoopRate, equivalentCurve } from "../../src/model/llm/equivalentCurve.ts";
import type { LlmEngine } from "../../src/model/llm/llmEngine.ts";

/** One frontend, one engine, `clients` closed-loop clients (think 1e6 s: each sends one request at t = 0 unless think is given). */
function closedScenario(engine: Record<string, unknown>, tokens: Record<string, unknown>, clients: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "llm",
    horizon: 10,
    frontends: [{ id: "f", arrivals: { kind: "closed", clients, think: 1e6 } }],
    backends: [{ id: "e", engine: { kind: "llm", ...engine } }],
    tokens,
    policy: { kind: "random" },
    ...extra,
  };
}

const point = (s: ReturnType<typeof scenarioFrom>, key: string) => metricSample(simulate(s), key)!.point;
const fixed = (value: number) => ({ kind: "deterministic", value });

describe("one request on an idle engine", () => {
  it("TTFT = out leg + prefill step + back leg; end to end adds O − 1 decode steps; TPOT is one decode step (roofline form)", () => {
    const s = scenarioFrom({
      ...closedScenario({ stepBase: 0.01, stepPerSequence: 0.001, stepPerToken: 0.0002, maxSequences: 8 }, { input: fixed(100), output: fixed(10) }, 1),
      latency: { oneWay: { f: { e: 0.02 } }, back: { f: { e: 0.03 } } },
    });
    const prefill = Math.max(0.01, 0.0002 * 100); // n_d = 0, p = 100
    const decode = Math.max(0.01 + 0.001, 0.0002 * 1); // n_d = 1, p = 0
    expect(point(s, "ttft.mean")).toBeCloseTo(0.02 + prefill + 0.03, 12);
    expect(point(s, "latency.mean")).toBeCloseTo(0.02 + prefill + 9 * decode + 0.03, 12);
    expect(point(s, "tpot.mean")).toBeCloseTo(decode, 12);
    expect(point(s, "throughput.outputTokens")).toBeCloseTo(10 / 10, 12); // 10 tokens in a 10 s window
  });

  it("with the additive form, and one output token (complete at the prefill step's end, no TPOT)", () => {
    const s = scenarioFrom(closedScenario({ stepBase: 0.01, stepPerSequence: 0.001, stepPerToken: 0.0002, combine: "sum", maxSequences: 8 }, { input: fixed(100), output: fixed(1) }, 1));
    expect(point(s, "ttft.mean")).toBeCloseTo(0.01 + 0.0002 * 100, 12);
    expect(point(s, "latency.mean")).toBeCloseTo(0.01 + 0.0002 * 100, 12);
    expect(Number.isNaN(point(s, "tpot.mean"))).toBe(true);
  });
});

describe("three requests with chunked prefill (worked by hand in docs/model.md section 11)", () => {
  // a = 0.01, b = 0.001, c = 0.0001, sum; S = 2, K = 150; I = 100, O = 3; all three arrive at t = 0
  // step 0 [0, 0.025]: r0 prefills 100 (done), r1 50; r2 waits (S = 2)        τ = 0.01 + 0.0001·150
  // step 1 [0.025, 0.041]: r0 decodes; r1 prefills its last 50 (done)           τ = 0.01 + 0.001 + 0.0001·50
  // step 2 [0.041, 0.053]: r0, r1 decode; r0's last token: done                 τ = 0.01 + 0.002
  // step 3 [0.053, 0.074]: r2 admitted, prefills 100 (done); r1 decodes: done   τ = 0.01 + 0.001 + 0.01
  // step 4 [0.074, 0.085], step 5 [0.085, 0.096]: r2 decodes; done at 0.096     τ = 0.011 each
  const s = scenarioFrom(
    closedScenario({ stepBase: 0.01, stepPerSequence: 0.001, stepPerToken: 0.0001, combine: "sum", maxSequences: 2, chunkTokens: 150 }, { input: fixed(100), output: fixed(3) }, 3, {
      sample: { interval: 1 },
    }),
  );
  const ttft = [0.025, 0.041, 0.074];
  const done = [0.053, 0.074, 0.096];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it("TTFT, end-to-end latency and TPOT of each request match exactly", () => {
    expect(point(s, "ttft.mean")).toBeCloseTo(mean(ttft), 12);
    expect(point(s, "latency.mean")).toBeCloseTo(mean(done), 12);
    expect(point(s, "tpot.mean")).toBeCloseTo(mean(done.map((d, k) => (d - ttft[k]!) / 2)), 12);
    expect(point(s, "ttft.p50")).toBeCloseTo(0.041, 2); // the middle request (histogram resolution 0.2%)
  });

  it("the engine's trace: first tokens and completions in order", () => {
    const rows: number[][] = [];
    simulate(s, { trace: { request: (id, _f, _b, _size, born, _a, departed, completed) => void rows.push([id, born, departed, completed]) } });
    expect(rows.map((r) => r[0])).toEqual([0, 1, 2]);
    rows.forEach((r, k) => expect(r[3]).toBeCloseTo(done[k]!, 12));
  });
});

describe("closed loop", () => {
  it("Little's law: throughput × (latency + think) = clients, within the 99.9% interval", () => {
    const s = scenarioFrom({
      ...closedScenario(
        { stepBase: 0.008, stepPerSequence: 0.0004, stepPerToken: 0.00005, maxSequences: 16, chunkTokens: 512 },
        { input: { kind: "exponential", mean: 400 }, output: { kind: "exponential", mean: 60 } },
        12,
      ),
      frontends: [{ id: "f", arrivals: { kind: "closed", clients: 12, think: { kind: "exponential", mean: 0.5 } } }],
      horizon: 400,
      warmup: 20,
      latency: { oneWay: { f: { e: 0.01 } } },
    });
    const runs = replicate(s, 8);
    const throughput = metric(runs, "throughput.requests");
    const latency = metric(runs, "latency.mean");
    expectInInterval(
      throughput.map((x, k) => x * (latency[k]! + 0.5)),
      12,
      "throughput × (latency + think)",
    );
  });
});

describe("closed loop, the benchmark tables' identity", () => {
  it("output tokens/s = C·O / (TTFT + (O − 1)·TPOT) with fixed O and no think time, within the 99.9% interval", () => {
    const C = 20;
    const O = 120;
    const s = scenarioFrom({
      ...closedScenario({ stepBase: 0.012, stepPerSequence: 0.0003, stepPerToken: 0.00006, maxSequences: 16, chunkTokens: 1024 }, { input: { kind: "exponential", mean: 600 }, output: fixed(O) }, C),
      frontends: [{ id: "f", arrivals: { kind: "closed", clients: C, think: 0 } }],
      horizon: 300,
      warmup: 30,
      latency: { oneWay: { f: { e: 0.02 } } },
    });
    const runs = replicate(s, 8);
    const tokens = metric(runs, "throughput.outputTokens");
    const ttft = metric(runs, "ttft.mean");
    const tpot = metric(runs, "tpot.mean");
    expectInInterval(
      tokens.map((x, k) => (x * (ttft[k]! + (O - 1) * tpot[k]!)) / O),
      C,
      "tokens/s · (TTFT + (O−1)·TPOT) / O",
    );
  });
});

describe("equivalent throughput curve", () => {
  const sum: LlmEngine = { stepBase: 0.01, stepPerSequence: 0.0003, stepPerToken: 0.00004, combine: "sum", maxSequences: 24, chunkTokens: null, kvTokens: null };
  it("with the additive form equals n / (a·O + b·n·(O−1) + c·n·I) (docs/model.md section 11)", () => {
    for (const n of [1, 3, 10, 24]) expect(closedLoopRate(sum, 800, 150, n)).toBeCloseTo(n / (0.01 * 150 + 0.0003 * n * 149 + 0.00004 * n * 800), 9);
    expect(equivalentCurve(sum, 800, 150).rate(40)).toBeCloseTo(equivalentCurve(sum, 800, 150).rate(24), 12); // flat beyond S
  });

  function closedLoopThroughput(engine: LlmEngine, tokens: Record<string, unknown>, n: number): number[] {
    const s = scenarioFrom({
      ...closedScenario({ ...engine, chunkTokens: engine.chunkTokens ?? undefined, kvTokens: engine.kvTokens ?? undefined }, tokens, n),
      frontends: [{ id: "f", arrivals: { kind: "closed", clients: n, think: 0 } }],
      horizon: 300,
      warmup: 30,
    });
    return metric(replicate(s, 4), "throughput.requests");
  }

  it("matches closed-loop simulation within 3% at several n: random token counts (sum form), fixed ones (roofline with chunking)", () => {
    const random = { input: { kind: "lognormal", mean: 800, cv: 1 }, output: { kind: "exponential", mean: 150 } };
    for (const n of [2, 8, 20]) {
      const sim = closedLoopThroughput(sum, random, n);
      const mu = equivalentCurve(sum, 800, 150).rate(n);
      const mean = sim.reduce((a, b) => a + b, 0) / sim.length;
      expect(Math.abs(mean / mu - 1), `n = ${n}: simulated ${mean}, curve ${mu}`).toBeLessThan(0.03);
    }
    const roofline: LlmEngine = { ...sum, combine: "max", chunkTokens: 512 };
    for (const n of [1, 6, 24]) {
      const sim = closedLoopThroughput(roofline, { input: fixed(800), output: fixed(150) }, n);
      const mu = equivalentCurve(roofline, 800, 150).rate(n);
      const mean = sim.reduce((a, b) => a + b, 0) / sim.length;
      expect(Math.abs(mean / mu - 1), `n = ${n}: simulated ${mean}, curve ${mu}`).toBeLessThan(0.03);
    }
  });
});
