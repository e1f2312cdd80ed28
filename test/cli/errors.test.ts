// Bad input: exit status 2, one `error:` line naming the file and field path, no stack trace, nothing on stdout.
import { describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, cli, tempDir, writeJson } from "../helpers.ts";

const base = JSON.parse(readFileSync(join(ROOT, "scenarios", "three-regions.json"), "utf8"));

function expectError(args: string[], ...patterns: RegExp[]): void {
  const r = cli(args);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  for (const p of patterns) expect(lines[0]).toMatch(p);
}

function withChange(change: (s: any) => void): string {
  const s = structuredClone(base);
  change(s);
  return writeJson(tempDir(), "bad.json", s);
}

describe("lbsim run: bad input", () => {
  it("missing file", () => expectError(["run", "scenarios/nope.json"], /nope\.json/, /not found/));

  it("malformed JSON names line and column", () => {
    const file = writeJson(tempDir(), "bad.json", '{\n  "horizon": 10,\n  "seed": ,\n}');
    expectError(["run", file], /bad\.json/, /line 3, column \d+/);
  });

  it("unknown curve kind", () => expectError(["run", withChange((s) => (s.backends[1].curve.kind = "cubic"))], /bad\.json/, /backends\[1\]\.curve\.kind/, /saturating/));

  it("unknown policy kind", () => expectError(["run", withChange((s) => (s.policy.kind = "magic"))], /policy\.kind/, /dgd-lb/));

  it("negative rate", () => expectError(["run", withChange((s) => (s.frontends[0].arrivals.rate = -3))], /frontends\[0\]\.arrivals\.rate/, /got -3/));

  it("NaN rate through --set", () => expectError(["run", "scenarios/three-regions.json", "--set", "frontends.1.arrivals.rate=NaN"], /frontends\[1\]\.arrivals\.rate/, /NaN/));

  it("non-concave table curve", () =>
    expectError(
      [
        "run",
        withChange(
          (s) =>
            (s.backends[0].curve = {
              kind: "table",
              points: [
                [1, 5],
                [2, 20],
                [8, 60],
              ],
            }),
        ),
      ],
      /backends\[0\]\.curve\.points\[1\]/,
      /not concave/,
    ));

  it("missing latency pair", () => expectError(["run", withChange((s) => delete s.latency.oneWay.tokyo.london)], /latency\.oneWay\.tokyo\.london/, /missing latency pair/));

  it("unknown backend id in a frontend's backends", () => expectError(["run", withChange((s) => (s.frontends[2].backends = ["tokyo", "osaka"]))], /frontends\[2\]\.backends\[1\]/, /osaka/));

  it("empty compatibility set", () => expectError(["run", withChange((s) => (s.frontends[0].backends = []))], /frontends\[0\]\.backends/, /non-empty/));

  it("warmup >= horizon", () => expectError(["run", "scenarios/three-regions.json", "--set", "warmup=2000"], /warmup/, /2000 >= 1200/));

  it("unknown --set path", () => expectError(["run", "scenarios/three-regions.json", "--set", "policy.stepSzie=0.1"], /policy\.stepSzie/, /unknown key/, /did you mean "stepSize"/));

  it("a trace with a bad row names the row", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "arrival_s,output_tokens\n0.5,10\n1.0,abc\n");
    const file = writeJson(dir, "s.json", {
      horizon: 10,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "t.csv", sizeColumn: "output_tokens" } }],
      backends: [{ id: "b", curve: { kind: "saturating", max: 100, half: 2 } }],
    });
    expectError(["run", file], /t\.csv/, /row 3/, /output_tokens/);
  });

  it("offered load above capacity states load and capacity unless --allow-overload", () => {
    const args = ["run", "scenarios/three-regions.json", "--set", "frontends.0.arrivals.rate=400", "--set", "horizon=30", "--set", "warmup=5"];
    expectError(args, /offered load 450/, /155/, /--allow-overload/);
    const r = cli([...args, "--allow-overload", "--json"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).counts.arrived).toBeGreaterThan(0);
  });

  it("unknown option", () => expectError(["run", "scenarios/mm1.json", "--bogus"], /--bogus/));

  it("an output path in a missing directory names the path", () => {
    expectError(["run", "scenarios/mm1.json", "--trace", "/nonexistent-dir/x.csv"], /cannot write \/nonexistent-dir\/x\.csv \(ENOENT\)/);
    expectError(["run", "scenarios/mm1.json", "--out", "/nonexistent-dir/r.jsonl", "--replications", "2"], /cannot write \/nonexistent-dir\/r\.jsonl/);
  });

  describe("study, fluid, plan and report options", () => {
    it("merge of a missing file", () => expectError(["merge", "no-such-results.jsonl"], /no-such-results\.jsonl/, /no such results file/));
    it("merge of a file that is not a results file", () => expectError(["merge", "package.json"], /package\.json:1/, /not an lbsim results file/));
    it("--shard out of range", () => expectError(["run", "scenarios/mm1.json", "--shard", "3/3", "--out", "x.jsonl"], /--shard/, /0 <= i < k/));
    it("--shard without --out", () => expectError(["run", "scenarios/mm1.json", "--shard", "0/2"], /--shard/, /--out/));
    it("--target-half-width not a number", () => expectError(["run", "scenarios/mm1.json", "--target-half-width", "abc"], /--target-half-width/, /positive number/));
    it("--relative without a target", () => expectError(["run", "scenarios/mm1.json", "--relative"], /--target-half-width/));
    it("fluid with a negative horizon", () => expectError(["fluid", "scenarios/mm1.json", "--horizon", "-3"], /--horizon/, /positive/));
    it("validate-fluid with one scale", () => expectError(["validate-fluid", "scenarios/mm1.json", "--scales", "1"], /--scales/, /at least two/));
    it("plan without an SLO", () => expectError(["plan", "scenarios/mm1.json"], /--slo/, /METRIC=VALUE/));
    it("plan with a budget below one server per backend", () => expectError(["plan", "scenarios/llm-geo.json", "--slo", "latency.p99=3", "--budget", "2"], /--budget/, />= 3/));
    it("report without --out", () => expectError(["report", "scenarios/mm1.json"], /--out/, /required/));
    // names every object has ("constructor") passed the check, and the run stopped on an internal error
    it("--metrics naming no metric, or a name every object has", () => {
      expectError(["run", "scenarios/mm1.json", "--target-half-width", "0.1", "--metrics", "latency.p95"], /--metrics/, /no metric "latency\.p95"/, /did you mean "latency\.p9[09]"/);
      expectError(["run", "scenarios/mm1.json", "--target-half-width", "0.1", "--metrics", "constructor"], /--metrics/, /no metric "constructor"/, /… \(11 in all\)/);
    });
    it("plan's --slo naming a method of every object", () => expectError(["plan", "scenarios/mm1.json", "--slo", "toString=1"], /--slo/, /no metric "toString"/));
  });
});

describe("lbsim and a reader that has gone away", () => {
  it("`lbsim run … | true` ends quietly with status 0 (no EPIPE stack trace)", () => {
    // `true` exits without reading, so every write of lbsim meets a closed pipe
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" bin/lbsim.js run scenarios/mm1.json --set horizon=2000 --set warmup=100 | true`], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("ids that a spreadsheet would run as formulas", () => {
  it("are rejected at validation, each with its path (=, +, -, @, tab)", () => {
    const dir = tempDir();
    const file = writeJson(dir, "formula.json", {
      horizon: 10,
      frontends: [
        { id: '=HYPERLINK("x")', arrivals: { kind: "poisson", rate: 1 } },
        { id: "\tf", region: "+r", arrivals: { kind: "poisson", rate: 1 } },
      ],
      backends: [
        { id: "@b", curve: { kind: "saturating", max: 5, half: 1 } },
        { id: "-c", curve: { kind: "saturating", max: 5, half: 1 } },
      ],
      policy: { kind: "random" },
    });
    const r = cli(["run", file]);
    expect(r.status).toBe(2);
    for (const path of ["frontends[0].id", "frontends[1].id", "frontends[1].region", "backends[0].id", "backends[1].id"]) expect(r.stderr).toContain(`${path}: must not begin with =, +, -, @`);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});

describe("hostile input: extreme values and odd files get a clean error naming the field, or run", () => {
  const S = "scenarios/three-regions.json";
  const refused = (args: string[], path: string) => {
    const r = cli(["run", ...args, "--set", "horizon=50", "--set", "warmup=5"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).toContain(path);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  };

  it("latencies past 1e9 s, a subnormal curve, a cv of 1e155, a 5e-324 sample interval, the id __proto__", () => {
    refused([S, "--set", "latency.oneWay.tokyo.tokyo=1e308"], "latency.oneWay.tokyo.tokyo: 1.00e+305 s is longer than");
    refused([S, "--set", "backends.0.curve.max=5e-324"], "backends[0].curve: μ(1) = 0");
    refused([S, "--set", 'requestSize={"kind":"lognormal","mean":1,"cv":1e155}'], "requestSize.cv: must be at most 100");
    refused([S, "--set", "sample.interval=5e-324"], "sample.interval: would record");
    refused([S, "--set", 'frontends.0.id="__proto__"'], 'frontends[0].id: must not be "__proto__"');
  });

  it("a scenario or a trace naming /dev/zero is refused as not a regular file (it was read until memory ran out)", () => {
    const dir = tempDir();
    const file = writeJson(dir, "zero.json", {
      horizon: 10,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "/dev/zero", timeColumn: "t" } }],
      backends: [{ id: "b", curve: { kind: "saturating", max: 10, half: 2 } }],
    });
    for (const [args, path] of [
      [["run", file], "frontends[0].arrivals.path: /dev/zero is not a regular file"],
      [["run", "/dev/zero"], "/dev/zero: is not a regular file"],
    ] as const) {
      const r = spawnSync(process.execPath, [join(ROOT, "bin", "lbsim.js"), ...args], { encoding: "utf8", timeout: 30_000 });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(path);
    }
  });

  it("an input CSV with a UTF-8 byte-order mark and RFC 4180 quoted cells is read as lbsim writes it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), '\uFEFF"t","size","note"\n0.5,1,"a, b"\n1.5,"2","say ""hi"""\n');
    const file = writeJson(dir, "bom.json", {
      horizon: 10,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "t.csv", timeColumn: "t", sizeColumn: "size" } }],
      backends: [{ id: "b", curve: { kind: "saturating", max: 10, half: 2 } }],
    });
    const r = cli(["run", file, "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).counts).toEqual({ arrived: 2, completed: 2, inFlight: 0 });
  });
});

describe("what a new user trips on: the command line", () => {
  it("a near miss of --set load or latency.scale, or of a parent on the path, is named", () => {
    expect(cli(["run", "scenarios/three-regions.json", "--set", "laod=2"]).stderr).toContain('(did you mean "load"?');
    expect(cli(["run", "scenarios/three-regions.json", "--set", "lateny.scale=2"]).stderr).toContain('(did you mean "latency.scale"?');
    expect(cli(["run", "scenarios/three-regions.json", "--set", "backends.0.curv.max=3"]).stderr).toContain('(did you mean "curve"?)');
  });

  it("schema takes --json like every command", () => {
    const r = cli(["schema", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).title).toMatch(/lbsim/);
  });

  it("validate-fluid explains a saturated routing error (0.5 at every N, slope 0)", () => {
    const r = cli(["validate-fluid", "scenarios/two-backends-symmetric.json", "--scales", "1,4", "--replications", "2"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/the routing error is saturated .* a smaller step \(e\.g\. --set policy\.stepSize=0\.2\)/);
  });
});
