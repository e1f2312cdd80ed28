// Whole-scenario factors usable as `--set load=F`, `--set latency.scale=F` and sweep paths (no file system: the page uses them too).
import { ScenarioError } from "../input/scenarioError.ts";
import { scaleArrivalLoad } from "../random/arrivals/registry.ts";

/** Paths that are not scenario fields: factors applied to every latency, or to every arrival rate. */
export const LATENCY_SCALE = "latency.scale";
export const LOAD = "load";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function factor(file: string, path: string, value: unknown): number {
  const f = typeof value === "number" ? value : NaN;
  if (!(f > 0) || !Number.isFinite(f)) throw new ScenarioError(file, [{ code: "usage", path: `--set ${path}`, message: `must be a positive factor (got ${JSON.stringify(value)})` }]);
  return f;
}

/** Every frontend's demand ×f, by its arrival kind's rule (rates multiplied, a trace replayed faster, a closed loop's clients). */
export function scaleLoad(raw: Json, f: number): void {
  for (const fe of (Array.isArray(raw.frontends) ? raw.frontends : []) as Json[]) {
    const a = fe?.arrivals as Json | undefined;
    if (a && typeof a === "object") scaleArrivalLoad(a, f);
  }
}

/** Every one-way and response latency ×f (matrices, or a region table's factor and intra-region latency); jitter is left as is. */
export function scaleLatency(raw: Json, f: number): void {
  const lat = raw.latency as Json | undefined;
  if (!lat || typeof lat !== "object") return;
  const times = (m: unknown) => {
    if (!m || typeof m !== "object") return;
    for (const row of Object.values(m as Json)) {
      if (row && typeof row === "object") for (const k of Object.keys(row)) if (typeof row[k] === "number") row[k] *= f;
    }
  };
  if (lat.regions !== undefined) {
    lat.oneWayFactor = (typeof lat.oneWayFactor === "number" ? lat.oneWayFactor : 0.5) * f;
    lat.intraRegion = (typeof lat.intraRegion === "number" ? lat.intraRegion : 0) * f;
  } else {
    times(lat.oneWay);
    times(lat.back);
  }
}

/** Applies `load` or `latency.scale` when `path` names one; false for any other path. */
export function applyTransform(file: string, raw: Json, path: string, value: unknown): boolean {
  if (path === LOAD) scaleLoad(raw, factor(file, path, value));
  else if (path === LATENCY_SCALE) scaleLatency(raw, factor(file, path, value));
  else return false;
  return true;
}
