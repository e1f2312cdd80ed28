// A user's policy module: a shares-only policy is sampled as declared, and a module that breaks its
// contract stops the run with the module's path and the replication, on this thread or a worker's.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir, writeJson } from "../helpers.ts";

const TWO_BACKENDS = {
  horizon: 200,
  warmup: 10,
  frontends: [{ id: "a", arrivals: { kind: "poisson", rate: 20 }, requestSize: { kind: "exponential", mean: 1 } }],
  backends: [
    { id: "x", curve: { kind: "linear-capped", rate: 30, slots: 1 } },
    { id: "y", curve: { kind: "linear-capped", rate: 30, slots: 1 } },
  ],
  latency: { unit: "ms", oneWay: { a: { x: 10, y: 20 } } },
};

/** A scenario routed by a module with the given source, both in a fresh directory. */
function withModule(source: string, policy: Record<string, unknown> = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, "policy.mjs"), source);
  return writeJson(dir, "s.json", { ...TWO_BACKENDS, policy: { kind: "module", path: "./policy.mjs", ...policy } });
}

describe("policy modules", () => {
  it("a shares-only module is sampled with its probabilities, updated on its timer, and sees its params", () => {
    // 0.25 / 0.75 from params; after the first update at 100 s it flips to 0.75 / 0.25
    const file = withModule(
      `export default (view) => { let flipped = false; const p = view.params.first;
        return { updateInterval: 100, update() { flipped = view.now() >= 100; },
          shares(i, out) { out[0] = flipped ? 1 - p : p; out[1] = flipped ? p : 1 - p; } }; }`,
      { first: 0.25 },
    );
    const r = cli(["run", file, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const share = JSON.parse(r.stdout).metrics["frontend.a.share.x"].estimate;
    // measured after the 10 s warm-up: 90 s at 0.25, then 100 s at 0.75
    const expected = (90 * 0.25 + 100 * 0.75) / 190;
    // about 3,800 requests: the binomial share's 99.9% half-width is 3.3·sqrt(0.25/3800) ≈ 0.027
    expect(Math.abs(share - expected)).toBeLessThan(0.027);
  });

  it.each([
    ["returns a backend outside the frontend's set", "export default () => ({ route: () => 7 });", /route\(0\) returned 7, not one of frontend a's backends \[0, 1\]/],
    ["returns a non-integer", "export default () => ({ route: () => 0.5 });", /route\(0\) returned 0\.5/],
    ["gives probabilities that do not sum to one", "export default () => ({ shares(i, out) { out[0] = 0.5; out[1] = 0.4; } });", /shares\(0\) sums to 0\.9, not 1/],
    ["throws in route", 'export default () => ({ route() { throw new Error("boom"); } });', /threw in route\(0\): boom/],
    ["throws when created", 'export default () => { throw new Error("no config"); };', /threw while being created: no config/],
    ["gives neither route nor shares", "export default () => ({});", /gives neither route/],
  ])("a module that %s stops the run with its path and the replication, on one thread and on workers", (_what, source, message) => {
    const file = withModule(source);
    for (const workers of ["1", "2"]) {
      const r = cli(["run", file, "--replications", "2", "--workers", workers]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/replication \d of module/);
      expect(r.stderr).toContain("policy module ./policy.mjs");
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
  });

  it("a missing module, one with no function, both path and name, or an unregistered name are refused at the policy's path", () => {
    const dir = tempDir();
    const missing = cli(["run", writeJson(dir, "m.json", { ...TWO_BACKENDS, policy: { kind: "module", path: "./nowhere.mjs" } })]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/policy\.path.*nowhere\.mjs was not found/);

    writeFileSync(join(dir, "empty.mjs"), "export const x = 1;\n");
    const empty = cli(["run", writeJson(dir, "e.json", { ...TWO_BACKENDS, policy: { kind: "module", path: "./empty.mjs" } })]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/policy\.path.*exports no function/);

    const both = cli(["run", writeJson(dir, "b.json", { ...TWO_BACKENDS, policy: { kind: "module", path: "./empty.mjs", name: "x" } })]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/exactly one of "path"/);

    const unregistered = cli(["run", writeJson(dir, "u.json", { ...TWO_BACKENDS, policy: { kind: "module", name: "mine" } })]);
    expect(unregistered.status).toBe(2);
    expect(unregistered.stderr).toMatch(/policy\.name.*no policy is registered as "mine"/);
  });

  it("a module policy on one frontend runs beside a built-in on another", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "toY.mjs"), "export default () => ({ readsState: false, route: () => 1 });\n");
    const s = {
      ...TWO_BACKENDS,
      frontends: [...TWO_BACKENDS.frontends, { id: "b", arrivals: { kind: "poisson", rate: 5 }, requestSize: { kind: "exponential", mean: 1 }, policy: { kind: "module", path: "./toY.mjs" } }],
      latency: { unit: "ms", oneWay: { a: { x: 10, y: 20 }, b: { x: 10, y: 20 } } },
      policy: { kind: "nearest" },
    };
    const r = cli(["run", writeJson(dir, "mixed.json", s), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).metrics;
    expect(m["frontend.a.share.x"].estimate).toBe(1);
    expect(m["frontend.b.share.y"].estimate).toBe(1);
  });
});
