// lbsim: wires the commands; each lives in its own file.
import { Command } from "commander";
import { reportError } from "./common.ts";
import { shutdownWorkers } from "../experiment/replicationPool.ts";
import { registerRun } from "./runCommand.ts";
import { registerOptimum } from "./optimumCommand.ts";
import { registerCompare } from "./compareCommand.ts";
import { registerMerge } from "./mergeCommand.ts";
import { registerFluid } from "./fluidCommand.ts";
import { registerStability } from "./stabilityCommand.ts";
import { registerValidateFluid } from "./validateFluidCommand.ts";
import { registerPlan } from "./planCommand.ts";
import { registerReport } from "./reportCommand.ts";
import { registerSchema } from "./schemaCommand.ts";

const program = new Command("lbsim")
  .description("discrete-event simulator of geo-distributed load balancing with network latencies")
  .exitOverride()
  .configureOutput({ writeErr: () => {} })
  .showHelpAfterError(false);
registerRun(program);
registerOptimum(program);
registerCompare(program);
registerMerge(program);
registerFluid(program);
registerStability(program);
registerValidateFluid(program);
registerPlan(program);
registerReport(program);
registerSchema(program);
for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeErr: () => {} });

try {
  await program.parseAsync(process.argv);
  await shutdownWorkers();
} catch (err) {
  reportError(err);
}
