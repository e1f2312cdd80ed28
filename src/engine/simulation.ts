// The discrete-event run loop: one replication of a scenario, a pure function of (scenario, seed, replication).
import { Calendar } from "./calendar.ts";
import { IndexedEventHeap } from "../collections/indexedEventHeap.ts";
import { transitFor } from "./transitFor.ts";
import type { Transit } from "./transit.ts";
import { PairDelays } from "./pairDelays.ts";
import { EventKind } from "./eventKinds.ts";
import type { RunOptions } from "./runOptions.ts";
import { COLD_BACKEND, COLD_DEPARTED, COLD_FIELDS, COLD_NETWORK, COLD_REACHED, COLD_REPORTED, COLD_SIZE, HOT_BORN, HOT_CODE, HOT_DOUBLES, HOT_FRONTEND, HOT_INTS, JobRecords } from "./jobRecords.ts";
import { SeriesWindow } from "./seriesWindow.ts";
import { traceRequest } from "./requestTrace.ts";
import { speedChanges, type SpeedChange } from "./speedChanges.ts";
import type { ServiceBackend, ServiceFleet } from "./serviceFleet.ts";
import { buildServiceFleet } from "./buildServiceFleet.ts";
import { RequestTokens } from "./requestTokens.ts";
import { ThinkTimes } from "./thinkTimes.ts";
import { startClock, type Clock } from "../model/clock.ts";
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

/** Events between progress reports: rare enough to cost nothing, frequent enough for a smooth bar. */
const PROGRESS_EVENTS = 1 << 18;

export function simulate(scenario: Scenario, options: RunOptions = {}): RunResult {
  return new Simulation(scenario, options).run();
}

export class Simulation {
  private readonly calendar = new Calendar();
  /** Each backend's next departure. */
  private readonly departures: IndexedEventHeap;
  /** Requests on their way to a backend (null when no delay is positive). */
  private readonly transit: Transit | null;
  private readonly backends: ServiceFleet<ServiceBackend>;
  /** Requests' tokens (LLM engines), or null. */
  private readonly tokens: RequestTokens | null;
  private readonly think: ThinkTimes;
  private readonly clock: Clock = startClock();
  private readonly policy: Policy;
  private readonly periodic: PeriodicFeedback | null;
  private readonly piggyback: PiggybackFeedback | null;
  private readonly instant: InstantFeedback | null;
  private readonly knownSizes: RunningMeanSize;
  private readonly metrics: RunMetrics;
  private readonly arrivals: ArrivalProcess[];
  private readonly sizeLaws: Distribution[];
  private readonly pendingSize: Float64Array;
  private readonly speedChanges: SpeedChange[];
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
  private readonly jobs: JobRecords;
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
  /** The series' window counters, when a series is recorded. */
  private readonly window: SeriesWindow | null;

  constructor(
    private readonly scenario: Scenario,
    private readonly options: RunOptions,
  ) {
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
    this.tokens = s.llm ? new RequestTokens(s, root) : null;
    this.backends = buildServiceFleet(s, this.tokens?.slots ?? null);
    this.think = new ThinkTimes(s, root);
    this.departures = new IndexedEventHeap(this.B);
    this.pairDelays = PairDelays.forScenario(s);
    this.transit = transitFor(this.pairDelays, s.oneWay, s.jitter !== null);
    this.periodic = s.feedback.mode === "periodic" ? new PeriodicFeedback(s, this.clock, s.feedback.interval) : null;
    this.piggyback = s.feedback.mode === "piggyback" ? new PiggybackFeedback(s, this.clock) : null;
    this.instant = s.feedback.mode === "instant" ? new InstantFeedback(s, this.clock) : null;
    this.knownSizes = new RunningMeanSize(s);
    const state = (this.periodic ?? this.piggyback ?? this.instant)!;
    const ctx: PolicyContext = { scenario: s, spec: s.policy, state, sizes: this.knownSizes, optimalRouting: options.optimalRouting };
    this.policy = createPolicy(ctx);
    const warmup = options.warmup ?? (typeof s.warmup === "number" ? s.warmup : 0);
    this.metrics = new RunMetrics(s, warmup, options.resultColumn, options.frontendBatches !== false);
    this.arrivals = s.frontends.map((f) => arrivalProcess(f.arrivals, s.scale));
    this.sizeLaws = s.frontends.map((f) => f.sizes);
    // NaN: the size is drawn from the frontend's law at its birth. An open frontend's next arrival
    // writes its own (a trace's size, or NaN) before it is born; a closed loop's requests are born
    // from completions and kept 0, a request of no work, until this was NaN (every closed loop on
    // PS backends measured think time and network only)
    this.pendingSize = new Float64Array(this.F).fill(NaN);
    this.responseEvents = options.trace !== undefined || this.piggyback !== null || s.jitter !== null;
    this.tracing = options.trace !== undefined;
    const tokens = this.tokens;
    this.jobs = new JobRecords(this.responseEvents, this.tracing, (slots) => tokens?.slots.grow(slots));
    this.lastChange = new Float64Array(this.B);
    this.counts = new Float64Array(this.B);
    this.window = options.series ? new SeriesWindow(s, options.series) : null;
    this.observed = this.tracing || options.series !== undefined || options.completed !== undefined;
    this.speedChanges = speedChanges(s.backends);
  }

  run(): RunResult {
    const s = this.scenario;
    const cal = this.calendar;
    const horizon = this.horizon;
    for (let i = 0; i < this.F; i++) {
      const f = s.frontends[i]!;
      // a closed loop's clients all send their first request at time 0
      if (f.arrivals.kind === "closed") for (let c = 0; c < f.arrivals.clients; c++) cal.schedule(0, EventKind.arrival, i);
      else this.scheduleArrival(i, 0);
    }
    if (this.periodic && this.policy.readsState) cal.schedule(0, EventKind.publish, 0);
    if (this.policy.updateInterval > 0) cal.schedule(this.policy.updateInterval, EventKind.policyUpdate, 1);
    this.speedChanges.forEach((c, k) => c.time <= horizon && cal.schedule(c.time, EventKind.speedChange, k));
    if (this.options.series) cal.schedule(s.sampleInterval, EventKind.sample, 1);
    try {
      this.loop();
    } finally {
      this.policy.release?.();
    }
    let inBackends = 0;
    for (let b = 0; b < this.B; b++) {
      this.metrics.population(b, this.backends.at(b).n, this.lastChange[b]!, horizon);
      inBackends += this.backends.at(b).n;
    }
    return this.metrics.result({ arrived: this.births, completed: this.completed, inFlight: this.transitOut + inBackends + this.transitBack });
  }

  /**
   * Handles events until the next is past the horizon. A method of its own, so that the optimised
   * loop ends in a return: code after the loop, first reached at the horizon, has no type feedback
   * and would throw the loop's optimised code away at the end of every thread's first replication.
   */
  private loop(): void {
    const cal = this.calendar;
    const dep = this.departures;
    const transit = this.transit;
    const horizon = this.horizon;
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
      let tr = Infinity;
      // Infinity, not 0: a value that is either a small-integer constant or a double read from
      // the heap is boxed on every pass; unused when nothing is in transit (tr is then Infinity)
      let sr = Infinity;
      if (transit) {
        tr = transit.topTime();
        sr = transit.topSeq();
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
        const slot = transit!.pop();
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
        case EventKind.speedChange: {
          const c = this.speedChanges[arg]!;
          this.backends.setSpeed(this.backends.at(c.backend), tc, c.multiplier);
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
  }

  private scheduleArrival(i: number, now: number): void {
    const p = this.arrivals[i]!;
    const t = p.next(this.arrivalRng[i]!, now);
    if (t <= this.horizon) {
      this.pendingSize[i] = p.size;
      if (this.tokens) this.tokens.expect(i, p.input, p.output);
      this.calendar.schedule(t, EventKind.arrival, i);
    }
  }

  /** Frontend i's next request is born now (eventTime). */
  private arrive(i: number): void {
    const t = this.eventTime[0]!;
    const slot = this.jobs.allocate();
    const traced = this.pendingSize[i]!;
    const size = traced === traced ? traced : this.sizeLaws[i]!.sample(this.sizeRng[i]!);
    if (this.tracing) this.jobs.jobId[slot] = this.births;
    this.births++;
    if (this.tokens) this.tokens.draw(i, slot);
    this.jobs.hotTimes[HOT_DOUBLES * slot + HOT_BORN] = t;
    this.jobs.hotInts[HOT_INTS * slot + HOT_FRONTEND] = i;
    const j = this.policy.route(i, this.policyRng[i]!);
    if (this.knownSizes.learns) this.knownSizes.observe(i, size);
    this.metrics.routing(i, j, t);
    const pair = i * this.B + j;
    if (this.window) this.window.routedTo(pair);
    const delays = this.pairDelays;
    let out: number;
    let outClass = 0;
    if (delays) {
      const code = delays.code[pair]!;
      this.jobs.hotInts[HOT_INTS * slot + HOT_CODE] = code;
      outClass = code & delays.outMask;
      out = delays.outDelay[outClass]!;
    } else out = this.scenario.oneWay[pair]!;
    if (this.scenario.jitter) {
      out += this.scenario.jitter.sample(this.jitterOutRng[i]!);
      this.jobs.cold[slot * COLD_FIELDS + COLD_NETWORK] = out;
    }
    // read later only by a response event or the trace
    if (this.responseEvents) {
      const c = slot * COLD_FIELDS;
      this.jobs.cold[c + COLD_BACKEND] = j;
      this.jobs.cold[c + COLD_SIZE] = size;
    }
    // out > 0 only where a delay is positive or jitter drew one: transit is not null then
    if (out > 0) {
      this.transitOut++;
      this.transit!.push(outClass, t + out, this.calendar.nextSeq++, slot, j, size);
    } else this.reach(slot, j, size);
    if (!this.think.any || !this.think.closed(i)) this.scheduleArrival(i, t);
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
      const code = this.jobs.hotInts[HOT_INTS * slot + HOT_CODE]!;
      out = delays.outDelay[code & delays.outMask]!;
      back = delays.backDelay[code >>> delays.outBits]!;
    } else {
      const pair = this.jobs.hotInts[HOT_INTS * slot + HOT_FRONTEND]! * this.B + j;
      out = this.scenario.oneWay[pair]!;
      back = this.scenario.back[pair]!;
    }
    if (this.scenario.jitter) {
      out = this.jobs.cold[slot * COLD_FIELDS + COLD_NETWORK]!;
      back += this.scenario.jitter.sample(this.jitterBackRng[j]!);
    }
    // the time it reached the backend, exactly: that event's time was computed as born + out
    const reached = this.jobs.hotTimes[HOT_DOUBLES * slot + HOT_BORN]! + out;
    this.metrics.departure(j, t, t - reached);
    if (this.window) this.window.departed(j);
    this.transitBack++;
    if (this.responseEvents) {
      const c = slot * COLD_FIELDS;
      this.jobs.cold[c + COLD_REACHED] = reached;
      this.jobs.cold[c + COLD_DEPARTED] = t;
      this.jobs.cold[c + COLD_NETWORK] = out + back;
      this.jobs.cold[c + COLD_REPORTED] = b.n / this.scenario.scale;
      this.calendar.schedule(t + back, EventKind.response, slot);
      return;
    }
    // past the horizon the response is still travelling back: counted in flight, not completed
    if (t + back <= this.horizon) this.complete(slot, t + back, out + back, reached, t);
    // released here for both: a release reached first at the horizon had no type feedback, and threw the optimised engine away
    this.jobs.release(slot);
  }

  private respond(slot: number, t: number): void {
    const c = slot * COLD_FIELDS;
    if (this.piggyback)
      this.piggyback.deliver(this.jobs.hotInts[HOT_INTS * slot + HOT_FRONTEND]!, this.jobs.cold[c + COLD_BACKEND]!, this.jobs.cold[c + COLD_REPORTED]!, this.jobs.cold[c + COLD_DEPARTED]!);
    this.complete(slot, t, this.jobs.cold[c + COLD_NETWORK]!, this.jobs.cold[c + COLD_REACHED]!, this.jobs.cold[c + COLD_DEPARTED]!);
    this.jobs.release(slot);
  }

  /** The response to request `slot` reaches its frontend at t, after `network` seconds on the two legs; it had reached its backend at `reached` and left it at `departed`. The caller releases the slot. */
  private complete(slot: number, t: number, network: number, reached: number, departed: number): void {
    this.transitBack--;
    this.completed++;
    const i = this.jobs.hotInts[HOT_INTS * slot + HOT_FRONTEND]!;
    const born = this.jobs.hotTimes[HOT_DOUBLES * slot + HOT_BORN]!;
    this.metrics.completion(i, born, t, network, departed - reached);
    if (this.tokens) {
      // the first token crosses the same back leg as the last: t − departed
      const tok = this.tokens.slots;
      const first = tok.firstToken[slot]!;
      const output = tok.output[slot]!;
      this.metrics.llmCompletion(i, t, first + (t - departed) - born, output >= 2 ? (departed - first) / (output - 1) : NaN, output);
    }
    if (this.think.any) {
      const next = this.think.next(i, t);
      if (next <= this.horizon) this.calendar.schedule(next, EventKind.arrival, i);
    }
    if (this.observed) {
      this.options.completed?.(i, t - born, t);
      if (this.window) this.window.completed(i, t - born);
      if (this.options.trace) traceRequest(this.options.trace, this.scenario, this.jobs, this.tokens?.slots, slot, i, born, reached, departed, t);
    }
  }

  private publish(k: number): void {
    for (let j = 0; j < this.B; j++) this.counts[j] = this.backends.at(j).n;
    this.periodic!.publish(this.counts, this.scenario.scale);
    const interval = this.periodic!.interval;
    if ((k + 1) * interval <= this.horizon) this.calendar.schedule((k + 1) * interval, EventKind.publish, k + 1);
  }

  private sample(k: number, t: number): void {
    this.window!.close(t, this.backends, this.policy);
    const dt = this.scenario.sampleInterval;
    if ((k + 1) * dt <= this.horizon) this.calendar.schedule((k + 1) * dt, EventKind.sample, k + 1);
  }
}
