// `lbsim optimum S`: the central optimum x*, marginal latencies, L* and the KKT residual.
import type { Command } from "commander";
import { addCommonOptions, loadFromOptions, write, type CommonOptions } from "./common.ts";
import { optimumResult } from "../api/optimumResult.ts";
import { alignColumns } from "../report/metricsTable.ts";
import { csvField } from "../report/fileSinks.ts";

export function registerOptimum(program: Command): void {
  addCommonOptions(program.command("optimum").description("solve the central optimum routing (docs/model.md section 4)").argument("<scenario>", "scenario JSON file")).action(
    (file: string, opts: CommonOptions) => {
      const s = loadFromOptions(file, opts);
      const result = optimumResult(s);
      if (opts.json) return write(JSON.stringify(result, null, 2));
      if (opts.csv) {
        const lines = ["frontend,backend,share,marginalLatency (s)"];
        for (const [f, row] of Object.entries(result.routing)) for (const [b, x] of Object.entries(row)) lines.push(`${csvField(f)},${csvField(b)},${x},${result.marginalLatency[f]![b]}`);
        return write(lines.join("\n"));
      }
      const rows = [["frontend", "backend", "x*", "marginal latency (ms)"]];
      for (const [f, row] of Object.entries(result.routing)) for (const [b, x] of Object.entries(row)) rows.push([f, b, x.toFixed(6), (result.marginalLatency[f]![b]! * 1000).toFixed(3)]);
      write(alignColumns(rows));
      write(`\nL* = ${(result.objective * 1000).toFixed(4)} ms   KKT residual ${result.kktResidual.toExponential(2)}`);
    },
  );
}
