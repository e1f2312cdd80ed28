// DGD-LB's `stepSize: "auto"`: a fraction of the scenario's critical step size, found on the fluid model.
import type { Scenario, StepSizeChoice } from "../model/scenario.ts";
import { meanArrivalRate } from "../random/arrivals/registry.ts";
import { criticalStepSize } from "../fluid/criticalStepSize.ts";
import { longestLoopDelay } from "../fluid/fluidModel.ts";
import { isSymmetric, symmetricCriticalStepSize } from "../fluid/symmetricStability.ts";
import { StudyError } from "../experiment/studyError.ts";

/** Relative width of the bisection bracket for "auto": the step is a fraction of it anyway, so 1% is plenty. */
export const AUTO_TOLERANCE = 1e-2;

/**
 * Resolves "auto" to autoFraction × η_c, η_c from criticalStepSize (bisection on the fluid model,
 * started at the analytic value in the symmetric case). Where the search has no answer (stable at
 * every step: linear segments; chattering at every step: a kink of the curve at the optimum, as
 * linear-capped's at its slots) or would take minutes (large fleets, loop delays far longer than
 * the update interval), "auto" uses autoFraction × 1/(Λ·max(τ_max, Δ_update)), the scale at which
 * a step moves a frontend's routing by its whole load within one loop delay, and says so in
 * `method` and `reason`.
 */
export function resolveAutoStepSize(s: Scenario): Scenario {
  const p = s.policy;
  if (p.kind !== "dgd-lb" || p.stepSize !== "auto") return s;
  const probe: Scenario = { ...s, policy: { ...p, stepSize: 1 } };
  let critical: number;
  let method: StepSizeChoice["method"] = "fluid bisection";
  let reason: string | undefined;
  try {
    const guess = isSymmetric(probe) ? symmetricCriticalStepSize(probe).criticalStepSize : undefined;
    critical = criticalStepSize(probe, { guess, tolerance: AUTO_TOLERANCE }).criticalStepSize;
  } catch (e) {
    // no finite threshold (linear segments), chatter at a kink of the curve at the optimum, or a
    // search too long to run: fall back to the scale of the dynamics rather than refuse the run
    if (!(e instanceof StudyError)) throw e;
    const totalRate = s.frontends.reduce((sum, f) => sum + meanArrivalRate(f.arrivals, s.horizon), 0);
    critical = 1 / (totalRate * Math.max(longestLoopDelay(s), p.updateInterval));
    method = "1/(Λ·max(τ, Δ))";
    reason = e.message;
  }
  const stepSize = p.autoFraction * critical;
  const policy = { ...p, stepSize };
  return { ...s, policy, spec: { ...s.spec, policy }, stepSizeChoice: { criticalStepSize: critical, autoFraction: p.autoFraction, stepSize, method, ...(reason ? { reason } : {}) } };
}

/** Scenarios larger than this (frontends × backends) are not checked: the fluid bisection would take long. */
export const STEP_CHECK_MAX_ROUTES = 2000;

/** Bracket width of the critical step behind the warning: it only needs to say "above" and round η_c. */
export const WARNING_TOLERANCE = 5e-2;

/**
 * The warning `run` and `compare` print when a given DGD-LB step is above the scenario's critical
 * step ("auto" never is), or null. The comparison is with η_c itself (a bisection from below, about
 * half a second for three-regions): a single trial at the given step is not enough, because far
 * above η_c the fluid model can fall into bounded cycles that a short trial reads as settling.
 */
export function stepSizeWarning(s: Scenario): string | null {
  const p = s.policy;
  if (p.kind !== "dgd-lb" || p.stepSize === "auto" || s.stepSizeChoice !== null) return null;
  if (s.frontends.length * s.backends.length > STEP_CHECK_MAX_ROUTES) return null;
  try {
    const guess = isSymmetric(s) ? symmetricCriticalStepSize(s).criticalStepSize : undefined;
    const critical = criticalStepSize(s, { guess, tolerance: WARNING_TOLERANCE }).criticalStepSize;
    if (p.stepSize <= critical) return null;
    const fmt = (x: number) => Number(x.toPrecision(2)).toString();
    return `stepSize ${p.stepSize} is above this scenario's critical step ${fmt(critical)}: DGD-LB will oscillate; use "auto" or <= ${fmt(critical / 2)}`;
  } catch {
    return null; // no finite critical step, or the fluid model cannot settle: nothing precise to say
  }
}
