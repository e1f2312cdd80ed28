// `lbsim stability S`: DGD-LB's critical step size, numeric on the fluid model and analytic where it exists.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, write, type CommonOptions } from "./common.ts";
import { criticalStepSize, PERTURBATION, WINDOWS } from "../fluid/criticalStepSize.ts";
import { isSymmetric, symmetricCriticalStepSize } from "../fluid/symmetricStability.ts";

export function registerStability(program: Command): void {
  addCommonOptions(
    program
      .command("stability")
      .description("critical DGD-LB step size: bisection on the fluid model, and docs/model.md's formula in the symmetric case")
      .argument("<scenario>", "scenario JSON file (its policy is taken as dgd-lb with the scenario's update interval)"),
  ).action((file: string, opts: CommonOptions) => {
    const s = loadFromOptions(file, opts, "dgd-lb", true);
    if (s.policy.kind !== "dgd-lb") throw new Error("engine invariant violated: stability loads the scenario under dgd-lb");
    const updateInterval = s.policy.updateInterval;
    const symmetric = isSymmetric(s) ? symmetricCriticalStepSize(s) : null;
    // each trial is a fluid run: show them on a terminal, as they can take seconds each
    const onTrial = process.stderr.isTTY
      ? (t: { stepSize: number; stable: boolean; growthPerWindow: number }) => process.stderr.write(`stability: η = ${t.stepSize.toPrecision(5)} ${t.stable ? "decays" : "grows"} (log-amplitude slope ${t.growthPerWindow.toExponential(2)} per window)\n`)
      : undefined;
    const numeric = criticalStepSize(s, { guess: symmetric?.criticalStepSize, onTrial });
    const method =
      `bisection on the fluid model (update interval ${updateInterval} s): each trial starts at x* moved by ${PERTURBATION}, ` +
      `runs ${WINDOWS} windows of one oscillation period (${numeric.window.toPrecision(3)} s) and is stable when the least-squares slope of log(peak queue deviation) over the last half is negative; bracket to ${numeric.tolerance} relative`;
    const result = {
      criticalStepSize: numeric.criticalStepSize,
      analytic: symmetric ? symmetric.criticalStepSize : null,
      method,
      ...(symmetric ? { relativeDifference: numeric.criticalStepSize / symmetric.criticalStepSize - 1, symmetricCase: symmetric } : {}),
      trials: numeric.trials,
    };
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const lines = [`critical DGD-LB step size for ${s.name}`, `numeric (fluid model): ${numeric.criticalStepSize.toPrecision(5)}  (${numeric.trials.length} trials)`];
    if (symmetric) {
      lines.push(
        `analytic (docs/model.md section 5, symmetric case): ${symmetric.criticalStepSize.toPrecision(5)}  (τ = ${symmetric.tau} s, κ = ${symmetric.kappa.toPrecision(4)}, ω = ${symmetric.omega.toPrecision(4)})`,
        `numeric / analytic − 1 = ${(result.relativeDifference! * 100).toFixed(2)}%`,
      );
    } else lines.push("analytic: none (not the symmetric case: one frontend, two identical backends, equal latencies)");
    lines.push(`method: ${method}`);
    write(lines.join("\n"));
  });
}
