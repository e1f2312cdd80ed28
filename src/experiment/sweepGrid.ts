// A sweep's grid: every combination of the varied values, each a scenario built from the loaded one.
import type { Scenario } from "../model/scenario.ts";
import { withPolicy, withSpec } from "../scenario/loadScenario.ts";
import { applyOverrides } from "../scenario/overrides.ts";

/** Paths that are not scenario fields: factors applied to every latency, or to every arrival rate. */
export const LATENCY_SCALE = "latency.scale";
export const LOAD = "load";

export interface Varied {
  path: string;
  values: unknown[];
}

/** "PATH=v1,v2,…": each value JSON when it parses as JSON, else a string. */
export function parseVaried(text: string): Varied | null {
  const eq = text.indexOf("=");
  if (eq <= 0) return null;
  const values = text
    .slice(eq + 1)
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v.length > 0)
    .map((v) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    });
  return values.length > 0 ? { path: text.slice(0, eq).trim(), values } : null;
}

/** Every combination of the values, the last path varying fastest. */
export function gridPoints(varied: Varied[]): unknown[][] {
  let points: unknown[][] = [[]];
  for (const v of varied) points = points.flatMap((p) => v.values.map((x) => [...p, x]));
  return points;
}

function factor(path: string, value: unknown): number {
  const f = typeof value === "number" ? value : NaN;
  if (!(f > 0) || !Number.isFinite(f)) throw new RangeError(`--vary ${path}: values must be positive factors (got ${JSON.stringify(value)})`);
  return f;
}

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every arrival rate ×f: Poisson and piecewise rates multiplied, a trace replayed f times faster. */
function scaleLoad(spec: Spec, f: number): void {
  for (const fe of spec.frontends as Spec[]) {
    const a = fe.arrivals as Spec;
    if (a.kind === "poisson") a.rate *= f;
    else if (a.kind === "piecewise") a.breakpoints = (a.breakpoints as number[][]).map(([t, r]) => [t, r! * f]);
    else if (a.kind === "trace") a.timeScale /= f;
  }
}

/** Every one-way and response latency ×f (matrices, or a region table's factor and intra-region latency); jitter is left as is. */
function scaleLatency(spec: Spec, f: number): void {
  const lat = spec.latency as Spec | undefined;
  if (!lat) return;
  const times = (m: Record<string, Record<string, number>> | null | undefined) => {
    if (!m) return;
    for (const row of Object.values(m)) for (const k of Object.keys(row)) row[k] = row[k]! * f;
  };
  if (lat.regions !== undefined) {
    lat.oneWayFactor *= f;
    lat.intraRegion *= f;
  } else {
    times(lat.oneWay);
    times(lat.back);
  }
}

/** The scenario at one point of the grid, under each policy: one study's scenarios, labelled "k/policy". */
export function pointScenarios(base: Scenario, varied: Varied[], values: unknown[], k: number, policies: string[]): { scenarios: Scenario[]; labels: string[] } {
  const point = withSpec(
    base,
    (spec) => {
      varied.forEach((v, n) => {
        if (v.path === LOAD) scaleLoad(spec, factor(LOAD, values[n]));
        else if (v.path === LATENCY_SCALE) scaleLatency(spec, factor(LATENCY_SCALE, values[n]));
        else applyOverrides(base.file, spec, [`${v.path}=${JSON.stringify(values[n])}`]);
      });
    },
    { keepAutoStep: true },
  );
  return { scenarios: policies.map((p) => withPolicy(point, p)), labels: policies.map((p) => `${k}/${p}`) };
}
