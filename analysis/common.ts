// Shared by the analysis scripts: where outputs go, scenario loading, writing figures and summaries.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import type { SweepStudyResult } from "../src/experiment/sweepResult.ts";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { renderSvg, type TopLevelSpec } from "../src/report/vegaSvg.ts";
import { loadScenario } from "../src/scenario/loadScenario.ts";
import type { Scenario } from "../src/model/scenario.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = join(ROOT, "analysis", "out");

export function scenario(name: string, overrides: string[] = [], policy?: string): Scenario {
  return loadScenario(join(ROOT, "scenarios", name), { overrides, policy });
}

export async function figure(name: string, spec: TopLevelSpec): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `${name}.svg`);
  writeFileSync(path, await renderSvg(spec));
  return path;
}

export function summary(name: string, markdown: string): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, `${name}.md`), markdown.trimStart());
  process.stdout.write(markdown.trimStart() + "\n");
}

export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
}

/** Runs `lbsim sweep ARGS --json` through the built binary (the command a reader would type) and returns its result. */
export function sweep(args: string[]): SweepStudyResult {
  const out = execFileSync(process.execPath, [join(ROOT, "bin", "lbsim.js"), "sweep", ...args, "--json"], { cwd: ROOT, encoding: "utf8" });
  return JSON.parse(out) as SweepStudyResult;
}
