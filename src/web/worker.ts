// The playground's Web Worker: runs the library's simulation off the page's thread and posts progress, live samples and results.
import { browserScenario, type BrowserScenarioRequest } from "./browserScenario.ts";
import { runReplication } from "../engine/runReplication.ts";
import { resolveWarmup } from "../experiment/mser5.ts";
import { compareStudyResult } from "../experiment/studyResult.ts";
import { singleRunResult } from "../experiment/singleRun.ts";
import { defaultStep, integrateFluid } from "../fluid/fluidModel.ts";
import { assertRunnable } from "../engine/assertRunnable.ts";
import { criticalStepSize } from "../fluid/criticalStepSize.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import type { Scenario } from "../model/scenario.ts";
import type { RunResult } from "../stats/runMetrics.ts";
import type { SeriesSink } from "../engine/sinks.ts";
import type { StudyHeader } from "../experiment/resultsLog.ts";
import { log10 } from "../math/portableMath.ts";

export interface RunRequest extends BrowserScenarioRequest {
  type: "run";
  /** Policies to compare (the first is the reference); one policy: a single run, as `lbsim run --replications 1`. */
  policies: string[];
  replications: number;
}

export type WorkerMessage =
  | { type: "error"; message: string; issues: Array<{ path: string; message: string }> }
  | { type: "progress"; fraction: number }
  | { type: "sample"; time: number; queues: number[]; shares: number[][] }
  | { type: "fluid"; times: number[]; queues: number[][] }
  | { type: "critical"; criticalStepSize: number | null; stepSize: number | null }
  | { type: "result"; json: string; histogram: { from: number; to: number; count: number }[]; backends: string[]; frontends: string[] }
  | { type: "comparison"; json: string };

type Warmup = ReturnType<typeof resolveWarmup>;

const post = (m: WorkerMessage) => (self as unknown as { postMessage(m: WorkerMessage): void }).postMessage(m);

/** Log-spaced latency bins, 12 per decade from 1 ms: the report's histogram. */
const BINS_PER_DECADE = 12;
const FROM = 1e-3;

function recordedRun(s: Scenario, warmup: Warmup): void {
  const B = s.backends.length;
  const queues = new Array<number>(B).fill(0);
  const counts = new Float64Array(BINS_PER_DECADE * 7);
  let lastPost = 0;
  const series: SeriesSink = {
    backend(time, backend, n) {
      queues[s.backends.findIndex((b) => b.id === backend)] = n;
      if (backend === s.backends[B - 1]!.id) {
        const shares = s.frontends.map(() => new Array<number>(B).fill(0));
        sharesAt.forEach((row, i) => row.forEach((x, j) => (shares[i]![j] = x)));
        post({ type: "sample", time, queues: [...queues], shares });
      }
    },
    routing(_t, frontend, backend, share) {
      sharesAt[s.frontends.findIndex((f) => f.id === frontend)]![s.backends.findIndex((b) => b.id === backend)] = share;
    },
  };
  const sharesAt = s.frontends.map(() => new Array<number>(B).fill(0));
  const result = singleRunResult(
    s,
    0,
    {
      series,
      // not a trace sink: that would make responses events and change the run's arithmetic order
      completed(_frontend, latency, at) {
        if (at < warmup.time) return;
        const k = Math.floor(log10(latency / FROM) * BINS_PER_DECADE);
        counts[Math.max(0, Math.min(counts.length - 1, k))]!++;
      },
      progress: (f) => {
        if (f - lastPost > 0.01) post({ type: "progress", fraction: (lastPost = f) });
      },
    },
    warmup,
  );
  const histogram = Array.from(counts, (count, k) => ({ from: FROM * 10 ** (k / BINS_PER_DECADE), to: FROM * 10 ** ((k + 1) / BINS_PER_DECADE), count })).filter((b) => b.count > 0);
  post({ type: "result", json: JSON.stringify(result, null, 2), histogram, backends: s.backends.map((b) => b.id), frontends: s.frontends.map((f) => f.id) });
}

/** Fluid step-routes the overlay may integrate (about a second): it must not hold up the run it decorates. */
const MAX_OVERLAY_WORK = 1e7;

/** The fluid trajectory over as much of the horizon as MAX_OVERLAY_WORK affords. */
function fluidOverlay(s: Scenario): void {
  const step = defaultStep(s);
  const affordable = (MAX_OVERLAY_WORK / Math.max(1, s.frontends.length * s.backends.length)) * step;
  const horizon = Math.min(s.horizon, affordable);
  if (!(horizon >= s.sampleInterval)) return;
  try {
    const run = integrateFluid(s, { sampleEvery: s.sampleInterval, horizon, step });
    post({ type: "fluid", times: run.samples.map((x) => x.time), queues: run.samples.map((x) => Array.from(x.queues, (q) => q * s.scale)) });
  } catch {
    // the fluid model may refuse a scenario (e.g. too many steps): the page just draws no overlay
  }
}

function critical(s: Scenario): void {
  if (s.policy.kind !== "dgd-lb") return post({ type: "critical", criticalStepSize: null, stepSize: null });
  const stepSize = typeof s.policy.stepSize === "number" ? s.policy.stepSize : null;
  try {
    // a fallback scale (no fluid bound) is not a critical step: mark none
    const choice = s.stepSizeChoice;
    post({ type: "critical", criticalStepSize: choice ? (choice.method === "fluid bisection" ? choice.criticalStepSize : null) : criticalStepSize(s, { tolerance: 1e-2 }).criticalStepSize, stepSize });
  } catch {
    post({ type: "critical", criticalStepSize: null, stepSize });
  }
}

self.onmessage = (event: MessageEvent<RunRequest>) => {
  const r = event.data;
  try {
    const base = browserScenario({ ...r, policy: r.policies.length === 1 ? r.policies[0] : undefined });
    // the playground shows an overloaded fleet too: only work for hours is refused
    assertRunnable(base, { allowOverload: true });
    // resolved once (an MSER-5 warm-up is a pilot run) for the recorded run and every comparison run
    const warmup = resolveWarmup(base);
    critical(base);
    fluidOverlay(base);
    recordedRun(base, warmup);
    if (r.policies.length > 1 || r.replications > 1) {
      const kinds = r.policies.length > 0 ? r.policies : [base.policy.kind];
      const scenarios = kinds.map((p) => browserScenario({ ...r, policy: p }));
      const runs: Record<string, RunResult[]> = Object.fromEntries(kinds.map((k) => [k, []]));
      const total = kinds.length * r.replications;
      let done = 0;
      for (let rep = 0; rep < r.replications; rep++) {
        scenarios.forEach((s, p) => {
          runs[kinds[p]!]!.push(runReplication(s, rep, { warmup: warmup.time }));
          post({ type: "progress", fraction: ++done / total });
        });
      }
      const header = { policies: kinds, warmup } as StudyHeader;
      post({ type: "comparison", json: JSON.stringify(compareStudyResult(header, runs), null, 2) });
    }
  } catch (e) {
    const issues = e instanceof ScenarioError ? e.issues.map((i) => ({ path: i.path, message: i.message })) : [];
    post({ type: "error", message: e instanceof ScenarioError ? e.describe() : String((e as Error)?.message ?? e), issues });
  }
};
