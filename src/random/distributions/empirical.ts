import { uniformIndex, type Stream } from "../stream.ts";
import type { Distribution } from "./distribution.ts";

/** Resamples the given values uniformly (the empirical distribution of a data column). */
export function empirical(values: Float64Array): Distribution {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return {
    kind: "empirical",
    mean,
    variance: ss / values.length,
    sample: (rng: Stream) => values[uniformIndex(rng, values.length)]!,
  };
}
