import { standardNormal, type Stream } from "../stream.ts";
import * as z from "zod";
import { sizeLaw, type Distribution } from "./distribution.ts";
import { MAX_CV, positive, strict } from "../../input/fieldSchemas.ts";
import { exp, log } from "../../math/portableMath.ts";

export const lognormalSize = sizeLaw({
  kind: "lognormal",
  schema: strict({
    kind: z.literal("lognormal"),
    mean: positive("mean work per request (work units; seconds for jitter)"),
    cv: positive("coefficient of variation: standard deviation / mean, at most 100").lte(MAX_CV, {
      error: (iss) => `must be at most ${MAX_CV} (got ${String(iss.input)}): beyond it the sampler's arithmetic under- or overflows (sizes of 0 or NaN)`,
    }),
  }),
  build: (spec) => lognormal(spec.mean, spec.cv),
});

/**
 * Lognormal with given mean m and coefficient of variation cv:
 * σ² = ln(1 + cv²), μ = ln m − σ²/2, so E = m and Var = (cv·m)².
 */
export function lognormal(mean: number, cv: number): Distribution {
  const sigma2 = log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = log(mean) - sigma2 / 2;
  return {
    kind: "lognormal",
    mean,
    variance: (cv * mean) ** 2,
    sample: (rng: Stream) => exp(mu + sigma * standardNormal(rng)),
  };
}
