// Building blocks of the scenario schemas: numbers, strings and objects whose errors quote the bad
// value and say what is valid, and strict objects that name an unknown key's nearest valid one.
import * as z from "zod";
import { didYouMean } from "./nearestName.ts";
import { quote } from "./quote.ts";

export { quote };

const numberRule = (wanted: string) => ({ error: (iss: { input?: unknown }) => `must be ${wanted} (got ${quote(iss.input)})` });

/** A finite number > 0. */
export const positive = (description: string) => z.number(numberRule("a finite number > 0")).gt(0, numberRule("a finite number > 0")).describe(description);
/** Largest coefficient of variation a size law takes (lognormal σ² = ln(1 + cv²) ≈ 9.2; gamma shape 1e-4). */
export const MAX_CV = 100;
/** A finite number >= 0. */
export const nonNegative = (description: string) => z.number(numberRule("a finite number >= 0")).gte(0, numberRule("a finite number >= 0")).describe(description);
/** Any finite number. */
export const finite = (description: string) => z.number(numberRule("a finite number")).describe(description);
/** An integer >= min. */
export const integerAtLeast = (min: number, description: string) =>
  z
    .number(numberRule(`an integer >= ${min}`))
    .int(numberRule(`an integer >= ${min}`))
    .gte(min, numberRule(`an integer >= ${min}`))
    .describe(description);
/** An integer in min..max, one message whichever check fails first (a seed of 2^53 is no safe integer and above max: one issue, not two). */
export const integerIn = (min: number, max: number, description: string) => {
  const rule = { ...numberRule(`an integer in ${min}..${max}`), abort: true };
  return z.number(rule).int(rule).gte(min, rule).lte(max, rule).describe(description);
};
/** A finite number in (0, 1]. */
export const unitInterval = (description: string) => z.number(numberRule("a number in (0, 1]")).gt(0, numberRule("a number in (0, 1]")).lte(1, numberRule("a number in (0, 1]")).describe(description);
/** A non-empty string. */
export const nonEmptyString = (description: string) =>
  z
    .string({ error: (iss) => `must be a non-empty string (got ${quote(iss.input)})` })
    .min(1, { error: "must be a non-empty string" })
    .describe(description);
/**
 * A name that lands in CSV files others open (`--trace`, `--series`, `--csv`): one that begins
 * like a spreadsheet formula (=, +, -, @, tab, carriage return) would run as one there (OWASP,
 * CSV injection). Ids are names, so such a one is rejected rather than rewritten.
 */
export const nameString = (description: string) =>
  nonEmptyString(description)
    .refine((v) => v !== "__proto__", { error: 'must not be "__proto__" (a name JavaScript objects reserve); rename it' })
    .refine((v) => !/^[=+\-@\t\r]/.test(v), {
      error: (iss) => `must not begin with =, +, -, @, a tab or a carriage return (got ${quote(iss.input)}): a spreadsheet opening lbsim's CSV output would run it as a formula; rename it`,
    });
export const boolean = (description: string) => z.boolean({ error: (iss) => `must be true or false (got ${quote(iss.input)})` }).describe(description);

/** One of the given strings; a near miss is named. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return z
    .enum(values, { error: (iss) => `must be ${values.map((v) => `"${v}"`).join(" or ")} (got ${quote(iss.input)})${typeof iss.input === "string" ? didYouMean(iss.input, values) : ""}` })
    .describe(description);
}

/** A non-empty array of [x, y] pairs of finite numbers >= 0. */
export const pairs = (what: string, description: string) =>
  z
    .array(
      z.tuple([z.number(), z.number()], { error: (iss) => `must be a pair ${what} of finite numbers >= 0 (got ${quote(iss.input)})` }).refine((p) => p[0] >= 0 && p[1] >= 0, {
        error: (iss) => `must be a pair ${what} of finite numbers >= 0 (got ${quote(iss.input)})`,
      }),
      { error: (iss) => `must be a non-empty array of ${what} pairs (got ${quote(iss.input)})` },
    )
    .min(1, { error: `must be a non-empty array of ${what} pairs` })
    .describe(description);

/**
 * z.strictObject whose unknown-key error names the key and the nearest valid one ("did you mean
 * `warmup`?"), and whose type error quotes the value.
 */
export function strict<S extends z.core.$ZodLooseShape>(shape: S, what = "an object") {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === "unrecognized_keys") {
        return iss.keys.map((k) => `unknown key "${k}"${didYouMean(k, keys)}${didYouMean(k, keys) ? "" : `; valid keys: ${keys.join(", ")}`}`).join("; ");
      }
      if (iss.code === "invalid_type") return `must be ${what} (got ${quote(iss.input)})`;
      return undefined;
    },
  });
}

/** A discriminated union on "kind" (or another key: feedback's "mode") whose error lists the valid values and names a near miss. */
export function kindUnion<const T extends readonly [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]]>(what: string, options: T, kinds: readonly string[], key = "kind") {
  return z.discriminatedUnion(key, options, {
    error: (iss) => {
      const input = iss.input as Record<string, unknown> | undefined;
      if (input === null || typeof input !== "object" || Array.isArray(input)) return `must be a ${what} object {"${key}": ...} (got ${quote(input)})`;
      const kind = input[key];
      return `unknown ${what} ${key} ${quote(kind)}${typeof kind === "string" ? didYouMean(kind, kinds) : ""}; valid ${key}s: ${kinds.join(", ")}`;
    },
  });
}

/** {outer: {inner: number}}: a matrix keyed by ids (latencies, routing). */
export const idMatrix = (cell: z.ZodType<number>, what: string, description: string) =>
  z
    .record(z.string(), z.record(z.string(), cell, { error: (iss) => `must be an object {${what}} (got ${quote(iss.input)})` }), {
      error: (iss) => `must be an object {frontendId: {${what}}} (got ${quote(iss.input)})`,
    })
    .describe(description);

type KindEntry = { readonly kind: string; readonly schema: z.core.$ZodTypeDiscriminable };

/**
 * A registry keyed by `kind`: the Map a user's string is looked up in (so "constructor" is unknown,
 * not Object.prototype's) and the discriminated union of the entries' schemas, in entry order.
 */
export function kindRegistry<const E extends readonly [KindEntry, ...KindEntry[]]>(what: string, entries: E) {
  const kinds: ReadonlyMap<string, E[number]> = new Map(entries.map((e) => [e.kind, e]));
  const schema = kindUnion(what, entries.map((e) => e.schema) as unknown as [E[number]["schema"], ...E[number]["schema"][]], [...kinds.keys()]);
  return { kinds, schema };
}
