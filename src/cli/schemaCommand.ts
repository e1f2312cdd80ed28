// `lbsim schema`: prints the scenario JSON Schema (the same text as scenario.schema.json at the repository root).
import type { Command } from "commander";
import { scenarioJsonSchemaText } from "../scenario/jsonSchema.ts";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of the scenario format (docs/scenario-format.md explains every field)")
    .option("--json", "the schema is JSON already: accepted, as every command takes it")
    .action(() => {
      process.stdout.write(scenarioJsonSchemaText());
    });
}
