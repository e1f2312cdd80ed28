// Hostile and careless input: random mutations of valid scenarios through the loader and the real binary.
// Every mutant either loads (and runs, printing finite numbers) or is refused with exit 2 and one `error:` line.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "../helpers.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { ScenarioError } from "../../src/input/scenarioError.ts";

const short = (name: string) => {
  const s = JSON.parse(readFileSync(join(ROOT, "scenarios", name), "utf8"));
  s.horizon = 30;
  s.warmup = 5;
  return s;
};
const BASES = [short("mm1.json"), short("three-regions.json"), short("geo-large-latency.json")];

type Json = unknown;

/** Every path to a value inside the scenario (keys and indices). */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, k) => paths(x, [...prefix, k], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

const deep = (depth: number): Json => (depth === 0 ? 1 : [deep(depth - 1)]);
const REPLACEMENTS: Json[] = [
  0,
  -1,
  1e308,
  -1e308,
  5e-324,
  "",
  "x".repeat(100_000),
  [],
  {},
  null,
  true,
  "constructor",
  "__proto__",
  [1, 2, 3],
  { kind: "constructor" },
  deep(40),
  "NaN",
  1.5,
  1e-6,
  1e6,
];

/** One mutation: replace a value, drop a key, duplicate an array element, or add an unknown key. */
function mutate(base: Json, pathIndex: number, op: number, replacement: number): Json {
  const s = structuredClone(base) as Record<string, Json>;
  const all = paths(s);
  const path = all[pathIndex % all.length]!;
  if (path.length === 0) return op % 2 === 0 ? { ...s, unknownTopLevel: 1 } : REPLACEMENTS[replacement % REPLACEMENTS.length];
  let parent: any = s;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const key = path[path.length - 1]!;
  switch (op % 4) {
    case 0:
      parent[key] = REPLACEMENTS[replacement % REPLACEMENTS.length];
      break;
    case 1:
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 2:
      if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
      else parent[`${String(key)}x`] = parent[key];
      break;
    default:
      if (parent[key] && typeof parent[key] === "object" && !Array.isArray(parent[key])) parent[key].bogusKey = 1;
      else parent[key] = REPLACEMENTS[(replacement + 3) % REPLACEMENTS.length];
  }
  return s;
}

const mutant = fc.record({ base: fc.nat(BASES.length - 1), path: fc.nat(10_000), op: fc.nat(3), replacement: fc.nat(REPLACEMENTS.length - 1) });

/** Every number in a JSON result that is an estimate must be finite (null only where nothing was observed, n = 0). */
function checkNumbers(v: Json, where: string): void {
  if (typeof v === "number") expect(Number.isFinite(v), where).toBe(true);
  else if (Array.isArray(v)) v.forEach((x, k) => checkNumbers(x, `${where}[${k}]`));
  else if (v && typeof v === "object") {
    const o = v as Record<string, Json>;
    if ("estimate" in o && o.estimate === null) expect(o.n, `${where}: null estimate with observations`).toBe(0);
    for (const [k, x] of Object.entries(o)) if (x !== null) checkNumbers(x, `${where}.${k}`);
  }
}

describe("fuzz: mutated scenarios", () => {
  it("through the loader: 400 mutants load or raise a ScenarioError (never another error)", () => {
    const file = join(ROOT, "scenarios", "fuzz.json");
    let loaded = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutant, ({ base, path, op, replacement }) => {
        const m = mutate(BASES[base], path, op, replacement);
        try {
          loadScenario(m as Record<string, unknown>, { file });
          loaded++;
        } catch (e) {
          if (!(e instanceof ScenarioError)) throw e;
          expect(e.describe().length).toBeLessThan(4000);
          refused++;
        }
      }),
      { numRuns: 400, seed: 20261125 },
    );
    expect(loaded).toBeGreaterThan(20);
    expect(refused).toBeGreaterThan(100);
  });

  it("through the real binary: 60 mutants run with finite numbers or exit 2 with one error line, none hangs", { timeout: 600_000 }, () => {
    const dir = tempDir();
    const outcomes = { ran: 0, refused: 0 };
    fc.assert(
      fc.property(mutant, ({ base, path, op, replacement }) => {
        const file = join(dir, "mutant.json");
        writeFileSync(file, JSON.stringify(mutate(BASES[base], path, op, replacement)));
        const r = spawnSync(process.execPath, [join(ROOT, "bin", "lbsim.js"), "run", file, "--json", "--workers", "1"], { encoding: "utf8", timeout: 120_000 });
        expect(r.signal, "killed by the timeout: a hang").toBe(null);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
        if (r.status === 0) {
          outcomes.ran++;
          checkNumbers(JSON.parse(r.stdout), "result");
        } else {
          outcomes.refused++;
          expect(r.status).toBe(2);
          expect(r.stdout).toBe("");
          const lines = r.stderr
            .trim()
            .split("\n")
            .filter((l) => !l.startsWith("warning: "));
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(/^error: /);
          expect(lines[0]).not.toMatch(/internal error/);
        }
      }),
      { numRuns: 60, seed: 7 },
    );
    expect(outcomes.ran).toBeGreaterThan(3);
    expect(outcomes.refused).toBeGreaterThan(10);
  });

  it("a trace path that is a directory, and non-JSON bytes, are refused cleanly", () => {
    const dir = tempDir();
    const s = { horizon: 10, frontends: [{ id: "f", arrivals: { kind: "trace", path: "." } }], backends: [{ id: "b", curve: { kind: "saturating", max: 10, half: 2 } }] };
    writeFileSync(join(dir, "s.json"), JSON.stringify(s));
    writeFileSync(join(dir, "bytes.json"), Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x22]));
    for (const f of ["s.json", "bytes.json", "."]) {
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "lbsim.js"), "run", join(dir, f)], { encoding: "utf8" });
      expect(r.status, f).toBe(2);
      expect(r.stderr).toMatch(/^error: /);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });
});

describe("fuzz: extreme numbers at every numeric field", () => {
  /** Bases that between them have every numeric field kind: rates, curves, latencies, intervals, sizes, capacity windows. */
  const extremeBases: Array<[string, Record<string, Json>]> = [
    ["three-regions", short("three-regions.json")],
    // a closed loop has no open rate: tiny requests or a huge rate made it run for days without a word
    [
      "closed loop",
      {
        horizon: 30,
        warmup: 5,
        frontends: [{ id: "f", arrivals: { kind: "closed", clients: 3, think: 0.5 } }],
        backends: [{ id: "b", curve: { kind: "saturating", max: 8, half: 2 } }],
        requestSize: { kind: "exponential", mean: 1 },
        policy: { kind: "random" },
      },
    ],
    [
      "sizes and windows",
      {
        horizon: 30,
        warmup: 5,
        scale: 2,
        frontends: [
          {
            id: "f",
            arrivals: {
              kind: "piecewise",
              breakpoints: [
                [0, 5],
                [10, 8],
              ],
            },
            requestSize: { kind: "lognormal", mean: 1, cv: 2 },
          },
          { id: "g", arrivals: { kind: "poisson", rate: 4 }, requestSize: { kind: "gamma", mean: 2, cv: 0.5 } },
        ],
        backends: [
          { id: "a", servers: 2, curve: { kind: "exp-saturating", max: 10, scale: 3 }, capacitySchedule: [{ from: 10, to: 12, multiplier: 0.5 }] },
          { id: "b", curve: { kind: "power", coef: 3, exponent: 0.5 } },
          { id: "c", curve: { kind: "linear-capped", rate: 2, slots: 4 } },
          {
            id: "d",
            curve: {
              kind: "table",
              points: [
                [1, 2],
                [4, 6],
                [10, 8],
              ],
            },
          },
        ],
        latency: { unit: "ms", oneWay: { f: { a: 10, b: 20, c: 30, d: 5 }, g: { a: 40, b: 5, c: 10, d: 15 } }, jitter: { kind: "exponential", mean: 2 } },
        feedback: { mode: "periodic", interval: 0.05 },
        policy: { kind: "dgd-lb", stepSize: 0.1, updateInterval: 0.1 },
        sample: { interval: 1 },
      },
    ],
  ];
  const EXTREMES = [5e-324, 1e-300, 1e155, 1e308];

  it("each loads and runs with finite figures (or says why not in a warning), or is refused with a ScenarioError naming a path", { timeout: 600_000 }, async () => {
    const { assertBoundedWork } = await import("../../src/engine/workEstimate.ts");
    const { assertFeasible } = await import("../../src/model/loadCheck.ts");
    const { singleRunResult } = await import("../../src/experiment/singleRun.ts");
    const { StudyError } = await import("../../src/input/studyError.ts");
    const file = join(ROOT, "scenarios", "fuzz.json");
    let ran = 0;
    let refused = 0;
    for (const [name, base] of extremeBases) {
      for (const path of paths(base)) {
        let value: unknown = base;
        for (const k of path) value = (value as Record<string | number, unknown>)[k];
        if (typeof value !== "number") continue;
        for (const extreme of EXTREMES) {
          const m = structuredClone(base) as Record<string, Json>;
          let parent: any = m;
          for (const k of path.slice(0, -1)) parent = parent[k];
          parent[path[path.length - 1]!] = extreme;
          const where = `${name}: ${path.join(".")} = ${extreme}`;
          let s;
          try {
            s = loadScenario(m as Record<string, unknown>, { file });
            assertFeasible(s);
            assertBoundedWork(s, false);
          } catch (e) {
            if (!(e instanceof ScenarioError) && !(e instanceof StudyError)) throw new Error(`${where}: ${String(e)}`);
            refused++;
            continue;
          }
          const result = singleRunResult(s, 0, { series: { backend() {}, routing() {} } });
          ran++;
          if (result.warnings.length > 0) continue;
          try {
            checkNumbers(result, "result");
          } catch (e) {
            throw new Error(`${where}: ${String(e)}`);
          }
        }
      }
    }
    expect(ran).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });
});
