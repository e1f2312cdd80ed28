import type { Curve } from "./curve.ts";

/** m·(1 − e^{−n/k}). mu' = (m/k)·e^{−n/k}, Q(a) = −k·ln(1 − a/m). */
export function expSaturating(max: number, scale: number): Curve {
  const derivative = (n: number) => (max / scale) * Math.exp(-n / scale);
  return {
    kind: "exp-saturating",
    rate: (n) => -max * Math.expm1(-n / scale),
    derivative,
    leftDerivative: derivative,
    inverse: (a) => (a < max ? -scale * Math.log1p(-a / max) : Infinity),
    // (m/k)·e^{−n/k} = s  <=>  n = k·ln(m/(k·s))
    workloadAtSlope: (s) => Math.max(0, scale * Math.log(max / (scale * s))),
    sup: max,
  };
}
