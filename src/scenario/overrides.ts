// `--set path=value` overrides applied to the raw scenario JSON; the schema then checks the result like any file.
import { didYouMean, editDistance, nearestName } from "../input/nearestName.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import { applyTransform } from "./specTransforms.ts";

/** Parses `a.b.0.c=value`; the value is JSON when it parses as JSON, else a string. */
export function parseOverride(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new ScenarioError("", [{ code: "usage", path: "--set", message: `expected path=value (got ${JSON.stringify(text.slice(0, 80))})` }]);
  const path = text.slice(0, eq).split(".");
  const rawValue = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(rawValue);
  } catch {
    value = rawValue;
  }
  return { path, value };
}

/**
 * Applies overrides in order. `load=F` and `latency.scale=F` multiply every arrival rate or every
 * latency (specTransforms.ts). Otherwise every parent on the path must exist (an object, or an array and an
 * index inside it); the last key may be new. Whether it is a field of the format is the schema's
 * to say, with the same "did you mean" as for a file.
 */
export function applyOverrides(file: string, raw: Record<string, unknown>, overrides: readonly string[]): void {
  for (const text of overrides) {
    const { path, value } = parseOverride(text);
    if (applyTransform(file, raw, path.join("."), value)) continue;
    // a near miss of the two factors (`laod`, `latency.scal`) names them, as a near miss of a field does
    const joined = path.join(".");
    if (!Object.hasOwn(raw, path[0]!) || (path[0] === "latency" && path.length === 2)) {
      const factor = nearestName(joined, ["load", "latency.scale"]);
      // within two edits only: latency.back is a field, not a misspelt latency.scale
      if (factor !== null && factor !== joined && editDistance(factor, joined) <= 2) {
        throw new ScenarioError(file, [
          {
            code: "unknown_path",
            path: `--set ${joined}`,
            message: `unknown path (did you mean "${factor}"? --set ${factor}=F multiplies every ${factor === "load" ? "arrival rate" : "latency"} by F)`,
          },
        ]);
      }
    }
    let node: unknown = raw;
    let parentKeys: string[] = Object.keys(raw);
    for (let k = 0; k < path.length; k++) {
      const key = path[k]!;
      const where = `--set ${path.join(".")}`;
      if (node === null || typeof node !== "object") {
        const missing = path[k - 1]!;
        throw new ScenarioError(file, [
          { code: "unknown_path", path: where, message: `unknown path: ${path.slice(0, k).join(".")} is not an object in the scenario${didYouMean(missing, parentKeys)}` },
        ]);
      }
      parentKeys = Array.isArray(node) ? [] : Object.keys(node);
      if (Array.isArray(node)) {
        const index = Number(key);
        if (!Number.isInteger(index) || index < 0 || index >= node.length) {
          throw new ScenarioError(file, [{ code: "unknown_path", path: where, message: `unknown path: index ${key} is outside 0..${node.length - 1}` }]);
        }
      } else if (key === "__proto__" || key === "constructor" || key === "prototype") {
        throw new ScenarioError(file, [{ code: "unknown_path", path: where, message: `unknown path: "${key}" is not a field of the scenario format` }]);
      }
      const parent = node as Record<string, unknown>;
      if (k === path.length - 1) parent[key] = value;
      else node = Object.hasOwn(parent, key) ? parent[key] : undefined;
    }
  }
}
