// scenario.schema.json: the JSON Schema of the format, generated from the zod schemas (never edited by hand).
import * as z from "zod";
import { scenarioSchema } from "./scenarioSchema.ts";

/**
 * The input side of the schema (defaults shown as `default`, so fields with one are optional),
 * draft 2020-12. Cross-field rules (ids, latency pairs, concavity, warm-up < horizon) are checked
 * by lbsim, not by the JSON Schema; docs/scenario-format.md lists them.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    title: "lbsim scenario",
    description: "A scenario of lbsim, the simulator of geo-distributed load balancing with network latencies. Generated from the zod schemas in src/ by `lbsim schema`; see docs/scenario-format.md.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** The file's text: two-space JSON and a final newline. */
export const scenarioJsonSchemaText = (): string => JSON.stringify(scenarioJsonSchema(), null, 2) + "\n";
