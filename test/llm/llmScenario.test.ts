// LLM scenarios through the CLI: bad input exits 2 naming the field, every policy and analysis runs on
// the engines' equivalent curves, --trace carries the tokens and the first token, PS scenarios are untouched.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir, writeJson } from "../helpers.ts";
import { namedPolicyKinds } from "../../src/policies/registry.ts";

const base = () => ({
  name: "llm-two",
  horizon: 120,
  warmup: 10,
  frontends: [
    { id: "east", arrivals: { kind: "poisson", rate: 2 } },
    { id: "west", arrivals: { kind: "poisson", rate: 1.5 } },
  ],
  backends: [
    { id: "a", engine: { kind: "llm", stepBase: 0.01, stepPerSequence: 0.0003, stepPerToken: 0.00004, maxSequences: 32 } },
    { id: "b", engine: { kind: "llm", stepBase: 0.012, stepPerSequence: 0.0003, stepPerToken: 0.00005, maxSequences: 32, chunkTokens: 1024 } },
  ] as Array<Record<string, unknown>>,
  tokens: { input: { kind: "lognormal", mean: 800, cv: 1 }, output: { kind: "exponential", mean: 150 } } as Record<string, unknown> | undefined,
  latency: { unit: "ms", oneWay: { east: { a: 5, b: 40 }, west: { a: 40, b: 5 } } },
  slo: { ttft: 1, tpot: 0.05 } as Record<string, unknown> | undefined,
  policy: { kind: "jsq" } as Record<string, unknown>,
});
type Base = ReturnType<typeof base>;
const engine = (s: Base, k = 0) => s.backends[k]!.engine as Record<string, unknown>;

function refused(edit: (s: Base) => void, path: string, says: RegExp, command = "run"): void {
  const s = base();
  edit(s);
  const r = cli([command, writeJson(tempDir(), "s.json", s)]);
  expect(r.status, r.stdout).toBe(2);
  expect(r.stderr).toContain(`${path}:`);
  expect(r.stderr).toMatch(says);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe("LLM bad input: exit 2 with the field and what is valid", () => {
  it("an engine without maxSequences, negative or all-zero step costs, chunkTokens < 1", () => {
    refused((s) => delete engine(s).maxSequences, "backends[0].engine.maxSequences", /integer >= 1/);
    refused((s) => (engine(s).stepPerToken = -1), "backends[0].engine.stepPerToken", />= 0/);
    refused((s) => Object.assign(engine(s), { stepBase: 0, stepPerSequence: 0, stepPerToken: 0 }), "backends[0].engine.stepBase", /no time/);
    refused((s) => (engine(s).chunkTokens = 0), "backends[0].engine.chunkTokens", /integer >= 1/);
  });

  it("a request larger than kvTokens, or unbounded token laws under a KV limit", () => {
    refused(
      (s) => {
        engine(s).kvTokens = 100;
        s.tokens = { input: { kind: "deterministic", value: 500 }, output: { kind: "deterministic", value: 10 } };
      },
      "backends[0].engine.kvTokens",
      /needs 510 tokens .* more than kvTokens 100/,
    );
    refused((s) => (engine(s).kvTokens = 100000), "frontends[0].tokens", /bound/);
  });

  it("curve and engine both or neither, a mixed fleet", () => {
    refused((s) => (s.backends[0]!.curve = { kind: "saturating", max: 10, half: 2 }), "backends[0].engine", /either curve .* or engine/);
    refused((s) => delete s.backends[0]!.engine, "backends[0].curve", /required/);
    refused(
      (s) => {
        delete s.backends[0]!.engine;
        s.backends[0]!.curve = { kind: "saturating", max: 10, half: 2 };
      },
      "backends[0].curve",
      /all backends must be LLM engines/,
    );
  });

  it("no tokens on an LLM scenario, tokens or an SLO on a PS one", () => {
    refused((s) => delete s.tokens, "frontends[0]", /need token counts/);
    refused(
      (s) => {
        s.backends = s.backends.map((b) => ({ id: b.id, curve: { kind: "saturating", max: 10, half: 2 } }));
      },
      "tokens",
      /for LLM engines/,
    );
    refused(
      (s) => {
        s.backends = s.backends.map((b) => ({ id: b.id, curve: { kind: "saturating", max: 10, half: 2 } }));
        delete s.tokens;
      },
      "slo",
      /LLM engines/,
    );
  });

  it("a trace without the named token columns, or with only one of them", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "arrival_s,prompt_tokens\n0.5,100\n1.5,200\n");
    const s = base();
    delete s.tokens;
    s.frontends = [{ id: "east", arrivals: { kind: "trace", path: "t.csv", inputColumn: "prompt_tokens", outputColumn: "output_tokens" } as never }, s.frontends[1]!];
    const r = cli(["run", writeJson(dir, "s.json", s)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("frontends[0].arrivals.path");
    expect(r.stderr).toContain("output_tokens");
    (s.frontends[0]!.arrivals as Record<string, unknown>).outputColumn = undefined;
    const one = cli(["run", writeJson(dir, "s2.json", JSON.parse(JSON.stringify(s)))]);
    expect(one.status).toBe(2);
    expect(one.stderr).toContain("frontends[0].arrivals.outputColumn");
  });

  it("closed loops are refused by the analyses that need an arrival rate", () => {
    refused((s) => (s.frontends[0]!.arrivals = { kind: "closed", clients: 4 } as never), "frontends[0].arrivals", /closed loop has none/, "optimum");
  });
});

describe("LLM scenarios run everything", () => {
  it("every policy routes on the engines (finite TTFT, TPOT, SLO attainment in [0, 1])", () => {
    const s = base();
    s.policy = { kind: "dgd-lb", stepSize: 0.5, updateInterval: 0.1 };
    const file = writeJson(tempDir(), "s.json", s);
    for (const policy of namedPolicyKinds()) {
      const r = cli(["run", file, "--policy", policy, "--json"]);
      expect(r.status, `${policy}: ${r.stderr}`).toBe(0);
      const m = JSON.parse(r.stdout).metrics;
      for (const key of ["ttft.mean", "ttft.p99", "tpot.mean", "throughput.outputTokens", "goodput"]) expect(Number.isFinite(m[key].estimate), `${policy} ${key}`).toBe(true);
      expect(m["slo.attainment"].estimate).toBeGreaterThanOrEqual(0);
      expect(m["slo.attainment"].estimate).toBeLessThanOrEqual(1);
    }
  });

  it("optimum and stability read the equivalent curves (requests/s)", () => {
    const file = writeJson(tempDir(), "s.json", base());
    const opt = cli(["optimum", file, "--json"]);
    expect(opt.status, opt.stderr).toBe(0);
    expect(JSON.parse(opt.stdout).objective).toBeGreaterThan(0);
    const st = cli(["stability", file, "--set", 'policy={"kind":"dgd-lb","stepSize":1}', "--json"]);
    expect(st.status, st.stderr).toBe(0);
  });

  it("--trace adds inputTokens, outputTokens and firstToken; the first token comes between birth and completion", () => {
    const dir = tempDir();
    const s = base();
    s.warmup = 0;
    s.horizon = 30;
    const trace = join(dir, "t.csv");
    const r = cli(["run", writeJson(dir, "s.json", s), "--trace", trace]);
    expect(r.status, r.stderr).toBe(0);
    const [header, ...rows] = readFileSync(trace, "utf8").trim().split("\n");
    expect(header).toBe("id,frontend,backend,size,born,arrivedBackend,departedBackend,completed,inputTokens,outputTokens,firstToken");
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      const c = row.split(",");
      const [born, arrived, departed, completed, input, output, first] = [4, 5, 6, 7, 8, 9, 10].map((k) => Number(c[k]));
      expect(Number.isInteger(input) && input! >= 1 && Number.isInteger(output) && output! >= 1).toBe(true);
      expect(first).toBeGreaterThan(arrived!);
      expect(first).toBeLessThanOrEqual(completed! + 1e-12);
      expect(departed).toBeLessThan(completed!);
      expect(born).toBeLessThan(arrived!);
    }
  });

  it("the report has a TTFT/TPOT section (quantiles, and per policy with the SLO) and prints TTFT and TPOT on stdout", () => {
    const dir = tempDir();
    const out = join(dir, "r.html");
    const r = cli(["report", writeJson(dir, "s.json", base()), "--replications", "2", "--policies", "sed", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/TTFT mean \d+ ± \d+ ms, p99 \d+ ± \d+ ms; TPOT mean/);
    const html = readFileSync(out, "utf8");
    expect(html.includes("<h2>LLM serving: TTFT and TPOT</h2>")).toBe(true);
    expect(html.includes("SLO: TTFT ≤ 1 s and TPOT ≤ 0.05 s per request.")).toBe(true);
    expect(html.includes('<th scope="col">SLO met (%)</th>')).toBe(true);
  });
});
