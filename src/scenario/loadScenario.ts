// The one entry point: a scenario file (or object) + overrides -> a resolved Scenario, reading each input file once.
import { dirname, resolve } from "node:path";
import type { Scenario, ScenarioInputs } from "../model/scenario.ts";
import { checkedObject, readScenarioFile } from "./readScenarioFile.ts";
import type { ScenarioSpec } from "./scenarioSchema.ts";
import { DiskDataSource } from "./dataSources.ts";
import { PreloadedDataSource } from "./preloadedDataSource.ts";
import { parseScenarioSpec } from "./parseScenarioSpec.ts";
import { cloneData } from "./cloneData.ts";
import { packMatrices, unpackMatrices, type PackedMatrix } from "./packedMatrices.ts";
import { loadPolicyModule } from "./policyModuleLoader.ts";
import { resolveAutoStepSize } from "../stepSize/autoStepSize.ts";
import { dropFrontendPolicies, resolveRawScenario, resolveSpec, type ResolveOptions } from "./resolveScenario.ts";

export interface LoadOptions extends ResolveOptions {
  /** For a scenario given as an object: the file its relative paths are resolved against (default: ./inline.json). */
  file?: string;
}

/**
 * Everything a worker thread needs to rebuild a Scenario without reading a file: plain,
 * structured-cloneable. As posted to a worker (postedScenarioData), the spec's large tables of
 * numbers travel packed.
 */
export interface ScenarioData {
  file: string;
  spec: Record<string, unknown>;
  /** The spec's tables taken out of it (packedMatrices.ts), in data as posted. */
  packed?: PackedMatrix[];
  inputs: ScenarioInputs;
}

/** Each scenario's data, made once: every task of a study names the same objects, which structured clone sends once a message. */
const dataOf = new WeakMap<Scenario, ScenarioData>();
const postedOf = new WeakMap<ScenarioData, ScenarioData>();

export function loadScenario(source: string | Record<string, unknown>, options: LoadOptions = {}): Scenario {
  const file = typeof source === "string" ? source : (options.file ?? resolve("inline.json"));
  const raw = typeof source === "string" ? readScenarioFile(source) : cloneData(checkedObject(file, source));
  return resolveRawScenario(file, raw, options, new DiskDataSource(dirname(resolve(file)), file));
}

/**
 * The scenario with its spec changed (another policy, more servers), re-validated and resolved
 * without reading again any file it has already read.
 */
export function withSpec(base: Scenario, change: (spec: Record<string, unknown>) => void, options: { keepAutoStep?: boolean } = {}): Scenario {
  const raw = cloneData(base.spec) as Record<string, unknown>;
  change(raw);
  return resolveSpec(base.file, parseScenarioSpec(base.file, raw), new DiskDataSource(dirname(resolve(base.file)), base.file, base.inputs), options.keepAutoStep);
}

/**
 * The scenario under a policy kind (its own parameters kept when the kind is the same; undefined
 * keeps its policy), with DGD-LB's "auto" step resolved.
 */
export function withPolicy(base: Scenario, kind: string | undefined, options: { keepAutoStep?: boolean } = {}): Scenario {
  const mixed = base.frontends.some((f) => f.policy !== null);
  if (kind === undefined || (kind === base.policy.kind && !mixed)) return options.keepAutoStep ? base : resolveAutoStepSize(base);
  // the named policy replaces every frontend's own; the scenario's parameters stay when the kind is the same
  return withSpec(
    base,
    (spec) => {
      if (kind !== base.policy.kind) spec.policy = { kind };
      dropFrontendPolicies(spec);
    },
    options,
  );
}

export function scenarioData(s: Scenario): ScenarioData {
  let data = dataOf.get(s);
  if (!data) dataOf.set(s, (data = { file: s.file, spec: s.spec as Record<string, unknown>, inputs: s.inputs }));
  return data;
}

/**
 * The data as a worker thread should receive it, with the spec's tables packed (made once for each
 * data object, and only for a study that has pool threads: 23 ms a scenario at 100 × 1,000).
 */
export function postedScenarioData(data: ScenarioData): ScenarioData {
  if (data.packed) return data;
  let posted = postedOf.get(data);
  if (!posted) {
    const { spec, packed } = packMatrices(data.spec);
    postedOf.set(data, (posted = { ...data, spec, packed }));
  }
  return posted;
}

/** A worker's rebuild: the resolved spec (auto step already a number) and the preloaded input files. */
export function scenarioFromData(data: ScenarioData): Scenario {
  const dir = dirname(resolve(data.file));
  const modules = (path: string, fieldPath: string) => loadPolicyModule(dir, data.file, path, fieldPath);
  const spec = data.packed ? unpackMatrices(data.spec, data.packed) : data.spec;
  return resolveSpec(data.file, spec as ScenarioSpec, new PreloadedDataSource(data.inputs, modules), true);
}
