// What a result must say besides its figures: requests left in flight, queues that grow, a latency unit that looks wrong, nothing completed.
import { BATCHES, pointsAcross, type RunResult } from "../stats/runMetrics.ts";

export interface RunWarning {
  code: "in_flight" | "queue_growth" | "latency_unit" | "no_completions";
  message: string;
}

/** In-flight requests at the horizon, as a fraction of arrivals, above which latency figures are called biased. */
export const IN_FLIGHT_SHARE = 0.01;
/** A backend's queue "grows through the run" when its last-quarter mean is this many times its first-quarter mean ... */
export const GROWTH_RATIO = 1.5;
/** ... and higher by at least this many requests (a near-empty queue's noise is not growth). */
export const GROWTH_REQUESTS = 2;
/** Seconds of network latency per request beyond which a matrix written in milliseconds but read as seconds is suspected. */
export const NETWORK_HINT_SECONDS = 60;

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/**
 * Latency is measured on completed requests only: when many are still in flight at the horizon,
 * or a queue grows through the measurement window (overload, instability, a horizon too short
 * for a transient), the figures are biased low and depend on the horizon. Computed from the runs'
 * counts and their batch means (the window cut in BATCHES slices), summed or averaged over runs.
 */
export function runWarnings(runs: RunResult[]): RunWarning[] {
  const warnings: RunWarning[] = [];
  if (runs.length === 0) return warnings;
  let arrived = 0;
  let completed = 0;
  let inFlight = 0;
  for (const r of runs) {
    arrived += r.counts.arrived;
    completed += r.counts.completed;
    inFlight += r.counts.inFlight;
  }
  if (completed === 0) {
    warnings.push({ code: "no_completions", message: `no request completed within the horizon (${arrived} arrived): latency figures are empty; lengthen the horizon or raise the arrival rates` });
    return warnings;
  }
  if (inFlight > IN_FLIGHT_SHARE * arrived) {
    warnings.push({
      code: "in_flight",
      message: `${inFlight} of ${arrived} requests (${fmt((100 * inFlight) / arrived)}%) were still in flight at the horizon: latency is measured on completed requests only, so the figures are biased low (overload, instability, or a horizon not long against the mean latency)`,
    });
  }
  const first = runs[0]!;
  const quarter = Math.max(1, Math.floor(BATCHES / 4));
  for (let m = 0; m < first.keys.length; m++) {
    const key = first.keys[m]!;
    if (!key.startsWith("backend.") || !key.endsWith(".inSystem.mean")) continue;
    let early = 0;
    let late = 0;
    for (const r of runs) {
      const at = r.keys[m] === key ? m : r.keys.indexOf(key);
      if (at < 0) continue;
      for (let k = 0; k < quarter; k++) {
        early += r.batches[at * BATCHES + k]!;
        late += r.batches[at * BATCHES + BATCHES - 1 - k]!;
      }
    }
    early /= quarter * runs.length;
    late /= quarter * runs.length;
    if (late > GROWTH_RATIO * early && late - early >= GROWTH_REQUESTS) {
      const backend = key.slice("backend.".length, -".inSystem.mean".length);
      warnings.push({
        code: "queue_growth",
        message: `backend ${backend}'s queue grew through the run (mean ${fmt(early)} requests in the first quarter of the measurement window, ${fmt(late)} in the last): it may be overloaded or unstable, and the figures depend on the horizon`,
      });
    }
  }
  const network = first.keys.indexOf("latency.network.mean");
  if (network >= 0) {
    const mean =
      pointsAcross(first, runs)
        .at(network)
        .reduce((a, b) => a + b, 0) / runs.length;
    if (mean > NETWORK_HINT_SECONDS) {
      warnings.push({
        code: "latency_unit",
        message: `the network part of latency averages ${fmt(mean)} s a request: latency matrices are read in latency.unit (default "s"); a matrix written in milliseconds needs "latency": {"unit": "ms", ...}`,
      });
    }
  }
  return warnings;
}
