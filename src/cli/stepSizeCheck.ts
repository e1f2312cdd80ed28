// `run` and `compare` warn on stderr when a given DGD-LB step is above the scenario's critical step.
import type { Scenario } from "../model/scenario.ts";
import { stepSizeWarning } from "../stepSize/autoStepSize.ts";

export function warnAboutStepSize(scenarios: Scenario[]): void {
  for (const s of scenarios) {
    const warning = stepSizeWarning(s);
    if (warning) process.stderr.write(`warning: ${warning}\n`);
  }
}
