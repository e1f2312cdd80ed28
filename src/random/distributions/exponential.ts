import { uniform, type Stream } from "../stream.ts";
import type { Distribution } from "./distribution.ts";

/** Exponential with the given mean, by inversion: -mean·ln(U). Variance mean². */
export function exponential(mean: number): Distribution {
  return {
    kind: "exponential",
    mean,
    variance: mean * mean,
    sample: (rng: Stream) => -mean * Math.log(uniform(rng)),
  };
}
