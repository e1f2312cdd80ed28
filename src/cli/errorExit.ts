// The CLI's single error exit: expected errors become one `error:` line and exit status 2.
import { CommanderError } from "commander";
import { ScenarioError } from "../input/scenarioError.ts";
import { StudyError } from "../input/studyError.ts";
import { targetOfTemporary } from "../report/atomicWrite.ts";

/** A usage problem the user can fix: printed like a ScenarioError, exit status 2. */
export class UsageError extends Error {}

export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

/** The CLI's one catch: expected errors become one `error:` line and exit 2; nothing else reaches stdout. */
export function reportError(err: unknown): never {
  if (err instanceof ScenarioError) fail(err.describe());
  if (err instanceof UsageError || err instanceof StudyError) fail(err.message);
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) process.exit(0);
    fail(err.message.replace(/^error: /, ""));
  }
  const e = err as NodeJS.ErrnoException;
  // a reader that has gone away (`lbsim run … | head`, or `--trace /dev/stdout | head`) ends the process quietly, as cat does
  if (e?.code === "EPIPE") process.exit(0);
  // an output path that cannot be written (a missing directory, no permission, a full disk)
  if (e && typeof e.code === "string" && typeof e.syscall === "string" && typeof e.path === "string") {
    fail(`cannot write ${targetOfTemporary(e.path)} (${e.code}); give a path in a writable directory`);
  }
  fail(`internal error: ${e?.message ?? String(err)} (please report this with the scenario)`);
}
