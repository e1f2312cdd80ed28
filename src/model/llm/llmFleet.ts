// Every LLM backend's engines, stepped exactly (docs/model.md section 11): one event per step, nothing per token.
import { stepDuration, type LlmEngine } from "./llmEngine.ts";
import type { SlotTokens } from "./slotTokens.ts";

/** A FIFO of slots in a growable ring. */
class SlotQueue {
  private items = new Int32Array(16);
  private head = 0;
  size = 0;
  push(slot: number): void {
    if (this.size === this.items.length) {
      const bigger = new Int32Array(2 * this.items.length);
      for (let k = 0; k < this.size; k++) bigger[k] = this.items[(this.head + k) % this.items.length]!;
      this.items = bigger;
      this.head = 0;
    }
    this.items[(this.head + this.size++) % this.items.length] = slot;
  }
  peek(): number {
    return this.items[this.head]!;
  }
  /** The k-th slot from the head. */
  at(k: number): number {
    return this.items[(this.head + k) % this.items.length]!;
  }
  shift(): number {
    const slot = this.items[this.head]!;
    this.head = (this.head + 1) % this.items.length;
    this.size--;
    return slot;
  }
}

/**
 * Decoding sequences keyed by the step at whose end they emit their last token (then by admission
 * order): like PS finish tags, a step touches only the sequences that finish in it.
 */
class FinishHeap {
  private steps = new Float64Array(16);
  private order = new Float64Array(16);
  private slots = new Int32Array(16);
  size = 0;
  push(step: number, order: number, slot: number): void {
    if (this.size === this.steps.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.steps[p]! < step || (this.steps[p] === step && this.order[p]! < order)) break;
      this.steps[i] = this.steps[p]!;
      this.order[i] = this.order[p]!;
      this.slots[i] = this.slots[p]!;
      i = p;
    }
    this.steps[i] = step;
    this.order[i] = order;
    this.slots[i] = slot;
  }
  topStep(): number {
    return this.size > 0 ? this.steps[0]! : Infinity;
  }
  pop(): number {
    const top = this.slots[0]!;
    const n = --this.size;
    if (n > 0) {
      const step = this.steps[n]!;
      const order = this.order[n]!;
      const slot = this.slots[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && (this.steps[c + 1]! < this.steps[c]! || (this.steps[c + 1] === this.steps[c] && this.order[c + 1]! < this.order[c]!))) c++;
        if (step < this.steps[c]! || (step === this.steps[c] && order < this.order[c]!)) break;
        this.steps[i] = this.steps[c]!;
        this.order[i] = this.order[c]!;
        this.slots[i] = this.slots[c]!;
        i = c;
      }
      this.steps[i] = step;
      this.order[i] = order;
      this.slots[i] = slot;
    }
    return top;
  }
  private grow(): void {
    const n = 2 * this.steps.length;
    const s = new Float64Array(n);
    s.set(this.steps);
    const o = new Float64Array(n);
    o.set(this.order);
    const l = new Int32Array(n);
    l.set(this.slots);
    this.steps = s;
    this.order = o;
    this.slots = l;
  }
}

/** One engine: its queues, its running step's plan, the completions of the step that just ended. */
export class LlmEngineState {
  /** Requests present: waiting and admitted. */
  n = 0;
  admitted = 0;
  admittedTokens = 0;
  readonly waiting = new SlotQueue();
  /** Admitted sequences with prompt left, in admission order. */
  readonly prefilling = new SlotQueue();
  readonly decoding = new FinishHeap();
  /** Steps started so far; the running step is number steps − 1. */
  steps = 0;
  /** Prompts finished so far: orders sequences that finish decoding in the same step. */
  promptsDone = 0;
  /** The running step: start, end (Infinity when idle), decoding sequences, prompts it finishes, tokens into the next prompt. */
  stepStart = -Infinity;
  stepEnd = Infinity;
  stepDecoding = 0;
  stepFinishes = 0;
  stepPartial = 0;
  stepPrefill = 0;
  /** The step's end has been processed; its completions wait in `done` to be handed out one by one. */
  ended = false;
  done: number[] = [];
  constructor(readonly spec: LlmEngine) {}
}

/** A backend: k engines behind its own least-loaded dispatch, and the capacity multiplier of its schedule. */
export class LlmBackend {
  n = 0;
  capacity = 1;
  constructor(readonly engines: LlmEngineState[]) {}
}

/**
 * The service discipline of LLM backends, behind the same calls as PsFleet: add a request, the time of
 * the backend's next event, and depart(), which returns a completing request's slot or −1 when the
 * event was a step's end that completed no one (the loop then only asks for the next event's time).
 * A step's start admits waiting requests (FIFO, up to maxSequences and kvTokens) and plans the prefill
 * budget; its end emits a token from every decoding sequence, finishes the planned prompts (their
 * first token) and completes the sequences whose last token it was. A request arriving at the very
 * instant a step starts joins that step (it arrived "at the previous step's end").
 */
export class LlmFleet {
  private readonly backends: LlmBackend[];

  constructor(engines: Array<{ engine: LlmEngine; servers: number }>, private readonly tokens: SlotTokens) {
    this.backends = engines.map((b) => new LlmBackend(Array.from({ length: b.servers }, () => new LlmEngineState(b.engine))));
  }

  at(j: number): LlmBackend {
    return this.backends[j]!;
  }

  add(b: LlmBackend, t: number, slot: number, _size: number): void {
    // least loaded of the backend's engines (the first on ties)
    let e = b.engines[0]!;
    for (let k = 1; k < b.engines.length; k++) if (b.engines[k]!.n < e.n) e = b.engines[k]!;
    b.n++;
    e.n++;
    this.tokens.promptLeft[slot] = this.tokens.input[slot]!;
    const waitedBefore = e.waiting.size > 0;
    e.waiting.push(slot);
    if (e.stepEnd === Infinity) this.startStep(e, t, b.capacity);
    else if (e.stepStart === t && !waitedBefore && !e.ended && b.capacity > 0) this.joinStep(e, t, b.capacity);
  }

  nextDeparture(b: LlmBackend): number {
    let t = Infinity;
    for (const e of b.engines) if (e.stepEnd < t) t = e.stepEnd;
    return t;
  }

  depart(b: LlmBackend, t: number): number {
    let e = b.engines[0]!;
    for (let k = 1; k < b.engines.length; k++) if (b.engines[k]!.stepEnd < e.stepEnd) e = b.engines[k]!;
    if (!e.ended) this.endStep(e, t);
    if (e.done.length > 0) {
      const slot = e.done.pop()!;
      e.n--;
      b.n--;
      if (e.done.length === 0) this.startStep(e, t, b.capacity);
      return slot;
    }
    this.startStep(e, t, b.capacity);
    return -1;
  }

  setCapacity(b: LlmBackend, t: number, multiplier: number): void {
    b.capacity = multiplier;
    // a running step keeps its duration; an engine stopped by an outage starts again
    if (multiplier > 0) for (const e of b.engines) if (e.stepEnd === Infinity && e.n > 0) this.startStep(e, t, multiplier);
  }

  /** Admits waiting requests, plans the prefill budget and schedules the step's end (idle when there is nothing to do or capacity is 0). */
  private startStep(e: LlmEngineState, t: number, capacity: number): void {
    e.ended = false;
    e.stepStart = t;
    e.stepDecoding = e.decoding.size;
    e.stepFinishes = 0;
    e.stepPartial = 0;
    e.stepPrefill = 0;
    if (capacity === 0) {
      e.stepEnd = Infinity;
      return;
    }
    this.admitAndPlan(e);
    if (e.stepDecoding === 0 && e.stepPrefill === 0 && e.stepFinishes === 0) {
      e.stepEnd = Infinity; // nothing admitted can run (the engine waits for a request or capacity)
      return;
    }
    e.steps++;
    e.stepEnd = t + stepDuration(e.spec, e.stepDecoding, e.stepPrefill) / capacity;
  }

  /** A request arrived at the instant the running step started: admit it into that step and re-plan. */
  private joinStep(e: LlmEngineState, t: number, capacity: number): void {
    e.stepFinishes = 0;
    e.stepPartial = 0;
    e.stepPrefill = 0;
    this.admitAndPlan(e);
    e.stepEnd = t + stepDuration(e.spec, e.stepDecoding, e.stepPrefill) / capacity;
  }

  private admitAndPlan(e: LlmEngineState): void {
    const s = e.spec;
    const tok = this.tokens;
    while (e.waiting.size > 0 && e.admitted < s.maxSequences) {
      const head = e.waiting.peek();
      const need = tok.input[head]! + tok.output[head]!;
      if (s.kvTokens !== null && e.admittedTokens + need > s.kvTokens) break; // the head is never skipped
      e.waiting.shift();
      e.admitted++;
      e.admittedTokens += need;
      e.prefilling.push(head);
    }
    // prefill budget in admission order: the first stepFinishes prompts complete, the next gets stepPartial tokens
    let budget = s.chunkTokens === null ? Infinity : s.chunkTokens - e.stepDecoding;
    if (budget <= 0) return;
    const q = e.prefilling;
    // walk the FIFO without removing: sequences leave it at the step's end
    for (let k = 0; k < q.size && budget > 0; k++) {
      const slot = q.at(k);
      const left = tok.promptLeft[slot]!;
      if (left <= budget) {
        budget -= left;
        e.stepPrefill += left;
        e.stepFinishes++;
      } else {
        e.stepPartial = budget;
        e.stepPrefill += budget;
        budget = 0;
      }
    }
  }

  /** The running step ends at t: a token from every decoding sequence, the planned prefill, the completions. */
  private endStep(e: LlmEngineState, t: number): void {
    const step = e.steps - 1;
    const tok = this.tokens;
    const done = e.done;
    while (e.decoding.topStep() === step) done.push(e.decoding.pop());
    for (let k = 0; k < e.stepFinishes; k++) {
      const slot = e.prefilling.shift();
      tok.promptLeft[slot] = 0;
      tok.firstToken[slot] = t;
      const out = tok.output[slot]!;
      if (out <= 1) done.push(slot);
      else e.decoding.push(step + out - 1, e.promptsDone, slot);
      e.promptsDone++;
    }
    if (e.stepPartial > 0) tok.promptLeft[e.prefilling.peek()]! -= e.stepPartial;
    for (const slot of done) {
      e.admitted--;
      e.admittedTokens -= tok.input[slot]! + tok.output[slot]!;
    }
    // handed out from the end: reverse so the first finished leaves first
    done.reverse();
    e.ended = true;
    e.stepEnd = t;
  }
}
