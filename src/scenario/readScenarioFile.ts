// Reading a scenario file: one read, then the text's JSON checks (scenarioText.ts).
import { readFileSync, statSync } from "node:fs";
import { assertRegularFile, InputFileError } from "./csvTable.ts";
import { ScenarioError } from "../input/scenarioError.ts";
import { parseScenarioText } from "./scenarioText.ts";

export { checkedObject, parseScenarioText } from "./scenarioText.ts";

export function readScenarioFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    if (!statSync(file).isDirectory()) assertRegularFile(file);
    text = readFileSync(file, "utf8");
  } catch (e) {
    const directory = (e as NodeJS.ErrnoException).code === "EISDIR";
    const message =
      e instanceof InputFileError
        ? `${e.message}; give the path of a scenario JSON file`
        : directory
          ? "is a directory; give the path of a scenario JSON file"
          : "scenario file not found or unreadable; give the path of a scenario JSON file (e.g. scenarios/mm1.json)";
    throw new ScenarioError(file, [{ code: "file", path: "", message }]);
  }
  return parseScenarioText(file, text);
}
