// A second implementation of docs/model.md section 11's LLM engine, written apart from
// src/model/llm for an exact cross-check: every engine keeps its waiting requests and its batch as
// plain arrays, and a step touches every sequence in the batch (the engine's heap of finishing
// steps and its one-by-one hand-out are what this leaves out). All events at one instant are
// handled together before any engine plans a step there, which is how a request arriving exactly
// at a step's end joins the next step.

export interface ReferenceEngineSpec {
  a: number;
  b: number;
  c: number;
  combine: "max" | "sum";
  /** maxSequences S; chunkTokens K and kvTokens M where set. */
  S: number;
  K?: number;
  M?: number;
}

export interface ReferenceRequest {
  id: number;
  /** When it reaches the backend. */
  reach: number;
  input: number;
  output: number;
}

/** Engine times of a request's first and last tokens. */
export interface ReferenceOutcome {
  firstToken: number;
  done: number;
}

interface Sequence {
  request: ReferenceRequest;
  promptLeft: number;
  /** Decode tokens emitted so far (after the first token). */
  decoded: number;
}

interface Engine {
  waiting: ReferenceRequest[];
  /** Admitted sequences in admission order. */
  batch: Sequence[];
  /** Infinity while idle. */
  stepEnd: number;
  /** The running step's plan: sequences decoding in it, and prompt tokens each prefilling one takes. */
  decoding: Sequence[];
  prefill: Map<Sequence, number>;
}

/**
 * One backend of `servers` engines behind least-loaded dispatch (fewest requests present, the first
 * on ties), serving `requests` (sorted by reach) until `until`; speed windows divide a step's
 * duration by the multiplier at its start, and 0 stops the engines until the window ends.
 */
export function referenceBackend(
  spec: ReferenceEngineSpec,
  servers: number,
  requests: ReferenceRequest[],
  until: number,
  speedWindows: Array<{ from: number; to: number; multiplier: number }> = [],
): Map<number, ReferenceOutcome> {
  const engines: Engine[] = Array.from({ length: servers }, () => ({ waiting: [], batch: [], stepEnd: Infinity, decoding: [], prefill: new Map() }));
  const outcomes = new Map<number, ReferenceOutcome>();
  const firstTokens = new Map<number, number>();
  const speedAt = (t: number) => speedWindows.find((w) => w.from <= t && t < w.to)?.multiplier ?? 1;
  const changes = speedWindows.flatMap((w) => [w.from, w.to]).sort((x, y) => x - y);
  let next = 0;

  const plan = (e: Engine, t: number) => {
    const used = () => e.batch.reduce((sum, q) => sum + q.request.input + q.request.output, 0);
    while (e.waiting.length > 0 && e.batch.length < spec.S) {
      const head = e.waiting[0]!;
      if (spec.M !== undefined && used() + head.input + head.output > spec.M) break;
      e.batch.push({ request: e.waiting.shift()!, promptLeft: head.input, decoded: 0 });
    }
    e.decoding = e.batch.filter((q) => q.promptLeft === 0);
    e.prefill = new Map();
    let budget = spec.K === undefined ? Infinity : Math.max(spec.K - e.decoding.length, 0);
    let p = 0;
    for (const q of e.batch) {
      if (q.promptLeft === 0 || budget === 0) continue;
      const take = Math.min(q.promptLeft, budget);
      e.prefill.set(q, take);
      budget -= take;
      p += take;
    }
    const nd = e.decoding.length;
    const tau = spec.combine === "max" ? Math.max(spec.a + spec.b * nd, spec.c * (p + nd)) : spec.a + spec.b * nd + spec.c * p;
    e.stepEnd = t + tau / speedAt(t);
  };

  const end = (e: Engine, t: number) => {
    const finished = new Set<Sequence>();
    for (const q of e.decoding) if (++q.decoded === q.request.output - 1) finished.add(q);
    for (const [q, take] of e.prefill) {
      q.promptLeft -= take;
      if (q.promptLeft > 0) continue;
      firstTokens.set(q.request.id, t);
      if (q.request.output === 1) finished.add(q);
    }
    for (const q of finished) outcomes.set(q.request.id, { firstToken: firstTokens.get(q.request.id)!, done: t });
    e.batch = e.batch.filter((q) => !finished.has(q));
    e.stepEnd = Infinity;
  };

  for (;;) {
    const t = Math.min(next < requests.length ? requests[next]!.reach : Infinity, ...engines.map((e) => e.stepEnd), changes[0] ?? Infinity);
    if (t === Infinity || t > until) break;
    while (changes[0] === t) changes.shift();
    for (const e of engines) if (e.stepEnd === t) end(e, t);
    while (next < requests.length && requests[next]!.reach === t) {
      let e = engines[0]!;
      for (const other of engines) if (other.waiting.length + other.batch.length < e.waiting.length + e.batch.length) e = other;
      e.waiting.push(requests[next++]!);
    }
    if (speedAt(t) === 0) continue;
    for (const e of engines) if (e.stepEnd === Infinity && e.waiting.length + e.batch.length > 0) plan(e, t);
  }
  return outcomes;
}
