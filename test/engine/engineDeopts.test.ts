// The optimised engine is not thrown away by what a long run meets late: V8's trace of an M/M/1 run whose population first passes 64 jobs, and whose ziggurat first draws a tail, after the engine is optimised.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

describe("the engine's optimised code", { timeout: 60_000 }, () => {
  let r: SpawnSyncReturns<string>;
  let bailouts: string[];
  beforeAll(() => {
    r = spawnSync(process.execPath, ["--import", "tsx", "--trace-deopt", join(ROOT, "test", "fixtures", "engineDeopts.mjs")], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    bailouts = r.stdout.split("\n").filter((line) => line.startsWith("[bailout"));
  }, 60_000);

  it("ran", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/simulated \d+ requests/);
  });

  it("loses no compiled code to a changed field (the per-job rate table's growth was one: every handler was thrown away)", () => {
    expect(bailouts.filter((line) => line.includes("deopt-lazy"))).toEqual([]);
  });

  it("has type feedback for the ziggurat's tail and wedge before their first draw", () => {
    expect(bailouts.filter((line) => line.includes("<JSFunction standardExponential"))).toEqual([]);
  });
});
