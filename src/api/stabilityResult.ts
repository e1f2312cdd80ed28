// What `lbsim stability --json` prints and the library's criticalStepSize returns.
import type { Scenario } from "../model/scenario.ts";
import { criticalStepSize, MAX_STABILITY_WORK, PERTURBATION, WINDOWS, type GrowthTrial } from "../fluid/criticalStepSize.ts";
import { isSymmetric, symmetricCriticalStepSize, type SymmetricCase } from "../fluid/symmetricStability.ts";
import { withPolicy } from "../scenario/loadScenario.ts";
import { assertLoadedScenario } from "./loadedScenario.ts";

export interface StabilityResult {
  criticalStepSize: number;
  /** The formula of docs/model.md section 5 in the symmetric case, else null. */
  analytic: number | null;
  method: string;
  relativeDifference?: number;
  symmetricCase?: SymmetricCase;
  trials: GrowthTrial[];
}

/** The scenario is taken under dgd-lb with its own update interval (its step size is what is sought). */
export function stabilityResult(scenario: Scenario, onTrial?: (t: GrowthTrial) => void, allowLong = false): StabilityResult {
  assertLoadedScenario(scenario, "criticalStepSize");
  const s = scenario.policy.kind === "dgd-lb" ? scenario : withPolicyKeepingAuto(scenario);
  if (s.policy.kind !== "dgd-lb") throw new Error("engine invariant violated: stability needs a dgd-lb scenario");
  const symmetric = isSymmetric(s) ? symmetricCriticalStepSize(s) : null;
  const numeric = criticalStepSize(s, { guess: symmetric?.criticalStepSize, onTrial, allowLong, maxWork: MAX_STABILITY_WORK });
  const method =
    `bisection on the fluid model (update interval ${numeric.updateInterval === s.policy.updateInterval ? `${s.policy.updateInterval} s` : `${Number(numeric.updateInterval.toPrecision(3))} s: the scenario's ${s.policy.updateInterval} s is under a hundredth of the loop delay, so the continuous-time model is integrated at the same gain`}): each trial starts at x* moved by ${PERTURBATION}, ` +
    `runs ${WINDOWS} windows of one oscillation period (${numeric.window.toPrecision(3)} s) and is stable when the least-squares slope of log(peak-to-peak queue amplitude per window) over the last half is negative or the amplitude has decayed to the rounding floor; bracket to ${numeric.tolerance} relative`;
  return {
    criticalStepSize: numeric.criticalStepSize,
    analytic: symmetric ? symmetric.criticalStepSize : null,
    method,
    ...(symmetric ? { relativeDifference: numeric.criticalStepSize / symmetric.criticalStepSize - 1, symmetricCase: symmetric } : {}),
    trials: numeric.trials,
  };
}

/** Under dgd-lb without resolving "auto" (the critical step is what stability computes). */
function withPolicyKeepingAuto(s: Scenario): Scenario {
  return withPolicy(s, "dgd-lb", { keepAutoStep: true });
}
