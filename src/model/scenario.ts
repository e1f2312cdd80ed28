// The resolved scenario the engine, solver and fluid model read (validated, defaults applied, units in seconds).
import type { Curve, CurveFit } from "./curves/curve.ts";
import type { Distribution } from "../random/distributions/distribution.ts";
import { carriedSizes, meanArrivalRate, type ArrivalSpec } from "../random/arrivals/registry.ts";
import type { LlmEngine } from "./llm/llmEngine.ts";

export type { ArrivalSpec, CurveFit };
export { meanArrivalRate };

/**
 * The blocks whose kinds live above the model: policies/registry.ts fills `PolicySpecs` and
 * `PolicyModules`, feedback/feedbackModes.ts fills `FeedbackSpecs` (TypeScript declaration merging).
 * The model names no policy or feedback mode, so those rooms import the model and never the reverse.
 */
/* eslint-disable @typescript-eslint/no-empty-object-type -- filled by declaration merging */
export interface PolicySpecs {}
export interface FeedbackSpecs {}
export interface PolicyModules {}
/* eslint-enable @typescript-eslint/no-empty-object-type */
/** A validated policy block, defaults applied. */
export type PolicySpec = PolicySpecs[keyof PolicySpecs];
/** A validated feedback block, defaults applied. */
export type FeedbackSpec = FeedbackSpecs[keyof FeedbackSpecs];
/** A user policy module's factory (policies/userPolicy.ts). */
export type UserPolicyFactory = PolicyModules[keyof PolicyModules];

export interface Frontend {
  id: string;
  region: string | null;
  arrivals: ArrivalSpec;
  /** Backend indices this frontend may route to (E_i), in scenario order. */
  allowed: Int32Array;
  sizes: Distribution;
  /** Prompt and output token laws on LLM engines (null on PS scenarios, or when a trace carries the counts). */
  tokens: TokenLaws | null;
  /** This frontend's own policy block, overriding the scenario's (a fleet migrating region by region), or null. */
  policy: PolicySpec | null;
}

export interface TokenLaws {
  input: Distribution;
  output: Distribution;
}

export interface CapacityWindow {
  from: number;
  to: number;
  multiplier: number;
}

export interface Backend {
  id: string;
  region: string | null;
  servers: number;
  /** Set when the curve is a table fitted to measured points. */
  curveFit: CurveFit | null;
  /** Unscaled curve including the servers multiplier (mu_j of docs/model.md); an LLM engine's equivalent curve in requests/s. */
  curve: Curve;
  /** The LLM engine serving this backend's requests (each of `servers` engines), or null for a PS backend. */
  engine: LlmEngine | null;
  capacitySchedule: CapacityWindow[];
}

export interface Scenario {
  file: string;
  name: string;
  description: string;
  /** What one unit of request work is, for labels ("work", "output tokens"). */
  workUnit: string;
  seed: number;
  horizon: number;
  /** Seconds, or "mser5" (MSER-5 truncation chosen from the run). */
  warmup: number | "mser5";
  scale: number;
  frontends: Frontend[];
  backends: Backend[];
  /** One-way latency frontend i -> backend j at [i * B + j], seconds; NaN where j is not in E_i. */
  oneWay: Float64Array;
  /** Response latency backend j -> frontend i at [i * B + j], seconds. */
  back: Float64Array;
  jitter: Distribution | null;
  feedback: FeedbackSpec;
  policy: PolicySpec;
  /** User policy modules' factories by the path the scenario gives (null-prototype; empty without module policies). */
  policyModules: Readonly<Record<string, UserPolicyFactory>>;
  sampleInterval: number;
  /** Backends are LLM engines: requests carry tokens, the metrics add TTFT and TPOT. */
  llm: boolean;
  /** Service-level objectives (seconds) of LLM requests, when given. */
  slo: { ttft: number | null; tpot: number | null } | null;
  /** The scenario as validated: overrides applied, every default filled in, "auto" step resolved (plain JSON: reports, fingerprints). */
  spec: Readonly<Record<string, unknown>>;
  /** The input files the scenario read, by path relative to the scenario file (what a worker thread needs besides spec). */
  inputs: ScenarioInputs;
  /** How DGD-LB's "auto" step was chosen, when it was. */
  stepSizeChoice: StepSizeChoice | null;
}

/** Columns and JSON tables read from a scenario's input files, keyed by the path the scenario gives. */
export interface ScenarioInputs {
  columns: Record<string, Record<string, Float64Array>>;
  json: Record<string, unknown>;
}

export interface StepSizeChoice {
  /** The fluid model's critical step size of the scenario (as `lbsim stability` computes it). */
  criticalStepSize: number;
  /** The multiple of criticalStepSize used: the pilot's choice (above 1 only where there is no fluid bound), or the policy's autoFraction when given. */
  autoFraction: number;
  stepSize: number;
  /** How criticalStepSize was found: the fluid model's bisection, or the scale 1/(Λ·max(τ, Δ)) where that has no answer or would take minutes. */
  method: "fluid bisection" | "1/(Λ·max(τ, Δ))";
  /** Why the bisection was not used, when it was not. */
  reason?: string;
  /** How the fraction was chosen: the pilot runs (autoFraction not given), or the policy's autoFraction. */
  fractionFrom: "pilot" | "autoFraction";
  /** The pilot's runs, when there was one. */
  pilot?: StepSizePilot;
  /** One sentence on what was chosen and why, as run, compare and sweep print it. */
  why: string;
}

/** DGD-LB's "auto" pilot: one short replication per fraction of the critical step, on common random numbers. */
export interface StepSizePilot {
  /** Seconds simulated per candidate (the scenario's horizon, cut to a bounded number of requests). */
  horizon: number;
  warmup: number;
  /** The pilot's seed: the scenario's, salted, so no replication of the study is the one the choice was fitted to. */
  seed: number;
  candidates: Array<{ fraction: number; stepSize: number; latencyMean: number | null }>;
  /** The largest fraction whose mean latency is within 0.5% of the lowest. */
  fraction: number;
}

/** Σ|E_i|: the frontend-backend pairs a frontend may route to (DGD-LB's entries an update, the routing shares). */
export function routeCount(frontends: readonly Frontend[]): number {
  return frontends.reduce((n, f) => n + f.allowed.length, 0);
}

/**
 * Where each frontend's row starts when per-route values (one per allowed backend, in E_i's order)
 * are stored frontend after frontend: row i is [starts[i], starts[i + 1]).
 */
export function allowedRowStarts(frontends: readonly Frontend[]): Int32Array {
  const starts = new Int32Array(frontends.length + 1);
  frontends.forEach((f, i) => (starts[i + 1] = starts[i]! + f.allowed.length));
  return starts;
}

/** Mean work per request of a frontend: the trace's sizes up to the horizon when it carries them, else the size law's mean. */
export function meanRequestSize(f: Frontend, horizon: number): number {
  const mean = carriedSizes(f.arrivals)?.mean(horizon) ?? NaN;
  return mean === mean ? mean : f.sizes.mean;
}
