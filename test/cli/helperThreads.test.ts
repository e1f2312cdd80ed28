// V8's helper threads for studies on many worker threads: which invocations start Node again with --v8-pool-size, and that the relaunch is invisible.
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { helperThreadsFor, studyWorkers } from "../../src/cli/helperThreads.ts";
import { ROOT } from "../helpers.ts";

const on = (args: string[], more: { execArgv?: string[]; nodeOptions?: string; cores?: number } = {}) =>
  helperThreadsFor({ args, execArgv: more.execArgv ?? [], nodeOptions: more.nodeOptions, cores: more.cores ?? 16 });

describe("helperThreadsFor", () => {
  it("gives a study on more than 4 workers as many helper threads, at most the cores", () => {
    expect(on(["run", "s.json", "--replications", "20"])).toBe(16);
    expect(on(["run", "s.json", "--target-half-width", "0.01"])).toBe(16);
    expect(on(["compare", "s.json", "--workers", "8"])).toBe(8);
    expect(on(["sweep", "s.json", "--workers=6"])).toBe(6);
    expect(on(["report", "s.json", "--workers", "64"])).toBe(16);
    expect(on(["run", "s.json", "--replications=8", "--workers", "2", "--workers", "12"])).toBe(12);
    expect(on(["plan", "s.json"], { cores: 6 })).toBe(6);
    expect(on(["compare", "s.json", "--policies", "a,b"])).toBe(16);
  });

  it("leaves Node's 4 threads where they suffice, or where the user chose", () => {
    expect(on(["run", "s.json", "--replications", "10", "--workers", "4"])).toBeNull();
    expect(on(["compare", "s.json"], { cores: 4 })).toBeNull();
    // one replication runs in the main thread
    expect(on(["run", "s.json"])).toBeNull();
    expect(on(["run", "s.json", "--replications", "1", "--workers", "16"])).toBeNull();
    expect(on(["optimum", "s.json"])).toBeNull();
    expect(on(["schema"])).toBeNull();
    expect(on([])).toBeNull();
    expect(on(["sweep", "s.json"], { execArgv: ["--v8-pool-size=2"] })).toBeNull();
    expect(on(["sweep", "s.json"], { nodeOptions: "--max-old-space-size=4096 --v8-pool-size=8" })).toBeNull();
    expect(on(["compare", "s.json"], { execArgv: ["--inspect-brk"] })).toBeNull();
    // malformed: the CLI itself says what is wrong, so it runs in place
    expect(on(["compare", "s.json", "--workers", "many"])).toBeNull();
    expect(on(["compare", "s.json", "--workers", "-3"])).toBeNull();
  });
});

describe("studyWorkers", () => {
  it("reads the lanes a study asks for before its command loads, so that they start at once", () => {
    expect(studyWorkers(["run", "s.json", "--replications", "8", "--workers", "2"], 16)).toBe(2);
    expect(studyWorkers(["run", "s.json", "--replications=8"], 2)).toBe(2);
    expect(studyWorkers(["run", "s.json", "--target-half-width", "0.01", "--workers=3"], 2)).toBe(3);
    expect(studyWorkers(["compare", "s.json"], 4)).toBe(4);
    expect(studyWorkers(["sweep", "s.json", "--workers", "64"], 4)).toBe(64);
  });

  it("is null where no study runs on threads", () => {
    expect(studyWorkers(["run", "s.json"], 16)).toBeNull();
    expect(studyWorkers(["run", "s.json", "--replications", "1"], 16)).toBeNull();
    expect(studyWorkers(["compare", "s.json", "--workers", "1"], 16)).toBeNull();
    expect(studyWorkers(["compare", "s.json"], 1)).toBeNull();
    expect(studyWorkers(["compare", "s.json", "--workers", "two"], 16)).toBeNull();
    expect(studyWorkers(["run", "s.json", "--replications", "8", "--help"], 16)).toBeNull();
    expect(studyWorkers(["optimum", "s.json", "--workers", "4"], 16)).toBeNull();
    expect(studyWorkers([], 16)).toBeNull();
  });
});

// the bin on a machine that says it has 16 cores (test/fixtures/sixteenCores.mjs)
const PRELOAD = ["--import", pathToFileURL(join(ROOT, "test", "fixtures", "sixteenCores.mjs")).href];
const STUDY = ["run", "scenarios/three-regions.json", "--set", "horizon=300", "--replications", "6", "--json"];
const bin = (args: string[]) => spawnSync(process.execPath, [...PRELOAD, join(ROOT, "bin", "lbsim.js"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("the bin's relaunch", { timeout: 120_000 }, () => {
  it("runs a 6-worker study under --v8-pool-size=6 with the bytes of one worker", () => {
    const six = bin([...STUDY, "--workers", "6"]);
    expect(six.status).toBe(0);
    expect(six.stderr).toMatch(/started with --v8-pool-size=6\]/);
    const one = bin([...STUDY, "--workers", "1"]);
    expect(one.stderr).not.toContain("--v8-pool-size");
    expect(six.stdout).toBe(one.stdout);
  });

  it("passes the exit status and the error through", () => {
    const r = bin(["run", "no-such-scenario.json", "--replications", "4", "--workers", "8"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/started with --v8-pool-size=8\]/);
    expect(r.stderr).toMatch(/^error: no-such-scenario\.json: scenario file not found/m);
  });

  it("passes SIGTERM on: the relaunched process ends with it", async () => {
    const child = spawn(process.execPath, [...PRELOAD, join(ROOT, "bin", "lbsim.js"), ...STUDY, "--set", "horizon=1000000", "--workers", "5"], { cwd: ROOT });
    let stderr = "";
    const relaunched = new Promise<number>((resolve) =>
      child.stderr.on("data", (d) => {
        stderr += d;
        const m = /\[pid (\d+) started with --v8-pool-size=5\]/.exec(stderr);
        if (m) resolve(Number(m[1]));
      }),
    );
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    const pid = await relaunched;
    child.kill("SIGTERM");
    expect(await ended).toBe("SIGTERM");
    // the parent ends only after the relaunched process has
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});
