// A backend's service-rate curve mu(n): work per second with n requests present.
import type * as z from "zod";

/** A table curve fitted to measured points: the fit and its largest distance from them. */
export interface CurveFit {
  method: "concave-majorant" | "smooth-majorant" | "saturating";
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
  /** Set on a pool of separately batching servers (perServerPool): how many, and one server's curve. */
  readonly servers?: number;
  readonly perServer?: Curve;
}

/** k identical servers behind one queue whose batches merge freely: k·mu(n) (`"batching": "merged"`; a lone request runs k times as fast). */
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

/**
 * k identical servers that batch separately, the backend's requests spread evenly over them
 * (`"batching": "per-server"`, the default): k·mu(n/k). With n = k·m present each server holds m
 * and the backend completes at k·mu(m); a lone request runs at one server's mu(1) share of
 * speed, not k times it. This smooth form is the fluid limit (the solver, the fluid model and
 * DGD-LB's gradient read it); the engine, which sees whole requests, serves the exact even
 * spread (evenSpreadRate below, via engineCurve.ts).
 */
export function perServerPool(curve: Curve, k: number): Curve {
  if (k === 1) return curve;
  return { ...scaled(curve, k), servers: k, perServer: curve };
}

/**
 * mu of an even spread of n whole requests over `servers` servers (n = servers·m + r: r hold
 * m + 1, the rest m): servers·mu(n/servers) with mu interpolated between whole batch sizes.
 * Equal to the smooth k·mu(n/k) at multiples of k and for curves linear between integers
 * (linear-capped, tables on whole concurrencies); below it elsewhere (concavity), most where
 * n < k: there n·mu(1), each request alone on a server.
 */
export function evenSpreadRate(perServer: Curve, servers: number, n: number): number {
  const x = n / servers;
  const m = Math.floor(x);
  const low = perServer.rate(m);
  return servers * (low + (x - m) * (perServer.rate(m + 1) - low));
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
