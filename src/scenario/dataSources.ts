// The loader's DataSource: reads each file once and keeps what it read (a worker's is preloadedDataSource.ts).
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { InputSource } from "./inputSource.ts";
import type { ScenarioInputs } from "../model/scenario.ts";
import { assertRegularFile, InputFileError, readNumericColumns } from "./csvTable.ts";
import { ScenarioError } from "../input/scenarioError.ts";

import { emptyInputs } from "./preloadedDataSource.ts";
import { loadPolicyModule } from "./policyModuleLoader.ts";
import type { UserPolicyFactory } from "../policies/userPolicy.ts";

/** Reads files relative to `dir`, each at most once, and records every column and table it returned in `inputs`. */
export class DiskDataSource implements InputSource {
  private readonly texts = new Map<string, string>();
  constructor(
    private readonly dir: string,
    private readonly scenarioFile: string,
    readonly inputs: ScenarioInputs = emptyInputs(),
  ) {}

  private text(path: string, fieldPath: string): string {
    let t = this.texts.get(path);
    if (t === undefined) {
      const full = resolve(this.dir, path);
      try {
        assertRegularFile(full);
        t = readFileSync(full, "utf8");
      } catch (e) {
        const why = e instanceof InputFileError ? e.message : (e as NodeJS.ErrnoException).code === "EISDIR" ? "is a directory" : "cannot be read";
        throw new ScenarioError(this.scenarioFile, [{ code: "file", path: fieldPath, message: `${path.slice(0, 200)} ${why}; give the path of a file relative to the scenario file` }]);
      }
      this.texts.set(path, t);
    }
    return t;
  }

  /** Streams the CSV from disk (the text is never held whole); columns already read are not read again. */
  columns(path: string, names: string[], fieldPath: string): Float64Array[] {
    const have = (this.inputs.columns[path] ??= Object.create(null) as Record<string, Float64Array>);
    const missing = names.filter((n) => !Object.hasOwn(have, n));
    if (missing.length > 0) {
      const full = resolve(this.dir, path);
      this.checkReadable(full, path, fieldPath);
      const parsed = readNumericColumns(full, fieldPath, missing);
      missing.forEach((n, k) => (have[n] = parsed[k]!));
    }
    return names.map((n) => have[n]!);
  }

  private checkReadable(full: string, path: string, fieldPath: string): void {
    let why: string | null = null;
    try {
      if (statSync(full).isDirectory()) why = "is a directory";
      else assertRegularFile(full);
    } catch (e) {
      why = e instanceof InputFileError ? e.message : "cannot be read";
    }
    if (why) throw new ScenarioError(this.scenarioFile, [{ code: "file", path: fieldPath, message: `${path.slice(0, 200)} ${why}; give the path of a file relative to the scenario file` }]);
  }

  policyModule(path: string, fieldPath: string): UserPolicyFactory {
    return loadPolicyModule(this.dir, this.scenarioFile, path, fieldPath);
  }

  json(path: string, fieldPath: string): unknown {
    if (!Object.hasOwn(this.inputs.json, path)) {
      try {
        this.inputs.json[path] = JSON.parse(this.text(path, fieldPath));
      } catch (e) {
        if (e instanceof ScenarioError) throw e;
        throw new ScenarioError(this.scenarioFile, [{ code: "file", path: fieldPath, message: `${path.slice(0, 200)} is not valid JSON` }]);
      }
    }
    return this.inputs.json[path];
  }
}
