// docs/ stays the reference: every field and kind of the schema is documented, and no tracked file points outside the repository.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

const formatDoc = readFileSync(join(ROOT, "docs", "scenario-format.md"), "utf8");
const schema = JSON.parse(readFileSync(join(ROOT, "scenario.schema.json"), "utf8"));

/** Every property name and every `const` (kind and mode names) anywhere in the JSON Schema. */
function namesIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => namesIn(n, out));
  else if (node && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.properties && typeof o.properties === "object") for (const k of Object.keys(o.properties)) out.add(k);
    if (typeof o.const === "string") out.add(o.const);
    for (const v of Object.values(o)) namesIn(v, out);
  }
  return out;
}

describe("docs", () => {
  it("docs/scenario-format.md names every field, kind and mode of the schema", () => {
    const names = [...namesIn(schema)];
    expect(names.length).toBeGreaterThan(60);
    const missing = names.filter((n) => !formatDoc.includes(`\`${n}\``) && !formatDoc.includes(`"${n}"`));
    expect(missing).toEqual([]);
  });

  it("no tracked file refers to the specification folder beside the repository (a clone has nothing beside it)", () => {
    const outside = ["..", "shared"].join("/");
    const r = spawnSync("git", ["grep", "-l", "-F", outside, "--", "."], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(1); // git grep: 1 = no match
    expect(r.stdout).toBe("");
  });
});
