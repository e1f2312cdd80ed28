// `lbsim fluid S`: the fluid model's steady state under the scenario's policy, with its checks.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, write, UsageError, type CommonOptions } from "./common.ts";
import { fluidSteadyState } from "../fluid/steadyState.ts";
import { seriesFile } from "../report/fileSinks.ts";
import { alignColumns } from "../report/metricsTable.ts";
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

function inlineTrajectory(s: Scenario, run: FluidRun) {
  const B = s.backends.length;
  return run.samples.map((sample) => ({
    time: sample.time,
    queues: Object.fromEntries(s.backends.map((b, j) => [b.id, sample.queues[j]!])),
    throughput: Object.fromEntries(s.backends.map((b, j) => [b.id, sample.throughput[j]!])),
    routing: Object.fromEntries(s.frontends.map((f, i) => [f.id, Object.fromEntries(Array.from(f.allowed, (j) => [s.backends[j]!.id, sample.routing[i * B + j]!]))])),
  }));
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
    const report = fluidSteadyState(s, { horizon: positive("--horizon", opts.horizon), step: positive("--step", opts.step), sampleEvery: opts.trajectory ? s.sampleInterval : 0 });
    let trajectory: unknown;
    if (typeof opts.trajectory === "string") {
      writeTrajectory(opts.trajectory, s, report.run);
      trajectory = opts.trajectory;
    } else if (opts.trajectory) trajectory = inlineTrajectory(s, report.run);
    const { run: _run, ...rest } = report;
    const result = { ...rest, ...(trajectory !== undefined ? { trajectory } : {}) };
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const ss = report.steadyState;
    const lines = [
      `fluid model of ${s.name} under ${s.policy.kind}: ${report.horizon} s at step ${report.step.toPrecision(3)} s`,
      report.converged ? "converged: the state moved by less than 1e-7 (relative) over the last 10% of the horizon" : `NOT converged: the state still moved by ${report.lastWindowChange.toExponential(2)} (relative) over the last 10% of the horizon`,
      `step check: halving the step changes the state averaged over the last 10% by ${report.stepCheck.difference.toExponential(2)} (tolerance ${report.stepCheck.tolerance}) ${report.stepCheck.passed ? "ok" : report.converged ? "FAILED: give a smaller --step" : "FAILED: the trajectory keeps moving (oscillation or overload); its average depends on the step"}`,
      `mean latency L = ${(ss.objective * 1000).toFixed(3)} ms\n`,
    ];
    const rows = [["backend", "queue q_j"], ...Object.entries(ss.queues).map(([b, q]) => [b, q.toFixed(6)])];
    lines.push(alignColumns(rows), "");
    const routeRows = [["frontend", "backend", "share x_ij"]];
    for (const [f, row] of Object.entries(ss.routing)) for (const [b, x] of Object.entries(row)) routeRows.push([f, b, x.toFixed(6)]);
    lines.push(alignColumns(routeRows));
    if (typeof trajectory === "string") lines.push(`\ntrajectory written to ${trajectory}`);
    write(lines.join("\n"));
  });
}
