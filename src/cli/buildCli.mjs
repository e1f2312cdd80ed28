// Part of `npm run build`: the CLI and its worker entry bundled by esbuild into dist/bundle/, so a run
// starts by reading a few files instead of resolving and compiling some 300 modules (zod, commander,
// @stdlib's many small packages and our own): `lbsim run` on a tiny scenario starts in about two
// thirds of the time. Commands still load lazily (code splitting keeps each in its own chunk).
// The library (dist/index.js) stays unbundled, as tsc emits it.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
// dist/bundle/ sits two levels below the root, like dist/cli/, so the paths the CLI resolves from
// its own location (../../package.json, ../../dist-web/) hold for the bundle too.
const OUT = join(ROOT, "dist", "bundle");
rmSync(OUT, { recursive: true, force: true });
await build({
  // threadPools is an entry of its own so that bin/lbsim.js can start a study's threads before the
  // CLI loads; the CLI's imports of it are then the same module (one set of pools)
  entryPoints: [join(ROOT, "dist", "cli", "cli.js"), join(ROOT, "dist", "experiment", "workerEntry.js"), join(ROOT, "dist", "experiment", "threadPools.js")],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  outdir: OUT,
  // flat: the pool chunk finds ./workerEntry.js beside itself, as dist/experiment/ does
  entryNames: "[name]",
  // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins
  banner: { js: 'import { createRequire as lbsimCreateRequire } from "node:module"; const require = lbsimCreateRequire(import.meta.url);' },
  // tinypool finds its own worker script beside its module, and vega loads lazily for charts: both stay in node_modules
  external: ["tinypool", "vega", "vega-lite"],
  logLevel: "warning",
});
