// The discrete-event run loop: one replication of a scenario, a pure function of (scenario, seed, replication).
import { Calendar } from "./calendar.ts";
import { DepartureHeap } from "./departureHeap.ts";
import { EventKind } from "./eventKinds.ts";
import type { SeriesSink, TraceSink } from "./sinks.ts";
import { PsBackend } from "../model/psBackend.ts";
import { scaled } from "../model/curves/curve.ts";
import type { Clock } from "../model/clock.ts";
import { PeriodicFeedback } from "../model/periodicFeedback.ts";
import { PiggybackFeedback } from "../model/piggybackFeedback.ts";
import { InstantFeedback } from "../model/instantFeedback.ts";
import { RunningMeanSize } from "../model/knownRequestSize.ts";
import { arrivalProcess, type ArrivalProcess } from "../random/arrivals/registry.ts";
import { Purpose, replicationRoot, substream, type Stream } from "../random/stream.ts";
import type { Scenario } from "../model/scenario.ts";
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
  private readonly departures: DepartureHeap;
  private readonly backends: PsBackend[];
  private readonly clock: Clock = { now: 0 };
  private readonly policy: Policy;
  private readonly periodic: PeriodicFeedback | null;
  private readonly piggyback: PiggybackFeedback | null;
  private readonly instant: InstantFeedback | null;
  private readonly knownSizes: RunningMeanSize;
  private readonly metrics: RunMetrics;
  private readonly arrivals: ArrivalProcess[];
  private readonly pendingSize: Float64Array;
  private readonly capacityChanges: CapacityChange[] = [];
  /** Responses become events when their order or content matters (trace, piggyback, jitter). */
  private readonly responseEvents: boolean;
  private readonly F: number;
  private readonly B: number;
  private readonly horizon: number;
  // streams
  private readonly arrivalRng: Stream[];
  private readonly sizeRng: Stream[];
  private readonly policyRng: Stream[];
  private readonly jitterOutRng: Stream[];
  private readonly jitterBackRng: Stream[];
  // jobs in flat arrays indexed by a recycled slot
  private capacity = 1024;
  private jobId = new Float64Array(1024);
  private jobFrontend = new Int32Array(1024);
  private jobBackend = new Int32Array(1024);
  private jobSize = new Float64Array(1024);
  private jobBorn = new Float64Array(1024);
  private jobReached = new Float64Array(1024);
  private jobDeparted = new Float64Array(1024);
  private jobNetwork = new Float64Array(1024);
  private jobReportedCount = new Float64Array(1024);
  private freeSlots: number[] = [];
  private usedSlots = 0;
  // counters
  private births = 0;
  private completed = 0;
  private transitOut = 0;
  private transitBack = 0;
  private readonly lastChange: Float64Array;
  private readonly counts: Float64Array;
  // time series window counters
  private readonly sampleDepartures: Float64Array;
  private readonly sampleRouted: Float64Array;
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
    this.backends = s.backends.map((b) => new PsBackend(scaled(b.curve, s.scale)));
    this.departures = new DepartureHeap(this.B);
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
    this.pendingSize = new Float64Array(this.F);
    this.responseEvents = options.trace !== undefined || this.piggyback !== null || s.jitter !== null;
    this.lastChange = new Float64Array(this.B);
    this.counts = new Float64Array(this.B);
    this.sampleDepartures = new Float64Array(this.B);
    this.sampleRouted = new Float64Array(this.F * this.B);
    this.sampleShares = new Float64Array(this.B);
    this.sampleLatencySum = new Float64Array(this.F);
    this.sampleCompletions = new Float64Array(this.F);
  }

  run(): RunResult {
    const s = this.scenario;
    const cal = this.calendar;
    const dep = this.departures;
    const horizon = this.horizon;
    for (let i = 0; i < this.F; i++) this.scheduleArrival(i, 0);
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
      const h = cal.peek();
      const tc = h < 0 ? Infinity : cal.time[h]!;
      const j = dep.top();
      const td = dep.time[j]!;
      if (td < tc || (td === tc && dep.seq[j]! < cal.seq[h]!)) {
        if (td > horizon) break;
        this.clock.now = td;
        this.depart(j, td);
        continue;
      }
      if (tc > horizon) break;
      cal.pop();
      this.clock.now = tc;
      const arg = cal.arg[h]!;
      switch (cal.kind[h]) {
        case EventKind.arrival:
          this.arrive(arg, tc);
          break;
        case EventKind.reachBackend:
          this.transitOut--;
          this.reach(arg, tc);
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
        case EventKind.capacity: {
          const c = this.capacityChanges[arg]!;
          this.backends[c.backend]!.setCapacity(tc, c.multiplier);
          this.reschedule(c.backend);
          break;
        }
        case EventKind.sample:
          this.sample(arg, tc);
          break;
        default:
          throw new Error(`engine invariant violated: unknown event kind ${cal.kind[h]}`);
      }
    }
    let inBackends = 0;
    for (let b = 0; b < this.B; b++) {
      this.metrics.population(b, this.backends[b]!.n, this.lastChange[b]!, horizon);
      inBackends += this.backends[b]!.n;
    }
    return this.metrics.result({ arrived: this.births, completed: this.completed, inFlight: this.transitOut + inBackends + this.transitBack });
  }

  private scheduleArrival(i: number, now: number): void {
    const p = this.arrivals[i]!;
    const t = p.next(this.arrivalRng[i]!, now);
    if (t <= this.horizon) {
      this.pendingSize[i] = p.size;
      this.calendar.schedule(t, EventKind.arrival, i);
    }
  }

  private arrive(i: number, t: number): void {
    const slot = this.allocate();
    const traced = this.pendingSize[i]!;
    this.jobId[slot] = this.births++;
    this.jobFrontend[slot] = i;
    this.jobSize[slot] = traced === traced ? traced : this.scenario.frontends[i]!.sizes.sample(this.sizeRng[i]!);
    this.jobBorn[slot] = t;
    const j = this.policy.route(i, this.policyRng[i]!);
    this.knownSizes.observe(i, this.jobSize[slot]!);
    this.jobBackend[slot] = j;
    this.metrics.routing(i, j, t);
    this.sampleRouted[i * this.B + j]!++;
    let out = this.scenario.oneWay[i * this.B + j]!;
    if (this.scenario.jitter) out += this.scenario.jitter.sample(this.jitterOutRng[i]!);
    this.jobNetwork[slot] = out;
    if (out > 0) {
      this.transitOut++;
      this.calendar.schedule(t + out, EventKind.reachBackend, slot);
    } else this.reach(slot, t);
    this.scheduleArrival(i, t);
  }

  private reach(slot: number, t: number): void {
    const j = this.jobBackend[slot]!;
    const b = this.backends[j]!;
    this.metrics.population(j, b.n, this.lastChange[j]!, t);
    this.lastChange[j] = t;
    this.jobReached[slot] = t;
    b.add(t, slot, this.jobSize[slot]!);
    this.reschedule(j);
    if (this.instant) this.instant.changed(j, b.n / this.scenario.scale);
  }

  private reschedule(j: number): void {
    this.departures.update(j, this.backends[j]!.nextDeparture(), this.calendar.nextSeq++);
  }

  private depart(j: number, t: number): void {
    const b = this.backends[j]!;
    this.metrics.population(j, b.n, this.lastChange[j]!, t);
    this.lastChange[j] = t;
    const slot = b.depart(t);
    this.reschedule(j);
    if (this.instant) this.instant.changed(j, b.n / this.scenario.scale);
    this.jobDeparted[slot] = t;
    this.metrics.departure(j, t, t - this.jobReached[slot]!);
    this.sampleDepartures[j]!++;
    const i = this.jobFrontend[slot]!;
    let back = this.scenario.back[i * this.B + j]!;
    if (this.scenario.jitter) back += this.scenario.jitter.sample(this.jitterBackRng[j]!);
    this.jobNetwork[slot]! += back;
    this.transitBack++;
    if (this.responseEvents) {
      this.jobReportedCount[slot] = b.n / this.scenario.scale;
      this.calendar.schedule(t + back, EventKind.response, slot);
    } else if (t + back <= this.horizon) this.complete(slot, t + back);
    else this.release(slot); // still travelling back at the horizon: counted in flight
  }

  private respond(slot: number, t: number): void {
    if (this.piggyback) this.piggyback.deliver(this.jobFrontend[slot]!, this.jobBackend[slot]!, this.jobReportedCount[slot]!, this.jobDeparted[slot]!);
    this.complete(slot, t);
  }

  private complete(slot: number, t: number): void {
    this.transitBack--;
    this.completed++;
    const i = this.jobFrontend[slot]!;
    const reached = this.jobReached[slot]!;
    const departed = this.jobDeparted[slot]!;
    this.metrics.completion(i, this.jobBorn[slot]!, t, this.jobNetwork[slot]!, departed - reached);
    this.options.completed?.(i, t - this.jobBorn[slot]!, t);
    if (this.options.series) {
      this.sampleLatencySum[i]! += t - this.jobBorn[slot]!;
      this.sampleCompletions[i]!++;
    }
    if (this.options.trace) {
      const s = this.scenario;
      this.options.trace.request(this.jobId[slot]!, s.frontends[i]!.id, s.backends[this.jobBackend[slot]!]!.id, this.jobSize[slot]!, this.jobBorn[slot]!, reached, departed, t);
    }
    this.release(slot);
  }

  private publish(k: number): void {
    for (let j = 0; j < this.B; j++) this.counts[j] = this.backends[j]!.n;
    this.periodic!.publish(this.counts, this.scenario.scale);
    const interval = this.periodic!.interval;
    if ((k + 1) * interval <= this.horizon) this.calendar.schedule((k + 1) * interval, EventKind.publish, k + 1);
  }

  private sample(k: number, t: number): void {
    const s = this.scenario;
    const series = this.options.series!;
    const dt = s.sampleInterval;
    for (let j = 0; j < this.B; j++) {
      series.backend(t, s.backends[j]!.id, this.backends[j]!.n, this.sampleDepartures[j]! / dt);
      this.sampleDepartures[j] = 0;
    }
    for (let i = 0; i < this.F; i++) {
      let total = 0;
      for (const j of s.frontends[i]!.allowed) total += this.sampleRouted[i * this.B + j]!;
      if (total === 0 || series.policyRouting) this.policy.shares(i, this.sampleShares);
      series.policyRouting?.(t, i, this.sampleShares);
      for (const j of s.frontends[i]!.allowed) {
        const share = total > 0 ? this.sampleRouted[i * this.B + j]! / total : this.sampleShares[j]!;
        series.routing(t, s.frontends[i]!.id, s.backends[j]!.id, share);
        this.sampleRouted[i * this.B + j] = 0;
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
    if (this.freeSlots.length > 0) return this.freeSlots.pop()!;
    if (this.usedSlots === this.capacity) this.growSlots();
    return this.usedSlots++;
  }

  private release(slot: number): void {
    this.freeSlots.push(slot);
  }

  private growSlots(): void {
    const n = this.capacity * 2;
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.jobId = g64(this.jobId);
    this.jobFrontend = g32(this.jobFrontend);
    this.jobBackend = g32(this.jobBackend);
    this.jobSize = g64(this.jobSize);
    this.jobBorn = g64(this.jobBorn);
    this.jobReached = g64(this.jobReached);
    this.jobDeparted = g64(this.jobDeparted);
    this.jobNetwork = g64(this.jobNetwork);
    this.jobReportedCount = g64(this.jobReportedCount);
    this.capacity = n;
  }
}
