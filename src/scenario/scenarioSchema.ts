// The scenario format as one zod schema, assembled from the kind registries; scenario.schema.json is generated from it.
import * as z from "zod";
import { curveSchema } from "../model/curves/registry.ts";
import { arrivalSchema } from "../random/arrivals/registry.ts";
import { sizeLawSchema } from "../random/distributions/registry.ts";
import { feedbackSchema } from "../feedback/feedbackModes.ts";
import { policySchema } from "../policies/registry.ts";
import { llmEngineSchema } from "../model/llm/llmEngine.ts";
import { idMatrix, integerAtLeast, integerIn, nameString, nonEmptyString, nonNegative, oneOf, positive, quote, strict } from "../input/fieldSchemas.ts";

/** Seeds are 32-bit: xoroshiro128+ is seeded from a signed 32-bit word. */
export const MAX_SEED = 2147483647;

const capacityWindow = strict(
  {
    from: nonNegative("start of the window, seconds"),
    to: positive("end of the window, seconds (after from)"),
    multiplier: nonNegative("capacity multiplier inside the window (0: outage, requests wait and resume)"),
  },
  "a window {from, to, multiplier}",
);

/** Prompt and output token laws of LLM requests (drawn, then rounded to whole tokens >= 1). */
const tokens = strict(
  {
    input: sizeLawSchema.describe("I: prompt tokens per request (a size law, rounded to an integer >= 1)"),
    output: sizeLawSchema.describe("O: output tokens per request (a size law, rounded to an integer >= 1)"),
  },
  "an object {input, output} of size laws",
);

const frontend = strict(
  {
    id: nameString("unique frontend id"),
    region: nameString("region name in latency.regions' table").optional(),
    arrivals: arrivalSchema.describe("arrival process of requests born here"),
    backends: z
      .array(nonEmptyString("backend id"), { error: (iss) => `must be a non-empty array of backend ids (got ${quote(iss.input)}); omit it to allow every backend` })
      .min(1, { error: "must be a non-empty array of backend ids; omit it to allow every backend" })
      .optional()
      .describe("compatibility set E_i: the backends this frontend may route to (default: all)"),
    requestSize: sizeLawSchema.optional().describe("size law of this frontend's requests (default: the top-level requestSize)"),
    tokens: tokens.optional().describe("token laws of this frontend's requests on LLM engines (default: the top-level tokens)"),
    policy: policySchema.optional().describe("this frontend's routing policy, overriding the scenario's (compare and sweep replace every frontend's)"),
  },
  "a frontend object {id, arrivals, ...}",
);

const backend = strict(
  {
    id: nameString("unique backend id"),
    region: nameString("region name in latency.regions' table").optional(),
    curve: curveSchema.optional(),
    engine: llmEngineSchema.optional().describe("an LLM serving engine instead of a curve (docs/model.md section 11)"),
    servers: integerAtLeast(1, "k identical servers (GPUs) behind the backend, its requests spread evenly over them: the curve is k·μ(n/k)").default(1),
    batching: oneOf(
      ["per-server", "merged"],
      'how the k servers batch: "per-server" (each its own batch, k·μ(n/k)) or "merged" (one batch across all, k·μ(n): a lone request runs k times as fast)',
    ).default("per-server"),
    capacitySchedule: z
      .array(capacityWindow, { error: (iss) => `must be an array of {from, to, multiplier} (got ${quote(iss.input)})` })
      .default([])
      .describe("capacity multiplier windows (non-overlapping)"),
  },
  "a backend object {id, curve, ...}",
);

const latencyMatrix = (description: string) => idMatrix(nonNegative("latency in latency.unit"), "backendId: latency", description);

const latency = strict(
  {
    unit: oneOf(["s", "ms"], "unit of the matrix entries").default("s"),
    oneWay: latencyMatrix("d_ij: {frontendId: {backendId: latency}} for every pair a frontend may use").optional(),
    back: latencyMatrix("d_ji, responses: same shape as oneWay (default: oneWay mirrored)").nullable().optional(),
    jitter: sizeLawSchema.nullable().optional().describe("random delay added to every request and response message, in latency.unit"),
    regions: nonEmptyString('JSON table {"rtt": {from: {to: ms}}} of measured round trips, relative to the scenario file').optional(),
    oneWayFactor: positive("one-way latency as a fraction of the measured round trip (with regions)").default(0.5),
    intraRegion: nonNegative("latency in ms between a frontend and a backend of the same region (with regions)").default(0),
  },
  "a latency object {unit, oneWay, ...}",
);

export const scenarioSchema = strict(
  {
    $schema: z.string().optional().describe("path or URL of scenario.schema.json, for editors; ignored"),
    name: nonEmptyString("scenario name (default: the file name)").optional(),
    description: z.string().optional().describe("free text shown in reports"),
    workUnit: nonEmptyString('what one unit of request work is, for labels (e.g. "output tokens"; default "work"): sizes, curves and loads are in it')
      .max(40, { error: "must be at most 40 characters (a unit name for labels)" })
      .optional(),
    seed: integerIn(0, MAX_SEED, "seed of every random stream").default(1),
    horizon: positive("simulated seconds per replication"),
    warmup: z
      .union([nonNegative("seconds"), z.literal("mser5")], { error: (iss) => `must be a number of seconds >= 0 or "mser5" (got ${quote(iss.input)})` })
      .default(0)
      .describe('seconds deleted from the start of every measurement, or "mser5" (chosen from a pilot run)'),
    scale: positive("fluid scale N: arrival rates ×N, curves N·mu(n/N), policies see n/N").default(1),
    frontends: z
      .array(frontend, { error: (iss) => `must be a non-empty array of frontends (got ${quote(iss.input)})` })
      .min(1, { error: "must be a non-empty array of frontends" })
      .describe("where requests are born"),
    backends: z
      .array(backend, { error: (iss) => `must be a non-empty array of backends (got ${quote(iss.input)})` })
      .min(1, { error: "must be a non-empty array of backends" })
      .describe("where requests are served"),
    latency: latency.optional().describe("network latencies (default: 0 everywhere)"),
    requestSize: sizeLawSchema.default({ kind: "exponential", mean: 1 }).describe("size law of every frontend's requests, in work units"),
    tokens: tokens.optional().describe("token laws of every frontend's requests on LLM engines (prompt and output tokens)"),
    slo: strict(
      {
        ttft: positive("seconds: a request meets the SLO when its time to first token is at most this").optional(),
        tpot: positive("seconds: ... and its time per output token at most this").optional(),
      },
      "an object {ttft?, tpot?} in seconds",
    )
      .optional()
      .describe("service-level objectives of LLM requests: slo.attainment and goodput are measured against them"),
    feedback: feedbackSchema.default({ mode: "periodic", interval: 0.05 }),
    policy: policySchema.default({ kind: "random", weights: "uniform" }),
    sample: strict({ interval: positive("seconds between time-series samples") }, "an object {interval}")
      .optional()
      .describe("time-series sampling (default: horizon/100)"),
  },
  "a JSON object",
);

/** A scenario as written (defaults may be missing). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario as validated: every default filled in. */
export type ScenarioSpec = z.output<typeof scenarioSchema>;
