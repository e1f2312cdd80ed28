// `npm run bench:cache -- S|--fleet FxB --from H1 --to H2`: instructions and cache misses a request of `lbsim run S`, under cachegrind.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { geoFleet } from "./workloads.ts";
import { lbsimRunArgs, POLICIES, withScenarioFile } from "./fleetScaling.ts";

/**
 * Wall-clock figures on a shared machine drift by tens of percent; cachegrind's counts do not
 * (with `node --single-threaded`, V8 compiles on the main thread, so the JIT's decisions repeat).
 * Two runs that differ only in the horizon are subtracted: start-up, parsing and compiling cancel,
 * leaving the steady cost of the requests between the two horizons.
 */
export interface CacheCounts {
  instructions: number;
  firstLevelDataMisses: number;
  lastLevelDataMisses: number;
}

/** The totals of cachegrind's summary on stderr ("I refs", "D1 misses", "LLd misses"). */
export function parseCachegrindSummary(stderr: string): CacheCounts {
  const total = (label: RegExp, what: string): number => {
    const m = label.exec(stderr);
    if (!m) throw new Error(`cachegrind's summary has no ${what} line (was --cache-sim=yes given?)`);
    return Number(m[1]!.replaceAll(",", ""));
  };
  return {
    instructions: total(/I\s+refs:\s+([\d,]+)/, "'I refs'"),
    firstLevelDataMisses: total(/D1\s+misses:\s+([\d,]+)/, "'D1 misses'"),
    lastLevelDataMisses: total(/LLd\s+misses:\s+([\d,]+)/, "'LLd misses'"),
  };
}

/** Counts a request between two runs that simulated `requests` requests apart. */
export function perRequest(short: CacheCounts, long: CacheCounts, requests: number): CacheCounts {
  if (!(requests > 0)) throw new Error(`the longer run simulated ${requests} more requests than the shorter: lengthen --to`);
  return {
    instructions: (long.instructions - short.instructions) / requests,
    firstLevelDataMisses: (long.firstLevelDataMisses - short.firstLevelDataMisses) / requests,
    lastLevelDataMisses: (long.lastLevelDataMisses - short.lastLevelDataMisses) / requests,
  };
}

interface Options {
  from: string;
  to: string;
  d1: string;
  ll: string;
  policy?: string;
  fleet?: string;
  json?: boolean;
}

/** The bench's F×B geo fleet (bench/workloads.ts) with the bench's parameters of the policy, as a scenario spec. */
function fleetSpec(fleet: string, policy: string | undefined): unknown {
  const m = /^(\d+)x(\d+)$/.exec(fleet);
  if (!m) throw new Error(`--fleet must be FxB, e.g. 100x1000 (got ${fleet})`);
  const spec = POLICIES[policy ?? "random"];
  if (!spec) throw new Error(`--fleet runs the bench's policies ${Object.keys(POLICIES).join(", ")} (got ${policy})`);
  return geoFleet(Number(m[1]), Number(m[2]), 1e5, spec).spec;
}

/** `lbsim run FILE` at the horizon under cachegrind; `policy` overrides the file's. */
function runUnderCachegrind(name: string, scenario: string, horizon: number, policy: string | undefined, o: Options): { arrived: number; counts: CacheCounts } {
  if (process.stderr.isTTY) process.stderr.write(`cachegrind: ${name} at horizon ${horizon} ...\n`);
  const args = ["--tool=cachegrind", "--cache-sim=yes", `--D1=${o.d1}`, `--LL=${o.ll}`, "--cachegrind-out-file=/dev/null"];
  const run = [...lbsimRunArgs(scenario), "--set", `horizon=${horizon}`];
  if (policy) run.push("--policy", policy);
  const child = spawnSync("valgrind", [...args, process.execPath, "--single-threaded", ...run], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (child.error) throw new Error(`cannot start valgrind (${child.error.message}): install it, e.g. apt-get install -y valgrind`);
  if (child.status !== 0)
    throw new Error(
      `lbsim run at horizon ${horizon} failed under cachegrind:\n${child.stderr
        .split("\n")
        .filter((l) => !/^(==|--)\d+(==|--)/.test(l))
        .join("\n")
        .trim()}`,
    );
  return { arrived: JSON.parse(child.stdout).counts.arrived, counts: parseCachegrindSummary(child.stderr) };
}

function main(): void {
  const program = new Command("bench:cache")
    .description("instructions and data-cache misses a request of `lbsim run`, under cachegrind: the difference of two horizons")
    .argument("[scenario]", "scenario JSON file (or --fleet)")
    .option("--fleet <FxB>", "the bench's geo fleet of F frontends and B backends instead of a file (e.g. 100x1000)")
    .requiredOption("--from <H1>", "the shorter run's horizon (seconds; past the scenario's warm-up)")
    .requiredOption("--to <H2>", "the longer run's horizon")
    .option("--d1 <size,assoc,line>", "first-level data cache simulated", "49152,12,64")
    .option("--ll <size,assoc,line>", "last-level cache simulated (a 1 MB L2 by default: the level a 100×1,000 run spills)", "1048576,16,64")
    .option("--policy <kind>", "override the scenario's routing policy")
    .option("--json", "machine-readable result on stdout")
    .action((file: string | undefined, o: Options) => {
      const from = Number(o.from);
      const to = Number(o.to);
      if (!(from > 0) || !(to > from)) throw new Error(`--from and --to must be horizons with 0 < from < to (got ${o.from} and ${o.to})`);
      if ((file === undefined) === (o.fleet === undefined)) throw new Error("give a scenario file or --fleet FxB (one of the two)");
      const name = o.fleet === undefined ? file! : `geo fleet ${o.fleet}, ${o.policy ?? "random"}`;
      // the fleet's spec already holds the bench's parameters of the policy: no override then
      const policy = o.fleet === undefined ? o.policy : undefined;
      const both = (scenario: string) => ({ short: runUnderCachegrind(name, scenario, from, policy, o), long: runUnderCachegrind(name, scenario, to, policy, o) });
      const { short, long } = o.fleet === undefined ? both(file!) : withScenarioFile(fleetSpec(o.fleet, o.policy), both);
      const requests = long.arrived - short.arrived;
      const r = perRequest(short.counts, long.counts, requests);
      if (o.json) process.stdout.write(JSON.stringify({ scenario: name, from, to, requests, perRequest: r }) + "\n");
      else {
        process.stdout.write(`${name}, horizons ${from} -> ${to} (${requests} requests apart), a request:\n`);
        process.stdout.write(`  instructions ${r.instructions.toFixed(0)}, D1 misses ${r.firstLevelDataMisses.toFixed(1)}, LL data misses ${r.lastLevelDataMisses.toFixed(1)}\n`);
      }
    });
  try {
    program.parse();
  } catch (e) {
    process.stderr.write(`error: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
