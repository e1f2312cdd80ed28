// `lbsim optimum S`: the central optimum x*, marginal latencies, L* and the KKT residual.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, write, type CommonOptions } from "./common.ts";
import { solveScenarioOptimum } from "../optimum/solveOptimum.ts";
import { alignColumns } from "../report/metricsTable.ts";
import type { Scenario } from "../model/scenario.ts";

/** {fe: {be: value}} over each frontend's compatibility set. */
export function perRoute(s: Scenario, values: Float64Array): Record<string, Record<string, number>> {
  const B = s.backends.length;
  const out: Record<string, Record<string, number>> = {};
  s.frontends.forEach((f, i) => {
    out[f.id] = {};
    for (const j of f.allowed) out[f.id]![s.backends[j]!.id] = values[i * B + j]!;
  });
  return out;
}

export function registerOptimum(program: Command): void {
  addCommonOptions(
    program.command("optimum").description("solve the central optimum routing (docs/model.md section 4)").argument("<scenario>", "scenario JSON file"),
  ).action((file: string, opts: CommonOptions) => {
    const s = loadFromOptions(file, opts);
    const opt = solveScenarioOptimum(s);
    const result = {
      objective: opt.objective,
      routing: perRoute(s, opt.routing),
      marginalLatency: perRoute(s, opt.marginalLatency),
      kktResidual: opt.kktResidual,
      queues: Object.fromEntries(s.backends.map((b, j) => [b.id, opt.queues[j]!])),
      load: Object.fromEntries(s.backends.map((b, j) => [b.id, opt.load[j]!])),
    };
    if (opts.json) return write(JSON.stringify(result, null, 2));
    const rows = [["frontend", "backend", "x*", "marginal latency (ms)"]];
    const B = s.backends.length;
    s.frontends.forEach((f, i) => {
      for (const j of f.allowed) rows.push([f.id, s.backends[j]!.id, opt.routing[i * B + j]!.toFixed(6), (opt.marginalLatency[i * B + j]! * 1000).toFixed(3)]);
    });
    const text = opts.csv ? rows.map((r) => r.join(",")).join("\n") : alignColumns(rows);
    write(text);
    if (!opts.csv) write(`\nL* = ${(opt.objective * 1000).toFixed(4)} ms   KKT residual ${opt.kktResidual.toExponential(2)}`);
  });
}
