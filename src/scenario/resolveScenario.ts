// The passes every loader shares, with no file system (the CLI reads files, the browser has them preloaded).
import type { Scenario } from "../model/scenario.ts";
import type { InputSource } from "./inputSource.ts";
import { applyOverrides } from "./overrides.ts";
import { parseScenarioSpec } from "./parseScenarioSpec.ts";
import type { ScenarioSpec } from "./scenarioSchema.ts";
import { buildScenario } from "./buildScenario.ts";
import { resolveAutoStepSize } from "../stepSize/autoStepSize.ts";

export interface ResolveOptions {
  /** `--set path=value` overrides, applied in order before validation. */
  overrides?: readonly string[];
  seed?: number;
  /** A policy kind to use instead of the scenario's (its parameters kept when the kind is the same). */
  policy?: string;
  /** Leave DGD-LB's stepSize "auto" unresolved (`lbsim stability` finds the critical step itself). */
  keepAutoStep?: boolean;
}

/** The scenario's name: its `name`, else the file name without `.json`. */
export function scenarioName(spec: ScenarioSpec, file: string): string {
  return spec.name ?? file.replace(/^.*\//, "").replace(/\.json$/, "");
}

/** Raw scenario JSON (mutated) -> overrides, seed, policy -> the schema -> the cross-field build -> "auto". */
export function resolveRawScenario(file: string, raw: Record<string, unknown>, options: ResolveOptions, data: InputSource): Scenario {
  applyOverrides(file, raw, options.overrides ?? []);
  if (options.seed !== undefined) raw.seed = options.seed;
  if (options.policy !== undefined) {
    const current = raw.policy as { kind?: unknown } | undefined;
    // keep the scenario's parameters when the kind is the same (e.g. DGD-LB's step size)
    if (!current || typeof current !== "object" || current.kind !== options.policy) raw.policy = { kind: options.policy };
    dropFrontendPolicies(raw);
  }
  return resolveSpec(file, parseScenarioSpec(file, raw), data, options.keepAutoStep);
}

/** A policy named for the run (--policy, compare, sweep) replaces every frontend's own. */
export function dropFrontendPolicies(raw: Record<string, unknown>): void {
  if (Array.isArray(raw.frontends)) for (const f of raw.frontends as Array<Record<string, unknown>>) if (f && typeof f === "object") delete f.policy;
}

/** A validated spec -> the cross-field build -> "auto" (unless kept). */
export function resolveSpec(file: string, spec: ScenarioSpec, data: InputSource, keepAutoStep = false): Scenario {
  const scenario = buildScenario(file, scenarioName(spec, file), spec, data);
  scenario.inputs = data.inputs;
  return keepAutoStep ? scenario : resolveAutoStepSize(scenario);
}
