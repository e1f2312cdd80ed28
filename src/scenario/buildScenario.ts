// The second pass: a schema-valid spec becomes a resolved Scenario, with the checks that span fields.
import type { Backend, CapacityWindow, Frontend, Scenario } from "../model/scenario.ts";
import type { DataSource } from "../input/dataSource.ts";
import type { InputSource } from "./inputSource.ts";
import type { UserPolicyFactory } from "../policies/userPolicy.ts";
import { curveKinds } from "../model/curves/registry.ts";
import { multiplied, perServerPool, type Curve } from "../model/curves/curve.ts";
import { sizeLaws } from "../random/distributions/registry.ts";
import { arrivalKinds, type ArrivalSpec } from "../random/arrivals/registry.ts";
import type { BuildContext, Distribution } from "../random/distributions/distribution.ts";
import { policies, specUpdateInterval } from "../policies/registry.ts";
import { resolveEngine } from "../model/llm/llmEngine.ts";
import { resolveLlm } from "./resolveLlm.ts";
import { didYouMean } from "../input/nearestName.ts";
import { nameList } from "../input/nameList.ts";
import { ScenarioError, quote, type Issue } from "../input/scenarioError.ts";
import type { ScenarioSpec } from "./scenarioSchema.ts";

type SizeSpec = ScenarioSpec["requestSize"];

/**
 * Cross-field checks, each reported as an Issue with its path: unique ids, known backend ids in
 * compatibility sets, a latency for every usable pair (matrix or region table), ids in latency
 * and routing matrices, non-overlapping capacity windows, warm-up inside the horizon, trace
 * arrivals only at scale 1, and each kind's own (a concave table, a sorted trace). Every issue
 * is collected before throwing.
 */
/** Longest one-way or response latency, seconds. */
export const MAX_LATENCY_SECONDS = 1e9;
/** Smallest μ(1) of a curve, work per second. */
export const MIN_LONE_RATE = 1e-100;
/** Time-series samples a run may record (sample.interval against the horizon). */
export const MAX_SAMPLES = 1e7;

export function buildScenario(file: string, name: string, spec: ScenarioSpec, data: InputSource): Scenario {
  const issues: Issue[] = [];
  const report = (path: string, message: string, code = "invalid_value") => void issues.push({ code, path, message });
  const ctx = (path: string): BuildContext => ({ data, path, report });

  // --series and the report record a row per backend every sample.interval: a tiny interval would loop for ever
  if (spec.sample?.interval !== undefined && !(spec.horizon / spec.sample.interval <= MAX_SAMPLES)) {
    report("sample.interval", `would record ${(spec.horizon / spec.sample.interval).toPrecision(2)} samples over the horizon (at most ${MAX_SAMPLES}); lengthen the interval`);
  }
  if (typeof spec.warmup === "number" && spec.warmup >= spec.horizon) {
    report("warmup", `must be less than horizon (got ${spec.warmup} >= ${spec.horizon}); shorten the warm-up or lengthen the horizon`);
  }

  const backendIndex = new Map<string, number>();
  // backends with the same curve and servers share one curve object, so the engine keeps one rate table for them
  const curves = new Map<string, Curve>();
  const backends: Backend[] = spec.backends.map((b, j) => {
    const path = `backends[${j}]`;
    if (backendIndex.has(b.id)) report(`${path}.id`, `duplicate backend id ${quote(b.id)}`, "duplicate_id");
    else backendIndex.set(b.id, j);
    if (b.engine) {
      if (b.curve) report(`${path}.engine`, "give either curve (a processor-sharing backend) or engine (an LLM engine), not both");
      const engine = resolveEngine(b.engine, (p, m) => report(`${path}.engine.${p}`, m, "invalid_engine"));
      // the curve is the engine's equivalent throughput curve, set by resolveLlm once the token counts are known
      return {
        id: b.id,
        region: b.region ?? null,
        servers: b.servers,
        curveFit: null,
        curve: null as never,
        engine,
        capacitySchedule: capacitySchedule(b.capacitySchedule, `${path}.capacitySchedule`, report),
      };
    }
    if (!b.curve) {
      report(`${path}.curve`, 'required: give a curve (e.g. {"kind": "saturating", "max": 60, "half": 8}) or an LLM engine');
      return { id: b.id, region: b.region ?? null, servers: b.servers, curveFit: null, curve: null as never, engine: null, capacitySchedule: [] };
    }
    const built = curveKinds.get(b.curve.kind)!.build(b.curve, (p, m) => report(`${path}.curve.${p}`, m, "invalid_curve"));
    if (built) {
      // rates the engine's arithmetic would lose (a subnormal max makes every marginal rate 0)
      const lone = built.curve.rate(1);
      if (!(lone >= MIN_LONE_RATE && Number.isFinite(lone)))
        report(`${path}.curve`, `μ(1) = ${lone} work/s is outside [${MIN_LONE_RATE}, finite]: rescale the curve (or the work unit)`, "invalid_curve");
    }
    const sameAs = JSON.stringify([b.curve, b.servers, b.batching]);
    if (built && !curves.has(sameAs)) curves.set(sameAs, b.batching === "merged" ? multiplied(built.curve, b.servers) : perServerPool(built.curve, b.servers));
    return {
      id: b.id,
      region: b.region ?? null,
      servers: b.servers,
      curveFit: built?.fit ?? null,
      curve: built ? curves.get(sameAs)! : (null as never),
      engine: null,
      capacitySchedule: capacitySchedule(b.capacitySchedule, `${path}.capacitySchedule`, report),
    };
  });
  const backendIds = [...backendIndex.keys()];

  const sizeOf = (s: SizeSpec, path: string): Distribution | null => sizeLaws.get(s.kind)!.build(s, ctx(path));
  const defaultSizes = sizeOf(spec.requestSize, "requestSize");
  const frontendIds = new Set<string>();
  const frontends: Frontend[] = spec.frontends.map((f, i) => {
    const path = `frontends[${i}]`;
    if (frontendIds.has(f.id)) report(`${path}.id`, `duplicate frontend id ${quote(f.id)}`, "duplicate_id");
    frontendIds.add(f.id);
    let allowed = backends.map((_, j) => j);
    if (f.backends) {
      const chosen = new Set<number>();
      f.backends.forEach((id, k) => {
        const j = backendIndex.get(id);
        if (j === undefined) report(`${path}.backends[${k}]`, `unknown backend id ${quote(id)}${didYouMean(id, backendIds)}; known ids: ${nameList(backendIds)}`, "unknown_reference");
        else chosen.add(j);
      });
      allowed = [...chosen].sort((a, b) => a - b);
    }
    const arrivals = arrivalKinds.get(f.arrivals.kind)!.resolve(f.arrivals, ctx(`${path}.arrivals`)) as ArrivalSpec | null;
    const sizes = f.requestSize ? sizeOf(f.requestSize, `${path}.requestSize`) : defaultSizes;
    return { id: f.id, region: f.region ?? null, arrivals: arrivals as ArrivalSpec, allowed: Int32Array.from(allowed), sizes: sizes as Distribution, tokens: null, policy: f.policy ?? null };
  });
  const llm = resolveLlm(
    spec,
    frontends,
    backends,
    (path) => ctx(path),
    report,
    () => issues.length,
  );

  if (spec.scale !== 1 && frontends.some((f) => f.arrivals?.kind === "trace")) {
    report("scale", `must be 1 when a frontend replays a trace (got ${spec.scale}); a trace cannot be multiplied, use timeScale`);
  }

  const F = frontends.length;
  const B = backends.length;
  const oneWay = new Float64Array(F * B).fill(NaN);
  const back = new Float64Array(F * B).fill(NaN);
  let jitter: Distribution | null = null;
  const lat = spec.latency;
  if (issues.length === 0) {
    if (!lat) {
      oneWay.fill(0);
      back.fill(0);
    } else {
      const unit = lat.unit === "ms" ? 1e-3 : 1;
      if (lat.regions !== undefined && lat.oneWay !== undefined) report("latency", "give either oneWay (a matrix) or regions (a measured table), not both");
      else if (lat.regions !== undefined) regionLatencies(lat.regions, lat.oneWayFactor, lat.intraRegion, data, frontends, backends, oneWay, back, report);
      else if (lat.oneWay === undefined) report("latency.oneWay", "required: give {frontendId: {backendId: latency}} or use regions");
      else {
        latencyMatrix(lat.oneWay, "latency.oneWay", frontends, backends, unit, oneWay, true, report);
        if (lat.back) latencyMatrix(lat.back, "latency.back", frontends, backends, unit, back, false, report);
        for (let k = 0; k < F * B; k++) if (Number.isNaN(back[k]!)) back[k] = oneWay[k]!;
      }
      // a delay the engine's clocks and history rings cannot hold is an input error, named at its entry
      for (let k = 0; k < F * B; k++) {
        for (const [which, m] of [
          ["oneWay", oneWay],
          ["back", back],
        ] as const) {
          if (m[k]! > MAX_LATENCY_SECONDS) {
            const i = Math.floor(k / B);
            report(
              `latency.${which}.${frontends[i]!.id}.${backends[k - i * B]!.id}`,
              `${m[k]!.toPrecision(3)} s is longer than ${MAX_LATENCY_SECONDS} s (about 30 years); check latency.unit and the value`,
            );
          }
        }
      }
      if (lat.jitter) {
        const d = sizeOf(lat.jitter, "latency.jitter");
        jitter = d && unit !== 1 ? scaledDistribution(d, unit) : d;
      }
    }
  }

  const topology = { frontends, backends };
  policies.get(spec.policy.kind)!.check?.(spec.policy, topology, (p, m) => report(p, m, "invalid_policy"));
  checkFrontendPolicies(spec, topology, report);
  const policyModules = issues.length > 0 ? {} : loadPolicyModules(spec, data);

  if (issues.length > 0) throw new ScenarioError(file, issues);
  return {
    file,
    name,
    description: spec.description ?? "",
    workUnit: spec.workUnit ?? (llm ? "requests" : "work"),
    seed: spec.seed,
    horizon: spec.horizon,
    warmup: spec.warmup,
    scale: spec.scale,
    frontends,
    backends,
    oneWay,
    back,
    jitter,
    feedback: spec.feedback,
    policy: spec.policy,
    policyModules,
    sampleInterval: spec.sample?.interval ?? spec.horizon / 100,
    llm,
    slo: spec.slo ? { ttft: spec.slo.ttft ?? null, tpot: spec.slo.tpot ?? null } : null,
    spec: spec as Record<string, unknown>,
    inputs: { columns: Object.create(null), json: Object.create(null) },
    stepSizeChoice: null,
  };
}

/**
 * Frontends' own policies: each checked like the scenario's (paths under the frontend), a numeric
 * DGD-LB step (the "auto" pilot tunes the scenario's policy only), and one update interval for every
 * policy with a timer, so the fleet steps them together.
 */
function checkFrontendPolicies(spec: ScenarioSpec, topology: { frontends: Frontend[]; backends: Backend[] }, report: (path: string, message: string, code?: string) => void): void {
  const own = spec.frontends.map((f) => f.policy);
  if (own.every((p) => p === undefined)) return;
  const intervals = new Set<number>();
  own.forEach((p, i) => {
    const path = `frontends[${i}].policy`;
    const block = p ?? spec.policy;
    const interval = specUpdateInterval(block);
    if (interval > 0) intervals.add(interval);
    if (!p) return;
    policies.get(p.kind)!.check?.(p, topology, (q, m) => report(q.replace(/^policy/, path), m, "invalid_policy"));
    if (p.kind === "dgd-lb" && (p as { stepSize?: unknown }).stepSize === "auto")
      report(`${path}.stepSize`, "must be a number on a frontend's own policy (\"auto\" tunes the scenario's policy only); run lbsim stability for the critical step", "invalid_policy");
  });
  if (intervals.size > 1)
    report("frontends", `the frontends' policies update every ${[...intervals].join(" s, ")} s: give every DGD-LB the same updateInterval (the fleet steps them together)`, "invalid_policy");
}

/** Each policy module the scenario names (its own policy, the frontends'), loaded once by path. */
function loadPolicyModules(spec: ScenarioSpec, data: InputSource): Record<string, UserPolicyFactory> {
  const modules: Record<string, UserPolicyFactory> = Object.create(null);
  const load = (p: ScenarioSpec["policy"] | undefined, fieldPath: string): void => {
    if (p?.kind !== "module" || p.path === undefined || Object.hasOwn(modules, p.path)) return;
    modules[p.path] = data.policyModule(p.path, `${fieldPath}.path`);
  };
  load(spec.policy, "policy");
  spec.frontends.forEach((f, i) => load(f.policy, `frontends[${i}].policy`));
  return modules;
}

function scaledDistribution(d: Distribution, factor: number): Distribution {
  return { kind: d.kind, mean: d.mean * factor, variance: d.variance * factor * factor, sample: (rng) => factor * d.sample(rng) };
}

function capacitySchedule(windows: ReadonlyArray<CapacityWindow>, path: string, report: (p: string, m: string) => void): CapacityWindow[] {
  windows.forEach((w, k) => {
    if (w.from >= w.to) report(`${path}[${k}].to`, `must exceed from (got ${w.to} <= ${w.from})`);
  });
  const sorted = windows.map((w) => ({ from: w.from, to: w.to, multiplier: w.multiplier })).sort((a, b) => a.from - b.from);
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.from < sorted[k - 1]!.to) report(path, `windows must not overlap (${sorted[k - 1]!.from}-${sorted[k - 1]!.to} and ${sorted[k]!.from}-${sorted[k]!.to})`);
  }
  return sorted;
}

function latencyMatrix(
  m: Record<string, Record<string, number>>,
  path: string,
  frontends: Frontend[],
  backends: Backend[],
  unit: number,
  out: Float64Array,
  required: boolean,
  report: (p: string, m: string, code?: string) => void,
): void {
  const B = backends.length;
  const frontendIds = frontends.map((f) => f.id);
  const knownFrontends = new Set(frontendIds);
  const allIds = backends.map((b) => b.id);
  const knownBackends = new Set(allIds);
  for (const id of Object.keys(m)) {
    if (!knownFrontends.has(id)) report(`${path}.${id}`, `unknown frontend id ${quote(id)}${didYouMean(id, frontendIds)}; known ids: ${nameList(frontendIds)}`, "unknown_reference");
  }
  frontends.forEach((f, i) => {
    const row = Object.hasOwn(m, f.id) ? m[f.id]! : undefined;
    if (row === undefined) {
      if (required) report(`${path}.${f.id}`, `missing latencies for frontend ${quote(f.id)}; give {backendId: latency} for each backend it may use`, "missing_latency");
      return;
    }
    for (const id of Object.keys(row)) {
      if (!knownBackends.has(id)) report(`${path}.${f.id}.${id}`, `unknown backend id ${quote(id)}${didYouMean(id, allIds)}; known ids: ${nameList(allIds)}`, "unknown_reference");
    }
    for (const j of f.allowed) {
      const b = backends[j]!;
      const v = Object.hasOwn(row, b.id) ? row[b.id] : undefined;
      if (v === undefined) {
        if (required) report(`${path}.${f.id}.${b.id}`, `missing latency pair ${f.id} -> ${b.id}; every frontend-backend pair a frontend may use needs a latency`, "missing_latency");
        continue;
      }
      out[i * B + j] = v * unit;
    }
  });
}

function regionLatencies(
  file: string,
  factor: number,
  intraMs: number,
  data: DataSource,
  frontends: Frontend[],
  backends: Backend[],
  oneWay: Float64Array,
  back: Float64Array,
  report: (p: string, m: string, code?: string) => void,
): void {
  const table = data.json(file, "latency.regions") as { rtt?: unknown } | null;
  const rtt = table && typeof table === "object" && table.rtt && typeof table.rtt === "object" ? (table.rtt as Record<string, Record<string, unknown>>) : null;
  if (!rtt) return report("latency.regions", `${file} has no "rtt" object {from: {to: ms}}`, "file");
  const regions = Object.keys(rtt);
  const regionOf = (kind: string, k: number, r: string | null): string | null => {
    if (r === null) report(`${kind}[${k}].region`, `required when latency.regions is used; valid regions: ${nameList(regions)}`);
    else if (!Object.hasOwn(rtt, r)) report(`${kind}[${k}].region`, `unknown region ${quote(r)}${didYouMean(r, regions)}; valid regions: ${nameList(regions)}`, "unknown_reference");
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
      const ret = a === b ? intraMs : Object.hasOwn(rtt, b) ? rtt[b]![a] : undefined;
      if (typeof out !== "number" || typeof ret !== "number" || !(out >= 0) || !(ret >= 0) || !Number.isFinite(out + ret)) {
        report("latency.regions", `${file} lacks a finite round trip for the pair ${a} <-> ${b}`, "missing_latency");
        continue;
      }
      oneWay[i * B + j] = (a === b ? out : out * factor) * 1e-3;
      back[i * B + j] = (a === b ? ret : ret * factor) * 1e-3;
    }
  });
}
