// A scenario's text as JSON: line and column on a syntax error, a bound on nesting (no file system: the browser uses it too).
import { ScenarioError, quote } from "../input/scenarioError.ts";
import { formatPath } from "./zodIssues.ts";

/** Deeper than any scenario needs (the deepest valid path is about 6); deeper input is refused before validation recurses into it. */
export const MAX_DEPTH = 32;

export function parseScenarioText(file: string, text: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [{ code: "malformed_json", path: "", message: `malformed JSON: ${jsonErrorPosition(text, (e as Error).message)}` }]);
  }
  return checkedObject(file, raw);
}

/** The top level must be an object and no value may nest deeper than MAX_DEPTH (checked without recursion). */
export function checkedObject(file: string, raw: unknown): Record<string, unknown> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioError(file, [{ code: "invalid_type", path: "", message: `the scenario must be a JSON object (got ${quote(raw)})` }]);
  }
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_DEPTH) {
      throw new ScenarioError(file, [{ code: "too_deep", path: formatPath(path.slice(0, 4)) + "...", message: `nested more than ${MAX_DEPTH} levels deep; no scenario field nests that deep` }]);
    }
    if (Array.isArray(value)) value.forEach((v, k) => typeof v === "object" && stack.push({ value: v, path: [...path, k] }));
    else {
      // keys, not entries: a latency matrix at 100×1,000 holds 10^5 numbers, and entries would pair each in a new array
      const o = value as Record<string, unknown>;
      for (const k of Object.keys(o)) if (typeof o[k] === "object") stack.push({ value: o[k], path: [...path, k] });
    }
  }
  return raw as Record<string, unknown>;
}

/**
 * "line L, column C: message" for malformed JSON. Node 20 does not always give a position, so
 * the first bad character is found by bisection over prefixes: a prefix either merely ends
 * early (incomplete) or already contains the error, and the latter is monotone in its length.
 */
function jsonErrorPosition(text: string, message: string): string {
  const hasRealError = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (/end of JSON input|Unterminated/.test(m)) return false;
      const pos = /position (\d+)/.exec(m);
      return !(pos && Number(pos[1]) >= k);
    }
  };
  let lo = 0;
  let hi = text.length; // stays there when the whole text merely ends early
  if (hasRealError(hi))
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hasRealError(mid)) hi = mid;
      else lo = mid + 1;
    }
  const at = Math.max(0, hi - 1);
  const before = text.slice(0, at).split("\n");
  const reason = message
    .replace(/^JSON\.parse: /, "")
    .replace(/, (\.\.\.)?"[\s\S]*$/, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .slice(0, 120);
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${reason}`;
}
