// MSER-5 warm-up (White 1997): truncate where the standard error of the remaining batch means is smallest.
import type { Scenario } from "../model/scenario.ts";
import type { TraceSink } from "../engine/sinks.ts";
import { runReplication } from "../engine/runReplication.ts";

/** Observations of the pilot: mean end-to-end latency of the requests completing in each of PILOT_BINS equal time bins. */
export const PILOT_BINS = 1000;
const BATCH = 5;

/**
 * Index of the first observation to keep: batch means Z_1..Z_m of 5 consecutive observations,
 * d* = argmin_{d ≤ m/2} Σ_{j>d} (Z_j − Z̄_d)² / (m − d)². Restricting d to the first half is the
 * usual guard against MSER's tendency to truncate most of a run that ends in a lull.
 */
export function mser5Truncation(observations: ArrayLike<number>): number {
  const m = Math.floor(observations.length / BATCH);
  if (m < 2) return 0;
  const z = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < BATCH; k++) s += observations[j * BATCH + k]!;
    z[j] = s / BATCH;
  }
  // suffix sums give every MSER(d) in O(m)
  let sum = 0;
  let sumSq = 0;
  let best = Infinity;
  let bestD = 0;
  const scores = new Float64Array(m);
  for (let j = m - 1; j >= 0; j--) {
    sum += z[j]!;
    sumSq += z[j]! * z[j]!;
    const count = m - j;
    scores[j] = (sumSq - (sum * sum) / count) / (count * count);
  }
  for (let d = 0; d <= Math.floor(m / 2); d++) {
    if (scores[d]! < best) {
      best = scores[d]!;
      bestD = d;
    }
  }
  return bestD * BATCH;
}

/** Bins each completed request's latency by completion time. */
class LatencyBins implements TraceSink {
  readonly sum = new Float64Array(PILOT_BINS);
  readonly count = new Float64Array(PILOT_BINS);
  constructor(private readonly horizon: number) {}
  request(_id: number, _fe: string, _be: string, _size: number, born: number, _a: number, _d: number, completed: number): void {
    const bin = Math.min(PILOT_BINS - 1, Math.floor((completed / this.horizon) * PILOT_BINS));
    this.sum[bin]! += completed - born;
    this.count[bin]! += 1;
  }
}

/** The warm-up a study uses: the scenario's fixed time, or MSER-5's pick on the pilot. */
export function resolveWarmup(scenario: Scenario): { method: "fixed" | "mser5"; time: number } {
  return scenario.warmup === "mser5" ? { method: "mser5", time: mser5Warmup(scenario) } : { method: "fixed", time: scenario.warmup };
}

/**
 * The warm-up time MSER-5 picks on a pilot: replication 0 of the scenario run without warm-up,
 * observed as bin mean latencies (empty bins dropped). Deterministic in (scenario, seed), so every
 * worker, shard and resumed run agrees on it.
 */
export function mser5Warmup(scenario: Scenario): number {
  const bins = new LatencyBins(scenario.horizon);
  runReplication(scenario, 0, { warmup: 0, trace: bins });
  const observations: number[] = [];
  const binEnds: number[] = [];
  for (let b = 0; b < PILOT_BINS; b++) {
    if (bins.count[b]! === 0) continue;
    observations.push(bins.sum[b]! / bins.count[b]!);
    binEnds.push(((b + 1) / PILOT_BINS) * scenario.horizon);
  }
  const keepFrom = mser5Truncation(observations);
  // warm-up ends where the first kept bin starts: the end of the last truncated bin
  return keepFrom === 0 ? 0 : binEnds[keepFrom - 1]!;
}
