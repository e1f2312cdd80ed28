// The LLM engine against a second implementation of docs/model.md section 11 (referenceEngine.ts),
// request by request: a replayed trace routed round-robin is deterministic, so every request's
// first and last token must come out at the same instant (to rounding) in both, through chunked
// prefill, a KV limit, both step forms, two and six engines behind a backend's dispatch, an outage
// and slow spells.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { scenarioFrom, stream, tempDir, writeJson } from "../helpers.ts";
import { simulate } from "../../src/engine/simulation.ts";
import { metricSample, type RunResult } from "../../src/stats/runMetrics.ts";
import type { TraceSink } from "../../src/engine/sinks.ts";
import { referenceBackend, type ReferenceEngineSpec, type ReferenceOutcome, type ReferenceRequest } from "./referenceEngine.ts";

const HORIZON = 300;
const WARMUP = 30;
const SLO = { ttft: 1, tpot: 0.03 };
/** Three backends: a roofline engine with chunked prefill and a KV limit, two additive engines behind one dispatch, six small roofline engines behind another. */
const BACKENDS: Array<{ spec: ReferenceEngineSpec; servers: number; out: number; back: number; windows: Array<{ from: number; to: number; multiplier: number }> }> = [
  {
    spec: { a: 0.01, b: 0.0005, c: 0.0001, combine: "max", S: 8, K: 512, M: 6000 },
    servers: 1,
    out: 0.02,
    back: 0.03,
    windows: [
      { from: 50, to: 60, multiplier: 0 },
      { from: 100, to: 130, multiplier: 0.5 },
    ],
  },
  { spec: { a: 0.008, b: 0.0004, c: 0.00008, combine: "sum", S: 4 }, servers: 2, out: 0.05, back: 0.04, windows: [{ from: 200, to: 215, multiplier: 0 }] },
  // six small engines: dispatch ties (the first of the least loaded) and steps ending together
  { spec: { a: 0.02, b: 0.001, c: 0.0002, combine: "max", S: 2 }, servers: 6, out: 0.01, back: 0.01, windows: [{ from: 150, to: 170, multiplier: 0.25 }] },
];

/** A seeded trace: Poisson at 6/s with bursts of ten, some requests born at the same instant, prompts of 1–2,000 and outputs of 1–200 tokens. */
function traceRows(seed: number): Array<{ t: number; input: number; output: number }> {
  const next = stream(seed);
  const u = () => 1 - next(); // in (0, 1]: logarithms stay finite
  const rows: Array<{ t: number; input: number; output: number }> = [];
  let t = 0;
  while (t < HORIZON) {
    t += -Math.log(u()) / 6;
    const burst = u() < 0.02 ? 10 : u() < 0.05 ? 3 : 1;
    for (let k = 0; k < burst; k++) rows.push({ t: burst === 3 ? t : t + k * 0.01 * u(), input: 1 + Math.floor(u() * 2000), output: 1 + Math.floor(u() * 200) });
  }
  return rows.sort((a, b) => a.t - b.t);
}

interface EngineRow {
  backend: string;
  born: number;
  departed: number;
  completed: number;
  firstToken: number;
}

function engineRun(dir: string, rows: ReturnType<typeof traceRows>): { requests: Map<number, EngineRow>; run: RunResult } {
  writeFileSync(join(dir, "trace.csv"), `arrival_s,prompt_tokens,output_tokens\n${rows.map((r) => `${r.t},${r.input},${r.output}`).join("\n")}\n`);
  const file = writeJson(dir, "scenario.json", {});
  const s = scenarioFrom(
    {
      horizon: HORIZON,
      warmup: WARMUP,
      slo: SLO,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "trace.csv", inputColumn: "prompt_tokens", outputColumn: "output_tokens" } }],
      backends: BACKENDS.map((b, j) => ({
        id: `e${j}`,
        servers: b.servers,
        engine: {
          kind: "llm",
          stepBase: b.spec.a,
          stepPerSequence: b.spec.b,
          stepPerToken: b.spec.c,
          combine: b.spec.combine,
          maxSequences: b.spec.S,
          ...(b.spec.K ? { chunkTokens: b.spec.K } : {}),
          ...(b.spec.M ? { kvTokens: b.spec.M } : {}),
        },
        capacitySchedule: b.windows,
      })),
      latency: { oneWay: { f: Object.fromEntries(BACKENDS.map((b, j) => [`e${j}`, b.out])) }, back: { f: Object.fromEntries(BACKENDS.map((b, j) => [`e${j}`, b.back])) } },
      policy: { kind: "round-robin" },
    },
    file,
  );
  const out = new Map<number, EngineRow>();
  let firstToken = NaN;
  const sink: TraceSink = {
    tokens: (_input, _output, first) => (firstToken = first),
    request: (id, _frontend, backend, _size, born, _reached, departed, completed) => out.set(id, { backend, born, departed, completed, firstToken }),
  };
  const run = simulate(s, { trace: sink });
  return { requests: out, run };
}

/** Each backend's outcomes by the reference, the requests dealt round-robin as the engine deals them. */
function referenceRun(rows: ReturnType<typeof traceRows>): Array<Map<number, ReferenceOutcome>> {
  return BACKENDS.map((b, j) => {
    const requests: ReferenceRequest[] = rows.flatMap((r, id) => (id % BACKENDS.length === j ? [{ id, reach: r.t + b.out, input: r.input, output: r.output }] : []));
    // a request still travelling at the horizon never reaches the engine in the run
    return referenceBackend(b.spec, b.servers, requests, HORIZON, b.windows);
  });
}

describe("the LLM engine agrees with a second implementation, request by request", () => {
  for (const seed of [1, 2, 3]) {
    it(`a bursty replayed trace (seed ${seed}): every request's backend, first token and last token`, () => {
      const rows = traceRows(seed);
      const { requests: engine, run } = engineRun(tempDir(), rows);
      const reference = referenceRun(rows);
      let compared = 0;
      const wrong: string[] = [];
      for (const [id, r] of engine) {
        const j = id % BACKENDS.length;
        const ref = reference[j]!.get(id);
        if (r.backend !== `e${j}` || ref === undefined) {
          wrong.push(`request ${id}: engine ${r.backend}, reference ${ref ? `e${j}` : "not done"}`);
          continue;
        }
        const back = BACKENDS[j]!.back;
        if (Math.abs(r.departed - ref.done) > 1e-9 || Math.abs(r.firstToken - (ref.firstToken + back)) > 1e-9)
          wrong.push(`request ${id}: last token ${r.departed} against ${ref.done}, first token ${r.firstToken - back} against ${ref.firstToken}`);
        compared++;
      }
      // the same requests complete: every one the reference finishes with its response back by the horizon
      const referenceDone = reference.reduce((n, m, j) => n + [...m.values()].filter((o) => o.done + BACKENDS[j]!.back <= HORIZON).length, 0);
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(compared).toBe(referenceDone);
      expect(compared).toBeGreaterThan(1000);

      // section 11's measurements of the reference's requests whose response arrived in [warmup, horizon]
      let n = 0;
      let tokens = 0;
      let ttft = 0;
      let tpot = 0;
      let withTpot = 0;
      let met = 0;
      for (const [j, outcomes] of reference.entries())
        for (const [id, o] of outcomes) {
          const back = BACKENDS[j]!.back;
          if (o.done + back < WARMUP || o.done + back > HORIZON) continue;
          const { t: born, output } = rows[id]!;
          const first = o.firstToken + back - born;
          const perToken = output >= 2 ? (o.done - o.firstToken) / (output - 1) : NaN;
          n++;
          tokens += output;
          ttft += first;
          if (output >= 2) {
            tpot += perToken;
            withTpot++;
          }
          if (first <= SLO.ttft && !(perToken > SLO.tpot)) met++;
        }
      const want: Record<string, number> = {
        "ttft.mean": ttft / n,
        "tpot.mean": tpot / withTpot,
        "throughput.requests": n / (HORIZON - WARMUP),
        "throughput.outputTokens": tokens / (HORIZON - WARMUP),
        "slo.attainment": met / n,
        goodput: met / (HORIZON - WARMUP),
      };
      const off = Object.entries(want).filter(([key, value]) => !(Math.abs(metricSample(run, key)!.point - value) <= 1e-9 * Math.max(1, Math.abs(value))));
      expect(off.map(([key, value]) => `${key}: run ${metricSample(run, key)!.point}, definition ${value}`)).toEqual([]);
      expect(met).toBeGreaterThan(0.1 * n);
      expect(met).toBeLessThan(0.9 * n);
    });
  }
});
