// Homogeneous Poisson arrivals: exponential gaps at rate λ.
import * as z from "zod";
import { standardExponential } from "../exponentialZiggurat.ts";
import { arrivalKind } from "./arrivalKind.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";

export interface PoissonArrivals {
  kind: "poisson";
  rate: number;
}

export const poissonArrivals = arrivalKind({
  kind: "poisson",
  schema: strict({ kind: z.literal("poisson"), rate: positive("λ: requests per second") }),
  resolve: (spec): PoissonArrivals => ({ kind: "poisson", rate: spec.rate }),
  process(data: PoissonArrivals, scale) {
    const rate = data.rate * scale;
    return { next: (rng, now) => now + standardExponential(rng) / rate, size: NaN, input: NaN, output: NaN };
  },
  meanRate: (data) => data.rate,
  rateFunction: (data) => () => data.rate,
  scaleLoad(spec, factor) {
    if (typeof spec.rate === "number") spec.rate *= factor;
  },
});
