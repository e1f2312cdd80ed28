import { standardNormal, uniform, type Stream } from "../stream.ts";
import * as z from "zod";
import { sizeLaw, type Distribution } from "./distribution.ts";
import { MAX_CV, positive, strict } from "../../input/fieldSchemas.ts";
import { log, pow } from "../../math/portableMath.ts";

export const gammaSize = sizeLaw({
  kind: "gamma",
  schema: strict({
    kind: z.literal("gamma"),
    mean: positive("mean work per request (work units; seconds for jitter)"),
    cv: positive("coefficient of variation: standard deviation / mean, at most 100").lte(MAX_CV, {
      error: (iss) => `must be at most ${MAX_CV} (got ${String(iss.input)}): beyond it the sampler's arithmetic under- or overflows (sizes of 0 or NaN)`,
    }),
  }),
  build: (spec) => gamma(spec.mean, spec.cv),
});

/**
 * Gamma with given mean and cv: shape α = 1/cv², scale θ = mean·cv².
 * Marsaglia–Tsang (2000) squeeze for α ≥ 1; for α < 1 the boost X·U^{1/α} with X ~ Gamma(α+1).
 */
export function gamma(mean: number, cv: number): Distribution {
  const shape = 1 / (cv * cv);
  const scale = mean * cv * cv;
  const boosted = shape < 1;
  const a = boosted ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const sampleStandard = (rng: Stream): number => {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = standardNormal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform(rng);
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (log(u) < 0.5 * x * x + d * (1 - v + log(v))) return d * v;
    }
  };
  return {
    kind: "gamma",
    mean,
    variance: (cv * mean) ** 2,
    sample: boosted ? (rng: Stream) => scale * sampleStandard(rng) * pow(uniform(rng), 1 / shape) : (rng: Stream) => scale * sampleStandard(rng),
  };
}
