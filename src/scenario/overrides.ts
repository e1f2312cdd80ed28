// `--set path=value` overrides applied to the raw scenario JSON before validation.
import { ScenarioError } from "./scenarioError.ts";
import { KNOWN_FIELDS } from "./knownFields.ts";

/** Parses `a.b.0.c=value`; the value is JSON when it parses as JSON, else a string. */
export function parseOverride(text: string): { path: string[]; value: unknown } {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new ScenarioError("", [{ path: "--set", message: `expected path=value (got ${JSON.stringify(text)})` }]);
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
 * Applies overrides in order. The parent must exist; the last key must exist already or be a
 * field the scenario format knows (so `--set policy.stepSize=0.2` works on a jsq scenario
 * but `--set policy.stepSzie=0.2` is an error).
 */
export function applyOverrides(file: string, raw: Record<string, unknown>, overrides: string[]): void {
  for (const text of overrides) {
    const { path, value } = parseOverride(text);
    let node: unknown = raw;
    for (let k = 0; k < path.length - 1; k++) {
      const key = path[k]!;
      const next = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
      if (next === null || typeof next !== "object") {
        throw new ScenarioError(file, [
          { path: `--set ${path.join(".")}`, message: `unknown path: ${path.slice(0, k + 1).join(".")} is not an object in the scenario` },
        ]);
      }
      node = next;
    }
    const last = path[path.length - 1]!;
    const parent = node as Record<string, unknown>;
    if (Array.isArray(parent)) {
      const index = Number(last);
      if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
        throw new ScenarioError(file, [{ path: `--set ${path.join(".")}`, message: `unknown path: index ${last} is outside 0..${parent.length - 1}` }]);
      }
    } else if (!(last in parent) && !KNOWN_FIELDS.has(last)) {
      throw new ScenarioError(file, [
        { path: `--set ${path.join(".")}`, message: `unknown path: "${last}" is not a field of the scenario format (see INTERFACE.md)` },
      ]);
    }
    parent[last] = value;
  }
}
