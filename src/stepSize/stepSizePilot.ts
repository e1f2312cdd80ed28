// DGD-LB's "auto" step at the scenario's own scale: short runs on common random numbers over fractions of the critical step.
import { routeCount, type Scenario, type StepSizePilot } from "../model/scenario.ts";
import { expectedRequests } from "../model/expectedRequests.ts";
import { runReplication } from "../engine/runReplication.ts";
import { metricSample } from "../stats/runMetrics.ts";

/**
 * Fractions of the critical step the pilot tries. η_c is a large-N bound: at the scale of a
 * real fleet the held counts are noisy and a step near η_c turns that noise into routing
 * jitter (three-regions at 0.5·η_c: +15% over static-optimal; at 0.005·η_c: +1%), while a step
 * far below it converges too slowly to finish within the warm-up. The best fraction depends on
 * the scale, the loads and the horizon, so it is measured rather than guessed.
 */
export const PILOT_FRACTIONS = [0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002] as const;
/**
 * Multiples of 1/(Λ·max(τ, Δ)) tried where the fluid model gives no critical step. Where it is
 * stable at every step (piecewise-linear curves: mu' does not change within a segment, so the
 * held counts' noise does not reach the gradient) the best steps are large: on llm-geo with
 * measured tables, 1,000 times this scale is within 0.5% of static-optimal and 0.5 times it is
 * 6% above. Where it chatters or the search was too long, the small multiples are there too.
 */
export const PILOT_MULTIPLES_WITHOUT_BOUND = [1000, 300, 100, 30, 10, 3, 1, 0.3, 0.1, 0.03, 0.01] as const;
/** Requests one pilot run may simulate: longer horizons are cut, so a pilot costs about a second at most. */
export const PILOT_REQUESTS = 3e5;
/**
 * Gradient entries (frontend-backend pairs × updates) one pilot run may compute, likewise: DGD-LB
 * updates every pair every Δ whatever the traffic, so a large fleet with few requests per pair (50
 * frontends × 500 LLM engines over 600 s: 1.5·10⁸ entries, 3 s a run and 47 s a pilot) is cut by
 * its updates before its requests.
 */
export const PILOT_UPDATE_ENTRIES = 5e7;
/** Candidates the pilot may add beyond an end of its grid when the best is there. */
export const PILOT_EXTENSIONS = 4;
/** Candidates within this relative distance of the best count as tied; the largest step among them wins (it follows load changes fastest). */
export const PILOT_TIE = 0.005;
/** Mixed into the seed: the pilot's randomness is not replication 0's, so the choice is not fitted to the runs it is judged on. */
const PILOT_SEED_SALT = 0x5bd1e995;

/**
 * A pilot run's horizon and warm-up: the scenario's horizon cut to PILOT_REQUESTS requests and
 * PILOT_UPDATE_ENTRIES gradient entries, but never below the warm-up plus a tenth of the rest.
 */
export function pilotHorizon(s: Scenario): { horizon: number; warmup: number } {
  const p = s.policy;
  if (p.kind !== "dgd-lb") throw new Error("engine invariant violated: the step-size pilot needs a dgd-lb scenario");
  const requests = expectedRequests(s);
  const warmup = s.warmup === "mser5" ? 0.1 * s.horizon : s.warmup;
  const entriesPerSecond = routeCount(s.frontends) / p.updateInterval;
  const cut = Math.min(requests > PILOT_REQUESTS ? (s.horizon * PILOT_REQUESTS) / requests : s.horizon, PILOT_UPDATE_ENTRIES / entriesPerSecond);
  return { horizon: Math.min(s.horizon, Math.max(cut, warmup + 0.1 * (s.horizon - warmup))), warmup };
}

const cache = new Map<string, StepSizePilot>();
const CACHE_ENTRIES = 256;

/**
 * Runs the scenario at each fraction of `criticalStepSize` (or of the reference scale where there is none) on one replication with the same
 * random numbers (a seed of its own), over the scenario's horizon cut to PILOT_REQUESTS and PILOT_UPDATE_ENTRIES, and
 * picks the lowest mean latency after the warm-up. Cached per (scenario, critical step): a
 * sweep or a report that resolves the same scenario again does not rerun it.
 */
export function stepSizePilot(s: Scenario, criticalStepSize: number, fractions: readonly number[] = PILOT_FRACTIONS, onRun?: (done: number, planned: number) => void): StepSizePilot {
  const p = s.policy;
  if (p.kind !== "dgd-lb") throw new Error("engine invariant violated: the step-size pilot needs a dgd-lb scenario");
  const key = JSON.stringify([s.file, s.spec, criticalStepSize, fractions]);
  const known = cache.get(key);
  if (known) return known;
  const { horizon, warmup } = pilotHorizon(s);
  const seed = (s.seed ^ PILOT_SEED_SALT) >>> 0;
  let runs = 0;
  const measure = (fraction: number) => {
    const stepSize = fraction * criticalStepSize;
    const run = runReplication({ ...s, seed, horizon, policy: { ...p, stepSize } }, 0, { warmup });
    const latency = metricSample(run, "latency.mean")?.point;
    onRun?.(++runs, Math.max(runs, fractions.length));
    return { fraction, stepSize, latencyMean: latency !== undefined && Number.isFinite(latency) ? latency : null };
  };
  const candidates = fractions.map(measure);
  const lowest = () => Math.min(...candidates.map((c) => c.latencyMean ?? Infinity));
  // the best at an end of the grid means the optimum may lie beyond it: go on by factors of 3
  // (upward only where there is no fluid bound to stay under), a few candidates at most
  const upward = fractions[0]! > 1;
  for (let extra = 0; extra < PILOT_EXTENSIONS; extra++) {
    const best = lowest();
    if (!Number.isFinite(best)) break;
    if (upward && candidates[0]!.latencyMean === best) candidates.unshift(measure(candidates[0]!.fraction * 3));
    else if (candidates.at(-1)!.latencyMean === best) candidates.push(measure(candidates.at(-1)!.fraction / 3));
    else break;
  }
  const measured = candidates.filter((c) => c.latencyMean !== null);
  let chosen = candidates[0]!;
  if (measured.length > 0) {
    const best = lowest();
    chosen = measured.find((c) => c.latencyMean! <= best * (1 + PILOT_TIE))!;
  }
  const pilot: StepSizePilot = { horizon, warmup, seed, candidates, fraction: chosen.fraction };
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, pilot);
  return pilot;
}
