// Linear-capped curve kind: c parallel slots at rate r each (the M/M/c server).
import * as z from "zod";
import { curveKind, type Curve } from "./curve.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";

export const linearCappedCurve = curveKind({
  kind: "linear-capped",
  schema: strict({
    kind: z.literal("linear-capped"),
    rate: positive("r: work per second of one busy slot"),
    slots: positive("c: parallel slots (service saturates at r·c)"),
  }),
  build: (spec) => ({ curve: linearCapped(spec.rate, spec.slots), fit: null }),
});

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
