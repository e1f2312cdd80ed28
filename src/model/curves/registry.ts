// Curve kinds keyed by the scenario's "kind" string.
import type { Curve } from "./curve.ts";
import { linearCapped } from "./linearCapped.ts";
import { saturating } from "./saturating.ts";
import { expSaturating } from "./expSaturating.ts";
import { power } from "./power.ts";
import { table } from "./table.ts";

export interface CurveParam {
  name: string;
  /** "positive" (> 0), "exponent" (0 < p <= 1), "points". */
  type: "positive" | "exponent" | "points";
}

export const curveKinds: Record<string, { params: CurveParam[]; make: (p: Record<string, unknown>) => Curve }> = {
  "linear-capped": {
    params: [{ name: "rate", type: "positive" }, { name: "slots", type: "positive" }],
    make: (p) => linearCapped(p.rate as number, p.slots as number),
  },
  saturating: {
    params: [{ name: "max", type: "positive" }, { name: "half", type: "positive" }],
    make: (p) => saturating(p.max as number, p.half as number),
  },
  "exp-saturating": {
    params: [{ name: "max", type: "positive" }, { name: "scale", type: "positive" }],
    make: (p) => expSaturating(p.max as number, p.scale as number),
  },
  power: {
    params: [{ name: "coef", type: "positive" }, { name: "exponent", type: "exponent" }],
    make: (p) => power(p.coef as number, p.exponent as number),
  },
  table: {
    params: [{ name: "points", type: "points" }],
    make: (p) => table(p.points as Array<[number, number]>),
  },
};
