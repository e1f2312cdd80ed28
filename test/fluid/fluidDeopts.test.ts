// A critical-step search compiles DGD-LB's fluid update once: V8's trace of a search whose every trial is a new fluid run.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

describe("the fluid integrator's optimised code", { timeout: 60_000 }, () => {
  let r: SpawnSyncReturns<string>;
  let bailouts: string[];
  beforeAll(() => {
    r = spawnSync(process.execPath, ["--import", "tsx", "--trace-deopt", join(ROOT, "test", "fixtures", "fluidDeopts.mjs")], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    bailouts = r.stdout.split("\n").filter((line) => line.startsWith("[bailout"));
  }, 60_000);

  it("ran the search", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/critical step 3\.9\d* after \d+ trials/);
  });

  it("is not thrown away by the next trial's known sizes (a closure made per fluid run was a new call target)", () => {
    expect(bailouts.filter((line) => line.includes("wrong call target") && /<JSFunction (integrateFluid|update|step) /.test(line))).toEqual([]);
  });
});
