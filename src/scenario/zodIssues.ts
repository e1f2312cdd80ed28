// zod's issues as ours: `backends[1].curve.half`-style paths and the messages our schemas wrote.
import type * as z from "zod";
import type { Issue } from "../input/scenarioError.ts";

/** ["backends", 1, "curve", "half"] -> "backends[1].curve.half". */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** An unknown key's issue points at the key itself (zod points at the object holding it). */
export function issuesFromZod(error: z.ZodError): Issue[] {
  const out: Issue[] = [];
  for (const iss of error.issues) {
    const path = [...iss.path];
    if (iss.code === "unrecognized_keys" && iss.keys.length === 1) path.push(iss.keys[0]!);
    out.push({ code: iss.code, path: formatPath(path), message: iss.message });
  }
  return out;
}
