// The normalized scenario the engine, solver and fluid model read (validated, units in seconds).
import type { Curve } from "../model/curves/curve.ts";
import type { Distribution } from "../random/distributions/distribution.ts";

export type ArrivalSpec =
  | { kind: "poisson"; rate: number }
  | { kind: "piecewise"; times: Float64Array; rates: Float64Array }
  | { kind: "trace"; times: Float64Array; sizes: Float64Array | null; /** Declared mean work per request (what policies may assume), or null. */ meanSize: number | null };

export interface Frontend {
  id: string;
  region: string | null;
  arrivals: ArrivalSpec;
  /** Backend indices this frontend may route to (E_i), in scenario order. */
  allowed: Int32Array;
  sizes: Distribution;
}

export interface CapacityWindow {
  from: number;
  to: number;
  multiplier: number;
}

/** A table curve fitted to measured points: the fit and its largest distance from them. */
export interface CurveFit {
  method: "concave-majorant" | "saturating";
  /** The measured [concurrency, throughput] points, per server. */
  points: Array<[number, number]>;
  maxAbsError: number;
  maxRelError: number;
}

export interface Backend {
  id: string;
  region: string | null;
  servers: number;
  /** Set when the curve is a table fitted to measured points. */
  curveFit: CurveFit | null;
  /** Unscaled curve including the servers multiplier (mu_j of MODEL.md). */
  curve: Curve;
  capacitySchedule: CapacityWindow[];
}

export type FeedbackSpec = { mode: "periodic"; interval: number } | { mode: "piggyback" } | { mode: "instant" };

export interface PolicySpec {
  kind: string;
  [param: string]: unknown;
}

export interface Scenario {
  file: string;
  name: string;
  description: string;
  seed: number;
  horizon: number;
  /** Seconds, or "mser5" (MSER-5 truncation chosen from the run). */
  warmup: number | "mser5";
  scale: number;
  frontends: Frontend[];
  backends: Backend[];
  /** One-way latency frontend i -> backend j at [i * B + j], seconds; NaN where j is not in E_i. */
  oneWay: Float64Array;
  /** Response latency backend j -> frontend i at [i * B + j], seconds. */
  back: Float64Array;
  jitter: Distribution | null;
  feedback: FeedbackSpec;
  policy: PolicySpec;
  sampleInterval: number;
  /** The raw JSON after overrides, for reports. */
  raw: Record<string, unknown>;
}

/** Mean work per request of a frontend: the trace's sizes up to the horizon when it carries them, else the size law's mean. */
export function meanRequestSize(f: Frontend, horizon: number): number {
  const a = f.arrivals;
  if (a.kind === "trace" && a.sizes) {
    let sum = 0;
    let n = 0;
    for (; n < a.times.length && a.times[n]! <= horizon; n++) sum += a.sizes[n]!;
    if (n > 0) return sum / n;
  }
  return f.sizes.mean;
}

/** Mean arrival rate of a frontend over [0, horizon] (unscaled), used for load checks and the optimum. */
export function meanArrivalRate(spec: ArrivalSpec, horizon: number): number {
  switch (spec.kind) {
    case "poisson":
      return spec.rate;
    case "piecewise": {
      let area = 0;
      for (let k = 0; k < spec.times.length; k++) {
        const from = Math.max(0, spec.times[k]!);
        const to = k + 1 < spec.times.length ? Math.min(horizon, spec.times[k + 1]!) : horizon;
        if (to > from) area += spec.rates[k]! * (to - from);
      }
      return area / horizon;
    }
    case "trace": {
      let count = 0;
      for (const t of spec.times) if (t <= horizon) count++;
      return count / horizon;
    }
  }
}
