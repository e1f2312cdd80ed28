// How much work a run asks for, estimated before it starts: so no input can run for hours (or days) without a word.
import { routeCount, type Scenario } from "../model/scenario.ts";
import { closedLoopRequests, openRequests } from "../model/expectedRequests.ts";
import { policies, specUpdateInterval } from "../policies/registry.ts";
import { ScenarioError } from "../input/scenarioError.ts";

/**
 * Events of one replication above which a run needs --allow-long: at the engine's few million
 * events per second this is several minutes per replication.
 */
export const MAX_EVENTS = 2e9;
/** Rows of the periodic-feedback history (one per report interval within the longest response latency), times backends. */
export const MAX_HISTORY_CELLS = 5e7;

export interface WorkEstimate {
  requests: number;
  /** Of which at most this many from closed loops (closedLoopRequests). */
  closedRequests: number;
  /** Engine events: 4 per request (birth, arrival at the backend, departure, response) plus publications and policy updates. */
  events: number;
  publications: number;
  /** Routes visited by DGD-LB's updates (Σ|E_i| per update). */
  updateWork: number;
  historyCells: number;
}

export function estimateWork(s: Scenario): WorkEstimate {
  // as expectedRequests, with the closed loops' bound kept apart for the message
  const closedRequests = closedLoopRequests(s);
  const requests = openRequests(s) + closedRequests;
  const B = s.backends.length;
  // every policy block the run makes: the scenario's, and the frontends' own
  const blocks = [s.policy, ...s.frontends.flatMap((f) => (f.policy ? [f.policy] : []))];
  let publications = 0;
  let historyCells = 0;
  if (s.feedback.mode === "periodic" && blocks.some((p) => policies.get(p.kind)!.readsState)) {
    let maxBack = 0;
    for (const d of s.back) if (d > maxBack) maxBack = d;
    publications = (s.horizon / s.feedback.interval) * B;
    historyCells = (Math.ceil(maxBack / s.feedback.interval) + 3) * B;
  }
  const routes = routeCount(s.frontends);
  // a timed policy's update visits each route (DGD-LB's gradient step: Σ|E_i| entries)
  const interval = Math.max(0, ...blocks.map(specUpdateInterval));
  const updateWork = interval > 0 ? (s.horizon / interval) * routes : 0;
  return { requests, closedRequests, events: 4 * requests + publications + updateWork, publications, updateWork, historyCells };
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(2) : "unbounded");

/** Refuses (exit 2) a replication that would take hours or exhaust memory, naming the figure and how to shrink it. */
export function assertBoundedWork(s: Scenario, allowLong: boolean): void {
  const w = estimateWork(s);
  if (!(w.historyCells <= MAX_HISTORY_CELLS)) {
    throw new ScenarioError(s.file, [
      {
        code: "too_large",
        path: "feedback.interval",
        message: `periodic reports would need a history of ${fmt(w.historyCells)} counts (the longest response latency over the report interval, per backend; at most ${fmt(MAX_HISTORY_CELLS)}); lengthen feedback.interval or shorten latencies`,
      },
    ]);
  }
  if (allowLong) return;
  if (!(w.events <= MAX_EVENTS)) {
    const closed = w.closedRequests > 0 ? `; closed loops up to ${fmt(w.closedRequests)}` : "";
    const parts = [`${fmt(w.requests)} requests (arrival rates × scale ${s.scale} × horizon ${s.horizon} s${closed})`];
    if (w.publications > 0) parts.push(`${fmt(w.publications)} state publications (feedback.interval ${s.feedback.mode === "periodic" ? s.feedback.interval : ""} s)`);
    if (w.updateWork > 0) parts.push(`${fmt(w.updateWork)} route updates (policy.updateInterval)`);
    const largest = Math.max(4 * w.requests, w.publications, w.updateWork);
    const path = largest === w.updateWork ? "policy.updateInterval" : largest === w.publications ? "feedback.interval" : "horizon";
    throw new ScenarioError(s.file, [
      {
        code: "too_long",
        path,
        message: `one replication asks for about ${fmt(w.events)} events (${parts.join(", ")}), more than ${fmt(MAX_EVENTS)} (minutes to hours of computing); shorten the horizon, lower the rates or scale, lengthen the intervals, or pass --allow-long`,
      },
    ]);
  }
}
