// The first pass: raw scenario JSON against the schema, strict at every depth, defaults filled in.
import { scenarioSchema, type ScenarioSpec } from "./scenarioSchema.ts";
import { issuesFromZod } from "./zodIssues.ts";
import { ScenarioError } from "../input/scenarioError.ts";

export function parseScenarioSpec(file: string, raw: Record<string, unknown>): ScenarioSpec {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new ScenarioError(file, issuesFromZod(parsed.error));
  return parsed.data;
}
