// Saturating curve kind: throughput m·n/(n+k) rising with batch size to the plateau m.
import * as z from "zod";
import { curveKind, type Curve } from "./curve.ts";
import { positive, strict } from "../../input/fieldSchemas.ts";

export const saturatingCurve = curveKind({
  kind: "saturating",
  schema: strict({
    kind: z.literal("saturating"),
    max: positive("plateau m: work per second as n grows without bound"),
    half: positive("k: the number present at which throughput is m/2"),
  }),
  build: (spec) => ({ curve: saturating(spec.max, spec.half), fit: null }),
});

/** m·n/(n+k): throughput saturating with batch size. mu' = m·k/(n+k)², Q(a) = a·k/(m−a). */
export function saturating(max: number, half: number): Curve {
  const derivative = (n: number) => (max * half) / ((n + half) * (n + half));
  return {
    kind: "saturating",
    rate: (n) => (max * n) / (n + half),
    derivative,
    leftDerivative: derivative,
    inverse: (a) => (a < max ? (a * half) / (max - a) : Infinity),
    // mu'(n) = s  <=>  n = sqrt(m·k/s) − k
    workloadAtSlope: (s) => Math.max(0, Math.sqrt((max * half) / s) - half),
    sup: max,
  };
}
