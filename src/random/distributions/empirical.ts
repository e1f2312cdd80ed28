import { uniformIndex, type Stream } from "../stream.ts";
import * as z from "zod";
import { sizeLaw, type Distribution } from "./distribution.ts";
import { nonEmptyString, positive, strict } from "../../input/fieldSchemas.ts";

export const empiricalSize = sizeLaw({
  kind: "empirical",
  schema: strict({
    kind: z.literal("empirical"),
    path: nonEmptyString("CSV file with a header row, relative to the scenario file"),
    column: nonEmptyString("numeric column holding one size per row"),
    sizeScale: positive("multiplies every value (e.g. to change the work unit)").default(1),
  }),
  build(spec, ctx) {
    const [values] = ctx.data.columns(spec.path, [spec.column], `${ctx.path}.path`);
    const scaled = values!.map((x) => x * spec.sizeScale);
    const bad = scaled.findIndex((x) => !(x > 0 && Number.isFinite(x)));
    if (bad >= 0) {
      ctx.report(`${ctx.path}.column`, `row ${bad + 2}: sizes must be finite and > 0 (got ${values![bad]})`);
      return null;
    }
    if (scaled.length === 0) {
      ctx.report(`${ctx.path}.path`, `${spec.path} has no data rows`);
      return null;
    }
    return empirical(scaled);
  },
});

/** Resamples the given values uniformly (the empirical distribution of a data column). */
export function empirical(values: Float64Array): Distribution {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  let max = -Infinity;
  for (const v of values) {
    ss += (v - mean) ** 2;
    if (v > max) max = v;
  }
  return {
    kind: "empirical",
    mean,
    max,
    variance: ss / values.length,
    sample: (rng: Stream) => values[uniformIndex(rng, values.length)]!,
  };
}
