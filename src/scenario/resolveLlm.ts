// The LLM half of building a scenario: token laws per frontend, the checks that span engines and tokens,
// and each engine's equivalent throughput curve (what routing and the analyses read).
import type { Backend, Frontend, TokenLaws } from "../model/scenario.ts";
import type { ScenarioSpec } from "./scenarioSchema.ts";
import type { BuildContext, Distribution } from "../random/distributions/distribution.ts";
import { sizeLaws } from "../random/distributions/registry.ts";
import { deterministic } from "../random/distributions/deterministic.ts";
import { perServerPool, type Curve } from "../model/curves/curve.ts";
import { equivalentCurve } from "../model/llm/equivalentCurve.ts";
import { meanArrivalRate } from "../random/arrivals/registry.ts";

type Report = (path: string, message: string, code?: string) => void;

/** Whether the trace replayed by a frontend carries token columns. */
const traceTokens = (f: Frontend) => (f.arrivals?.kind === "trace" && f.arrivals.inputTokens && f.arrivals.outputTokens ? f.arrivals : null);

/**
 * Resolves an LLM scenario in place (frontends' token laws and unit sizes, engines' curves) and says
 * whether the scenario is one. Every problem is reported with its path; a PS scenario is left as it is.
 */
export function resolveLlm(spec: ScenarioSpec, frontends: Frontend[], backends: Backend[], ctx: (path: string) => BuildContext, report: Report, issues: () => number): boolean {
  const engineAt = spec.backends.map((b) => b.engine !== undefined);
  const llm = engineAt.some(Boolean);
  if (!llm) {
    const where = spec.tokens ? "tokens" : spec.frontends.findIndex((f) => f.tokens) >= 0 ? `frontends[${spec.frontends.findIndex((f) => f.tokens)}].tokens` : null;
    if (where) report(where, "token counts are for LLM engines, and no backend has an engine: remove tokens, or give the backends engines", "invalid_tokens");
    frontends.forEach(
      (f, i) =>
        traceTokens(f) && report(`frontends[${i}].arrivals.inputColumn`, "token columns are for LLM engines, and no backend has an engine: remove inputColumn and outputColumn", "invalid_tokens"),
    );
    if (spec.slo) report("slo", "SLOs (ttft, tpot) are measured on LLM engines, and no backend has an engine: remove slo", "invalid_tokens");
    return false;
  }
  engineAt.forEach(
    (isEngine, j) =>
      !isEngine &&
      spec.backends[j]!.curve &&
      report(`backends[${j}].curve`, "all backends must be LLM engines when one is (mixed fleets are not supported): give this backend an engine", "invalid_engine"),
  );

  const law = (s: ScenarioSpec["requestSize"], path: string): Distribution | null => sizeLaws.get(s.kind)!.build(s, ctx(path));
  frontends.forEach((f, i) => {
    const path = `frontends[${i}]`;
    f.sizes = deterministic(1); // a request is one unit of work: the engines' curves count requests per second
    if (f.arrivals?.kind === "trace" && spec.frontends[i]!.arrivals.kind === "trace" && (spec.frontends[i]!.arrivals as { sizeColumn?: string }).sizeColumn !== undefined) {
      report(`${path}.arrivals.sizeColumn`, "on LLM engines a request's work is its tokens: use inputColumn and outputColumn instead of sizeColumn", "invalid_tokens");
    }
    if (traceTokens(f)) return;
    const given = spec.frontends[i]!.tokens ?? spec.tokens;
    const where = spec.frontends[i]!.tokens ? `${path}.tokens` : "tokens";
    if (!given) {
      report(`${path}`, 'LLM engines need token counts: give "tokens": {"input": SIZE, "output": SIZE} (top level or on the frontend), or a trace with inputColumn and outputColumn', "invalid_tokens");
      return;
    }
    const input = law(given.input, `${where}.input`);
    const output = law(given.output, `${where}.output`);
    if (input && output) f.tokens = { input, output };
  });

  // a request larger than the KV cache could never be admitted (the head of the queue is never skipped)
  backends.forEach((b, j) => {
    const kv = b.engine?.kvTokens;
    if (kv == null) return;
    frontends.forEach((f, i) => {
      const most = largestTokens(f);
      if (most === null)
        report(`frontends[${i}].tokens`, `backends[${j}].engine.kvTokens (${kv}) needs token counts it can bound: use deterministic or empirical token laws, or a trace`, "invalid_tokens");
      else if (most > kv)
        report(
          `backends[${j}].engine.kvTokens`,
          `a request of frontend ${f.id} needs ${most} tokens (input + output), more than kvTokens ${kv}: it could never be admitted; raise kvTokens or shorten the requests`,
          "invalid_tokens",
        );
    });
  });

  if (issues() > 0) return true; // the curves need valid engines and tokens
  const { input, output } = meanTokens(spec, frontends);
  const curves = new Map<string, Curve>();
  for (const b of backends) {
    if (!b.engine || !(input > 0) || !(output > 0)) continue;
    const key = JSON.stringify([b.engine, b.servers]);
    if (!curves.has(key)) curves.set(key, perServerPool(equivalentCurve(b.engine, input, output), b.servers));
    b.curve = curves.get(key)!;
  }
  return true;
}

/** The most input + output tokens a frontend's request can have, or null when its laws are unbounded. */
function largestTokens(f: Frontend): number | null {
  const t = traceTokens(f);
  if (t) {
    let most = 0;
    for (let k = 0; k < t.inputTokens!.length; k++) most = Math.max(most, t.inputTokens![k]! + t.outputTokens![k]!);
    return most;
  }
  if (!f.tokens) return 0;
  const bound = (d: Distribution) => (d.max !== undefined && Number.isFinite(d.max) ? Math.max(1, Math.round(d.max)) : null);
  const i = bound(f.tokens.input);
  const o = bound(f.tokens.output);
  return i === null || o === null ? null : i + o;
}

/** Mean prompt and output tokens over the scenario's requests: frontends weighted by their arrival rates (closed loops by their clients). */
export function meanTokens(spec: ScenarioSpec, frontends: Frontend[]): { input: number; output: number } {
  let w = 0;
  let input = 0;
  let output = 0;
  for (const f of frontends) {
    if (!f.arrivals) continue;
    const weight = f.arrivals.kind === "closed" ? f.arrivals.clients : meanArrivalRate(f.arrivals, spec.horizon);
    const m = frontendMeanTokens(f, spec.horizon);
    if (!m || !(weight > 0)) continue;
    w += weight;
    input += weight * m.input;
    output += weight * m.output;
  }
  return w > 0 ? { input: input / w, output: output / w } : { input: NaN, output: NaN };
}

function frontendMeanTokens(f: Frontend, horizon: number): { input: number; output: number } | null {
  const t = traceTokens(f);
  if (t) {
    let n = 0;
    let input = 0;
    let output = 0;
    for (; n < t.times.length && t.times[n]! <= horizon; n++) {
      input += t.inputTokens![n]!;
      output += t.outputTokens![n]!;
    }
    return n > 0 ? { input: input / n, output: output / n } : null;
  }
  return f.tokens ? { input: Math.max(1, f.tokens.input.mean), output: Math.max(1, f.tokens.output.mean) } : null;
}

export type { TokenLaws };
