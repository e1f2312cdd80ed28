// The library's functions take a scenario loadScenario made: a path, a plain spec or a forgotten await gets a sentence, not a TypeError from deep inside.
import type { Scenario } from "../model/scenario.ts";

/** Throws a TypeError naming the function and the fix unless `value` is a scenario loadScenario resolved. */
export function assertLoadedScenario(value: unknown, fn: string): asserts value is Scenario {
  if (typeof value === "object" && value !== null && (value as { oneWay?: unknown }).oneWay instanceof Float64Array) return;
  const fix = 'load it first: const s = await loadScenario(shippedScenario("three-regions")) or await loadScenario("path/to/scenario.json")';
  let got: string;
  if (typeof value === "string") got = `a string (${JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value)}; a path?)`;
  else if (value instanceof Promise) got = "a Promise (loadScenario is async: await it)";
  else if (typeof value === "object" && value !== null) got = "an object that is not a loaded scenario (a scenario spec?)";
  else got = String(value);
  throw new TypeError(`${fn}(scenario): expected a scenario from loadScenario, got ${got}; ${fix}`);
}
