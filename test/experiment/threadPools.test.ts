// The module that starts a study's threads stays light: bin/lbsim.js loads it before the CLI, so that the threads boot while the CLI and the engine load.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "../helpers.ts";

/** Every source file a module reaches through relative imports (type-only imports left out: they load nothing). */
function reachedFrom(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const m of readFileSync(file, "utf8").matchAll(/^import (?!type )[^;]*?from "(\.[^"]+)"/gms)) reachedFrom(resolve(dirname(file), m[1]!), seen);
  return seen;
}

describe("threadPools.ts", () => {
  it("reaches neither the engine nor the scenario format: only the pools and where lanes compile", () => {
    const reached = [...reachedFrom(join(ROOT, "src", "experiment", "threadPools.ts"))].map((f) => relative(ROOT, f)).sort();
    expect(reached).toEqual(["src/experiment/laneCompiles.ts", "src/experiment/threadPools.ts"]);
  });

  it("is what replicationPool.ts starts and stops its threads through", () => {
    const reached = [...reachedFrom(join(ROOT, "src", "experiment", "replicationPool.ts"))].map((f) => relative(ROOT, f));
    expect(reached).toContain("src/experiment/threadPools.ts");
    expect(readFileSync(join(ROOT, "bin", "lbsim.js"), "utf8")).toContain("dist/bundle/threadPools.js");
  });
});
