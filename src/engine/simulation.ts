// The discrete-event run loop: one replication of a scenario, a pure function of (scenario, seed, replication).
import { Calendar } from "./calendar.ts";
import { IndexedEventHeap } from "./indexedEventHeap.ts";
import { TransitQueues } from "./transitQueues.ts";
import { PairDelays } from "./pairDelays.ts";
import { EventKind } from "./eventKinds.ts";
import type { SeriesSink, TraceSink } from "./sinks.ts";
import { PerJobRates } from "../model/perJobRates.ts";
import { PsFleet } from "./psFleet.ts";
import { LlmFleet } from "../model/llm/llmFleet.ts";
import { SlotTokens } from "../model/llm/slotTokens.ts";
import { thinkTime } from "../random/arrivals/closed.ts";
import type { ServiceBackend, ServiceFleet } from "./serviceFleet.ts";
import { engineCurve } from "../model/curves/engineCurve.ts";
import type { Curve } from "../model/curves/curve.ts";
import type { Clock } from "../model/clock.ts";
import { PeriodicFeedback } from "../feedback/periodicFeedback.ts";
import { PiggybackFeedback } from "../feedback/piggybackFeedback.ts";
import { InstantFeedback } from "../feedback/instantFeedback.ts";
import { RunningMeanSize } from "../model/knownRequestSize.ts";
import { arrivalProcess, type ArrivalProcess } from "../random/arrivals/registry.ts";
import { Purpose, replicationRoot, substream, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
import type { Distribution } from "../random/distributions/distribution.ts";
import type { Policy, PolicyContext } from "../policies/policy.ts";
import { createPolicy } from "../policies/registry.ts";
import { RunMetrics, type RunResult } from "../stats/runMetrics.ts";

export interface RunOptions {
  replication?: number;
  /** Warm-up in seconds (the scenario's when omitted; "mser5" is resolved by the caller). */
  warmup?: number;
  trace?: TraceSink;
  series?: SeriesSink;
  /** Central optimum routing for static-optimal. */
  optimalRouting?: () => Float64Array;
  /**
   * Hears every completed request's end-to-end latency (the playground's histogram). Unlike a trace,
   * it does not turn responses into events, so results stay byte-identical to a run without it.
   */
  completed?: (frontend: number, latency: number, completedAt: number) => void;
  /** Hears the fraction of the horizon simulated, every PROGRESS_EVENTS events (a long single run's progress bar). */
  progress?: (fraction: number) => void;
}

/**
 * A job's record is split by when it is read. The hot part is what every request writes at birth and
 * reads at its departure: its birth time (a double), its frontend and its pair's delay code (32-bit
 * integers), 16 bytes in one buffer seen as doubles and as integers. At 100×1,000 some 70,000 requests
 * are in flight and the departure's read misses the cache, so the hot part holds nothing the departure
 * can recompute: both legs' delays come back from the code (or the scenario's matrices) unless jitter
 * drew them. The cold part is written only when the run reads it later: for a trace, for responses as
 * events (piggyback feedback, jitter), or for requests in transit as calendar events, which carry only
 * the slot.
 */
const HOT_BYTES = 16;
/** Index of slot k's birth time in the Float64 view: 2k + HOT_BORN. */
const HOT_BORN = 0;
/** Indices in the Int32 view: 4k + HOT_FRONTEND, 4k + HOT_CODE (the PairDelays code; unused without one). */
const HOT_FRONTEND = 2;
const HOT_CODE = 3;
const COLD_BACKEND = 0;
const COLD_SIZE = 1;
const COLD_REACHED = 2;
const COLD_DEPARTED = 3;
/** The one-way delay as jitter drew it; then, once the departure has added the back leg, both legs (response events). */
const COLD_NETWORK = 4;
/** The queue length the backend reported with the response (piggyback feedback). */
const COLD_REPORTED = 5;
const COLD_FIELDS = 6;

/** Events between progress reports: rare enough to cost nothing, frequent enough for a smooth bar. */
const PROGRESS_EVENTS = 1 << 18;

interface CapacityChange {
  time: number;
  backend: number;
  multiplier: number;
}

export function simulate(scenario: Scenario, options: RunOptions = {}): RunResult {
  return new Simulation(scenario, options).run();
}

export class Simulation {
  private readonly calendar = new Calendar();
  /** Each backend's next departure. */
  private readonly departures: IndexedEventHeap;
  /** Requests on their way to a backend, when delays are fixed (no jitter); else they are calendar events. */
  private readonly transit: TransitQueues | null;
  private readonly backends: ServiceFleet<ServiceBackend>;
  /** Token counts and first-token times per slot (LLM engines), or null. */
  private readonly tokens: SlotTokens | null;
  /** Per frontend: its think-time law when its arrivals are a closed loop, else null. */
  private readonly think: Array<Distribution | null>;
  /** Some frontend is a closed loop (its completions schedule its arrivals). */
  private readonly closedLoops: boolean;
  private readonly pendingInput: Float64Array;
  private readonly pendingOutput: Float64Array;
  private readonly tokenRng: Stream[];
  private readonly thinkRng: Stream[];
  private readonly clock: Clock = { now: 0 };
  private readonly policy: Policy;
  private readonly periodic: PeriodicFeedback | null;
  private readonly piggyback: PiggybackFeedback | null;
  private readonly instant: InstantFeedback | null;
  private readonly knownSizes: RunningMeanSize;
  private readonly metrics: RunMetrics;
  private readonly arrivals: ArrivalProcess[];
  private readonly sizeLaws: Distribution[];
  private readonly pendingSize: Float64Array;
  private readonly capacityChanges: CapacityChange[] = [];
  /** Responses become events when their order or content matters (trace, piggyback, jitter). */
  private readonly responseEvents: boolean;
  private readonly tracing: boolean;
  /** Someone listens to completions (a callback, a series or a trace). */
  private readonly observed: boolean;
  /** Both legs of every pair as delay classes (4 bytes a pair), or null when there are too many distinct delays (the scenario's matrices are read then). */
  private readonly pairDelays: PairDelays | null;
  private readonly F: number;
  private readonly B: number;
  private readonly horizon: number;
  // streams
  private readonly arrivalRng: Stream[];
  private readonly sizeRng: Stream[];
  private readonly policyRng: Stream[];
  private readonly jitterOutRng: Stream[];
  private readonly jitterBackRng: Stream[];
  // Jobs are records in two typed arrays (hot and cold, above), indexed by a recycled slot: the fields a
  // request touches at each of its events share a cache line, which matters once 10^5 jobs are in flight.
  private capacity = 1024;
  private hotTimes = new Float64Array(1024 * (HOT_BYTES / 8));
  private hotInts = new Int32Array(this.hotTimes.buffer);
  /** Empty unless keepsCold: a run whose transit is FIFOs and whose responses are not events never reads it. */
  private cold: Float64Array = new Float64Array(0);
  /** Some request may have its cold part written and read (see the record's fields). */
  private readonly keepsCold: boolean;
  /** Request ids (birth order), kept only for the trace. */
  private jobId: Float64Array = new Float64Array(0);
  /** Released slots, a stack (LIFO: the next request reuses the record touched last, likely still cached). */
  private freeSlots = new Int32Array(1024);
  private freeCount = 0;
  private usedSlots = 0;
  // counters
  private births = 0;
  private completed = 0;
  private transitOut = 0;
  private transitBack = 0;
  private readonly lastChange: Float64Array;
  /**
   * Time of the event being handled (departure, transit or calendar). arrive, reach and depart read it
   * here instead of taking it as an argument: V8 boxes a double passed to a call it does not inline,
   * an allocation per event (M/M/1 runs about 6% faster without them).
   */
  private readonly eventTime = new Float64Array(1);
  private readonly counts: Float64Array;
  // time series window counters
  /** Per-window counters, allocated only when a series is recorded (else a per-request write to an F×B array for nothing). */
  private readonly sampleDepartures: Float64Array | null;
  private readonly sampleRouted: Float64Array | null;
  private readonly sampleShares: Float64Array;
  private readonly sampleLatencySum: Float64Array;
  private readonly sampleCompletions: Float64Array;

  constructor(private readonly scenario: Scenario, private readonly options: RunOptions) {
    const s = scenario;
    this.F = s.frontends.length;
    this.B = s.backends.length;
    this.horizon = s.horizon;
    const root = replicationRoot(s.seed, options.replication ?? 0);
    this.arrivalRng = s.frontends.map((_, i) => substream(root, Purpose.arrivals, i));
    this.sizeRng = s.frontends.map((_, i) => substream(root, Purpose.sizes, i));
    this.policyRng = s.frontends.map((_, i) => substream(root, Purpose.policy, i));
    this.jitterOutRng = s.frontends.map((_, i) => substream(root, Purpose.jitterOut, i));
    this.jitterBackRng = s.backends.map((_, j) => substream(root, Purpose.jitterBack, j));
    // one rate table per distinct curve: a homogeneous fleet of 1,000 backends reads one cached table, not 1,000 cold ones
    const rates = new Map<Curve, PerJobRates>();
    this.tokens = s.llm ? new SlotTokens() : null;
    this.tokens?.grow(this.capacity);
    this.backends = s.llm
      ? new LlmFleet(s.backends.map((b) => ({ engine: b.engine!, servers: b.servers })), this.tokens!)
      : new PsFleet(
          s.backends.map((b) => {
            let r = rates.get(b.curve);
            if (!r) rates.set(b.curve, (r = new PerJobRates(engineCurve(b.curve, s.scale))));
            return r;
          }),
        );
    this.think = s.frontends.map((f) => (f.arrivals.kind === "closed" ? thinkTime(f.arrivals) : null));
    this.closedLoops = this.think.some((d) => d !== null);
    this.pendingInput = new Float64Array(this.F).fill(NaN);
    this.pendingOutput = new Float64Array(this.F).fill(NaN);
    this.tokenRng = s.llm ? s.frontends.map((_, i) => substream(root, Purpose.tokens, i)) : [];
    this.thinkRng = s.frontends.map((_, i) => (this.think[i] ? substream(root, Purpose.think, i) : root));
    this.departures = new IndexedEventHeap(this.B);
    this.pairDelays = PairDelays.of(s.oneWay, s.back);
    // without them, or with jitter (requests of one delay class then overtake each other), requests in transit are calendar events
    this.transit = s.jitter || !this.pairDelays ? null : TransitQueues.forClasses(this.pairDelays.outDelay);
    this.periodic = s.feedback.mode === "periodic" ? new PeriodicFeedback(s, this.clock, s.feedback.interval) : null;
    this.piggyback = s.feedback.mode === "piggyback" ? new PiggybackFeedback(s, this.clock) : null;
    this.instant = s.feedback.mode === "instant" ? new InstantFeedback(s, this.clock) : null;
    this.knownSizes = new RunningMeanSize(s);
    const state = (this.periodic ?? this.piggyback ?? this.instant)!;
    const ctx: PolicyContext = { scenario: s, spec: s.policy, state, sizes: this.knownSizes, optimalRouting: options.optimalRouting };
    this.policy = createPolicy(ctx);
    const warmup = options.warmup ?? (typeof s.warmup === "number" ? s.warmup : 0);
    this.metrics = new RunMetrics(s, warmup);
    this.arrivals = s.frontends.map((f) => arrivalProcess(f.arrivals, s.scale));
    this.sizeLaws = s.frontends.map((f) => f.sizes);
    this.pendingSize = new Float64Array(this.F);
    this.responseEvents = options.trace !== undefined || this.piggyback !== null || s.jitter !== null;
    this.keepsCold = this.responseEvents || this.transit === null;
    if (this.keepsCold) this.cold = new Float64Array(this.capacity * COLD_FIELDS);
    this.lastChange = new Float64Array(this.B);
    this.counts = new Float64Array(this.B);
    this.sampleDepartures = options.series ? new Float64Array(this.B) : null;
    this.sampleRouted = options.series ? new Float64Array(this.F * this.B) : null;
    this.tracing = options.trace !== undefined;
    this.observed = this.tracing || options.series !== undefined || options.completed !== undefined;
    if (this.tracing) this.jobId = new Float64Array(this.capacity);
    this.sampleShares = new Float64Array(this.B);
    this.sampleLatencySum = new Float64Array(this.F);
    this.sampleCompletions = new Float64Array(this.F);
  }

  run(): RunResult {
    const s = this.scenario;
    const cal = this.calendar;
    const dep = this.departures;
    const transit = this.transit;
    const horizon = this.horizon;
    for (let i = 0; i < this.F; i++) {
      const f = s.frontends[i]!;
      // a closed loop's clients all send their first request at time 0
      if (f.arrivals.kind === "closed") for (let c = 0; c < f.arrivals.clients; c++) cal.schedule(0, EventKind.arrival, i);
      else this.scheduleArrival(i, 0);
    }
    if (this.periodic && this.policy.readsState) cal.schedule(0, EventKind.publish, 0);
    if (this.policy.updateInterval > 0) cal.schedule(this.policy.updateInterval, EventKind.policyUpdate, 1);
    s.backends.forEach((b, j) => {
      for (const w of b.capacitySchedule) {
        this.capacityChanges.push({ time: w.from, backend: j, multiplier: w.multiplier }, { time: w.to, backend: j, multiplier: 1 });
      }
    });
    this.capacityChanges.forEach((c, k) => c.time <= horizon && cal.schedule(c.time, EventKind.capacity, k));
    if (this.options.series) cal.schedule(s.sampleInterval, EventKind.sample, 1);

    const progress = this.options.progress;
    let untilProgress = PROGRESS_EVENTS;
    for (;;) {
      if (progress && --untilProgress === 0) {
        untilProgress = PROGRESS_EVENTS;
        progress(this.clock.now / horizon);
      }
      // the earliest of: a departure, a request reaching its backend, a calendar event (by time, then sequence)
      const tc = cal.topTime();
      const sc = cal.topSeq();
      const j = dep.top();
      const td = dep.topTime();
      const sd = dep.topSeq();
      let c = -1;
      let tr = Infinity;
      // Infinity, not 0: a value that is either a small-integer constant or a double read from
      // the heap is boxed on every pass; unused when nothing is in transit (tr is then Infinity)
      let sr = Infinity;
      if (transit) {
        c = transit.heads.top();
        tr = transit.heads.topTime();
        sr = transit.heads.topSeq();
      }
      if ((td < tc || (td === tc && sd < sc)) && (td < tr || (td === tr && sd < sr))) {
        if (td > horizon) break;
        this.clock.now = td;
        this.eventTime[0] = td;
        this.depart(j);
        continue;
      }
      if (tr < tc || (tr === tc && sr < sc)) {
        if (tr > horizon) break;
        this.clock.now = tr;
        this.eventTime[0] = tr;
        this.transitOut--;
        const slot = transit!.pop(c);
        this.reach(slot, transit!.poppedBackend, transit!.poppedSize);
        continue;
      }
      if (tc > horizon) break;
      const kind = cal.topKind();
      const arg = cal.topArg();
      cal.pop();
      this.clock.now = tc;
      this.eventTime[0] = tc;
      switch (kind) {
        case EventKind.arrival:
          this.arrive(arg);
          break;
        case EventKind.reachBackend: {
          this.transitOut--;
          const c = arg * COLD_FIELDS;
          this.reach(arg, this.cold[c + COLD_BACKEND]!, this.cold[c + COLD_SIZE]!);
          break;
        }
        case EventKind.response:
          this.respond(arg, tc);
          break;
        case EventKind.publish:
          this.publish(arg);
          break;
        case EventKind.policyUpdate:
          this.policy.update();
          cal.schedule((arg + 1) * this.policy.updateInterval, EventKind.policyUpdate, arg + 1);
          break;
        case EventKind.capacity: {
          const c = this.capacityChanges[arg]!;
          this.backends.setCapacity(this.backends.at(c.backend), tc, c.multiplier);
          this.reschedule(c.backend);
          break;
        }
        case EventKind.sample:
          this.sample(arg, tc);
          break;
        default:
          throw new Error(`engine invariant violated: unknown event kind ${kind}`);
      }
    }
    let inBackends = 0;
    for (let b = 0; b < this.B; b++) {
      this.metrics.population(b, this.backends.at(b).n, this.lastChange[b]!, horizon);
      inBackends += this.backends.at(b).n;
    }
    return this.metrics.result({ arrived: this.births, completed: this.completed, inFlight: this.transitOut + inBackends + this.transitBack });
  }

  private scheduleArrival(i: number, now: number): void {
    const p = this.arrivals[i]!;
    const t = p.next(this.arrivalRng[i]!, now);
    if (t <= this.horizon) {
      this.pendingSize[i] = p.size;
      if (this.tokens) {
        this.pendingInput[i] = p.input;
        this.pendingOutput[i] = p.output;
      }
      this.calendar.schedule(t, EventKind.arrival, i);
    }
  }

  /** Frontend i's next request is born now (eventTime). */
  private arrive(i: number): void {
    const t = this.eventTime[0]!;
    const slot = this.allocate();
    const traced = this.pendingSize[i]!;
    const size = traced === traced ? traced : this.sizeLaws[i]!.sample(this.sizeRng[i]!);
    if (this.tracing) this.jobId[slot] = this.births;
    this.births++;
    if (this.tokens) this.drawTokens(i, slot);
    this.hotTimes[2 * slot + HOT_BORN] = t;
    this.hotInts[4 * slot + HOT_FRONTEND] = i;
    const j = this.policy.route(i, this.policyRng[i]!);
    this.knownSizes.observe(i, size);
    this.metrics.routing(i, j, t);
    if (this.sampleRouted) this.sampleRouted[i * this.B + j]!++;
    const pair = i * this.B + j;
    const delays = this.pairDelays;
    let out: number;
    let outClass = 0;
    if (delays) {
      const code = delays.code[pair]!;
      this.hotInts[4 * slot + HOT_CODE] = code;
      outClass = code & delays.outMask;
      out = delays.outDelay[outClass]!;
    } else out = this.scenario.oneWay[pair]!;
    if (this.scenario.jitter) {
      out += this.scenario.jitter.sample(this.jitterOutRng[i]!);
      this.cold[slot * COLD_FIELDS + COLD_NETWORK] = out;
    }
    // read later only by a calendar event of reaching the backend, a response event or the trace
    if (this.responseEvents || (out > 0 && !this.transit)) {
      const c = slot * COLD_FIELDS;
      this.cold[c + COLD_BACKEND] = j;
      this.cold[c + COLD_SIZE] = size;
    }
    if (out > 0) {
      this.transitOut++;
      if (this.transit) this.transit.push(outClass, t + out, this.calendar.nextSeq++, slot, j, size);
      else this.calendar.schedule(t + out, EventKind.reachBackend, slot);
    } else this.reach(slot, j, size);
    if (!this.closedLoops || this.think[i] === null) this.scheduleArrival(i, t);
  }

  /** Prompt and output tokens of the request in `slot`: the trace's, else drawn from the frontend's laws, whole and at least 1. */
  private drawTokens(i: number, slot: number): void {
    const tok = this.tokens!;
    let input = this.pendingInput[i]!;
    let output = this.pendingOutput[i]!;
    if (input !== input) {
      const laws = this.scenario.frontends[i]!.tokens!;
      input = Math.max(1, Math.round(laws.input.sample(this.tokenRng[i]!)));
      output = Math.max(1, Math.round(laws.output.sample(this.tokenRng[i]!)));
    }
    tok.input[slot] = input;
    tok.output[slot] = output;
  }

  /** Request `slot` (for backend j, of the given size: passed in, so that the cold job record is only written) reaches its backend now (eventTime). */
  private reach(slot: number, j: number, size: number): void {
    const t = this.eventTime[0]!;
    const b = this.backends.at(j);
    this.metrics.population(j, b.n, this.lastChange[j]!, t);
    this.lastChange[j] = t;
    this.backends.add(b, t, slot, size);
    this.departures.update(j, this.backends.nextDeparture(b), this.calendar.nextSeq++);
    if (this.instant) this.instant.changed(j, b.n / this.scenario.scale);
  }

  private reschedule(j: number): void {
    this.departures.update(j, this.backends.nextDeparture(this.backends.at(j)), this.calendar.nextSeq++);
  }

  /** Backend j's next departure happens now (eventTime). */
  private depart(j: number): void {
    const t = this.eventTime[0]!;
    const b = this.backends.at(j);
    const present = b.n;
    const slot = this.backends.depart(b, t);
    this.departures.update(j, this.backends.nextDeparture(b), this.calendar.nextSeq++);
    if (slot < 0) return; // an LLM step ended and no request left: the population is unchanged
    this.metrics.population(j, present, this.lastChange[j]!, t);
    this.lastChange[j] = t;
    if (this.instant) this.instant.changed(j, b.n / this.scenario.scale);
    // both legs as at birth: from the pair's code or the scenario's matrices (the same doubles), or as jitter drew the first
    const delays = this.pairDelays;
    let out: number;
    let back: number;
    if (delays) {
      const code = this.hotInts[4 * slot + HOT_CODE]!;
      out = delays.outDelay[code & delays.outMask]!;
      back = delays.backDelay[code >>> delays.outBits]!;
    } else {
      const pair = this.hotInts[4 * slot + HOT_FRONTEND]! * this.B + j;
      out = this.scenario.oneWay[pair]!;
      back = this.scenario.back[pair]!;
    }
    if (this.scenario.jitter) {
      out = this.cold[slot * COLD_FIELDS + COLD_NETWORK]!;
      back += this.scenario.jitter.sample(this.jitterBackRng[j]!);
    }
    // the time it reached the backend, exactly: that event's time was computed as born + out
    const reached = this.hotTimes[2 * slot + HOT_BORN]! + out;
    this.metrics.departure(j, t, t - reached);
    if (this.sampleDepartures) this.sampleDepartures[j]!++;
    this.transitBack++;
    if (this.responseEvents) {
      const c = slot * COLD_FIELDS;
      this.cold[c + COLD_REACHED] = reached;
      this.cold[c + COLD_DEPARTED] = t;
      this.cold[c + COLD_NETWORK] = out + back;
      this.cold[c + COLD_REPORTED] = b.n / this.scenario.scale;
      this.calendar.schedule(t + back, EventKind.response, slot);
    } else if (t + back <= this.horizon) this.complete(slot, t + back, out + back, reached, t);
    else this.release(slot); // still travelling back at the horizon: counted in flight
  }

  private respond(slot: number, t: number): void {
    const c = slot * COLD_FIELDS;
    if (this.piggyback) this.piggyback.deliver(this.hotInts[4 * slot + HOT_FRONTEND]!, this.cold[c + COLD_BACKEND]!, this.cold[c + COLD_REPORTED]!, this.cold[c + COLD_DEPARTED]!);
    this.complete(slot, t, this.cold[c + COLD_NETWORK]!, this.cold[c + COLD_REACHED]!, this.cold[c + COLD_DEPARTED]!);
  }

  /** The response to request `slot` reaches its frontend at t, after `network` seconds on the two legs; it had reached its backend at `reached` and left it at `departed`. */
  private complete(slot: number, t: number, network: number, reached: number, departed: number): void {
    this.transitBack--;
    this.completed++;
    const i = this.hotInts[4 * slot + HOT_FRONTEND]!;
    const born = this.hotTimes[2 * slot + HOT_BORN]!;
    this.metrics.completion(i, born, t, network, departed - reached);
    if (this.tokens) {
      // the first token crosses the same back leg as the last: t − departed
      const tok = this.tokens;
      const first = tok.firstToken[slot]!;
      const output = tok.output[slot]!;
      this.metrics.llmCompletion(i, t, first + (t - departed) - born, output >= 2 ? (departed - first) / (output - 1) : NaN, output);
    }
    const think = this.closedLoops ? this.think[i] : null;
    if (think) {
      const next = t + think.sample(this.thinkRng[i]!);
      if (next <= this.horizon) this.calendar.schedule(next, EventKind.arrival, i);
    }
    if (this.observed) {
      this.options.completed?.(i, t - born, t);
      if (this.options.series) {
        this.sampleLatencySum[i]! += t - born;
        this.sampleCompletions[i]!++;
      }
      if (this.options.trace) {
        const s = this.scenario;
        const tok = this.tokens;
        if (tok) this.options.trace.tokens?.(tok.input[slot]!, tok.output[slot]!, tok.firstToken[slot]! + (t - departed));
        this.options.trace.request(this.jobId[slot]!, s.frontends[i]!.id, s.backends[this.cold[slot * COLD_FIELDS + COLD_BACKEND]!]!.id, this.cold[slot * COLD_FIELDS + COLD_SIZE]!, born, reached, departed, t);
      }
    }
    this.release(slot);
  }

  private publish(k: number): void {
    for (let j = 0; j < this.B; j++) this.counts[j] = this.backends.at(j).n;
    this.periodic!.publish(this.counts, this.scenario.scale);
    const interval = this.periodic!.interval;
    if ((k + 1) * interval <= this.horizon) this.calendar.schedule((k + 1) * interval, EventKind.publish, k + 1);
  }

  private sample(k: number, t: number): void {
    const s = this.scenario;
    const series = this.options.series!;
    const dt = s.sampleInterval;
    const sampleDepartures = this.sampleDepartures!;
    const sampleRouted = this.sampleRouted!;
    for (let j = 0; j < this.B; j++) {
      series.backend(t, s.backends[j]!.id, this.backends.at(j).n, sampleDepartures[j]! / dt);
      sampleDepartures[j] = 0;
    }
    for (let i = 0; i < this.F; i++) {
      let total = 0;
      for (const j of s.frontends[i]!.allowed) total += sampleRouted[i * this.B + j]!;
      if (total === 0 || series.policyRouting) this.policy.shares(i, this.sampleShares);
      series.policyRouting?.(t, i, this.sampleShares);
      for (const j of s.frontends[i]!.allowed) {
        const share = total > 0 ? sampleRouted[i * this.B + j]! / total : this.sampleShares[j]!;
        series.routing(t, s.frontends[i]!.id, s.backends[j]!.id, share);
        sampleRouted[i * this.B + j] = 0;
      }
    }
    let sum = 0;
    let count = 0;
    for (let i = 0; i < this.F; i++) {
      const n = this.sampleCompletions[i]!;
      series.latency?.(t, s.frontends[i]!.id, n > 0 ? this.sampleLatencySum[i]! / n : NaN, n);
      sum += this.sampleLatencySum[i]!;
      count += n;
      this.sampleLatencySum[i] = 0;
      this.sampleCompletions[i] = 0;
    }
    series.latency?.(t, null, count > 0 ? sum / count : NaN, count);
    if ((k + 1) * dt <= this.horizon) this.calendar.schedule((k + 1) * dt, EventKind.sample, k + 1);
  }

  private allocate(): number {
    if (this.freeCount > 0) return this.freeSlots[--this.freeCount]!;
    if (this.usedSlots === this.capacity) this.growSlots();
    return this.usedSlots++;
  }

  private release(slot: number): void {
    this.freeSlots[this.freeCount++] = slot;
  }

  private growSlots(): void {
    const n = this.capacity * 2;
    const hot = new Float64Array(n * (HOT_BYTES / 8));
    hot.set(this.hotTimes);
    this.hotTimes = hot;
    this.hotInts = new Int32Array(hot.buffer);
    if (this.keepsCold) {
      const cold = new Float64Array(n * COLD_FIELDS);
      cold.set(this.cold);
      this.cold = cold;
    }
    this.tokens?.grow(n);
    const free = new Int32Array(n);
    free.set(this.freeSlots);
    this.freeSlots = free;
    if (this.tracing) {
      const ids = new Float64Array(n);
      ids.set(this.jobId);
      this.jobId = ids;
    }
    this.capacity = n;
  }
}
