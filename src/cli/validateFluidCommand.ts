// `lbsim validate-fluid S --scales 1,4,16,64`: distance between the scaled stochastic and the fluid trajectory.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, parseIntOption, UsageError, write, type CommonOptions } from "./common.ts";
import { validateFluid } from "../fluid/fluidValidation.ts";
import { alignColumns, estimateCells } from "../report/metricsTable.ts";
import { withSpec } from "../scenario/loadScenario.ts";
import { progressBar } from "./progressBar.ts";

interface ValidateOptions extends CommonOptions {
  scales?: string;
  replications?: string;
  grid?: string;
}

/** A routing error this large at every scale means the stochastic routing reaches the simplex's corners (x* = 1/2 is 0.5 from them). */
const ROUTING_SATURATED = 0.45;

export function registerValidateFluid(program: Command): void {
  addCommonOptions(
    program
      .command("validate-fluid")
      .description("run the simulator at scales N and measure sup_t |n(t)/N − q(t)| against the fluid trajectory")
      .argument("<scenario>", "scenario JSON file")
      .option("--scales <N,N,...>", "scales to simulate (default 1,4,16,64)")
      .option("--replications <R>", "replications per scale (default 5)")
      .option("--grid <dt>", "sampling grid in seconds (default: horizon/200)"),
  ).action((file: string, opts: ValidateOptions) => {
    const scales = (opts.scales ?? "1,4,16,64").split(",").map((t) => Number(t.trim()));
    if (scales.length < 2 || scales.some((n) => !(n > 0) || !Number.isFinite(n)))
      throw new UsageError(`--scales must list at least two positive numbers, e.g. --scales 1,4,16,64 (got ${JSON.stringify(opts.scales)})`);
    const replications = parseIntOption("--replications", opts.replications, 5, 2);
    const probe = loadFromOptions(file, opts);
    const grid = opts.grid === undefined ? probe.horizon / 200 : Number(opts.grid);
    if (!(grid > 0) || grid > probe.horizon) throw new UsageError(`--grid must be a positive number of seconds below the horizon (got ${JSON.stringify(opts.grid)})`);
    // every scale from the one loaded scenario: no file is read twice
    const at = (scale: number) => withSpec(probe, (spec) => Object.assign(spec, { scale, sample: { interval: grid } }));
    const bar = progressBar("validate-fluid");
    const v = validateFluid(at, scales, replications, bar.update);
    bar.stop();
    if (opts.json) return write(JSON.stringify(v, null, 2));
    if (opts.csv) {
      const lines = ["scale,quantity,estimate,halfWidth,level,n,method"];
      for (const p of v.points) lines.push(`${p.scale},queueError,${estimateCells(p.error)}`, `${p.scale},routingError,${estimateCells(p.routingError)}`);
      return write(lines.join("\n"));
    }
    const f = (x: number | null) => (x === null ? "-" : x.toPrecision(3));
    const rows = [["scale N", "sup |n/N − q| (requests/N)", "± 95%", "sup |x̂ − x| (fraction)", "± 95%"]];
    for (const p of v.points) rows.push([String(p.scale), f(p.error.estimate), f(p.error.halfWidth), f(p.routingError.estimate), f(p.routingError.halfWidth)]);
    const saturated = v.points.every((p) => (p.routingError.estimate ?? 0) >= ROUTING_SATURATED);
    const note = saturated
      ? `\nthe routing error is saturated (at least ${ROUTING_SATURATED} at every N): at these scales DGD-LB's step sends the stochastic routing to a corner of the simplex at some grid time (the held counts' noise times the step), so sup |x̂ − x| measures that, not the fluid limit, and its slope is about 0; a smaller step (e.g. --set policy.stepSize=${Number((probe.policy.kind === "dgd-lb" && typeof probe.policy.stepSize === "number" ? probe.policy.stepSize / 10 : 0.1).toPrecision(2))}) or larger scales show the N^−1/2 decay`
      : "";
    write(
      `fluid-limit check for ${probe.name}: ${replications} replications per scale, grid ${grid} s\n\n${alignColumns(rows)}\n\nlog-log slope: queues ${v.slope.toFixed(3)}, routing ${v.routingSlope.toFixed(3)} (fluid limit theory: −0.5)${note}`,
    );
  });
}
