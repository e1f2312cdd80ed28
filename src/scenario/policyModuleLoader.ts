// Loads a user's policy module synchronously (Node 20.19+ requires ES modules without top-level await),
// so a scenario resolves in one pass in the main thread and again, from its path, in each worker.
import { createRequire } from "node:module";
import { resolve } from "node:path";
import type { UserPolicyFactory } from "../policies/userPolicy.ts";
import { ScenarioError } from "../input/scenarioError.ts";

const requireModule = createRequire(import.meta.url);

/** The module's default export (or its `createPolicy` export), which must be a function (view) => policy. */
export function loadPolicyModule(dir: string, scenarioFile: string, path: string, fieldPath: string): UserPolicyFactory {
  const fail = (message: string): never => {
    throw new ScenarioError(scenarioFile, [{ code: "file", path: fieldPath, message: `${path.slice(0, 200)} ${message}` }]);
  };
  let mod: unknown;
  try {
    mod = requireModule(resolve(dir, path));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "MODULE_NOT_FOUND" || err.code === "ERR_MODULE_NOT_FOUND") return fail("was not found; give the path of a JavaScript module relative to the scenario file");
    if (err.code === "ERR_REQUIRE_ASYNC_MODULE") return fail("uses top-level await, which a policy module cannot (it is loaded synchronously in every worker thread)");
    return fail(`could not be loaded: ${err.message?.split("\n")[0] ?? String(e)}`);
  }
  const m = mod as { default?: unknown; createPolicy?: unknown };
  const factory = typeof mod === "function" ? mod : typeof m?.default === "function" ? m.default : m?.createPolicy;
  if (typeof factory !== "function") return fail("exports no function: give `export default function (view) { return { route(frontend, random) { ... } }; }`");
  return factory as UserPolicyFactory;
}
