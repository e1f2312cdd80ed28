// Exponential size law (the default): memoryless, cv 1.
import * as z from "zod";
import { sizeLaw, type Distribution } from "./distribution.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";
import type { Stream } from "../stream.ts";
import { standardExponential } from "../exponentialZiggurat.ts";

export const exponentialSize = sizeLaw({
  kind: "exponential",
  schema: strict({ kind: z.literal("exponential"), mean: positive("mean work per request (work units; seconds for jitter)") }),
  build: (spec) => exponential(spec.mean),
});

/** Exponential with the given mean: mean × a ziggurat Exp(1) draw. Variance mean². */
export function exponential(mean: number): Distribution {
  return {
    kind: "exponential",
    mean,
    variance: mean * mean,
    sample: (rng: Stream) => mean * standardExponential(rng),
  };
}
