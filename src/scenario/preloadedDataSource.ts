// A DataSource that reads no file: what the loader read, handed to a worker thread or a browser page.
import type { DataSource } from "../schema/dataSource.ts";
import type { ScenarioInputs } from "../model/scenario.ts";
import { ScenarioError } from "../schema/scenarioError.ts";

export const emptyInputs = (): ScenarioInputs => ({ columns: Object.create(null), json: Object.create(null) });

/** Serves what a DiskDataSource read, in a process that must not read files again (worker threads, re-resolution). */
export class PreloadedDataSource implements DataSource {
  constructor(readonly inputs: ScenarioInputs) {}
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
