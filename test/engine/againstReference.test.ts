// The engine against a second simulator written apart from it (referenceSimulator.ts): greedy
// policies and DGD-LB on delayed state, where no closed form exists. Each figure of each policy and feedback
// mode must agree between the two within the 99.9% Welch interval of the difference of their
// independent replications; a reference that holds periodic reports one publication too long
// must not.
import { describe, expect, it } from "vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { metric, replicate, scenarioFrom } from "../helpers.ts";
import { referenceRun, type ReferenceFeedback, type ReferencePolicy, type ReferenceResult, type ReferenceScenario } from "./referenceSimulator.ts";

const R = 12;
const HORIZON = 400;
const WARMUP = 20;
const RATES = [30, 20];
// out and back legs far apart, and some back legs several report intervals long, so a view
// lagged by the wrong leg or by a publication too many changes where requests go
const OUT = [
  [0.01, 0.05, 0.12],
  [0.12, 0.03, 0.01],
];
const BACK = [
  [0.6, 0.01, 0.3],
  [0.02, 0.45, 0.05],
];
const MAX = 25;
const HALF = 4;
const saturating = (n: number) => (MAX * n) / (n + HALF);
const saturatingSlope = (n: number) => (MAX * HALF) / (n + HALF) ** 2;

function engineScenario(feedback: ReferenceFeedback, policy: ReferencePolicy) {
  const ms = (m: number[][]) => Object.fromEntries(m.map((row, i) => [`f${i}`, Object.fromEntries(row.map((d, j) => [`b${j}`, d * 1000]))]));
  return scenarioFrom({
    seed: 7,
    horizon: HORIZON,
    warmup: WARMUP,
    frontends: RATES.map((rate, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate } })),
    backends: [0, 1, 2].map((j) => ({ id: `b${j}`, curve: { kind: "saturating", max: MAX, half: HALF } })),
    latency: { unit: "ms", oneWay: ms(OUT), back: ms(BACK) },
    requestSize: { kind: "exponential", mean: 1 },
    feedback,
    policy,
  });
}

function referenceRuns(feedback: ReferenceFeedback, policy: ReferencePolicy, staleBy = 0): ReferenceResult[] {
  const s: ReferenceScenario = {
    horizon: HORIZON,
    warmup: WARMUP,
    rates: RATES,
    curves: [saturating, saturating, saturating],
    slopes: [saturatingSlope, saturatingSlope, saturatingSlope],
    out: OUT,
    back: BACK,
    feedback,
    policy,
    staleBy,
  };
  return Array.from({ length: R }, (_, r) => referenceRun(s, 1000 + r));
}

/** Welch's 99.9% interval of mean(a) − mean(b): does it contain 0? */
function agree(a: number[], b: number[]): { ok: boolean; text: string } {
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const v = (x: number[]) => x.reduce((s, y) => s + (y - m(x)) ** 2, 0) / (x.length - 1) / x.length;
  const [va, vb] = [v(a), v(b)];
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const halfWidth = tQuantile(0.9995, df) * Math.sqrt(va + vb);
  const d = m(a) - m(b);
  return { ok: Math.abs(d) <= halfWidth, text: `${m(a).toFixed(4)} against ${m(b).toFixed(4)} (difference ${d.toFixed(4)} ± ${halfWidth.toFixed(4)})` };
}

/** Every figure both simulators report: the two latencies and each frontend's share of each backend. */
function comparisons(feedback: ReferenceFeedback, policy: ReferencePolicy, staleBy = 0): Array<{ figure: string; ok: boolean; text: string }> {
  const engine = replicate(engineScenario(feedback, policy), R);
  const reference = referenceRuns(feedback, policy, staleBy);
  const out = [
    {
      figure: "latency.mean",
      ...agree(
        metric(engine, "latency.mean"),
        reference.map((r) => r.latencyMean),
      ),
    },
    {
      figure: "latency.serving.mean",
      ...agree(
        metric(engine, "latency.serving.mean"),
        reference.map((r) => r.servingMean),
      ),
    },
  ];
  for (let i = 0; i < RATES.length; i++)
    for (let j = 0; j < 3; j++)
      out.push({
        figure: `frontend.f${i}.share.b${j}`,
        ...agree(
          metric(engine, `frontend.f${i}.share.b${j}`),
          reference.map((r) => r.shares[i]![j]!),
        ),
      });
  return out;
}

const CASES: Array<[ReferenceFeedback, ReferencePolicy]> = [
  [{ mode: "periodic", interval: 0.2 }, { kind: "jsq" }],
  [{ mode: "periodic", interval: 0.2 }, { kind: "sed" }],
  [{ mode: "piggyback" }, { kind: "jsq" }],
  [{ mode: "piggyback" }, { kind: "sed" }],
  [{ mode: "instant" }, { kind: "jsq" }],
  [{ mode: "instant" }, { kind: "pod", d: 2 }],
  // this fleet's critical step is 0.376 (lbsim stability): DGD-LB below it and above it
  [
    { mode: "periodic", interval: 0.05 },
    { kind: "dgd-lb", stepSize: 0.15, updateInterval: 0.1 },
  ],
  [
    { mode: "periodic", interval: 0.05 },
    { kind: "dgd-lb", stepSize: 0.6, updateInterval: 0.1 },
  ],
];

describe("the engine agrees with an independently written simulator (delayed state: greedy policies and DGD-LB)", () => {
  for (const [feedback, policy] of CASES) {
    it(`${policy.kind}${policy.kind === "dgd-lb" ? ` (step ${policy.stepSize})` : ""} on ${feedback.mode} feedback`, () => {
      const all = comparisons(feedback, policy);
      const disagree = all.filter((c) => !c.ok);
      expect(disagree.map((c) => `${c.figure}: ${c.text}`)).toEqual([]);
    });
  }

  it("and the comparison has the power to see a view one report too old", () => {
    // the reference made wrong on purpose: periodic reports held one publication longer
    const latency = comparisons({ mode: "periodic", interval: 0.2 }, { kind: "sed" }, 1).find((c) => c.figure === "latency.mean")!;
    expect(latency.ok, latency.text).toBe(false);
  });
});
