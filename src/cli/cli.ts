// lbsim: wires the commands; each lives in its own file and is loaded only when it runs, so
// `lbsim --help` starts in a few node start-up times (the report's vega is never loaded for a run).
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command } from "commander";
import { reportError } from "./errorExit.ts";
import { raiseInliningBudget } from "./inliningBudget.ts";
import { keepYoungGenerationSmall } from "./youngGeneration.ts";
import { studyWorkers } from "./helperThreads.ts";
import { setWorkNoticeListener } from "../input/workNotice.ts";

type Register = (program: Command) => void;

/** Every command: its one-line summary for `lbsim --help`, and how to load its definition. */
const commands: Array<{ name: string; summary: string; load: () => Promise<Register> }> = [
  { name: "run", summary: "simulate a scenario: every metric with its 95% interval", load: async () => (await import("./runCommand.ts")).registerRun },
  { name: "compare", summary: "compare policies on common random numbers, paired differences", load: async () => (await import("./compareCommand.ts")).registerCompare },
  { name: "sweep", summary: "vary scenario paths over a grid, every policy at every point", load: async () => (await import("./sweepCommand.ts")).registerSweep },
  { name: "merge", summary: "combine the results files of a sharded study", load: async () => (await import("./mergeCommand.ts")).registerMerge },
  { name: "optimum", summary: "the central optimum routing x*, L* and the KKT residual", load: async () => (await import("./optimumCommand.ts")).registerOptimum },
  { name: "fluid", summary: "integrate the fluid model and report its steady state", load: async () => (await import("./fluidCommand.ts")).registerFluid },
  { name: "stability", summary: "DGD-LB's critical step size on the fluid model", load: async () => (await import("./stabilityCommand.ts")).registerStability },
  { name: "validate-fluid", summary: "the simulator at growing scales against the fluid trajectory", load: async () => (await import("./validateFluidCommand.ts")).registerValidateFluid },
  { name: "fit", summary: "fit an LLM engine to a measured serving table", load: async () => (await import("./fitCommand.ts")).registerFit },
  { name: "goodput", summary: "the highest load each policy carries within SLOs (e.g. TTFT, TPOT)", load: async () => (await import("./goodputCommand.ts")).registerGoodput },
  { name: "plan", summary: "fewest servers per region meeting an SLO", load: async () => (await import("./planCommand.ts")).registerPlan },
  { name: "report", summary: "a self-contained HTML report", load: async () => (await import("./reportCommand.ts")).registerReport },
  { name: "serve", summary: "the browser playground on localhost", load: async () => (await import("./serveCommand.ts")).registerServe },
  { name: "schema", summary: "print the scenario JSON Schema", load: async () => (await import("./schemaCommand.ts")).registerSchema },
];

// before any simulation warms up: the flag is read when V8 optimises a function
raiseInliningBudget();
// before the scenario is read: the young generation would grow while it is parsed (alone in this
// thread only: see youngGeneration.ts)
if (studyWorkers(process.argv.slice(2), availableParallelism()) === null) keepYoungGenerationSmall();
setWorkNoticeListener((line, progress) => {
  if (!progress || process.stderr.isTTY) process.stderr.write(`${line}\n`);
});

// `lbsim run ... | head`: a reader that has gone away ends the process quietly (reportError)
process.stdout.on("error", reportError);

const version = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

const program = new Command("lbsim")
  .description("discrete-event simulator of geo-distributed load balancing with network latencies (docs/model.md, docs/scenario-format.md)")
  .version(version, "-V, --version", "print the version")
  .exitOverride()
  .configureOutput({ writeErr: () => {} })
  .showHelpAfterError(false);

try {
  const name = process.argv[2];
  const chosen = commands.find((c) => c.name === name);
  if (chosen) (await chosen.load())(program);
  else for (const c of commands) program.command(c.name).description(c.summary);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeErr: () => {} });
  if (process.argv.length <= 2) {
    process.stdout.write(program.helpInformation());
    process.exit(0);
  }
  // help and version go to stdout, exit 0
  program.configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: () => {} });
  await program.parseAsync(process.argv);
  if (chosen) await (await import("../experiment/threadPools.ts")).shutdownWorkers();
} catch (err) {
  reportError(err);
}
