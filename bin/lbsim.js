#!/usr/bin/env node
// Entry point of the `lbsim` bin: the compiled CLI in dist/ (built by `npm ci` through `prepare`, or `npm run build`).
import { existsSync } from "node:fs";

const cli = new URL("../dist/cli/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("error: lbsim is not built: run `npm run build` (npm ci and npm install run it)\n");
  process.exit(2);
}
await import(cli.href);
