// `npm run build:web` (also part of `npm run build`): the playground as a static folder, dist-web/, for
// `lbsim serve` or any static host. No CDN and no request outside the folder: the scenarios ship
// inside it, with the columns of their data files already read.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = join(ROOT, "dist-web");
const { loadScenario } = await import(join(ROOT, "dist", "scenario", "loadScenario.js"));

mkdirSync(OUT, { recursive: true });
for (const entry of ["playground", "worker"]) {
  await build({
    entryPoints: [join(ROOT, "src", "web", `${entry}.ts`)],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    outfile: join(OUT, `${entry}.js`),
    logLevel: "warning",
  });
}
for (const file of ["index.html", "playground.css"]) copyFileSync(join(ROOT, "src", "web", file), join(OUT, file));

const scenarios = {};
for (const file of readdirSync(join(ROOT, "scenarios"))
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const path = join(ROOT, "scenarios", file);
  const s = loadScenario(path, { keepAutoStep: true });
  const columns = {};
  for (const [p, cols] of Object.entries(s.inputs.columns)) columns[p] = Object.fromEntries(Object.entries(cols).map(([name, a]) => [name, Array.from(a)]));
  scenarios[file.replace(/\.json$/, "")] = { file: `scenarios/${file}`, text: readFileSync(path, "utf8"), inputs: { columns, json: s.inputs.json } };
}
writeFileSync(join(OUT, "scenarios.json"), JSON.stringify(scenarios));
process.stderr.write(`playground written to ${OUT}\n`);
