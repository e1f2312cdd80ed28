// `run`, `compare` and `sweep` warn on stderr when a given DGD-LB step is above the scenario's critical step.
import type { Scenario } from "../model/scenario.ts";
import { stepSizeWarning } from "../stepSize/autoStepSize.ts";

/**
 * One line per scenario whose step is above its critical step. Finding the critical step
 * integrates the fluid model (about 0.7 s on the shipped geo scenarios), so studies run this
 * beside their first replications (driveStudy's `alongside`) rather than before them.
 */
export function stepSizeWarnings(scenarios: Scenario[]): string[] {
  const out: string[] = [];
  for (const s of scenarios) {
    const warning = stepSizeWarning(s);
    if (warning) out.push(`warning: ${warning}`);
  }
  return out;
}

export function warnAboutStepSize(scenarios: Scenario[]): void {
  for (const line of stepSizeWarnings(scenarios)) process.stderr.write(`${line}\n`);
}
