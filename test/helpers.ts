// Shared test helpers: scenarios in memory, replications, the 99.9% t interval, the real CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { afterAll } from "vitest";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadScenario } from "../src/scenario/loadScenario.ts";
import type { Scenario } from "../src/model/scenario.ts";
import { runReplications } from "../src/experiment/runStudy.ts";
import { mean, tHalfWidth } from "../src/stats/estimate.ts";
import { metricSample, type RunResult } from "../src/stats/runMetrics.ts";

export const ROOT = resolve(import.meta.dirname, "..");

export function scenarioFile(name: string, overrides: string[] = []): Scenario {
  return loadScenario(join(ROOT, "scenarios", name), { overrides });
}

export function scenarioFrom(raw: Record<string, unknown>, file = join(ROOT, "scenarios", "inline.json")): Scenario {
  return loadScenario(raw, { file });
}

export function replicate(s: Scenario, replications: number): RunResult[] {
  return runReplications(s, { replications });
}

/** A fixed stream of numbers in [0, 1) from a 32-bit LCG: test inputs that are the same in every run. */
export function stream(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/** Mean and half-width of the two-sided t interval at `level` over independent values. */
export function tInterval(values: number[], level = 0.999): { mean: number; halfWidth: number } {
  return { mean: mean(values), halfWidth: tHalfWidth(values, level)! };
}

/** Asserts `theory` lies in the 99.9% t interval of the values; returns the interval for messages. */
export function expectInInterval(values: number[], theory: number, what: string): void {
  const { mean, halfWidth } = tInterval(values);
  if (!(Math.abs(mean - theory) <= halfWidth)) {
    throw new Error(`${what}: theory ${theory} outside 99.9% interval ${mean} ± ${halfWidth}`);
  }
}

export function metric(runs: RunResult[], key: string): number[] {
  return runs.map((r) => {
    const m = metricSample(r, key);
    if (!m) throw new Error(`no metric ${key}`);
    return m.point;
  });
}

/** Directories made by tempDir() in this test file, removed when the file's tests are done (vitest evaluates this module once per file). */
const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "lbsim-test-"));
  tempDirs.push(dir);
  return dir;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return p;
}

/** Runs the real `lbsim` binary. */
export function cli(args: string[], env: Record<string, string> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "lbsim.js"), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Two frontends (12 and 8 requests/s) × three backends (two single servers at 15/s, one saturating), horizon 300 s, random routing: a study in a fraction of a second. */
export const FLEET_2X3 = {
  horizon: 300,
  warmup: 20,
  frontends: [
    { id: "a", arrivals: { kind: "poisson", rate: 12 } },
    { id: "b", arrivals: { kind: "poisson", rate: 8 } },
  ],
  backends: [
    { id: "x", curve: { kind: "linear-capped", rate: 15, slots: 1 } },
    { id: "y", curve: { kind: "linear-capped", rate: 15, slots: 1 } },
    { id: "z", curve: { kind: "saturating", max: 12, half: 2 } },
  ],
  latency: { unit: "ms", oneWay: { a: { x: 10, y: 20, z: 30 }, b: { x: 25, y: 5, z: 15 } } },
  policy: { kind: "random" },
};

/**
 * Two frontends with mean request sizes 1 and 4 (rates 6 and 2), two saturating backends, asymmetric
 * latencies: the fluid checks' mixed-size network (add horizon and policy).
 */
export const MIXED_SIZES_2X2 = {
  frontends: [
    { id: "a", arrivals: { kind: "poisson", rate: 6 }, requestSize: { kind: "exponential", mean: 1 } },
    { id: "b", arrivals: { kind: "poisson", rate: 2 }, requestSize: { kind: "exponential", mean: 4 } },
  ],
  backends: [
    { id: "near", curve: { kind: "saturating", max: 12, half: 3 } },
    { id: "far", curve: { kind: "saturating", max: 12, half: 3 } },
  ],
  latency: { unit: "ms", oneWay: { a: { near: 10, far: 60 }, b: { near: 40, far: 15 } } },
};

/**
 * F frontends (Poisson at `rate` each) × B saturating backends (12 requests/s, half speed at 2
 * present), one-way latencies 5–101 ms by a fixed pattern: a fleet wider than a chart or the step
 * check reads. `fields` adds or replaces top-level fields (seed, horizon, policy, ...).
 */
export function wideFleetSpec(F: number, B: number, rate: number, fields: Record<string, unknown>): Record<string, unknown> {
  const oneWay: Record<string, Record<string, number>> = {};
  for (let i = 0; i < F; i++) {
    oneWay[`f${i}`] = {};
    for (let j = 0; j < B; j++) oneWay[`f${i}`]![`b${j}`] = 5 + ((i * 37 + j * 11) % 97);
  }
  return {
    frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate } })),
    backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 12, half: 2 } })),
    latency: { unit: "ms", oneWay },
    ...fields,
  };
}
