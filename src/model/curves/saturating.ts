import type { Curve } from "./curve.ts";

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
