// The optimised engine is not thrown away by what a long run meets late: V8's trace of runs that first grow their tables (per-job rates, transit rings and heaps, job records, the calendar) and first draw a ziggurat tail, or first bisect in DGD-LB's sampler, after the engine is optimised.
import { beforeAll, describe, expect, it } from "vitest";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "../helpers.ts";

/**
 * The event loop's handlers and what they inline (the run, the fleet, the transit queues and heap,
 * the job records, the calendar, the metrics, the sampler), as V8's trace names them: each named in
 * some invalidation on the session's start. Other code may be invalidated or lazily deopted
 * meanwhile (Node's module loader and file reads, tsx's source maps, under a loaded machine) and is
 * not this test's.
 */
const ENGINE =
  /<(SharedFunctionInfo|JSFunction) (loop|run|arrive|reach|depart|respond|complete|scheduleArrival|publish|add|rateFor|nextDeparture|push|pop|shift|rise|move|grow|head(Time|Seq|Backend|Size)|top(Time|Seq|Kind|Arg)?|schedule|allocate|release|update|population|departure|completion|routing|sample|draw)[ >]/;

describe("the engine's optimised code", { timeout: 60_000 }, () => {
  let r: SpawnSyncReturns<string>;
  let bailouts: string[];
  /** The engine's compiled code invalidated because an assumption it was compiled on broke. */
  let invalidated: string[];
  beforeAll(() => {
    r = spawnSync(process.execPath, ["--import", "tsx", "--trace-deopt", join(ROOT, "test", "fixtures", "engineDeopts.mjs")], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
    const lines = r.stdout.split("\n");
    bailouts = lines.filter((line) => line.startsWith("[bailout"));
    invalidated = lines.filter((line) => line.startsWith("[marking dependent code") && line.includes("reason: code dependencies") && ENGINE.test(line));
  }, 60_000);

  it("ran", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.match(/simulated \d+ requests/g)).toHaveLength(2);
    expect(r.stdout).toMatch(/drew \d+/);
  });

  it("loses no compiled code to a changed field (each of the five growths threw the handlers away)", () => {
    expect(invalidated).toEqual([]);
    expect(bailouts.filter((line) => line.includes("deopt-lazy") && ENGINE.test(line))).toEqual([]);
  });

  it("has type feedback for the ziggurat's tail and wedge before their first draw", () => {
    expect(bailouts.filter((line) => line.includes("<JSFunction standardExponential"))).toEqual([]);
  });

  it("has type feedback for DGD-LB's sampler's bisection before a draw first needs it", () => {
    expect(bailouts.filter((line) => /<JSFunction (draw|sample) /.test(line))).toEqual([]);
  });
});
