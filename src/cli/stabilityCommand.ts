// `lbsim stability S`: DGD-LB's critical step size, numeric on the fluid model and analytic where it exists.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, UsageError, write, type CommonOptions } from "./common.ts";
import { stabilityResult } from "../api/stabilityResult.ts";

export function registerStability(program: Command): void {
  addCommonOptions(
    program
      .command("stability")
      .description("critical DGD-LB step size: bisection on the fluid model, and docs/model.md's formula in the symmetric case")
      .argument("<scenario>", "scenario JSON file (its policy is taken as dgd-lb with the scenario's update interval)"),
  ).action((file: string, opts: CommonOptions) => {
    if (opts.csv) throw new UsageError("stability has no table to write as CSV: use --json");
    const s = loadFromOptions(file, opts, "dgd-lb", true);
    // each trial is a fluid run: show them on a terminal
    const onTrial = process.stderr.isTTY
      ? (t: { stepSize: number; stable: boolean; growthPerWindow: number }) =>
          process.stderr.write(`stability: η = ${t.stepSize.toPrecision(5)} ${t.stable ? "decays" : "grows"} (log-amplitude slope ${t.growthPerWindow.toExponential(2)} per window)\n`)
      : undefined;
    const result = stabilityResult(s, onTrial, opts.allowLong === true);
    const symmetric = result.symmetricCase;
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const lines = [`critical DGD-LB step size for ${s.name}`, `numeric (fluid model): ${result.criticalStepSize.toPrecision(5)}  (${result.trials.length} trials)`];
    if (symmetric) {
      lines.push(
        `analytic (docs/model.md section 5, symmetric case): ${symmetric.criticalStepSize.toPrecision(5)}  (τ = ${symmetric.tau} s, κ = ${symmetric.kappa.toPrecision(4)}, ω = ${symmetric.omega.toPrecision(4)})`,
        `numeric / analytic − 1 = ${(result.relativeDifference! * 100).toFixed(2)}%`,
      );
    } else lines.push("analytic: none (not the symmetric case: one frontend, two identical backends, equal latencies)");
    lines.push(`method: ${result.method}`);
    write(lines.join("\n"));
  });
}
