// How many threads V8 gets for its background jobs when a study runs on many worker threads.

/**
 * Node runs every isolate's background jobs (TurboFan's concurrent compiles, the garbage
 * collector's helpers) on one pool per process, 4 threads unless `--v8-pool-size` says otherwise,
 * and worker threads share it. A study starts its W threads at once and each compiles the engine
 * for itself, so with W = 16 the compiles of 16 isolates queue on 4 threads while every lane runs
 * cold code. On a 2-vCPU VM, 2 lanes sharing 1 helper thread took 1.18× the time of the default
 * (5 pairs), while 2, 4 or 8 helper threads ran the same; 16 lanes on 4 threads share them twice
 * as thinly. The flag is read only when Node starts, so `bin/lbsim.js` starts Node again with it.
 */
export const NODE_DEFAULT_V8_POOL = 4;

/** The commands that run replications on worker threads (`--workers`, defaulting to the number of cores). */
const STUDY_COMMANDS = new Set(["run", "compare", "sweep", "goodput", "plan", "report"]);

export interface NodeInvocation {
  /** The CLI's arguments after the script (process.argv.slice(2)). */
  args: readonly string[];
  /** Node's own flags (process.execArgv). */
  execArgv: readonly string[];
  /** The NODE_OPTIONS environment variable. */
  nodeOptions: string | undefined;
  /** os.availableParallelism(). */
  cores: number;
}

/**
 * The `--v8-pool-size` to start Node with for this invocation, or null to run in this process: the
 * study's worker count (at most the cores) where it exceeds Node's 4, unless the pool size is
 * already set, Node runs under a debugger, or `run` makes a single replication. A malformed --workers runs in place, where the CLI
 * says what is wrong with it.
 */
export function helperThreadsFor({ args, execArgv, nodeOptions, cores }: NodeInvocation): number | null {
  if (execArgv.some(setsPoolSize) || (nodeOptions ?? "").split(/\s+/).some(setsPoolSize)) return null;
  // under a debugger the work must stay in the process it is attached to
  if (execArgv.some((flag) => flag.startsWith("--inspect"))) return null;
  const workers = studyWorkers(args, cores);
  if (workers === null) return null;
  const threads = Math.min(workers, cores);
  return threads > NODE_DEFAULT_V8_POOL ? threads : null;
}

/**
 * The worker threads (lanes) the study these CLI arguments ask for runs on, read before the
 * command is loaded: --workers, defaulting to the cores. Null where no study runs on threads: not a
 * study command, `run` of one replication (its default, run in this thread), one worker, a
 * malformed --workers (the CLI says what is wrong with it), or a request for help.
 */
export function studyWorkers(args: readonly string[], cores: number): number | null {
  if (!STUDY_COMMANDS.has(args[0] ?? "")) return null;
  if (args.includes("--help") || args.includes("-h")) return null;
  // `run` makes one replication unless told otherwise, and one replication runs in this thread
  const replications = count(optionValue(args, "--replications")) ?? 1;
  if (args[0] === "run" && !(replications > 1) && optionValue(args, "--target-half-width") === undefined) return null;
  const workers = count(optionValue(args, "--workers")) ?? cores;
  return Number.isInteger(workers) && workers > 1 ? workers : null;
}

function setsPoolSize(flag: string): boolean {
  return flag.startsWith("--v8-pool-size") || flag.startsWith("--v8_pool_size");
}

/** The value of the last `name` option (as commander reads it: `name V` or `name=V`), or undefined. */
function optionValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let k = 1; k < args.length; k++) {
    const a = args[k]!;
    if (a === "--") break;
    if (a === name) value = args[++k];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/** A whole number as the CLI accepts one, NaN for anything else, undefined for no value. */
function count(value: string | undefined): number | undefined {
  return value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : NaN;
}
