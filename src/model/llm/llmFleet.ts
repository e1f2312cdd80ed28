// Every LLM backend's engines, stepped exactly (docs/model.md section 11): one event per step that changes
// something, one per run of steps that only decode, nothing per token.
import { stepDuration, type LlmEngine } from "./llmEngine.ts";
import { IndexedEventHeap } from "../../collections/indexedEventHeap.ts";
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
 * Decoding sequences keyed by the step at whose end they emit their last token: like PS finish tags,
 * a step touches only the sequences that finish in it. The key is step·2^21 plus the sequence's
 * prompt-finishing order modulo 2^21 (one double, exact while steps stay below 2^32): sequences
 * finishing in the same step leave in a fixed order, so runs are reproducible.
 */
const ORDER_BITS = 2 ** 21;

/**
 * The most decode steps one event covers: an arrival or a speed change inside a run walks the run's
 * steps up to its time (settle()), so a longer run costs more there; a shorter one, more events.
 */
const DECODE_RUN_STEPS = 64;

class FinishHeap {
  private keys = new Float64Array(16);
  private slots = new Int32Array(16);
  size = 0;
  push(step: number, order: number, slot: number): void {
    if (this.size === this.keys.length) this.grow();
    const key = step * ORDER_BITS + (order % ORDER_BITS);
    const keys = this.keys;
    const slots = this.slots;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      slots[i] = slots[p]!;
      i = p;
    }
    keys[i] = key;
    slots[i] = slot;
  }
  /** The step at whose end the first sequence finishes (Infinity when none decodes). */
  topStep(): number {
    return this.size > 0 ? Math.floor(this.keys[0]! / ORDER_BITS) : Infinity;
  }
  pop(): number {
    const keys = this.keys;
    const slots = this.slots;
    const top = slots[0]!;
    const n = --this.size;
    if (n > 0) {
      const key = keys[n]!;
      const slot = slots[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
        if (key <= keys[c]!) break;
        keys[i] = keys[c]!;
        slots[i] = slots[c]!;
        i = c;
      }
      keys[i] = key;
      slots[i] = slot;
    }
    return top;
  }
  private grow(): void {
    const k = new Float64Array(2 * this.keys.length);
    k.set(this.keys);
    const l = new Int32Array(2 * this.slots.length);
    l.set(this.slots);
    this.keys = k;
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
  /**
   * A run of decode steps planned as one event (runFirst < 0: none): steps runFirst … steps − 1, the
   * first starting at runStart, each runDuration long; settle() makes one of them the running step.
   */
  runFirst = -1;
  runStart = 0;
  runDuration = 0;
  /** The step's end has been processed; its completions wait in `done[doneHead..doneCount)` to be handed out one by one. */
  ended = false;
  done = new Int32Array(16);
  doneHead = 0;
  doneCount = 0;
  constructor(
    readonly spec: LlmEngine,
    /** Its place among its backend's engines. */
    readonly index: number,
  ) {}
}

/**
 * A backend: k engines behind its own least-loaded dispatch, and the speed its capacity schedule
 * sets. With several engines, two indexed heaps answer the backend's questions in O(log k) rather
 * than a scan of every engine at every event (a region of 128 GPUs ran 5 times slower per request
 * than one of a single GPU): which engine's step ends first (by (end, index)) and which engine is
 * least loaded (by (requests present, index)), the first on ties in both, as the scans chose.
 */
export class LlmBackend {
  n = 0;
  speed = 1;
  readonly ends: IndexedEventHeap | null;
  readonly loads: IndexedEventHeap | null;
  constructor(readonly engines: LlmEngineState[]) {
    const k = engines.length;
    this.ends = k > 1 ? new IndexedEventHeap(k) : null;
    this.loads = k > 1 ? new IndexedEventHeap(k) : null;
    if (this.loads) for (let e = 0; e < k; e++) this.loads.update(e, 0, e);
  }

  /** The engine whose step ends first. */
  firstToEnd(): LlmEngineState {
    return this.ends ? this.engines[this.ends.top()]! : this.engines[0]!;
  }

  /** The engine with the fewest requests present (the first on ties). */
  leastLoaded(): LlmEngineState {
    return this.loads ? this.engines[this.loads.top()]! : this.engines[0]!;
  }

  /** Engine e's step end may have changed. */
  endMoved(e: LlmEngineState): void {
    this.ends?.update(e.index, e.stepEnd, e.index);
  }

  /** Engine e's number of requests present changed. */
  loadMoved(e: LlmEngineState): void {
    this.loads?.update(e.index, e.n, e.index);
  }
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

  constructor(
    engines: Array<{ engine: LlmEngine; servers: number }>,
    private readonly tokens: SlotTokens,
    /** The most decode steps one event covers (1: an event per step, as the model states it). */
    private readonly runSteps = DECODE_RUN_STEPS,
  ) {
    this.backends = engines.map((b) => new LlmBackend(Array.from({ length: b.servers }, (_, k) => new LlmEngineState(b.engine, k))));
  }

  at(j: number): LlmBackend {
    return this.backends[j]!;
  }

  add(b: LlmBackend, t: number, slot: number, _size: number): void {
    const e = b.leastLoaded();
    b.n++;
    e.n++;
    this.tokens.promptLeft[slot] = this.tokens.input[slot]!;
    const waitedBefore = e.waiting.size > 0;
    e.waiting.push(slot);
    b.loadMoved(e);
    const inRun = e.runFirst >= 0;
    if (inRun) {
      // a request the next step cannot admit (the batch or the KV cache full, or one waiting ahead
      // of it) leaves the run's steps as they are: it waits for the completion that ends the run
      if (waitedBefore || !this.admissible(e, slot)) return;
      this.settle(e, t);
    }
    if (e.stepEnd === Infinity) this.startStep(e, t, b.speed);
    else if (e.stepStart === t && !waitedBefore && !e.ended && b.speed > 0) this.joinStep(e, t, b.speed);
    else if (!inRun) return;
    b.endMoved(e);
  }

  nextDeparture(b: LlmBackend): number {
    return b.firstToEnd().stepEnd;
  }

  depart(b: LlmBackend, t: number): number {
    const e = b.firstToEnd();
    if (!e.ended) this.endStep(e, t);
    let slot = -1;
    if (e.doneHead < e.doneCount) {
      slot = e.done[e.doneHead++]!;
      e.n--;
      b.n--;
      b.loadMoved(e);
      if (e.doneHead === e.doneCount) this.startStep(e, t, b.speed);
    } else this.startStep(e, t, b.speed);
    b.endMoved(e);
    return slot;
  }

  setSpeed(b: LlmBackend, t: number, multiplier: number): void {
    b.speed = multiplier;
    // a running step keeps its duration, the steps after it take the new speed
    for (const e of b.engines)
      if (e.runFirst >= 0) {
        this.settle(e, t);
        b.endMoved(e);
      }
    // an engine stopped by an outage starts again
    if (multiplier > 0)
      for (const e of b.engines)
        if (e.stepEnd === Infinity && e.n > 0) {
          this.startStep(e, t, multiplier);
          b.endMoved(e);
        }
  }

  /** Admits waiting requests, plans the prefill budget and schedules the step's end (idle when there is nothing to do or the speed is 0). */
  private startStep(e: LlmEngineState, t: number, speed: number): void {
    e.ended = false;
    e.stepStart = t;
    e.stepDecoding = e.decoding.size;
    e.stepFinishes = 0;
    e.stepPartial = 0;
    e.stepPrefill = 0;
    if (speed === 0) {
      e.stepEnd = Infinity;
      return;
    }
    this.admitAndPlan(e);
    if (e.stepDecoding === 0 && e.stepPrefill === 0 && e.stepFinishes === 0) {
      e.stepEnd = Infinity; // nothing admitted can run (the engine waits for a request or for speed)
      return;
    }
    e.steps++;
    const duration = stepDuration(e.spec, e.stepDecoding, e.stepPrefill) / speed;
    let end = t + duration;
    // a step that only decodes repeats unchanged until a sequence finishes (or a request arrives, or
    // the speed changes, which settle()): one event covers the run, its end summed step by step as
    // one event a step would have summed it
    if (e.stepPrefill === 0 && this.runSteps > 1) {
      const first = e.steps - 1;
      const last = Math.min(e.decoding.topStep(), first + this.runSteps - 1);
      if (last > first) {
        e.runFirst = first;
        e.runStart = t;
        e.runDuration = duration;
        for (let k = first; k < last; k++) end += duration;
        e.steps = last + 1;
      }
    }
    e.stepEnd = end;
  }

  /** Whether a step start admits `slot` at the head of e's queue: a sequence free (maxSequences) and room for its I + O tokens (kvTokens). */
  private admissible(e: LlmEngineState, slot: number): boolean {
    const s = e.spec;
    return e.admitted < s.maxSequences && (s.kvTokens === null || e.admittedTokens + this.tokens.input[slot]! + this.tokens.output[slot]! <= s.kvTokens);
  }

  /**
   * Ends e's run of decode steps at the step running at t, which becomes e's running step; a step
   * ending exactly at t is still running, its end an event still to come. For a speed change that is
   * the order the calendar gives (its events were scheduled first); a request arriving then meets
   * the next step at its start either way.
   */
  private settle(e: LlmEngineState, t: number): void {
    const duration = e.runDuration;
    const last = e.steps - 1;
    let step = e.runFirst;
    let start = e.runStart;
    while (step < last) {
      const end = start + duration;
      if (end >= t) break;
      start = end;
      step++;
    }
    e.runFirst = -1;
    e.steps = step + 1;
    e.stepStart = start;
    e.stepEnd = start + duration;
  }

  /** A request arrived at the instant the running step started: admit it into that step and re-plan. */
  private joinStep(e: LlmEngineState, t: number, speed: number): void {
    e.stepFinishes = 0;
    e.stepPartial = 0;
    e.stepPrefill = 0;
    this.admitAndPlan(e);
    e.stepEnd = t + stepDuration(e.spec, e.stepDecoding, e.stepPrefill) / speed;
  }

  private admitAndPlan(e: LlmEngineState): void {
    const s = e.spec;
    const tok = this.tokens;
    // the head is never skipped
    while (e.waiting.size > 0 && this.admissible(e, e.waiting.peek())) {
      const head = e.waiting.shift();
      e.admitted++;
      e.admittedTokens += tok.input[head]! + tok.output[head]!;
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

  /** The running step ends at t: a token from every decoding sequence, the planned prefill, the completions (in finishing order). */
  private endStep(e: LlmEngineState, t: number): void {
    const step = e.steps - 1;
    e.runFirst = -1;
    const tok = this.tokens;
    e.doneHead = 0;
    e.doneCount = 0;
    while (e.decoding.topStep() === step) this.finish(e, e.decoding.pop());
    for (let k = 0; k < e.stepFinishes; k++) {
      const slot = e.prefilling.shift();
      tok.promptLeft[slot] = 0;
      tok.firstToken[slot] = t;
      const out = tok.output[slot]!;
      if (out <= 1) this.finish(e, slot);
      else e.decoding.push(step + out - 1, e.promptsDone, slot);
      e.promptsDone++;
    }
    if (e.stepPartial > 0) tok.promptLeft[e.prefilling.peek()]! -= e.stepPartial;
    e.ended = true;
    e.stepEnd = t;
  }

  /** A sequence emitted its last token: it leaves the batch now and is handed out by depart(). */
  private finish(e: LlmEngineState, slot: number): void {
    if (e.doneCount === e.done.length) {
      const more = new Int32Array(2 * e.done.length);
      more.set(e.done);
      e.done = more;
    }
    e.done[e.doneCount++] = slot;
    e.admitted--;
    e.admittedTokens -= this.tokens.input[slot]! + this.tokens.output[slot]!;
  }
}
