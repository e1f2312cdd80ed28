// Where lanes compile: threads started to compile in their lanes do (V8's trace says so), threads started later and this thread compile beside them again, and a choice made on Node's command line stands.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { lanesFillCores } from "../../src/experiment/laneCompiles.ts";
import { laneLayout } from "../../src/experiment/threadPools.ts";
import { ROOT } from "../helpers.ts";

describe("lanesFillCores", () => {
  it("holds once the lanes leave fewer cores than lanes beside them", () => {
    expect(lanesFillCores(1, 2)).toBe(false);
    expect(lanesFillCores(2, 2)).toBe(true);
    expect(lanesFillCores(2, 4)).toBe(false);
    expect(lanesFillCores(3, 4)).toBe(true);
    expect(lanesFillCores(8, 16)).toBe(false);
    expect(lanesFillCores(9, 16)).toBe(true);
    expect(lanesFillCores(16, 16)).toBe(true);
    expect(lanesFillCores(64, 2)).toBe(true);
  });

  it("lays out a study's lanes: W − 1 pool threads beside this one, or W compiling in their lanes", () => {
    expect(laneLayout(2, 16)).toEqual({ poolThreads: 1, inLane: false });
    expect(laneLayout(2, 2)).toEqual({ poolThreads: 2, inLane: true });
    expect(laneLayout(16, 16)).toEqual({ poolThreads: 16, inLane: true });
  });
});

const THREADS = ["hotInLaneA", "hotInLaneB", "hotStartedAfter", "hotMainThread"];

/**
 * How each thread of test/fixtures/laneCompiles.mjs compiled its hot code (its first compile of NAME
 * or NAME_loop), by NAME. V8 writes a trace line in several pieces, so two threads tracing at once
 * can interleave them and lose a thread's line (seen once in CI on a loaded machine): a run that
 * names fewer threads than it started is run again, up to three times. A wrong mode is never retried.
 */
function compileModes(nodeFlags: string[]): Record<string, string> {
  let modes: Record<string, string> = {};
  for (let attempt = 0; attempt < 3 && Object.keys(modes).length < THREADS.length; attempt++) {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--trace-opt", ...nodeFlags, join(ROOT, "test", "fixtures", "laneCompiles.mjs")], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.status, r.stderr).toBe(0);
    modes = {};
    for (const m of r.stdout.matchAll(/compiling method .*?<JSFunction (hot[A-Za-z]+)(?:_loop)? .*?mode: ConcurrencyMode::k(\w+)/g)) if (THREADS.includes(m[1]!)) modes[m[1]!] ??= m[2]!;
  }
  return modes;
}

describe("startedCompilingInLane", { timeout: 60_000 }, () => {
  it("makes the threads it starts compile in their own threads, and only those", () => {
    expect(compileModes([])).toEqual({ hotInLaneA: "Synchronous", hotInLaneB: "Synchronous", hotStartedAfter: "Concurrent", hotMainThread: "Concurrent" });
  });

  it("leaves a choice made on Node's command line as it is", () => {
    const all = (mode: string) => ({ hotInLaneA: mode, hotInLaneB: mode, hotStartedAfter: mode, hotMainThread: mode });
    expect(compileModes(["--concurrent-recompilation"])).toEqual(all("Concurrent"));
    expect(compileModes(["--no-concurrent-recompilation"])).toEqual(all("Synchronous"));
  });
});
