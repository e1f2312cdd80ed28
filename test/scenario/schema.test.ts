// The scenario contract: one zod schema, strict at every depth, with a generated JSON Schema that an independent validator accepts.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { ROOT, cli } from "../helpers.ts";
import { scenarioJsonSchemaText } from "../../src/scenario/jsonSchema.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { ScenarioError } from "../../src/input/scenarioError.ts";

const shipped = readdirSync(join(ROOT, "scenarios")).filter((f) => f.endsWith(".json"));
const read = (f: string) => JSON.parse(readFileSync(join(ROOT, "scenarios", f), "utf8"));
const schemaText = readFileSync(join(ROOT, "scenario.schema.json"), "utf8");

/** The issues loadScenario raises for a raw scenario (none when it loads). */
function issuesOf(raw: Record<string, unknown>, overrides: string[] = []) {
  try {
    loadScenario(raw, { file: join(ROOT, "scenarios", "inline.json"), overrides });
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.issues;
  }
}

const mm1 = read("mm1.json");
const three = read("three-regions.json");

describe("scenario.schema.json", () => {
  it("is exactly what the zod schemas generate (regenerate with `lbsim schema > scenario.schema.json`)", () => {
    expect(schemaText).toBe(scenarioJsonSchemaText());
  });

  it("`lbsim schema` prints it", () => {
    const r = cli(["schema"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(schemaText);
  });

  it("an independent validator (ajv, draft 2020-12) accepts every shipped scenario, each of which names it in $schema", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemaText));
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    for (const f of shipped) {
      const s = read(f);
      expect(s.$schema).toBe("../scenario.schema.json");
      expect(validate(s), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("the independent validator rejects unknown keys at the top level and inside kinds", () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemaText));
    expect(validate({ ...mm1, warmpu: 60 })).toBe(false);
    const nested = structuredClone(three);
    nested.backends[0].curve.halff = 3;
    expect(validate(nested)).toBe(false);
    const policy = structuredClone(three);
    policy.policy.stepSzie = 0.1;
    expect(validate(policy)).toBe(false);
  });
});

describe("strict keys: every typo exits with its path and the nearest valid key", () => {
  const cases: Array<[string, (s: any) => void, string, string]> = [
    ["top level", (s) => (s.warmpu = 60), "warmpu", "warmup"],
    ["policy", (s) => (s.policy.stepSzie = 0.1), "policy.stepSzie", "stepSize"],
    ["arrivals", (s) => (s.frontends[1].arrivals.rat = 3), "frontends[1].arrivals.rat", "rate"],
    ["feedback", (s) => (s.feedback.intervall = 0.1), "feedback.intervall", "interval"],
    ["curve", (s) => (s.backends[2].curve.halff = 3), "backends[2].curve.halff", "half"],
    ["latency", (s) => (s.latency.unitt = "ms"), "latency.unitt", "unit"],
    ["backend", (s) => (s.backends[0].server = 2), "backends[0].server", "servers"],
    ["sample", (s) => (s.sample = { intervl: 1 }), "sample.intervl", "interval"],
  ];
  for (const [where, change, path, suggestion] of cases) {
    it(`${where}: ${path}`, () => {
      const s = structuredClone(three);
      change(s);
      const issues = issuesOf(s).filter((i) => i.code === "unrecognized_keys");
      expect(issues).toHaveLength(1);
      expect(issues[0]!.path).toBe(path);
      expect(issues[0]!.message).toContain(`did you mean "${suggestion}"?`);
    });
  }

  it("a typo in a kind or mode names the field and suggests the kind", () => {
    const s = structuredClone(three);
    s.backends[0].curve.kind = "saturatng";
    s.feedback.mode = "periodc";
    const issues = issuesOf(s);
    expect(issues.map((i) => i.path)).toEqual(["backends[0].curve.kind", "feedback.mode"]);
    expect(issues[0]!.message).toMatch(/did you mean "saturating"\?.*valid kinds: linear-capped, saturating/);
    expect(issues[1]!.message).toMatch(/did you mean "periodic"\?.*valid modes: periodic, piggyback, instant/);
  });

  it("kind lookups never reach Object.prototype", () => {
    for (const kind of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const s = structuredClone(three);
      s.backends[0].curve = { kind };
      s.policy = { kind };
      const issues = issuesOf(s);
      expect(issues.map((i) => i.path).sort()).toEqual(["backends[0].curve.kind", "policy.kind"]);
    }
  });

  it("--set goes through the same schema: a typo'd or misplaced field is refused", () => {
    expect(issuesOf(mm1, ["horizn=100"])[0]!.message).toContain('did you mean "horizon"?');
    expect(issuesOf(three, ["frontends.0.interval=3"])[0]!.path).toBe("frontends[0].interval");
    expect(issuesOf(mm1, ["__proto__.x=1"])[0]!.path).toBe("--set __proto__.x");
  });

  it('"$schema" is allowed and ignored', () => {
    expect(issuesOf({ ...mm1, $schema: "anything" })).toEqual([]);
  });
});

describe("cross-field issues keep today's messages", () => {
  it("ids, latency pairs, warm-up and concavity are each reported with their path, all at once", () => {
    const s = structuredClone(three);
    s.backends[1].id = s.backends[0].id;
    s.warmup = 5000;
    const issues = issuesOf(s);
    expect(issues.map((i) => i.code)).toEqual(expect.arrayContaining(["duplicate_id"]));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["warmup", "backends[1].id"]));
    const t = structuredClone(three);
    delete t.latency.oneWay.tokyo.london;
    t.latency.back = { tokio: {} };
    const lat = issuesOf(t);
    expect(lat.map((i) => i.path)).toEqual(["latency.oneWay.tokyo.london", "latency.back.tokio"]);
    expect(lat[1]!.message).toContain('did you mean "tokyo"?');
  });

  it("a seed out of range is one issue with its range, even past 2^53 (no longer also 'an integer >= 0')", () => {
    for (const seed of [2 ** 53 + 2, 2 ** 31, -1, 1.5]) {
      const issues = issuesOf({ ...mm1, seed });
      expect(issues.map((i) => `${i.path}: ${i.message}`)).toEqual([`seed: must be an integer in 0..2147483647 (got ${seed})`]);
    }
    expect(issuesOf({ ...mm1, seed: 2 ** 31 - 1 })).toEqual([]);
  });

  it("nesting deeper than any field gets a clear error, not a stack overflow", () => {
    let deep: unknown = 1;
    for (let k = 0; k < 50_000; k++) deep = [deep];
    const issues = issuesOf({ ...mm1, name: deep });
    expect(issues[0]!.code).toBe("too_deep");
  });
});
