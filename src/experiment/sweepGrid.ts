// A sweep's grid: every combination of the varied values, each a scenario built from the loaded one.
import type { Scenario } from "../model/scenario.ts";
import { withPolicy, withSpec } from "../scenario/loadScenario.ts";
import { applyOverrides } from "../scenario/overrides.ts";

export { LATENCY_SCALE, LOAD } from "../scenario/specTransforms.ts";

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

export interface SweepGrid {
  /** Every point under every policy, point by point: one study's scenarios. */
  scenarios: Scenario[];
  /** "k/policy" for each scenario: the study's labels. */
  labels: string[];
  /** What the results file's header records for merge. */
  sweep: { varied: string[]; values: unknown[][]; policies: string[] };
}

/** The sweep's scenarios: every combination of the varied values (gridPoints) under each policy. */
export function sweepGrid(base: Scenario, varied: Varied[], policies: string[]): SweepGrid {
  const values = gridPoints(varied);
  const points = values.map((v, k) => pointScenarios(base, varied, v, k, policies));
  return { scenarios: points.flatMap((p) => p.scenarios), labels: points.flatMap((p) => p.labels), sweep: { varied: varied.map((v) => v.path), values, policies } };
}

/** The scenario at one point of the grid, under each policy, labelled "k/policy". */
function pointScenarios(base: Scenario, varied: Varied[], values: unknown[], k: number, policies: string[]): { scenarios: Scenario[]; labels: string[] } {
  const point = withSpec(
    base,
    (spec) => {
      // load and latency.scale are --set paths too (specTransforms.ts)
      applyOverrides(
        base.file,
        spec,
        varied.map((v, n) => `${v.path}=${JSON.stringify(values[n])}`),
      );
    },
    { keepAutoStep: true },
  );
  return { scenarios: policies.map((p) => withPolicy(point, p)), labels: policies.map((p) => `${k}/${p}`) };
}
