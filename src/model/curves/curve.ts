// A backend's service-rate curve mu(n): work per second with n requests present.
import type * as z from "zod";

/** A table curve fitted to measured points: the fit and its largest distance from them. */
export interface CurveFit {
  method: "concave-majorant" | "saturating";
  /** The measured [concurrency, throughput] points, per server. */
  points: Array<[number, number]>;
  maxAbsError: number;
  maxRelError: number;
}

/**
 * A curve kind: its scenario schema (parameters, units in .describe()) and how to build it.
 * build() reports problems the schema cannot see (a non-concave table) at a path relative to
 * the curve, and returns null when there were any.
 */
export interface CurveEntry<S extends z.ZodType = z.ZodType> {
  readonly kind: string;
  readonly schema: S;
  build(spec: z.output<S>, report: (path: string, message: string) => void): { curve: Curve; fit: CurveFit | null } | null;
}
export interface Curve {
  readonly kind: string;
  /** mu(n); mu(0) = 0, non-decreasing, concave. */
  rate(n: number): number;
  /** mu'(n) (right derivative at kinks). */
  derivative(n: number): number;
  /** Q(a) = mu^{-1}(a): the smallest workload that serves rate a; Infinity when a >= sup. */
  inverse(a: number): number;
  /** sup_n mu(n) (Infinity when unbounded). A load a is sustainable iff a < sup. */
  readonly sup: number;
  /** Left derivative mu'(n-) (equal to derivative() where mu is smooth). */
  leftDerivative(n: number): number;
  /**
   * Where the marginal rate crosses s > 0: inf{n >= 0 : mu'(n) <= s} (or, with strict,
   * inf{n >= 0 : mu'(n) < s}); the two differ only where mu' is flat at s. Infinity when mu'
   * never falls that low. Water-filling in the optimum inverts marginal latencies with it.
   */
  workloadAtSlope(s: number, strict: boolean): number;
}

/** k identical servers behind one queue: k·mu(n). The assumption is that batches merge freely. */
export function multiplied(curve: Curve, k: number): Curve {
  if (k === 1) return curve;
  return {
    kind: curve.kind,
    rate: (n) => k * curve.rate(n),
    derivative: (n) => k * curve.derivative(n),
    leftDerivative: (n) => k * curve.leftDerivative(n),
    inverse: (a) => curve.inverse(a / k),
    workloadAtSlope: (s, strict) => curve.workloadAtSlope(s / k, strict),
    sup: k * curve.sup,
  };
}

/** Fluid scale N (docs/model.md section 3): mu^N(n) = N·mu(n/N). */
export function scaled(curve: Curve, n: number): Curve {
  if (n === 1) return curve;
  return {
    kind: curve.kind,
    rate: (x) => n * curve.rate(x / n),
    derivative: (x) => curve.derivative(x / n),
    leftDerivative: (x) => curve.leftDerivative(x / n),
    inverse: (a) => n * curve.inverse(a / n),
    workloadAtSlope: (s, strict) => n * curve.workloadAtSlope(s, strict),
    sup: n * curve.sup,
  };
}

/** Declares a curve kind with its build() typed by its schema. */
export function curveKind<S extends z.ZodType>(entry: CurveEntry<S>): CurveEntry<S> {
  return entry;
}
