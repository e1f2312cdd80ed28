// A scenario resolved in the browser: the same passes as the CLI's loader, with input files preloaded instead of read.
import type { Scenario, ScenarioInputs } from "../model/scenario.ts";
import { parseScenarioText } from "../scenario/scenarioText.ts";
import { PreloadedDataSource } from "../scenario/preloadedDataSource.ts";
import { resolveRawScenario } from "../scenario/resolveScenario.ts";
import { ScenarioError } from "../input/scenarioError.ts";

export interface BrowserScenarioRequest {
  /** The scenario JSON as the editor holds it. */
  text: string;
  /** Its file name, as the CLI would see it (for the default name and messages). */
  file: string;
  inputs: ScenarioInputs;
  /** `--set` overrides (the page's knobs), applied before validation. */
  overrides: string[];
  seed?: number;
  policy?: string;
}

export function browserScenario(r: BrowserScenarioRequest): Scenario {
  return resolveRawScenario(r.file, parseScenarioText(r.file, r.text), r, new PreloadedDataSource(r.inputs));
}

/** The checks as you type: both passes (schema, then across fields) without resolving "auto" (a fluid search). */
export function validateInBrowser(r: BrowserScenarioRequest): Array<{ path: string; message: string }> {
  try {
    resolveRawScenario(r.file, parseScenarioText(r.file, r.text), { ...r, keepAutoStep: true }, new PreloadedDataSource(r.inputs));
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => ({ path: i.path, message: i.message }));
    return [{ path: "", message: String((e as Error)?.message ?? e) }];
  }
}

/** Input columns arrive as JSON arrays; the engine reads typed arrays. */
export function inputsFromJson(j: { columns: Record<string, Record<string, number[]>>; json: Record<string, unknown> }): ScenarioInputs {
  const columns: ScenarioInputs["columns"] = Object.create(null);
  for (const [path, cols] of Object.entries(j.columns)) {
    columns[path] = Object.create(null);
    for (const [name, values] of Object.entries(cols)) columns[path]![name] = Float64Array.from(values);
  }
  return { columns, json: Object.assign(Object.create(null), j.json) };
}
