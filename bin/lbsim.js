#!/usr/bin/env node
// Entry point of the `lbsim` bin: the bundled CLI in dist/bundle/ (built by `npm ci` through `prepare`, or `npm run build`).
import { existsSync } from "node:fs";

const cli = new URL("../dist/bundle/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("error: lbsim is not built: run `npm run build` (npm ci and npm install run it)\n");
  process.exit(2);
}
await import(cli.href);
