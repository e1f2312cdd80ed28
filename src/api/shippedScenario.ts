// The scenarios shipped with the package, by name: a way in that works from any folder, not only the repo's root.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The package's scenarios/ folder (two levels above this module, in src/ and in dist/ alike). */
const FOLDER = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** Names of the shipped scenarios ("three-regions", "llm-geo", ...). */
export function shippedScenarios(): string[] {
  return readdirSync(FOLDER)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort();
}

/**
 * The absolute path of a shipped scenario, for loadScenario: `loadScenario(shippedScenario("three-regions"))`
 * runs the same from the repo, from an app that installed the package, or anywhere else.
 */
export function shippedScenario(name: string): string {
  const names = shippedScenarios();
  const bare = name.replace(/^scenarios\//, "").replace(/\.json$/, "");
  if (!names.includes(bare)) throw new RangeError(`no shipped scenario ${JSON.stringify(name)}: the package ships ${names.join(", ")}`);
  return FOLDER + bare + ".json";
}
