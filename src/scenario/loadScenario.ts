// The one entry point: file + overrides (+ policy override) -> validated Scenario.
import { applyOverrides } from "./overrides.ts";
import { loadScenarioFile, validateScenario } from "./validate.ts";
import type { Scenario } from "./scenario.ts";

export interface LoadOptions {
  overrides?: string[];
  seed?: number;
  policy?: string;
}

export function loadScenario(file: string, options: LoadOptions = {}): Scenario {
  return validateScenario(file, scenarioSource(file, options));
}

/** The scenario JSON after overrides, seed and policy, before validation (what a study's fingerprint hashes). */
export function scenarioSource(file: string, options: LoadOptions = {}): Record<string, unknown> {
  const raw = loadScenarioFile(file);
  applyOverrides(file, raw, options.overrides ?? []);
  if (options.seed !== undefined) raw.seed = options.seed;
  if (options.policy !== undefined) {
    const current = (raw.policy ?? {}) as Record<string, unknown>;
    // keep the scenario's parameters when the kind is the same (e.g. dgd-lb step size)
    raw.policy = current.kind === options.policy ? current : { ...defaultPolicyParams(options.policy, current) };
  }
  return raw;
}

/** Parameters a policy named on the command line gets when the scenario does not give them. */
function defaultPolicyParams(kind: string, current: Record<string, unknown>): Record<string, unknown> {
  switch (kind) {
    case "dgd-lb":
      return { kind, stepSize: current.stepSize ?? 0.05, updateInterval: current.updateInterval ?? 0.1 };
    case "pod":
      return { kind, d: current.d ?? 2 };
    default:
      return { ...current, kind };
  }
}
