// The optimised engine is not thrown away by what a long run meets late: V8's trace of runs that first grow their tables (per-job rates, transit rings and heaps, job records, the calendar) and first draw a ziggurat tail, or first bisect in DGD-LB's sampler, after the engine is optimised.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

describe("the engine's optimised code", { timeout: 60_000 }, () => {
  let r: SpawnSyncReturns<string>;
  let bailouts: string[];
  /** Compiled code invalidated because an assumption it was compiled on broke (Node's module loader aside). */
  let invalidated: string[];
  beforeAll(() => {
    r = spawnSync(process.execPath, ["--import", "tsx", "--trace-deopt", join(ROOT, "test", "fixtures", "engineDeopts.mjs")], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    const lines = r.stdout.split("\n");
    bailouts = lines.filter((line) => line.startsWith("[bailout"));
    invalidated = lines.filter((line) => line.startsWith("[marking dependent code") && line.includes("reason: code dependencies") && !line.includes("Module._"));
  }, 60_000);

  it("ran", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/simulated \d+ requests/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/drew \d+/);
  });

  it("loses no compiled code to a changed field (each of the five growths threw the handlers away)", () => {
    expect(invalidated).toEqual([]);
    expect(bailouts.filter((line) => line.includes("deopt-lazy"))).toEqual([]);
  });

  it("has type feedback for the ziggurat's tail and wedge before their first draw", () => {
    expect(bailouts.filter((line) => line.includes("<JSFunction standardExponential"))).toEqual([]);
  });

  it("has type feedback for DGD-LB's sampler's bisection before a draw first needs it", () => {
    expect(bailouts.filter((line) => /<JSFunction (draw|sample) /.test(line))).toEqual([]);
  });
});
