// Turns raw scenario JSON into a Scenario, collecting every issue with its field path.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ScenarioError, quote, type Issue } from "./scenarioError.ts";
import type { ArrivalSpec, Backend, CapacityWindow, CurveFit, FeedbackSpec, Frontend, PolicySpec, Scenario } from "./scenario.ts";
import { readNumericColumns } from "./csvTable.ts";
import { curveKinds } from "../model/curves/registry.ts";
import { multiplied, type Curve } from "../model/curves/curve.ts";
import { tableProblem } from "../model/curves/table.ts";
import { concaveMajorant, fitError } from "../model/curves/concaveMajorant.ts";
import { saturatingFit } from "../model/curves/saturatingFit.ts";
import type { Distribution } from "../random/distributions/distribution.ts";
import { exponential } from "../random/distributions/exponential.ts";
import { deterministic } from "../random/distributions/deterministic.ts";
import { lognormal } from "../random/distributions/lognormal.ts";
import { gamma } from "../random/distributions/gamma.ts";
import { empirical } from "../random/distributions/empirical.ts";
import { policyParams } from "./policyParams.ts";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

class Checker {
  readonly issues: Issue[] = [];
  constructor(readonly file: string) {}
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  /** A finite number satisfying the bound, else an issue; returns NaN when bad. */
  num(obj: Obj, key: string, path: string, rule: "positive" | "nonneg" | "any" | "int>=1" | "int>=0", fallback?: number): number {
    const v = obj[key];
    const p = `${path}.${key}`.replace(/^\./, "");
    if (v === undefined && fallback !== undefined) return fallback;
    const wanted = {
      positive: "a finite number > 0",
      nonneg: "a finite number >= 0",
      any: "a finite number",
      "int>=1": "an integer >= 1",
      "int>=0": "an integer >= 0",
    }[rule];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      this.add(p, `must be ${wanted} (got ${quote(v)})`);
      return NaN;
    }
    const ok =
      rule === "positive" ? v > 0 : rule === "nonneg" ? v >= 0 : rule === "int>=1" ? Number.isInteger(v) && v >= 1 : rule === "int>=0" ? Number.isInteger(v) && v >= 0 : true;
    if (!ok) {
      this.add(p, `must be ${wanted} (got ${quote(v)})`);
      return NaN;
    }
    return v;
  }
  str(obj: Obj, key: string, path: string, fallback?: string): string {
    const v = obj[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== "string" || v.length === 0) {
      this.add(`${path}.${key}`.replace(/^\./, ""), `must be a non-empty string (got ${quote(v)})`);
      return "";
    }
    return v;
  }
  obj(v: unknown, path: string): Obj | null {
    if (!isObj(v)) {
      this.add(path, `must be an object (got ${quote(v)})`);
      return null;
    }
    return v;
  }
}

/** Reads, parses and validates a scenario file; every problem is a ScenarioError. */
export function loadScenarioFile(file: string): Obj {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ScenarioError(file, [{ path: "", message: `scenario file not found or unreadable; give the path of a scenario JSON file (e.g. scenarios/mm1.json)` }]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, [{ path: "", message: `malformed JSON: ${jsonErrorPosition(text, (e as Error).message)}` }]);
  }
  if (!isObj(raw)) throw new ScenarioError(file, [{ path: "", message: `the scenario must be a JSON object (got ${quote(raw)})` }]);
  return raw;
}

/**
 * "line L, column C: message" for malformed JSON. Node 20 does not always give a position, so
 * the first bad character is found by bisection over prefixes: a prefix either merely ends
 * early (incomplete) or already contains the error, and the latter is monotone in its length.
 */
function jsonErrorPosition(text: string, message: string): string {
  const hasRealError = (k: number): boolean => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      if (/end of JSON input|Unterminated/.test(m)) return false;
      const pos = /position (\d+)/.exec(m);
      return !(pos && Number(pos[1]) >= k);
    }
  };
  let lo = 0;
  let hi = text.length; // stays there when the whole text merely ends early
  if (hasRealError(hi))
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hasRealError(mid)) hi = mid;
      else lo = mid + 1;
    }
  const at = Math.max(0, hi - 1);
  const before = text.slice(0, at).split("\n");
  const reason = message.replace(/^JSON\.parse: /, "").replace(/, (\.\.\.)?"[\s\S]*$/, "").replace(/ in JSON at position \d+.*$/s, "");
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${reason}`;
}

export function validateScenario(file: string, raw: Obj): Scenario {
  const c = new Checker(file);
  const dir = dirname(resolve(file));
  const name = typeof raw.name === "string" ? raw.name : file.replace(/^.*\//, "").replace(/\.json$/, "");
  const description = typeof raw.description === "string" ? raw.description : "";
  const seed = c.num(raw, "seed", "", "int>=0", 1);
  const horizon = c.num(raw, "horizon", "", "positive");
  let warmup: number | "mser5" = 0;
  if (raw.warmup === "mser5") warmup = "mser5";
  else {
    warmup = c.num(raw, "warmup", "", "nonneg", 0);
    if (Number.isFinite(warmup) && Number.isFinite(horizon) && warmup >= horizon) {
      c.add("warmup", `must be less than horizon (got ${warmup} >= ${horizon}); shorten the warm-up or lengthen the horizon`);
    }
  }
  const scale = c.num(raw, "scale", "", "positive", 1);

  // backends first: frontends refer to them
  const backends: Backend[] = [];
  const backendIndex = new Map<string, number>();
  if (!Array.isArray(raw.backends) || raw.backends.length === 0) c.add("backends", `must be a non-empty array of backends (got ${quote(raw.backends)})`);
  else
    raw.backends.forEach((b, j) => {
      const path = `backends[${j}]`;
      const o = c.obj(b, path);
      if (!o) return;
      const id = c.str(o, "id", path);
      if (backendIndex.has(id)) c.add(`${path}.id`, `duplicate backend id ${quote(id)}`);
      backendIndex.set(id, j);
      const servers = c.num(o, "servers", path, "int>=1", 1);
      const curve = makeCurve(c, o.curve, `${path}.curve`);
      backends.push({
        id,
        region: typeof o.region === "string" ? o.region : null,
        servers,
        curveFit: curve ? curveFitOf(o.curve as Obj, curve) : null,
        curve: curve && Number.isFinite(servers) ? multiplied(curve, servers) : (curve as Curve),
        capacitySchedule: capacitySchedule(c, o.capacitySchedule, `${path}.capacitySchedule`),
      });
    });

  const defaultSizes = sizeDistribution(c, raw.requestSize ?? { kind: "exponential", mean: 1 }, "requestSize", dir);
  const frontends: Frontend[] = [];
  const frontendIds = new Set<string>();
  if (!Array.isArray(raw.frontends) || raw.frontends.length === 0) c.add("frontends", `must be a non-empty array of frontends (got ${quote(raw.frontends)})`);
  else
    raw.frontends.forEach((f, i) => {
      const path = `frontends[${i}]`;
      const o = c.obj(f, path);
      if (!o) return;
      const id = c.str(o, "id", path);
      if (frontendIds.has(id)) c.add(`${path}.id`, `duplicate frontend id ${quote(id)}`);
      frontendIds.add(id);
      let allowed: number[] = backends.map((_, j) => j);
      if (o.backends !== undefined) {
        if (!Array.isArray(o.backends) || o.backends.length === 0) {
          c.add(`${path}.backends`, `must be a non-empty array of backend ids (got ${quote(o.backends)}); omit it to allow every backend`);
        } else {
          allowed = [];
          o.backends.forEach((b, k) => {
            const j = typeof b === "string" ? backendIndex.get(b) : undefined;
            if (j === undefined) c.add(`${path}.backends[${k}]`, `unknown backend id ${quote(b)}; known ids: ${[...backendIndex.keys()].join(", ")}`);
            else if (!allowed.includes(j)) allowed.push(j);
          });
          allowed.sort((a, b) => a - b);
        }
      }
      const arrivals = arrivalSpec(c, o.arrivals, `${path}.arrivals`, dir);
      frontends.push({
        id,
        region: typeof o.region === "string" ? o.region : null,
        arrivals: arrivals ?? { kind: "poisson", rate: NaN },
        allowed: Int32Array.from(allowed),
        sizes: o.requestSize !== undefined ? sizeDistribution(c, o.requestSize, `${path}.requestSize`, dir) : defaultSizes,
      });
    });

  if (scale !== 1 && frontends.some((f) => f.arrivals.kind === "trace")) {
    c.add("scale", `must be 1 when a frontend replays a trace (got ${scale}); a trace cannot be multiplied, use timeScale`);
  }
  const F = frontends.length;
  const B = backends.length;
  const oneWay = new Float64Array(F * B).fill(NaN);
  const back = new Float64Array(F * B).fill(NaN);
  const latency = raw.latency === undefined ? { oneWay: zeroMatrix(frontends, backends) } : raw.latency;
  let jitter: Distribution | null = null;
  const lat = c.obj(latency, "latency");
  if (lat && c.issues.length === 0) {
    const unitFactor = lat.unit === undefined || lat.unit === "s" ? 1 : lat.unit === "ms" ? 1e-3 : NaN;
    if (Number.isNaN(unitFactor)) c.add("latency.unit", `must be "s" or "ms" (got ${quote(lat.unit)})`);
    if (lat.regions !== undefined) regionLatencies(c, lat, dir, frontends, backends, oneWay, back);
    else {
      latencyMatrix(c, lat.oneWay, "latency.oneWay", frontends, backends, unitFactor, (i, j, v) => (oneWay[i * B + j] = v), true);
      if (lat.back !== undefined && lat.back !== null) {
        latencyMatrix(c, lat.back, "latency.back", frontends, backends, unitFactor, (i, j, v) => (back[i * B + j] = v), false);
      }
      for (let k = 0; k < F * B; k++) if (Number.isNaN(back[k]!)) back[k] = oneWay[k]!;
    }
    if (lat.jitter !== undefined && lat.jitter !== null) {
      const d = sizeDistribution(c, lat.jitter, "latency.jitter", dir);
      jitter = Number.isFinite(unitFactor) && unitFactor !== 1 ? scaledDistribution(d, unitFactor) : d;
    }
  }

  let feedback: FeedbackSpec = { mode: "periodic", interval: 0.05 };
  if (raw.feedback !== undefined) {
    const fb = c.obj(raw.feedback, "feedback");
    if (fb) {
      if (fb.mode === "piggyback") feedback = { mode: "piggyback" };
      else if (fb.mode === "instant") feedback = { mode: "instant" };
      else if (fb.mode === "periodic") feedback = { mode: "periodic", interval: c.num(fb, "interval", "feedback", "positive") };
      else c.add("feedback.mode", `must be "periodic", "piggyback" or "instant" (got ${quote(fb.mode)})`);
    }
  }

  let policy: PolicySpec = { kind: "random" };
  if (raw.policy !== undefined) {
    const po = c.obj(raw.policy, "policy");
    if (po) {
      policy = po as PolicySpec;
      policyParams(c, po, frontends, backends);
    }
  }

  let sampleInterval = Number.isFinite(horizon) ? horizon / 100 : 1;
  if (raw.sample !== undefined) {
    const so = c.obj(raw.sample, "sample");
    if (so) sampleInterval = c.num(so, "interval", "sample", "positive");
  }

  if (c.issues.length > 0) throw new ScenarioError(file, c.issues);
  return {
    file,
    name,
    description,
    seed,
    horizon,
    warmup,
    scale,
    frontends,
    backends,
    oneWay,
    back,
    jitter,
    feedback,
    policy,
    sampleInterval,
    raw,
  };
}

export type { Checker };

function zeroMatrix(frontends: Frontend[], backends: Backend[]): Obj {
  const m: Obj = {};
  for (const f of frontends) m[f.id] = Object.fromEntries(backends.map((b) => [b.id, 0]));
  return m;
}

function scaledDistribution(d: Distribution, factor: number): Distribution {
  return {
    kind: d.kind,
    mean: d.mean * factor,
    variance: d.variance * factor * factor,
    sample: (rng) => factor * d.sample(rng),
  };
}

function makeCurve(c: Checker, v: unknown, path: string): Curve | null {
  const o = c.obj(v, path);
  if (!o) return null;
  const kind = o.kind;
  const def = typeof kind === "string" ? curveKinds[kind] : undefined;
  if (!def) {
    c.add(`${path}.kind`, `unknown curve kind ${quote(kind)}; valid kinds: ${Object.keys(curveKinds).join(", ")}`);
    return null;
  }
  const before = c.issues.length;
  const params: Obj = { ...o };
  for (const p of def.params) {
    if (p.type === "positive") c.num(o, p.name, path, "positive");
    else if (p.type === "exponent") {
      const e = c.num(o, p.name, path, "positive");
      if (e > 1) c.add(`${path}.${p.name}`, `must be in (0, 1] for a concave curve (got ${e})`);
    } else {
      const pts = o.points;
      if (!Array.isArray(pts) || pts.length === 0) {
        c.add(`${path}.points`, `must be a non-empty array of [concurrency, throughput] pairs (got ${quote(pts)})`);
        continue;
      }
      const parsed: Array<[number, number]> = [];
      pts.forEach((pt, k) => {
        if (!Array.isArray(pt) || pt.length !== 2 || !pt.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0)) {
          c.add(`${path}.points[${k}]`, `must be a pair [concurrency, throughput] of finite numbers >= 0 (got ${quote(pt)})`);
        } else parsed.push([pt[0], pt[1]]);
      });
      if (c.issues.length > before) continue;
      if (o.fit !== undefined && o.fit !== "concave-majorant" && o.fit !== "saturating") {
        c.add(`${path}.fit`, `must be "concave-majorant" or "saturating" (got ${quote(o.fit)}); omit it to require a concave table`);
        continue;
      }
      if (o.fit === "saturating") {
        if (c.issues.length > before) return null;
        const { max, half } = saturatingFit(parsed);
        return curveKinds.saturating!.make({ max, half });
      }
      const points = o.fit === "concave-majorant" ? concaveMajorant(parsed) : parsed;
      const problem = tableProblem(points);
      if (problem) c.add(`${path}.points[${problem.index}]`, problem.message);
      params.points = points;
    }
  }
  if (c.issues.length > before) return null;
  return def.make(params);
}

/** How far a fitted table lies from the measured points it was fitted to (per server). */
function curveFitOf(spec: Obj, curve: Curve): CurveFit | null {
  if (spec.kind !== "table" || (spec.fit !== "concave-majorant" && spec.fit !== "saturating") || !Array.isArray(spec.points)) return null;
  const measured = (spec.points as Array<[number, number]>).map((p) => [p[0], p[1]] as [number, number]);
  const { maxAbs, maxRel } = fitError((n) => curve.rate(n), measured);
  return { method: spec.fit, points: measured, maxAbsError: maxAbs, maxRelError: maxRel };
}

function capacitySchedule(c: Checker, v: unknown, path: string): CapacityWindow[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.add(path, `must be an array of {from, to, multiplier} (got ${quote(v)})`);
    return [];
  }
  const out: CapacityWindow[] = [];
  v.forEach((w, k) => {
    const p = `${path}[${k}]`;
    const o = c.obj(w, p);
    if (!o) return;
    const from = c.num(o, "from", p, "nonneg");
    const to = c.num(o, "to", p, "positive");
    const multiplier = c.num(o, "multiplier", p, "nonneg");
    if (from >= to) c.add(`${p}.to`, `must exceed from (got ${to} <= ${from})`);
    out.push({ from, to, multiplier });
  });
  const sorted = [...out].sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.from < sorted[k - 1]!.to) c.add(path, `windows must not overlap (${sorted[k - 1]!.from}-${sorted[k - 1]!.to} and ${sorted[k]!.from}-${sorted[k]!.to})`);
  }
  return sorted;
}

const sizeKinds = ["exponential", "deterministic", "lognormal", "gamma", "empirical"];

function sizeDistribution(c: Checker, v: unknown, path: string, dir: string): Distribution {
  const o = c.obj(v, path);
  const fallback = exponential(1);
  if (!o) return fallback;
  switch (o.kind) {
    case "exponential":
      return exponential(c.num(o, "mean", path, "positive"));
    case "deterministic":
      return deterministic(c.num(o, "value", path, "positive"));
    case "lognormal":
      return lognormal(c.num(o, "mean", path, "positive"), c.num(o, "cv", path, "positive"));
    case "gamma":
      return gamma(c.num(o, "mean", path, "positive"), c.num(o, "cv", path, "positive"));
    case "empirical": {
      const file = c.str(o, "path", path);
      const column = c.str(o, "column", path);
      if (!file || !column) return fallback;
      const [values] = readNumericColumns(resolve(dir, file), `${path}.path`, [column]);
      const scale = c.num(o, "sizeScale", path, "positive", 1);
      const scaledValues = values!.map((x) => x * scale);
      const bad = scaledValues.findIndex((x) => !(x > 0));
      if (bad >= 0) {
        c.add(`${path}.column`, `row ${bad + 2}: sizes must be > 0 (got ${values![bad]})`);
        return fallback;
      }
      return empirical(scaledValues);
    }
    default:
      c.add(`${path}.kind`, `unknown size distribution ${quote(o.kind)}; valid kinds: ${sizeKinds.join(", ")}`);
      return fallback;
  }
}

function arrivalSpec(c: Checker, v: unknown, path: string, dir: string): ArrivalSpec | null {
  const o = c.obj(v, path);
  if (!o) return null;
  switch (o.kind) {
    case "poisson":
      return { kind: "poisson", rate: c.num(o, "rate", path, "positive") };
    case "piecewise": {
      const bp = o.breakpoints;
      if (!Array.isArray(bp) || bp.length === 0) {
        c.add(`${path}.breakpoints`, `must be a non-empty array of [time, rate] pairs (got ${quote(bp)})`);
        return null;
      }
      const times = new Float64Array(bp.length);
      const rates = new Float64Array(bp.length);
      let ok = true;
      bp.forEach((pt, k) => {
        if (!Array.isArray(pt) || pt.length !== 2 || !pt.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0)) {
          c.add(`${path}.breakpoints[${k}]`, `must be [time, rate] with finite numbers >= 0 (got ${quote(pt)})`);
          ok = false;
          return;
        }
        times[k] = pt[0];
        rates[k] = pt[1];
        if (k > 0 && !(times[k]! > times[k - 1]!)) {
          c.add(`${path}.breakpoints[${k}]`, `times must increase strictly (got ${times[k]} after ${times[k - 1]})`);
          ok = false;
        }
      });
      if (ok && !rates.some((r) => r > 0)) c.add(`${path}.breakpoints`, `at least one rate must be > 0`);
      return ok ? { kind: "piecewise", times, rates } : null;
    }
    case "trace": {
      const file = c.str(o, "path", path);
      const timeColumn = c.str(o, "timeColumn", path, "arrival_s");
      const sizeColumn = o.sizeColumn === undefined ? null : c.str(o, "sizeColumn", path);
      const timeScale = c.num(o, "timeScale", path, "positive", 1);
      const sizeScale = c.num(o, "sizeScale", path, "positive", 1);
      const offset = c.num(o, "offset", path, "any", 0);
      const stride = c.num(o, "stride", path, "int>=1", 1);
      const phase = c.num(o, "phase", path, "int>=0", 0);
      const meanSize = o.meanSize === undefined ? null : c.num(o, "meanSize", path, "positive");
      if (!file || c.issues.length > 0) return null;
      if (phase >= stride) {
        c.add(`${path}.phase`, `must be less than stride (got ${phase} >= ${stride})`);
        return null;
      }
      const cols = readNumericColumns(resolve(dir, file), `${path}.path`, sizeColumn ? [timeColumn, sizeColumn] : [timeColumn]);
      const rawTimes = cols[0]!;
      const n = Math.ceil((rawTimes.length - phase) / stride);
      const times = new Float64Array(Math.max(0, n));
      const sizes = sizeColumn ? new Float64Array(times.length) : null;
      for (let k = 0, r = phase; r < rawTimes.length; r += stride, k++) {
        if (r > phase && rawTimes[r]! < rawTimes[r - stride]!) {
          throw new ScenarioError(c.file, [{ path: `${path}.path`, message: `row ${r + 2}: ${timeColumn} decreases (${rawTimes[r]} after ${rawTimes[r - stride]}); sort the trace by time` }]);
        }
        times[k] = rawTimes[r]! * timeScale + offset;
        if (sizes) {
          const s = cols[1]![r]! * sizeScale;
          if (!(s > 0)) throw new ScenarioError(c.file, [{ path: `${path}.path`, message: `row ${r + 2}: ${sizeColumn} must be > 0 (got ${cols[1]![r]})` }]);
          sizes[k] = s;
        }
      }
      if (times.length > 0 && times[0]! < 0) c.add(`${path}.offset`, `shifted arrival times must be >= 0 (first is ${times[0]})`);
      return { kind: "trace", times, sizes, meanSize };
    }
    default:
      c.add(`${path}.kind`, `unknown arrival kind ${quote(o.kind)}; valid kinds: poisson, piecewise, trace`);
      return null;
  }
}

function latencyMatrix(
  c: Checker,
  v: unknown,
  path: string,
  frontends: Frontend[],
  backends: Backend[],
  unitFactor: number,
  set: (i: number, j: number, seconds: number) => void,
  required: boolean,
): void {
  const o = c.obj(v, path);
  if (!o) return;
  frontends.forEach((f, i) => {
    const row = o[f.id];
    if (row === undefined) {
      if (required) c.add(`${path}.${f.id}`, `missing latencies for frontend ${quote(f.id)}; give {backendId: latency} for each backend it may use`);
      return;
    }
    const r = c.obj(row, `${path}.${f.id}`);
    if (!r) return;
    for (const j of f.allowed) {
      const b = backends[j]!;
      const val = r[b.id];
      if (val === undefined) {
        if (required) c.add(`${path}.${f.id}.${b.id}`, `missing latency pair ${f.id} -> ${b.id}; every frontend-backend pair a frontend may use needs a latency`);
        continue;
      }
      if (typeof val !== "number" || !Number.isFinite(val) || val < 0) {
        c.add(`${path}.${f.id}.${b.id}`, `must be a finite number >= 0 (got ${quote(val)})`);
        continue;
      }
      set(i, j, val * unitFactor);
    }
  });
}

function regionLatencies(c: Checker, lat: Obj, dir: string, frontends: Frontend[], backends: Backend[], oneWay: Float64Array, back: Float64Array): void {
  const file = c.str(lat, "regions", "latency");
  const factor = c.num(lat, "oneWayFactor", "latency", "positive", 0.5);
  const intraMs = c.num(lat, "intraRegion", "latency", "nonneg", 0);
  if (!file) return;
  let table: Obj;
  try {
    table = JSON.parse(readFileSync(resolve(dir, file), "utf8"));
  } catch {
    c.add("latency.regions", `cannot read a JSON region table at ${file} (relative to the scenario file)`);
    return;
  }
  const rtt = isObj(table.rtt) ? (table.rtt as Record<string, Record<string, number>>) : null;
  if (!rtt) {
    c.add("latency.regions", `${file} has no "rtt" object {from: {to: ms}}`);
    return;
  }
  const regionOf = (kind: string, k: number, r: string | null): string | null => {
    if (r === null) c.add(`${kind}[${k}].region`, `required when latency.regions is used; valid regions: ${Object.keys(rtt).join(", ")}`);
    else if (!(r in rtt)) c.add(`${kind}[${k}].region`, `unknown region ${quote(r)}; valid regions: ${Object.keys(rtt).join(", ")}`);
    else return r;
    return null;
  };
  const fr = frontends.map((f, i) => regionOf("frontends", i, f.region));
  const br = backends.map((b, j) => regionOf("backends", j, b.region));
  const B = backends.length;
  frontends.forEach((f, i) => {
    for (const j of f.allowed) {
      const a = fr[i];
      const b = br[j];
      if (!a || !b) continue;
      const out = a === b ? intraMs : rtt[a]![b];
      const ret = a === b ? intraMs : rtt[b]?.[a];
      if (typeof out !== "number" || typeof ret !== "number") {
        c.add("latency.regions", `${file} lacks the pair ${a} <-> ${b}`);
        continue;
      }
      oneWay[i * B + j] = (a === b ? out : out * factor) * 1e-3;
      back[i * B + j] = (a === b ? ret : ret * factor) * 1e-3;
    }
  });
}

export type { PolicySpec };
