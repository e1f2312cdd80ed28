// The example policy in examples/, written only against the documented interface: it routes where
// its cost says, and gives the same bytes from the CLI on one or two workers and from the library.
import { describe, expect, it } from "vitest";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, cli, tempDir, writeJson } from "../helpers.ts";
import { loadScenario, registerPolicy, runStudy, type UserPolicyFactory } from "../../src/index.ts";

const EXAMPLE = join(ROOT, "examples", "leastLatencyPlusQueue.mjs");

/** three-regions, short, routed by the example module (copied beside the scenario). */
function scenarioWithExample(): { file: string; raw: Record<string, unknown> } {
  const raw = JSON.parse(readFileSync(join(ROOT, "scenarios", "three-regions.json"), "utf8"));
  raw.horizon = 200;
  raw.warmup = 20;
  raw.policy = { kind: "module", path: "./leastLatencyPlusQueue.mjs", queueWeight: 1 };
  const dir = tempDir();
  copyFileSync(EXAMPLE, join(dir, "leastLatencyPlusQueue.mjs"));
  return { file: writeJson(dir, "example.json", raw), raw };
}

describe("examples/leastLatencyPlusQueue.mjs", () => {
  it("sends everything to the only backend whose round trip is short when the other is a second away", async () => {
    const raw = {
      horizon: 100,
      warmup: 10,
      frontends: [{ id: "a", arrivals: { kind: "poisson", rate: 2 }, requestSize: { kind: "exponential", mean: 1 } }],
      backends: [
        { id: "near", curve: { kind: "linear-capped", rate: 10, slots: 1 } },
        { id: "far", curve: { kind: "linear-capped", rate: 10, slots: 1 } },
      ],
      latency: { unit: "ms", oneWay: { a: { near: 5, far: 1000 } } },
      feedback: { mode: "instant" },
      policy: { kind: "module", path: "./leastLatencyPlusQueue.mjs" },
    };
    const dir = tempDir();
    copyFileSync(EXAMPLE, join(dir, "leastLatencyPlusQueue.mjs"));
    const r = cli(["run", writeJson(dir, "near.json", raw), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout).metrics;
    // a queue at the near backend costs 0.1 s a request: it would take 20 waiting to lose 2 s of round trip
    expect(m["frontend.a.share.near"].estimate).toBe(1);
  });

  it("gives byte-identical results on one and on two worker threads through the CLI, and the same estimates from the library, by path or registered by name", async () => {
    const { file, raw } = scenarioWithExample();
    const one = cli(["run", file, "--replications", "4", "--workers", "1", "--json"]);
    const two = cli(["run", file, "--replications", "4", "--workers", "2", "--json"]);
    expect(one.status, one.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const cliMetrics = JSON.parse(one.stdout).metrics;

    const byPath = await runStudy(await loadScenario(file), { replications: 4, workers: 2 });
    expect(byPath.metrics["latency.mean"]!.estimate).toBe(cliMetrics["latency.mean"].estimate);
    expect(byPath.metrics["frontend.tokyo.share.tokyo"]!.estimate).toBe(cliMetrics["frontend.tokyo.share.tokyo"].estimate);

    const factory = (await import(pathToFileURL(EXAMPLE).href)).default as UserPolicyFactory;
    registerPolicy("least-latency-plus-queue", factory);
    const named = { ...raw, policy: { kind: "module", name: "least-latency-plus-queue", queueWeight: 1 } };
    const byName = await runStudy(await loadScenario(named, { file }), { replications: 4, workers: 1 });
    expect(byName.metrics["latency.mean"]!.estimate).toBe(cliMetrics["latency.mean"].estimate);
  });
});
