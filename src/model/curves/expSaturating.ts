// Exponential-saturating curve kind: m·(1 − e^{−n/k}).
import * as z from "zod";
import { curveKind, type Curve } from "./curve.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";
import { exp, expm1, log, log1p } from "../../math/portableMath.ts";

export const expSaturatingCurve = curveKind({
  kind: "exp-saturating",
  schema: strict({
    kind: z.literal("exp-saturating"),
    max: positive("plateau m: work per second as n grows without bound"),
    scale: positive("k: the number present at which throughput is m·(1 − 1/e)"),
  }),
  build: (spec) => ({ curve: expSaturating(spec.max, spec.scale), fit: null }),
});

/** m·(1 − e^{−n/k}). mu' = (m/k)·e^{−n/k}, Q(a) = −k·ln(1 − a/m). */
export function expSaturating(max: number, scale: number): Curve {
  const derivative = (n: number) => (max / scale) * exp(-n / scale);
  return {
    kind: "exp-saturating",
    rate: (n) => -max * expm1(-n / scale),
    derivative,
    leftDerivative: derivative,
    inverse: (a) => (a < max ? -scale * log1p(-a / max) : Infinity),
    // (m/k)·e^{−n/k} = s  <=>  n = k·ln(m/(k·s))
    workloadAtSlope: (s) => Math.max(0, scale * log(max / (scale * s))),
    sup: max,
  };
}
