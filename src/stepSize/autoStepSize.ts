// DGD-LB's `stepSize: "auto"`: a fraction of the scenario's critical step size (found on the fluid model), chosen by a pilot.
import { assertOpenArrivals } from "../model/loadCheck.ts";
import type { Scenario, StepSizeChoice, StepSizePilot } from "../model/scenario.ts";
import { meanArrivalRate } from "../random/arrivals/registry.ts";
import { criticalStepSize } from "../fluid/criticalStepSize.ts";
import { longestLoopDelay } from "../fluid/fluidModel.ts";
import { isSymmetric, symmetricCriticalStepSize } from "../fluid/symmetricStability.ts";
import { StudyError } from "../input/studyError.ts";
import { workNotice } from "../input/workNotice.ts";
import { PILOT_FRACTIONS, PILOT_MULTIPLES_WITHOUT_BOUND, stepSizePilot } from "./stepSizePilot.ts";

/** Relative width of the bisection bracket for "auto": the step is a fraction of it anyway, so 1% is plenty. */
export const AUTO_TOLERANCE = 1e-2;

/**
 * Resolves "auto" to a fraction of η_c, η_c from criticalStepSize (bisection on the fluid model,
 * started at the analytic value in the symmetric case). The fraction is the policy's
 * autoFraction when given, else the pilot's choice (stepSizePilot: short runs at 0.5 ... 0.002
 * of η_c on common random numbers): η_c is a large-N bound, and how far below it a finite fleet
 * does best depends on its noise. Where the search has no answer (stable at every step: linear
 * segments; chattering at every step: a kink of the curve at the optimum, as linear-capped's at
 * its slots) or would take minutes (large fleets, loop delays far longer than the update
 * interval), η_c is replaced by 1/(Λ·max(τ_max, Δ_update)), the scale at which a step moves a
 * frontend's routing by its whole load within one loop delay, and `method` and `reason` say so.
 */
export function resolveAutoStepSize(s: Scenario): Scenario {
  const p = s.policy;
  if (p.kind !== "dgd-lb" || p.stepSize !== "auto") return s;
  assertOpenArrivals(s, 'DGD-LB\'s "auto" step');
  const probe: Scenario = { ...s, policy: { ...p, stepSize: 1 } };
  const heard = longWorkNotices(s);
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
  const pilot = p.autoFraction === undefined ? stepSizePilot(s, critical, method === "fluid bisection" ? PILOT_FRACTIONS : PILOT_MULTIPLES_WITHOUT_BOUND, heard.pilotRun) : undefined;
  const fraction = pilot ? pilot.fraction : p.autoFraction!;
  const stepSize = fraction * critical;
  heard.done(stepSize);
  const policy = { ...p, stepSize };
  const choice: StepSizeChoice = {
    criticalStepSize: critical,
    autoFraction: fraction,
    stepSize,
    method,
    ...(reason ? { reason } : {}),
    fractionFrom: pilot ? "pilot" : "autoFraction",
    ...(pilot ? { pilot } : {}),
    why: whyText(critical, method, fraction, pilot),
  };
  return { ...s, policy, spec: { ...s.spec, policy }, stepSizeChoice: choice };
}

const fmt = (x: number) => Number(x.toPrecision(3)).toString();

/** Seconds of "auto" after which a line says where it is (and again this often). */
export const NOTICE_AFTER = 2;

/**
 * What "auto" says while it works (workNotice): a line up front where the fleet is large (the
 * optimum and the fluid search run without a break for seconds) and the choice at the end; on the
 * way, the pilot's progress every NOTICE_AFTER seconds once it has run that long (a progress
 * notice: it depends on the clock, so the CLI shows it only in a terminal).
 */
function longWorkNotices(s: Scenario) {
  const started = performance.now();
  let lastSaid = started;
  const F = s.frontends.length;
  const B = s.backends.length;
  const large = F * B > STEP_CHECK_MAX_ROUTES;
  if (large) workNotice(`DGD-LB stepSize "auto" with ${F} frontends × ${B} backends: finding the critical step and piloting step sizes (a number for policy.stepSize skips this)`);
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  return {
    pilotRun(done: number, planned: number) {
      if (performance.now() - lastSaid < NOTICE_AFTER * 1000) return;
      lastSaid = performance.now();
      workNotice(`DGD-LB stepSize "auto": pilot run ${done} of ${planned}, ${seconds()} s so far`, true);
    },
    done(stepSize: number) {
      if (large) workNotice(`DGD-LB stepSize "auto": ${fmt(stepSize)}, chosen in ${seconds()} s`);
    },
  };
}

function whyText(critical: number, method: StepSizeChoice["method"], fraction: number, pilot: StepSizePilot | undefined): string {
  const scale = method === "fluid bisection" ? `the critical step ${fmt(critical)} (fluid model)` : `1/(Λ·max(τ, Δ)) = ${fmt(critical)} (the fluid model gives no critical step)`;
  if (!pilot) return `${fraction} × ${scale}, as autoFraction asks`;
  const best = pilot.candidates.find((c) => c.fraction === fraction)!;
  const latency = best.latencyMean === null ? "" : ` (mean latency ${fmt(best.latencyMean * 1000)} ms)`;
  return `${fraction} × ${scale}: the best of ${pilot.candidates.length} pilot runs of ${fmt(pilot.horizon)} s on common random numbers at ${fmt(pilot.candidates[0]!.fraction)} to ${fmt(pilot.candidates.at(-1)!.fraction)} ×${latency}`;
}

/** Scenarios larger than this (frontends × backends) are not checked: the fluid bisection would take long. */
export const STEP_CHECK_MAX_ROUTES = 2000;

/**
 * η_c behind the warning, by scenario with its step left out, or a lower bound of it (when the
 * search stopped once it knew the step was below): a sweep over the step searches again only for
 * a step above a bound.
 */
const criticalForWarning = new Map<string, { value: number; lowerBound: boolean }>();

/** Bracket width of the critical step behind the warning: it only needs to say "above" and round η_c. */
export const WARNING_TOLERANCE = 5e-2;

/**
 * The warning `run` and `compare` print when a given DGD-LB step is above the scenario's critical
 * step ("auto" never is), or null. The comparison is with η_c as its search finds it (bracket and
 * bisection from below; a step below the bracket's stable end needs no bisection, so three-regions'
 * 0.04 against η_c ≈ 4 takes 8 trials, not 12): a single trial at the given step is not enough,
 * because far above η_c the fluid model can fall into bounded cycles that a short trial reads as
 * settling.
 */
export function stepSizeWarning(s: Scenario): string | null {
  const p = s.policy;
  if (p.kind !== "dgd-lb" || p.stepSize === "auto" || s.stepSizeChoice !== null) return null;
  if (s.frontends.length * s.backends.length > STEP_CHECK_MAX_ROUTES) return null;
  try {
    const key = JSON.stringify([s.file, { ...s.spec, policy: { ...p, stepSize: 1 } }]);
    let known = criticalForWarning.get(key);
    if (known === undefined || (known.lowerBound && p.stepSize > known.value)) {
      const guess = isSymmetric(s) ? symmetricCriticalStepSize(s).criticalStepSize : undefined;
      // below the bracket's stable end the step is below η_c: the bisection would only say how far
      const found = criticalStepSize(s, { guess, tolerance: WARNING_TOLERANCE, atLeast: p.stepSize });
      known = { value: found.criticalStepSize, lowerBound: found.lowerBound === true };
      if (criticalForWarning.size >= 256) criticalForWarning.clear();
      criticalForWarning.set(key, known);
    }
    if (p.stepSize <= known.value) return null;
    return `stepSize ${p.stepSize} is above this scenario's critical step ${Number(known.value.toPrecision(2))}: DGD-LB will oscillate; use "auto" (a pilot picks a step below it for this fleet's scale)`;
  } catch {
    return null; // no finite critical step, or the fluid model cannot settle: nothing precise to say
  }
}
