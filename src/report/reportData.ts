// What `lbsim report` shows, computed: one recorded run, replications of every compared policy, the optimum.
import type { Scenario } from "../model/scenario.ts";
import { chartedFrontends } from "./chartSubsets.ts";
import { meanArrivalRate, meanRequestSize } from "../model/scenario.ts";
import type { SeriesSink, TraceSink } from "../engine/sinks.ts";
import { runReplication } from "../engine/runReplication.ts";
import { runStudyRequest, type StudyRequest } from "../experiment/study.ts";
import { withPolicy } from "../scenario/loadScenario.ts";
import { sweepRecords, type SweepStudyColumns, type SweepStudyResult } from "../experiment/sweepResult.ts";
import { RoutingWindowSums, type RoutingRow } from "./routingWindows.ts";
import { compareRecords, compareStudyColumns, runStudyColumns, type CompareStudyColumns, type CompareStudyResult, type RunStudyColumns } from "../experiment/studyResult.ts";
import { metricsRecord } from "../experiment/summarize.ts";
import type { Estimate } from "../stats/estimate.ts";
import { hasClosedLoop, loadReport, type LoadReport } from "../model/loadCheck.ts";
import { solveScenarioOptimum } from "../optimum/solveOptimum.ts";
import { knowOptimalRouting } from "../optimum/optimalRouting.ts";
import { resolveWarmup } from "../experiment/mser5.ts";

/** Log-spaced latency bins: 1 ms to 10,000 s, 12 per decade. */
export const HISTOGRAM_FROM = 1e-3;
export const BINS_PER_DECADE = 12;
const BINS = 7 * BINS_PER_DECADE;

export interface ReportData {
  scenario: Scenario;
  warmup: number;
  load: LoadReport;
  optimum: { objective: number } | null;
  series: {
    queues: { time: number; backend: string; inSystem: number }[];
    /** The charted frontends' shares, mean over windows of routingWindow seconds (routingWindows.ts). */
    routing: RoutingRow[];
    routingWindow: number;
  };
  /** Request counts per latency bin of the recorded run (completions after warm-up). */
  histogram: { from: number; to: number; count: number }[];
  /**
   * The figures as columns (summarize.ts): a 150 × 1,000 fleet has 1.5·10^5 metrics a policy, and
   * their dictionaries for five policies and four differences held some 200 MB to the end of a
   * report. The page shows a few of them (htmlReport.ts), --json writes them all from the columns.
   */
  study: RunStudyColumns;
  comparison: CompareStudyColumns;
  replications: number;
  /** Where each policy wins as the varied paths change (report --vary), when asked for. */
  sweep?: SweepStudyColumns;
}

/** The recorded run's series rows and latency histogram (the report's charts). */
class Recorder implements TraceSink {
  readonly queues: ReportData["series"]["queues"] = [];
  readonly counts = new Float64Array(BINS);
  constructor(
    private readonly warmup: number,
    /** Window sums of the frontends the chart shows (10^5 pairs × 100 samples would not fit in memory). */
    readonly shares: RoutingWindowSums,
  ) {}
  backend(time: number, backend: string, inSystem: number): void {
    this.queues.push({ time, backend, inSystem });
  }
  routing(time: number, frontend: string, backend: string, share: number): void {
    this.shares.add(time, frontend, backend, share);
  }
  request(_id: number, _fe: string, _be: string, _size: number, born: number, _a: number, _d: number, completed: number): void {
    if (completed < this.warmup) return;
    const k = Math.floor(Math.log10((completed - born) / HISTOGRAM_FROM) * BINS_PER_DECADE);
    this.counts[Math.min(BINS - 1, Math.max(0, k))]! += 1;
  }
}

export async function gatherReport(s: Scenario, request: Omit<StudyRequest, "command">, policies: string[], progress?: (stage: string) => void): Promise<ReportData> {
  const warmup = resolveWarmup(s).time;
  progress?.("recorded run");
  const shares = new RoutingWindowSums(
    s.horizon,
    s.sampleInterval,
    chartedFrontends(s.frontends),
    s.backends.map((b) => b.id),
  );
  const rec = new Recorder(warmup, shares);
  const sink: SeriesSink = { backend: (t, b, n) => rec.backend(t, b, n), routing: (t, f, b, x) => rec.routing(t, f, b, x) };
  // x* does not depend on the policy: solved once here, it serves the L* line and every
  // static-optimal run of the report (seconds at 100 × 1,000, where each scenario object solved it)
  const load = loadReport(s);
  // a closed loop has no arrival rate, so no optimum: the report goes on without its L* line
  const solved = load.feasible && !hasClosedLoop(s) ? solveScenarioOptimum(s) : null;
  if (solved) knowOptimalRouting(s, solved.routing);
  runReplication(s, 0, { series: sink, trace: rec, warmup });
  const histogram = Array.from(rec.counts, (count, k) => ({ from: HISTOGRAM_FROM * 10 ** (k / BINS_PER_DECADE), to: HISTOGRAM_FROM * 10 ** ((k + 1) / BINS_PER_DECADE), count }));
  let first = 0;
  let last = BINS - 1;
  while (first < last && histogram[first]!.count === 0) first++;
  while (last > first && histogram[last]!.count === 0) last--;

  progress?.("replications");
  const kinds = [s.policy.kind, ...policies.filter((p) => p !== s.policy.kind)];
  const compareRequest: StudyRequest = { ...request, command: "compare" };
  const scenarios = kinds.map((k) => withPolicy(s, k));
  if (solved) for (const scenario of scenarios) knowOptimalRouting(scenario, solved.routing);
  const outcome = await runStudyRequest(compareRequest, scenarios);
  const comparison = compareStudyColumns(outcome.header, outcome.runs);
  const study = runStudyColumns({ ...outcome.header, policies: [s.policy.kind] }, outcome.runs[s.policy.kind]!);
  const optimum: ReportData["optimum"] = solved ? { objective: solved.objective } : null;
  return {
    scenario: s,
    warmup,
    load,
    optimum,
    series: { queues: rec.queues, routing: shares.rows(), routingWindow: shares.width },
    histogram: histogram.slice(first, last + 1),
    study,
    comparison,
    replications: outcome.replications,
  };
}

/**
 * The metrics the page and the command's summary show: the run's latencies, the LLM figures, each
 * frontend's mean latency and each backend's figures; never the routing share of a pair.
 */
function shownMetrics(s: Scenario): ReadonlySet<string> {
  const llm = ["ttft", "tpot"].flatMap((name) => ["mean", "p50", "p90", "p99"].map((k) => `${name}.${k}`));
  return new Set([
    ...["mean", "p50", "p90", "p99", "network.mean", "serving.mean"].map((k) => `latency.${k}`),
    ...llm,
    "throughput.outputTokens",
    "slo.attainment",
    "goodput",
    ...s.frontends.map((f) => `frontend.${f.id}.latency.mean`),
    ...s.backends.flatMap((b) => ["sojourn.mean", "throughput", "inSystem.mean"].map((k) => `backend.${b.id}.${k}`)),
  ]);
}

/** What a reader sees of the figures, as dictionaries of the shown metrics only. */
export interface ShownFigures {
  metrics: Record<string, Estimate>;
  comparison: CompareStudyResult;
  sweep?: SweepStudyResult;
}

export function shownFigures(d: ReportData): ShownFigures {
  const only = shownMetrics(d.scenario);
  return {
    metrics: metricsRecord(d.study.metrics, only),
    comparison: compareRecords(d.comparison, only),
    ...(d.sweep ? { sweep: sweepRecords(d.sweep, only) } : {}),
  };
}

/** Mean arrival rate and mean work per request of each frontend, for the summary table. */
export function frontendSummary(s: Scenario) {
  return s.frontends.map((f) => ({
    id: f.id,
    region: f.region,
    kind: f.arrivals.kind,
    rate: meanArrivalRate(f.arrivals, s.horizon),
    size: meanRequestSize(f, s.horizon),
    allowed: Array.from(f.allowed, (j) => s.backends[j]!.id),
  }));
}
