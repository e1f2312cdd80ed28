import type { Curve } from "./curve.ts";

/** r·min(n, c): c parallel slots at rate r (the M/M/c server). sup = r·c, reached at n = c. */
export function linearCapped(rate: number, slots: number): Curve {
  const sup = rate * slots;
  return {
    kind: "linear-capped",
    rate: (n) => rate * Math.min(n, slots),
    derivative: (n) => (n < slots ? rate : 0),
    leftDerivative: (n) => (n <= slots ? rate : 0),
    inverse: (a) => (a < sup ? a / rate : Infinity),
    workloadAtSlope: (s, strict) => (s < rate || (strict && s === rate) ? slots : 0),
    sup,
  };
}
