// Power curve kind: a·n^p, concave for 0 < p <= 1 and unbounded.
import * as z from "zod";
import { curveKind, type Curve } from "./curve.ts";
import { positive, strict, unitInterval } from "../../input/fieldSchemas.ts";
import { pow } from "../../math/portableMath.ts";

export const powerCurve = curveKind({
  kind: "power",
  schema: strict({
    kind: z.literal("power"),
    coef: positive("a: work per second with one request present"),
    exponent: unitInterval("p in (0, 1]: concave for p <= 1"),
  }),
  build: (spec) => ({ curve: power(spec.coef, spec.exponent), fit: null }),
});

/** a·n^p, 0 < p ≤ 1. mu' = a·p·n^{p−1} (Infinity at 0 when p < 1), Q(y) = (y/a)^{1/p}. Unbounded. */
export function power(coef: number, exponent: number): Curve {
  const derivative = (n: number) => (exponent === 1 ? coef : coef * exponent * pow(n, exponent - 1));
  return {
    kind: "power",
    rate: (n) => coef * pow(n, exponent),
    derivative,
    leftDerivative: derivative,
    inverse: (y) => pow(y / coef, 1 / exponent),
    // a·p·n^{p−1} = s  <=>  n = (s/(a·p))^{1/(p−1)}; p = 1 is linear: flat slope a
    workloadAtSlope: (s, strict) => (exponent === 1 ? (s < coef || (strict && s === coef) ? Infinity : 0) : pow(s / (coef * exponent), 1 / (exponent - 1))),
    sup: Infinity,
  };
}
