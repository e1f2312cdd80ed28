// `lbsim fit TABLE.csv`: an LLM engine fitted to a measured serving table by closed-loop simulation.
import type { Command } from "commander";
import { UsageError, parseIntOption, write } from "./common.ts";
import { readNumericColumns, InputFileError } from "../scenario/csvTable.ts";
import { fitEngineChoosingChunk, type MeasuredRow } from "../model/llm/fitEngine.ts";
import { alignColumns } from "../report/metricsTable.ts";

/** The columns a serving benchmark table must have (ms and tokens/s, as NVIDIA's NIM tables print). */
export const TABLE_COLUMNS = ["concurrency", "ttft_ms", "itl_ms", "output_tokens_per_s"];

interface FitOptions {
  input?: string;
  output?: string;
  combine: string;
  rows?: string;
  maxSequences?: string;
  chunkTokens?: string;
  json?: boolean;
}

export function registerFit(program: Command): void {
  program
    .command("fit")
    .description("fit an LLM engine (docs/model.md section 11) to a measured table by closed-loop simulation of chosen rows; prints predicted against measured for every row")
    .argument("<table>", `CSV with columns ${TABLE_COLUMNS.join(", ")} (closed loop: concurrency = clients)`)
    .option("--input <I>", "prompt tokens of every benchmark request")
    .option("--output <O>", "output tokens of every benchmark request")
    .option("--combine <max|sum>", "step-time form to fit", "max")
    .option("--rows <c1,c2,...>", "concurrencies of the rows to fit on (default: every row); the others are predicted")
    .option("--max-sequences <S>", "fix S instead of fitting it")
    .option("--chunk-tokens <K>", "fix the chunked-prefill budget (default: the best of none and 512 ... 16384 on the fitted rows)")
    .option("--json", "machine-readable result on stdout")
    .action((file: string, opts: FitOptions) => {
      if (opts.input === undefined || opts.output === undefined)
        throw new UsageError("--input and --output are required: the benchmark's prompt and output tokens per request (e.g. --input 5000 --output 500)");
      const input = parseIntOption("--input", opts.input, 1);
      const output = parseIntOption("--output", opts.output, 1);
      if (opts.combine !== "max" && opts.combine !== "sum") throw new UsageError(`--combine must be max or sum (got ${JSON.stringify(opts.combine)})`);
      let columns: Float64Array[];
      try {
        columns = readNumericColumns(file, "table", TABLE_COLUMNS);
      } catch (err) {
        if (err instanceof InputFileError) throw new UsageError(err.message);
        throw err;
      }
      const [concurrency, ttft, itl, throughput] = columns as [Float64Array, Float64Array, Float64Array, Float64Array];
      const table: MeasuredRow[] = Array.from(concurrency, (c, k) => ({ concurrency: c, ttft: ttft[k]! / 1000, itl: itl[k]! / 1000, throughput: throughput[k]! }));
      table.forEach((r, k) => {
        if (!(Number.isInteger(r.concurrency) && r.concurrency >= 1)) throw new UsageError(`${file}: row ${k + 2}: concurrency must be a whole number >= 1 (got ${r.concurrency})`);
        for (const [name, v] of [
          ["ttft_ms", r.ttft],
          ["itl_ms", r.itl],
          ["output_tokens_per_s", r.throughput],
        ] as const) {
          if (!(v > 0 && Number.isFinite(v))) throw new UsageError(`${file}: row ${k + 2}: ${name} must be a finite number > 0 (got ${v})`);
        }
      });
      const rows = opts.rows === undefined ? table.map((r) => r.concurrency) : opts.rows.split(",").map((c) => Number(c.trim()));
      const free = opts.maxSequences === undefined ? 4 : 3;
      if (rows.length * 3 < free)
        throw new UsageError(`--rows: ${rows.length} row(s) give ${rows.length * 3} measurements for ${free} parameters (a, b, c${free === 4 ? ", S" : ""}); choose more rows`);
      let result;
      try {
        result = fitEngineChoosingChunk(table, {
          input,
          output,
          combine: opts.combine,
          rows,
          ...(opts.maxSequences !== undefined ? { maxSequences: parseIntOption("--max-sequences", opts.maxSequences, 1) } : {}),
          ...(opts.chunkTokens !== undefined ? { chunkTokens: parseIntOption("--chunk-tokens", opts.chunkTokens, 1) } : {}),
        });
      } catch (err) {
        if (err instanceof RangeError) throw new UsageError(err.message);
        throw err;
      }
      if (opts.json) return write(JSON.stringify(result, null, 2));
      const pct = (p: number, m: number) => `${(100 * (p / m - 1)).toFixed(1)}%`;
      const lines = [
        ["concurrency", "fitted", "TTFT ms (measured)", "TTFT ms (predicted)", "error", "ITL ms (measured)", "ITL ms (predicted)", "error", "tokens/s (measured)", "tokens/s (predicted)", "error"],
      ];
      for (const r of result.rows) {
        lines.push([
          String(r.concurrency),
          r.fitted ? "yes" : "",
          (r.measured.ttft * 1000).toFixed(1),
          (r.predicted.ttft * 1000).toFixed(1),
          pct(r.predicted.ttft, r.measured.ttft),
          (r.measured.itl * 1000).toFixed(2),
          (r.predicted.itl * 1000).toFixed(2),
          pct(r.predicted.itl, r.measured.itl),
          r.measured.throughput.toFixed(1),
          r.predicted.throughput.toFixed(1),
          pct(r.predicted.throughput, r.measured.throughput),
        ]);
      }
      const e = result.engine;
      write(`engine fitted on rows ${rows.join(", ")} (${input} input / ${output} output tokens, ${result.evaluations} closed-loop simulations):`);
      write(JSON.stringify(e));
      write(
        `a = ${(e.stepBase * 1000).toPrecision(3)} ms, b = ${(e.stepPerSequence * 1000).toPrecision(3)} ms per sequence, c = ${(e.stepPerToken * 1e6).toPrecision(3)} µs per token, S = ${e.maxSequences}${e.chunkTokens ? `, K = ${e.chunkTokens}` : ", no chunk budget"}\n`,
      );
      write(alignColumns(lines));
      const m = result.maxRelativeError;
      const h = result.heldOutMaxRelativeError;
      write(`\nlargest error, every row: TTFT ${(100 * m.ttft).toFixed(1)}%, ITL ${(100 * m.itl).toFixed(1)}%, throughput ${(100 * m.throughput).toFixed(1)}%`);
      if (h) write(`largest error, rows not fitted on: TTFT ${(100 * h.ttft).toFixed(1)}%, ITL ${(100 * h.itl).toFixed(1)}%, throughput ${(100 * h.throughput).toFixed(1)}%`);
    });
}
