#!/usr/bin/env node
// Entry point of the `lbsim` bin: the bundled CLI in dist/bundle/ (built by `npm ci` through `prepare`, or `npm run build`).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/bundle/cli.js", import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write("error: lbsim is not built: run `npm run build` (npm ci and npm install run it)\n");
  process.exit(2);
}

// A study on more than 4 worker threads needs more of V8's helper threads than Node starts with,
// and Node reads their number only at start-up: start it again with them (src/cli/helperThreads.ts).
const { helperThreadsFor, studyWorkers } = await import(new URL("../dist/cli/helperThreads.js", import.meta.url).href);
const threads = helperThreadsFor({ args: process.argv.slice(2), execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS, cores: availableParallelism() });
if (threads === null) {
  // A study's worker threads start now and boot while the CLI, the command and its scenario load:
  // where the lanes fill the cores every lane is a pool thread, so their start is the study's (8
  // replications of ~0.3 s on 2 workers: 1.54x one worker's speed with the threads started once
  // the scenario was read, 1.60x from the CLI's start, 1.63x from here). The CLI's study finds them
  // started: dist/bundle/threadPools.js is the module it runs them through.
  const workers = studyWorkers(process.argv.slice(2), availableParallelism());
  if (workers !== null) (await import(new URL("../dist/bundle/threadPools.js", import.meta.url).href)).startWorkers(workers);
  await import(cli.href);
} else relaunch(threads);

function relaunch(threads) {
  const argv = [...process.execArgv, `--v8-pool-size=${threads}`, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const child = spawn(process.execPath, argv, { stdio: "inherit" });
  // signals sent here are passed on (Ctrl-C reaches both: a study takes a second SIGINT as the first), and the child's end is this process's
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (err) => {
    process.stderr.write(`error: could not start node again with --v8-pool-size=${threads} (${err.message}); give node that flag yourself\n`);
    process.exit(2);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
