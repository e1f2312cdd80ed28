// A DataSource that reads no file: what the loader read, handed to a worker thread or a browser page.
import type { InputSource } from "./inputSource.ts";
import type { ScenarioInputs } from "../model/scenario.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import type { UserPolicyFactory } from "../policies/userPolicy.ts";

export const emptyInputs = (): ScenarioInputs => ({ columns: Object.create(null), json: Object.create(null) });

/** Serves what a DiskDataSource read, in a process that must not read files again (worker threads, re-resolution). */
export class PreloadedDataSource implements InputSource {
  /** `loadModule` loads a policy module in this thread (worker threads); without one (the browser) module policies are refused. */
  constructor(
    readonly inputs: ScenarioInputs,
    private readonly loadModule?: (path: string, fieldPath: string) => UserPolicyFactory,
  ) {}
  policyModule(path: string, fieldPath: string): UserPolicyFactory {
    if (!this.loadModule)
      throw new ScenarioError("", [{ code: "file", path: fieldPath, message: `${path.slice(0, 200)}: policy modules run from the CLI and the library (Node), not in the browser` }]);
    return this.loadModule(path, fieldPath);
  }
  columns(path: string, names: string[], fieldPath: string): Float64Array[] {
    const have = Object.hasOwn(this.inputs.columns, path) ? this.inputs.columns[path]! : null;
    return names.map((n) => {
      if (!have || !Object.hasOwn(have, n)) throw new ScenarioError("", [{ code: "file", path: fieldPath, message: `column ${n} of ${path} was not loaded with the scenario` }]);
      return have[n]!;
    });
  }
  json(path: string, fieldPath: string): unknown {
    if (!Object.hasOwn(this.inputs.json, path)) throw new ScenarioError("", [{ code: "file", path: fieldPath, message: `${path} was not loaded with the scenario` }]);
    return this.inputs.json[path];
  }
}
