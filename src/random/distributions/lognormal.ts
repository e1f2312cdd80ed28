import { standardNormal, type Stream } from "../stream.ts";
import type { Distribution } from "./distribution.ts";

/**
 * Lognormal with given mean m and coefficient of variation cv:
 * σ² = ln(1 + cv²), μ = ln m − σ²/2, so E = m and Var = (cv·m)².
 */
export function lognormal(mean: number, cv: number): Distribution {
  const sigma2 = Math.log(1 + cv * cv);
  const sigma = Math.sqrt(sigma2);
  const mu = Math.log(mean) - sigma2 / 2;
  return {
    kind: "lognormal",
    mean,
    variance: (cv * mean) ** 2,
    sample: (rng: Stream) => Math.exp(mu + sigma * standardNormal(rng)),
  };
}
