// The engine against a second simulator written apart from it (referenceSimulator.ts): greedy
// policies and DGD-LB on delayed state, where no closed form exists. The figures of each case must
// agree between the two within Welch intervals of the difference of their independent replications,
// 99.9% for the case's figures together (Bonferroni: 1 − 0.001/8 each); a reference that holds
// periodic reports one publication too long must not.
import { describe, expect, it } from "vitest";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";
import { metric, replicate, scenarioFrom } from "../helpers.ts";
import { referenceRun, type ReferenceArrivals, type ReferenceFeedback, type ReferencePolicy, type ReferenceResult, type ReferenceScenario } from "./referenceSimulator.ts";

const R = 12;
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
/** Three unlike saturating backends (m·n/(n + k)), so that gmsr, jsq and sed choose differently. */
const CURVES = [
  { max: 30, half: 4 },
  { max: 30, half: 8 },
  { max: 20, half: 2 },
];

/** What a case sets beyond its feedback and policy (each in both simulators' terms). */
interface Extras {
  horizon?: number;
  scale?: number;
  lognormalCv?: number;
  jitterMean?: number;
  speedWindows?: ReferenceScenario["speedWindows"];
  /** Frontend i's arrivals where not Poisson at RATES[i]. */
  arrivals?: Array<ReferenceArrivals | undefined>;
  /** Frontend i's compatibility set, as backend indices. */
  allowed?: number[][];
}

function engineArrivals(i: number, x: Extras) {
  const a = x.arrivals?.[i];
  if (a === undefined) return { kind: "poisson", rate: RATES[i] };
  if (a.kind === "piecewise") return a;
  return { kind: "closed", clients: a.clients, think: { kind: "exponential", mean: a.thinkMean } };
}

function engineScenario(feedback: ReferenceFeedback, policy: ReferencePolicy, x: Extras) {
  const ms = (m: number[][]) => Object.fromEntries(m.map((row, i) => [`f${i}`, Object.fromEntries(row.map((d, j) => [`b${j}`, d * 1000]))]));
  return scenarioFrom({
    seed: 7,
    horizon: x.horizon ?? 400,
    warmup: WARMUP,
    scale: x.scale ?? 1,
    frontends: RATES.map((_, i) => ({ id: `f${i}`, arrivals: engineArrivals(i, x), ...(x.allowed ? { backends: x.allowed[i]!.map((j) => `b${j}`) } : {}) })),
    backends: CURVES.map((c, j) => ({
      id: `b${j}`,
      curve: { kind: "saturating", ...c },
      capacitySchedule: (x.speedWindows ?? []).filter((w) => w.backend === j).map(({ from, to, multiplier }) => ({ from, to, multiplier })),
    })),
    latency: { unit: "ms", oneWay: ms(OUT), back: ms(BACK), jitter: x.jitterMean === undefined ? null : { kind: "exponential", mean: x.jitterMean * 1000 } },
    requestSize: x.lognormalCv === undefined ? { kind: "exponential", mean: 1 } : { kind: "lognormal", mean: 1, cv: x.lognormalCv },
    feedback,
    policy,
  });
}

function referenceRuns(feedback: ReferenceFeedback, policy: ReferencePolicy, x: Extras, staleBy = 0): ReferenceResult[] {
  const s: ReferenceScenario = {
    horizon: x.horizon ?? 400,
    warmup: WARMUP,
    rates: RATES,
    curves: CURVES.map(
      ({ max, half }) =>
        (n: number) =>
          (max * n) / (n + half),
    ),
    slopes: CURVES.map(
      ({ max, half }) =>
        (n: number) =>
          (max * half) / (n + half) ** 2,
    ),
    capacities: CURVES.map(({ max }) => max),
    out: OUT,
    back: BACK,
    feedback,
    policy,
    ...x,
    staleBy,
  };
  return Array.from({ length: R }, (_, r) => referenceRun(s, 1000 + r));
}

/** Figures compared per case: two latencies and six shares (fewer with compatibility sets: the bound stays). */
const FIGURES = 2 + RATES.length * CURVES.length;

/** Welch's interval of mean(a) − mean(b) at 1 − 0.001/FIGURES: does it contain 0? */
function agree(a: number[], b: number[]): { ok: boolean; text: string } {
  const m = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const v = (x: number[]) => x.reduce((s, y) => s + (y - m(x)) ** 2, 0) / (x.length - 1) / x.length;
  const [va, vb] = [v(a), v(b)];
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const d = m(a) - m(b);
  // a share neither simulator ever gives (sed's f1 → b1): no spread, and both exactly 0
  if (va + vb === 0) return { ok: d === 0, text: `${m(a)} against ${m(b)} in every replication` };
  const halfWidth = tQuantile(1 - 0.0005 / FIGURES, df) * Math.sqrt(va + vb);
  return { ok: Math.abs(d) <= halfWidth, text: `${m(a).toFixed(4)} against ${m(b).toFixed(4)} (difference ${d.toFixed(4)} ± ${halfWidth.toFixed(4)})` };
}

/** Every figure both simulators report: the two latencies and each frontend's share of each backend. */
function comparisons(feedback: ReferenceFeedback, policy: ReferencePolicy, x: Extras, staleBy = 0): Array<{ figure: string; ok: boolean; text: string }> {
  const engine = replicate(engineScenario(feedback, policy, x), R);
  const reference = referenceRuns(feedback, policy, x, staleBy);
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
    for (let j = 0; j < CURVES.length; j++)
      if (x.allowed === undefined || x.allowed[i]!.includes(j))
        out.push({
          figure: `frontend.f${i}.share.b${j}`,
          ...agree(
            metric(engine, `frontend.f${i}.share.b${j}`),
            reference.map((r) => r.shares[i]![j]!),
          ),
        });
  return out;
}

const PERIODIC: ReferenceFeedback = { mode: "periodic", interval: 0.2 };
const OUTAGES: Extras["speedWindows"] = [
  { backend: 1, from: 100, to: 130, multiplier: 0 },
  { backend: 0, from: 200, to: 260, multiplier: 0.5 },
];
const CASES: Array<{ name: string; feedback: ReferenceFeedback; policy: ReferencePolicy; extras?: Extras }> = [
  { name: "jsq on periodic feedback", feedback: PERIODIC, policy: { kind: "jsq" } },
  { name: "sed on periodic feedback", feedback: PERIODIC, policy: { kind: "sed" } },
  { name: "jsq on piggyback feedback", feedback: { mode: "piggyback" }, policy: { kind: "jsq" } },
  { name: "sed on piggyback feedback", feedback: { mode: "piggyback" }, policy: { kind: "sed" } },
  { name: "jsq on instant feedback", feedback: { mode: "instant" }, policy: { kind: "jsq" } },
  { name: "pod (d = 2) on instant feedback", feedback: { mode: "instant" }, policy: { kind: "pod", d: 2 } },
  { name: "gmsr on periodic feedback at scale 4, lognormal sizes (cv 2)", feedback: PERIODIC, policy: { kind: "gmsr" }, extras: { scale: 4, horizon: 120, lognormalCv: 2 } },
  { name: "marginal-greedy on piggyback feedback, requests and responses jittered", feedback: { mode: "piggyback" }, policy: { kind: "marginal-greedy" }, extras: { jitterMean: 0.05 } },
  { name: "sed on periodic feedback, requests and responses jittered (reports travel at the fixed leg)", feedback: PERIODIC, policy: { kind: "sed" }, extras: { jitterMean: 0.05 } },
  { name: "round-robin through an outage and a slow spell", feedback: PERIODIC, policy: { kind: "round-robin" }, extras: { speedWindows: OUTAGES } },
  { name: "sed on instant feedback through an outage and a slow spell, lognormal sizes", feedback: { mode: "instant" }, policy: { kind: "sed" }, extras: { speedWindows: OUTAGES, lognormalCv: 2 } },
  // this fleet's critical step is 0.40 (lbsim stability): DGD-LB below it and above it
  { name: "dgd-lb (step 0.15) on periodic feedback", feedback: { mode: "periodic", interval: 0.05 }, policy: { kind: "dgd-lb", stepSize: 0.15, updateInterval: 0.1 } },
  { name: "dgd-lb (step 0.6) on periodic feedback", feedback: { mode: "periodic", interval: 0.05 }, policy: { kind: "dgd-lb", stepSize: 0.6, updateInterval: 0.1 } },
  { name: "nearest (the least out leg, not the round trip)", feedback: PERIODIC, policy: { kind: "nearest" } },
  {
    name: "jsq normalized by capacity, a closed loop beside an open frontend",
    feedback: PERIODIC,
    policy: { kind: "jsq", normalized: true },
    extras: { arrivals: [{ kind: "closed", clients: 40, thinkMean: 1 }, undefined] },
  },
  {
    name: "sed on piggyback feedback, piecewise arrivals",
    feedback: { mode: "piggyback" },
    policy: { kind: "sed" },
    extras: {
      arrivals: [
        {
          kind: "piecewise",
          breakpoints: [
            [0, 20],
            [100, 45],
            [250, 25],
          ],
        },
        undefined,
      ],
    },
  },
  {
    name: "dgd-lb with the in-flight correction, one frontend allowed two backends",
    feedback: { mode: "periodic", interval: 0.05 },
    policy: { kind: "dgd-lb", stepSize: 0.15, updateInterval: 0.1, inflightCorrection: true },
    extras: {
      allowed: [
        [0, 1, 2],
        [1, 2],
      ],
    },
  },
  {
    name: "dgd-lb (step 0.15) on periodic feedback at scale 4",
    feedback: { mode: "periodic", interval: 0.05 },
    policy: { kind: "dgd-lb", stepSize: 0.15, updateInterval: 0.1 },
    extras: { scale: 4, horizon: 120 },
  },
];

describe("the engine agrees with an independently written simulator (delayed state: greedy policies and DGD-LB)", () => {
  for (const { name, feedback, policy, extras } of CASES) {
    it(name, () => {
      const disagree = comparisons(feedback, policy, extras ?? {}).filter((c) => !c.ok);
      expect(disagree.map((c) => `${c.figure}: ${c.text}`)).toEqual([]);
    });
  }

  it("and the comparison has the power to see a view one report too old", () => {
    // the reference made wrong on purpose: periodic reports held one publication longer
    const latency = comparisons(PERIODIC, { kind: "sed" }, {}, 1).find((c) => c.figure === "latency.mean")!;
    expect(latency.ok, latency.text).toBe(false);
  });
});
