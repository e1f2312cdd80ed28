// `lbsim fluid S`: the fluid model's steady state under the scenario's policy, with its checks.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, write, UsageError, type CommonOptions } from "./common.ts";
import { fluidResult } from "../api/fluidResult.ts";
import { progressBar } from "./progressBar.ts";
import { seriesFile } from "../report/fileSinks.ts";
import { alignColumns } from "../report/metricsTable.ts";
import { stepSizeLine } from "../report/studyOutput.ts";
import type { Scenario } from "../model/scenario.ts";
import type { FluidRun } from "../fluid/fluidModel.ts";

interface FluidOptions extends CommonOptions {
  trajectory?: string | boolean;
  horizon?: string;
  step?: string;
  policy?: string;
}

function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!(v > 0) || !Number.isFinite(v)) throw new UsageError(`${name} must be a positive number of seconds (got ${JSON.stringify(text)})`);
  return v;
}

/** The trajectory as --series rows: queues (inSystem = q_j, throughput = completions per second, capacity multiplier included) and routing shares. */
function writeTrajectory(path: string, s: Scenario, run: FluidRun): void {
  const out = seriesFile(path);
  const B = s.backends.length;
  for (const sample of run.samples) {
    s.backends.forEach((b, j) => out.backend(sample.time, b.id, sample.queues[j]!, sample.throughput[j]!));
    s.frontends.forEach((f, i) => f.allowed.forEach((j) => out.routing(sample.time, f.id, s.backends[j]!.id, sample.routing[i * B + j]!)));
  }
  out.close();
}

export function registerFluid(program: Command): void {
  addCommonOptions(
    program
      .command("fluid")
      .description("integrate the delay-differential fluid model (docs/model.md section 3) and report its steady state")
      .argument("<scenario>", "scenario JSON file")
      .option("--trajectory [file.csv]", "write the trajectory every sample.interval as CSV (same columns as --series); without a file, include it in --json")
      .option("--horizon <T>", "seconds to integrate (default: the scenario's horizon)")
      .option("--step <h>", "integration step in seconds (default: from the delays and update interval)")
      .option("--policy <kind>", "override the scenario's routing policy"),
  ).action((file: string, opts: FluidOptions) => {
    const s = loadFromOptions(file, opts, opts.policy);
    if (opts.csv) throw new UsageError("fluid has no table to write as CSV: use --trajectory FILE.csv for the trajectory, or --json");
    const bar = progressBar("fluid", "%");
    const { result, run } = fluidResult(s, {
      horizon: positive("--horizon", opts.horizon),
      step: positive("--step", opts.step),
      trajectory: Boolean(opts.trajectory),
      progress: (f) => bar.update(Math.floor(100 * f), 100),
      allowLong: opts.allowLong === true,
    });
    bar.stop();
    if (typeof opts.trajectory === "string") {
      writeTrajectory(opts.trajectory, s, run);
      result.trajectory = opts.trajectory;
    }
    const trajectory = result.trajectory;
    const report = result;
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const ss = report.steadyState;
    const lines = [
      `fluid model of ${s.name} under ${s.policy.kind}: ${report.horizon} s at step ${report.step.toPrecision(3)} s`,
      report.converged
        ? "converged: the state moved by less than 1e-7 (relative) over the last 10% of the horizon"
        : `NOT converged: the state still moved by ${report.lastWindowChange.toExponential(2)} (relative) over the last 10% of the horizon`,
      `step check: halving the step changes the state averaged over the last 10% by ${report.stepCheck.difference.toExponential(2)} (tolerance ${report.stepCheck.tolerance}) ${report.stepCheck.passed ? "ok" : report.converged ? "FAILED: give a smaller --step" : "FAILED: the trajectory keeps moving (oscillation or overload); its average depends on the step"}`,
      `mean latency L = ${(ss.objective * 1000).toFixed(3)} ms\n`,
    ];
    if (s.stepSizeChoice) lines.splice(1, 0, stepSizeLine("DGD-LB", s.stepSizeChoice));
    const rows = [["backend", "queue q_j"], ...Object.entries(ss.queues).map(([b, q]) => [b, q.toFixed(6)])];
    lines.push(alignColumns(rows), "");
    const routeRows = [["frontend", "backend", "share x_ij"]];
    for (const [f, row] of Object.entries(ss.routing)) for (const [b, x] of Object.entries(row)) routeRows.push([f, b, x.toFixed(6)]);
    lines.push(alignColumns(routeRows));
    if (typeof trajectory === "string") lines.push(`\ntrajectory written to ${trajectory}`);
    write(lines.join("\n"));
  });
}
