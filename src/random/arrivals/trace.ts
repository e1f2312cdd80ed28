// Trace arrivals: replay recorded arrival times (and sizes) from a CSV file.
import * as z from "zod";
import { arrivalKind } from "./arrivalKind.ts";
import { finite, integerAtLeast, nonEmptyString, positive, strict } from "../../input/fieldSchemas.ts";

export interface TraceArrivals {
  kind: "trace";
  times: Float64Array;
  sizes: Float64Array | null;
  /** Prompt and output token counts per request (LLM scenarios), or null. */
  inputTokens: Float64Array | null;
  outputTokens: Float64Array | null;
  /** Declared mean work per request (what policies may assume), or null. */
  meanSize: number | null;
}

/** Bin width used to turn a replayed trace into a piecewise-constant rate for the fluid model. */
export const TRACE_RATE_BIN = 1;

export const traceArrivals = arrivalKind({
  kind: "trace",
  schema: strict({
    kind: z.literal("trace"),
    path: nonEmptyString("CSV file with a header row, relative to the scenario file"),
    timeColumn: nonEmptyString("column of arrival times in seconds, sorted").default("arrival_s"),
    sizeColumn: nonEmptyString("column of request sizes (work units); omit to draw sizes from requestSize").optional(),
    timeScale: positive("multiplies every arrival time (0.2 replays 5x faster)").default(1),
    sizeScale: positive("multiplies every size").default(1),
    offset: finite("seconds added to every (scaled) arrival time").default(0),
    stride: integerAtLeast(1, "take every stride-th row (to deal a trace out to several frontends)").default(1),
    phase: integerAtLeast(0, "first row taken, 0 <= phase < stride").default(0),
    meanSize: positive("mean work per request the frontend may assume; omit to learn it from the requests seen so far").optional(),
    inputColumn: nonEmptyString("column of prompt (input) token counts, for LLM engines").optional(),
    outputColumn: nonEmptyString("column of output token counts, for LLM engines").optional(),
  }),
  resolve(spec, ctx): TraceArrivals | null {
    if (spec.phase >= spec.stride) {
      ctx.report(`${ctx.path}.phase`, `must be less than stride (got ${spec.phase} >= ${spec.stride})`);
      return null;
    }
    if ((spec.inputColumn === undefined) !== (spec.outputColumn === undefined)) {
      ctx.report(
        `${ctx.path}.${spec.inputColumn === undefined ? "inputColumn" : "outputColumn"}`,
        "required with the other: give both inputColumn and outputColumn (token counts for LLM engines), or neither",
      );
      return null;
    }
    const names = spec.sizeColumn ? [spec.timeColumn, spec.sizeColumn] : [spec.timeColumn];
    const tokenNames = spec.inputColumn !== undefined && spec.outputColumn !== undefined ? [spec.inputColumn, spec.outputColumn] : [];
    const cols = ctx.data.columns(spec.path, [...names, ...tokenNames], `${ctx.path}.path`);
    const rawTimes = cols[0]!;
    const n = Math.max(0, Math.ceil((rawTimes.length - spec.phase) / spec.stride));
    const times = new Float64Array(n);
    const sizes = spec.sizeColumn ? new Float64Array(n) : null;
    const inputTokens = tokenNames.length ? new Float64Array(n) : null;
    const outputTokens = tokenNames.length ? new Float64Array(n) : null;
    for (let k = 0, r = spec.phase; r < rawTimes.length; r += spec.stride, k++) {
      if (r > spec.phase && rawTimes[r]! < rawTimes[r - spec.stride]!) {
        ctx.report(`${ctx.path}.path`, `row ${r + 2}: ${spec.timeColumn} decreases (${rawTimes[r]} after ${rawTimes[r - spec.stride]}); sort the trace by time`);
        return null;
      }
      times[k] = rawTimes[r]! * spec.timeScale + spec.offset;
      if (sizes) {
        const s = cols[1]![r]! * spec.sizeScale;
        if (!(s > 0 && Number.isFinite(s))) {
          ctx.report(`${ctx.path}.path`, `row ${r + 2}: ${spec.sizeColumn} must be finite and > 0 (got ${cols[1]![r]})`);
          return null;
        }
        sizes[k] = s;
      }
      if (inputTokens && outputTokens) {
        for (const [m, column, into] of [
          [names.length, spec.inputColumn!, inputTokens],
          [names.length + 1, spec.outputColumn!, outputTokens],
        ] as const) {
          const v = cols[m]![r]!;
          if (!(Number.isInteger(v) && v >= 1)) {
            ctx.report(`${ctx.path}.path`, `row ${r + 2}: ${column} must be a whole number of tokens >= 1 (got ${v})`);
            return null;
          }
          into[k] = v;
        }
      }
    }
    if (n > 0 && times[0]! < 0) {
      ctx.report(`${ctx.path}.offset`, `shifted arrival times must be >= 0 (first is ${times[0]})`);
      return null;
    }
    return { kind: "trace", times, sizes, inputTokens, outputTokens, meanSize: spec.meanSize ?? null };
  },
  /** Replays the times (and sizes, when the trace has a size column); draws nothing. */
  process(data: TraceArrivals) {
    const { times, sizes, inputTokens, outputTokens } = data;
    let k = 0;
    const p = {
      size: NaN,
      input: NaN,
      output: NaN,
      next() {
        if (k >= times.length) return Infinity;
        if (sizes) p.size = sizes[k]!;
        if (inputTokens && outputTokens) {
          p.input = inputTokens[k]!;
          p.output = outputTokens[k]!;
        }
        return times[k++]!;
      },
    };
    return p;
  },
  meanRate(data: TraceArrivals, horizon) {
    let count = 0;
    for (const t of data.times) if (t <= horizon) count++;
    return count / horizon;
  },
  /** Replayed `factor` times faster. */
  scaleLoad(spec, factor) {
    spec.timeScale = (typeof spec.timeScale === "number" ? spec.timeScale : 1) / factor;
  },
  carriedSizes(data: TraceArrivals) {
    const { times, sizes } = data;
    if (!sizes) return null;
    return {
      mean(horizon: number) {
        let sum = 0;
        let n = 0;
        for (; n < times.length && times[n]! <= horizon; n++) sum += sizes[n]!;
        return n > 0 ? sum / n : NaN;
      },
      declaredMean: data.meanSize,
    };
  },
  /** Arrivals per TRACE_RATE_BIN-second bin: the fluid sees the trace's rate, not its requests. */
  rateFunction(data: TraceArrivals) {
    const times = data.times;
    const last = times.length ? times[times.length - 1]! : 0;
    const counts = new Float64Array(Math.floor(last / TRACE_RATE_BIN) + 1);
    for (const t of times) if (t >= 0) counts[Math.floor(t / TRACE_RATE_BIN)]! += 1;
    return (t) => {
      const bin = Math.floor(t / TRACE_RATE_BIN);
      return t < 0 || bin >= counts.length ? 0 : counts[bin]! / TRACE_RATE_BIN;
    };
  },
});
