// The library's loadScenario: a file path or a plain object, with overrides given as an object.
import type { Scenario } from "../model/scenario.ts";
import { loadScenario as loadResolved } from "../scenario/loadScenario.ts";

export interface LoadScenarioOptions {
  /** Overrides, as `--set`: {"horizon": 5000, "policy.stepSize": 0.2, "backends.0.servers": 3} (or "path=value" strings). */
  set?: Record<string, unknown> | string[];
  seed?: number;
  /** A policy kind instead of the scenario's (its parameters kept when the kind is the same). */
  policy?: string;
  /** For a scenario given as an object: the file its relative paths are resolved against. */
  file?: string;
}

/**
 * Validates and resolves a scenario (defaults applied, input files read once, DGD-LB's "auto"
 * step resolved). Bad input throws a ScenarioError whose `issues` list every problem with its
 * path. Async so that a later version may read inputs without blocking; today it does not wait.
 */
export async function loadScenario(source: string | Record<string, unknown>, options: LoadScenarioOptions = {}): Promise<Scenario> {
  const overrides = Array.isArray(options.set) ? options.set : Object.entries(options.set ?? {}).map(([path, value]) => `${path}=${JSON.stringify(value)}`);
  return loadResolved(source, { overrides, seed: options.seed, policy: options.policy, file: options.file });
}
