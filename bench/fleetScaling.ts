// Benchmark parts that grow with the fleet: per-request cost as F×B grows, and whole CLI runs (start-up included).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulate } from "../dist/engine/simulation.js";
import { geoFleet, mm1 } from "./workloads.ts";
import { median } from "simple-statistics";

export const FLEETS: Array<[number, number]> = [
  [4, 16],
  [20, 100],
  [100, 1000],
];
export const POLICIES: Record<string, Record<string, unknown>> = {
  random: { kind: "random" },
  jsq: { kind: "jsq" },
  "dgd-lb": { kind: "dgd-lb", stepSize: 0.05, updateInterval: 0.1 },
};

export interface FleetFigure {
  fleet: string;
  policy: string;
  startupSeconds: number;
  requestsPerSecond: number;
}

/**
 * In-process: building the scenario (start-up), then steady requests/s after a JIT warm-up run of
 * the same fleet; each figure is the median of `rounds` runs (one run on a shared machine can be 40% off).
 */
export function fleetScaling(requests: number, rounds = 3): FleetFigure[] {
  const out: FleetFigure[] = [];
  for (const [F, B] of FLEETS) {
    for (const [name, policy] of Object.entries(POLICIES)) {
      simulate(geoFleet(F, B, Math.min(requests, 2e5) / 4, policy));
      const startup: number[] = [];
      const rate: number[] = [];
      for (let k = 0; k < rounds; k++) {
        const t0 = performance.now();
        const s = geoFleet(F, B, requests, policy);
        const t1 = performance.now();
        const r = simulate(s);
        const t2 = performance.now();
        startup.push((t1 - t0) / 1000);
        rate.push(r.counts.arrived / ((t2 - t1) / 1000));
      }
      out.push({ fleet: `${F}x${B}`, policy: name, startupSeconds: median(startup), requestsPerSecond: median(rate) });
    }
  }
  return out;
}

const BIN = fileURLToPath(new URL("../bin/lbsim.js", import.meta.url));
/** The shipped scenario the bench times `stability` and worker scaling on. */
export const THREE_REGIONS = fileURLToPath(new URL("../scenarios/three-regions.json", import.meta.url));

/** Makes a child print its own peak resident set (KiB) on exit: portable, unlike /usr/bin/time. */
const REPORT_PEAK_RSS = 'data:text/javascript,process.on("exit",()=>process.stderr.write("lbsim-bench-peak-rss "+process.resourceUsage().maxRSS+"\\n"))';

/** `lbsim run FILE` as the bench runs it (one replication, in the main thread, JSON out): the arguments after node's own. */
export function lbsimRunArgs(file: string): string[] {
  return [BIN, "run", file, "--json", "--replications", "1", "--workers", "1", "--allow-long"];
}

/** Calls fn with the path of a file holding the scenario, in a temporary folder removed afterwards. */
export function withScenarioFile<T>(scenario: unknown, fn: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "lbsim-bench-"));
  try {
    const file = join(dir, "s.json");
    writeFileSync(file, JSON.stringify(scenario));
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `lbsim run FILE --json --replications 1`: wall time, requests/s (start-up included: a fresh process) and the process's peak RSS. */
export function cliRun(scenario: Record<string, unknown>): { seconds: number; requests: number; requestsPerSecond: number; peakRssMB: number } {
  const { child, seconds } = withScenarioFile(scenario, (file) => {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ["--import", REPORT_PEAK_RSS, ...lbsimRunArgs(file)], { encoding: "utf8", maxBuffer: 1 << 28 });
    return { child, seconds: (performance.now() - t0) / 1000 };
  });
  if (child.status !== 0) throw new Error(`lbsim run failed (${child.status}): ${child.stderr}`);
  const out = JSON.parse(child.stdout);
  const peakKiB = Number(/lbsim-bench-peak-rss (\d+)/.exec(child.stderr)?.[1] ?? NaN);
  return { seconds, requests: out.counts.arrived, requestsPerSecond: out.counts.arrived / seconds, peakRssMB: peakKiB / 1024 };
}

/**
 * `lbsim stability scenarios/three-regions.json --json` in a fresh process (start-up included),
 * `rounds` times: the median wall time and the critical step size found (the same every round).
 */
export function cliStability(rounds = 3): { seconds: number; criticalStepSize: number } {
  const seconds: number[] = [];
  let criticalStepSize = NaN;
  for (let k = 0; k < rounds; k++) {
    const run = timedLbsim(["stability", THREE_REGIONS, "--json"]);
    seconds.push(run.seconds);
    criticalStepSize = JSON.parse(run.stdout).criticalStepSize;
  }
  return { seconds: median(seconds), criticalStepSize };
}

/** `lbsim ARGS` in a fresh process: its wall time, start-up included, and its stdout; throws when it fails. */
function timedLbsim(args: string[]): { seconds: number; stdout: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`lbsim ${args.join(" ")} failed (${child.status}): ${child.stderr}`);
  return { seconds, stdout: child.stdout };
}

/**
 * The M/M/1-PS reference: bench/mm1ps.cpp (the same exact-PS algorithm, one core) built with
 * g++ -O2 and run beside lbsim's CLI on the same 10^7 requests; null when no g++ is installed.
 * The two alternate `pairs` times and each pair gives a ratio: on a shared machine whose speed
 * drifts, the median of paired ratios is steadier than the ratio of two lone runs.
 */
export function againstCpp(requests: number, pairs = 5): { cppRequestsPerSecond: number; lbsimRequestsPerSecond: number; ratio: number; ratios: number[] } | null {
  const source = fileURLToPath(new URL("./mm1ps.cpp", import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), "lbsim-cpp-"));
  try {
    return pairedWithCpp(source, join(dir, "mm1ps"), requests, pairs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pairedWithCpp(source: string, binary: string, requests: number, pairs: number): ReturnType<typeof againstCpp> {
  try {
    execFileSync("g++", ["-O2", "-o", binary, source], { stdio: "ignore" });
  } catch {
    return null;
  }
  if (!existsSync(binary)) return null;
  const spec = mm1(requests).spec as Record<string, unknown>;
  const cpp: number[] = [];
  const lbsim: number[] = [];
  for (let k = 0; k < pairs; k++) {
    const t0 = performance.now();
    execFileSync(binary, [String(requests)], { encoding: "utf8" });
    cpp.push(requests / ((performance.now() - t0) / 1000));
    lbsim.push(cliRun(spec).requestsPerSecond);
  }
  const ratios = lbsim.map((x, k) => x / cpp[k]!);
  return { cppRequestsPerSecond: median(cpp), lbsimRequestsPerSecond: median(lbsim), ratio: median(ratios), ratios };
}

export interface ShortStudy {
  workers: number;
  /** Medians over the pairs of one worker's and `workers` workers' wall time. */
  oneWorkerSeconds: number;
  seconds: number;
  /** Median over the pairs of one worker's time over `workers` workers' time (issue #31 asks 1.6 of 2 workers). */
  speedup: number;
  speedups: number[];
}

/**
 * A short study as users run it (issue #31): `lbsim run three-regions --replications 8` at horizon
 * 6,000 s (about 0.3 s a replication here), start-up included, on one worker and on `workers`,
 * alternating `pairs` times; each pair gives its own ratio, for a machine whose speed drifts.
 */
export function cliShortStudy(workers: number, pairs = 5): ShortStudy {
  const time = (w: number): number => timedLbsim(["run", THREE_REGIONS, "--replications", "8", "--set", "horizon=6000", "--json", "--workers", String(w)]).seconds;
  const one: number[] = [];
  const many: number[] = [];
  for (let k = 0; k < pairs; k++) {
    one.push(time(1));
    many.push(time(workers));
  }
  const speedups = one.map((t, k) => t / many[k]!);
  return { workers, oneWorkerSeconds: median(one), seconds: median(many), speedup: median(speedups), speedups };
}
