// Streaming measurements of one run (docs/model.md section 7): memory independent of the number of requests.
import { LogHistogram } from "./logHistogram.ts";
import type { Scenario } from "../model/scenario.ts";
import { estimateWork } from "../model/workEstimate.ts";

/**
 * Batch rule: the measurement window [warmup, horizon] is cut into BATCHES equal time slices;
 * a request counts in the slice holding its completion (response received), a backend
 * departure in the slice holding its departure, a routing decision in the slice of its birth.
 * Twenty batches keep the t quantile near its limit (t_{0.975,19} = 2.09) while each batch
 * still spans many relaxation times in the shipped scenarios.
 */
export const BATCHES = 20;

/** Routing decisions held before they are counted (16 KB: stays in the first-level cache). */
const ROUTING_LOG = 4096;

/** One metric of one run: the whole-window value and its value in each batch. */
export interface MetricSample {
  point: number;
  batches: number[];
}

export interface RunResult {
  counts: { arrived: number; completed: number; inFlight: number };
  metrics: Record<string, MetricSample>;
}

export class RunMetrics {
  readonly start: number;
  readonly end: number;
  private readonly batchLength: number;
  private readonly F: number;
  private readonly B: number;
  // per batch
  private readonly latencySum = new Float64Array(BATCHES);
  private readonly latencyCount = new Float64Array(BATCHES);
  private readonly networkSum = new Float64Array(BATCHES);
  private readonly servingSum = new Float64Array(BATCHES);
  private readonly histograms: LogHistogram[];
  private readonly frontendLatencySum: Float64Array;
  private readonly frontendLatencyCount: Float64Array;
  // Per-backend and per-(frontend, backend) counters are batch-major ([batch][row]): the counters
  // being written are those of the current batch, a contiguous slice that stays in cache.
  private readonly sojournSum: Float64Array;
  private readonly departures: Float64Array;
  private readonly area: Float64Array;
  /**
   * Requests routed per (batch, frontend, backend): 32-bit counts (half the memory and cache
   * footprint of doubles, 8 MB at 100×1,000) unless the run asks for billions of requests.
   */
  private readonly routed: Float64Array | Uint32Array;
  private readonly routedTotal: Float64Array;
  /**
   * Routing decisions of batch `loggedBatch` not yet added to `routed`, as pair indices i·B + j. An
   * increment at a random place in the F·B counters misses the cache at 100×1,000 while the engine
   * waits; appended here and added ROUTING_LOG at a time, the increments are independent and overlap.
   */
  private readonly routingLog = new Int32Array(ROUTING_LOG);
  private logged = 0;
  private loggedBatch = 0;
  /** edges[k] = start + k·L, where batch k begins; edges[BATCHES] = Infinity (the last batch takes the end). */
  private readonly edges: Float64Array;
  /** Batch of the latest event time the engine reported: no later report is earlier. */
  private current = 0;

  constructor(private readonly scenario: Scenario, warmup: number) {
    this.start = warmup;
    this.end = scenario.horizon;
    this.batchLength = (this.end - this.start) / BATCHES;
    this.F = scenario.frontends.length;
    this.B = scenario.backends.length;
    this.histograms = Array.from({ length: BATCHES }, () => new LogHistogram());
    this.frontendLatencySum = new Float64Array(this.F * BATCHES);
    this.frontendLatencyCount = new Float64Array(this.F * BATCHES);
    this.sojournSum = new Float64Array(this.B * BATCHES);
    this.departures = new Float64Array(this.B * BATCHES);
    this.area = new Float64Array(this.B * BATCHES);
    this.routed = estimateWork(scenario).requests < 2 ** 31 ? new Uint32Array(this.F * this.B * BATCHES) : new Float64Array(this.F * this.B * BATCHES);
    this.routedTotal = new Float64Array(this.F * BATCHES);
    this.edges = new Float64Array(BATCHES + 1);
    for (let k = 0; k < BATCHES; k++) this.edges[k] = this.start + k * this.batchLength;
    this.edges[BATCHES] = Infinity;
  }

  /**
   * The batch holding time t (t ≥ start), found by stepping forward from the current batch: the
   * engine reports times no earlier than its clock, so this is O(1) amortised, with no division.
   */
  private batchFrom(t: number): number {
    let k = this.current;
    while (t >= this.edges[k + 1]!) k++;
    return k;
  }

  /** A response reached its frontend at `completed`; out/back are the network legs. */
  completion(frontend: number, born: number, completed: number, networkTime: number, servingTime: number): void {
    if (completed < this.start || completed > this.end) return;
    const k = this.batchFrom(completed); // a response arrives at or after the engine's clock
    const latency = completed - born;
    this.latencySum[k]! += latency;
    this.latencyCount[k]!++;
    this.networkSum[k]! += networkTime;
    this.servingSum[k]! += servingTime;
    this.histograms[k]!.add(latency);
    this.frontendLatencySum[frontend * BATCHES + k]! += latency;
    this.frontendLatencyCount[frontend * BATCHES + k]!++;
  }

  departure(backend: number, t: number, sojourn: number): void {
    if (t < this.start || t > this.end) return;
    const k = (this.current = this.batchFrom(t));
    this.sojournSum[k * this.B + backend]! += sojourn;
    this.departures[k * this.B + backend]!++;
  }

  routing(frontend: number, backend: number, t: number): void {
    if (t < this.start || t > this.end) return;
    const k = (this.current = this.batchFrom(t));
    if (k !== this.loggedBatch || this.logged === ROUTING_LOG) this.countRouting(k);
    this.routingLog[this.logged++] = frontend * this.B + backend;
    this.routedTotal[frontend * BATCHES + k]!++;
  }

  /** Adds the logged decisions to their batch's counters; the log then holds batch `next`. */
  private countRouting(next: number): void {
    const routed = this.routed;
    const row = this.loggedBatch * this.F * this.B;
    for (let n = 0; n < this.logged; n++) routed[row + this.routingLog[n]!]!++;
    this.logged = 0;
    this.loggedBatch = next;
  }

  /**
   * n requests were present at backend over [from, to) (`to` is the engine's clock): adds n·length
   * to the time integral, split over batches, walking back from the batch holding `to`.
   */
  population(backend: number, n: number, from: number, to: number): void {
    if (n === 0) return;
    const a = from > this.start ? from : this.start;
    const b = to < this.end ? to : this.end;
    if (b <= a) return;
    let k = (this.current = this.batchFrom(b));
    let hi = b;
    for (;;) {
      const edge = this.edges[k]!;
      const lo = edge > a ? edge : a;
      this.area[k * this.B + backend]! += n * (hi - lo);
      if (lo === a) return;
      hi = lo;
      k--;
    }
  }

  result(counts: RunResult["counts"]): RunResult {
    this.countRouting(this.loggedBatch);
    const metrics: Record<string, MetricSample> = {};
    const L = this.batchLength;
    /**
     * Columns [from, from + count) of a batch-major array with `width` columns, as `count` runs of
     * BATCHES values, read one batch row at a time: gathering a single column would stride through
     * F·B·8 bytes per batch, a cache miss per value at 100×1,000.
     */
    const columns = (a: Float64Array | Uint32Array, width: number, from: number, count: number): Float64Array => {
      const out = new Float64Array(count * BATCHES);
      for (let k = 0; k < BATCHES; k++) {
        const row = k * width + from;
        for (let c = 0; c < count; c++) out[c * BATCHES + k] = a[row + c]!;
      }
      return out;
    };
    /** Batch ratios num[n0 + k] / den[d0 + k] and the whole-window ratio of the sums (offsets, not subarrays: 10^5 calls at 100×1,000). */
    const ratio = (num: Float64Array, n0: number, den: Float64Array, d0: number): MetricSample => {
      let sn = 0;
      let sd = 0;
      const batches = new Array<number>(BATCHES); // sized once: push would regrow it, 10^5 times at 100×1,000
      for (let k = 0; k < BATCHES; k++) {
        const x = num[n0 + k]!;
        const y = den[d0 + k]!;
        sn += x;
        sd += y;
        batches[k] = y > 0 ? x / y : NaN;
      }
      return { point: sd > 0 ? sn / sd : NaN, batches };
    };
    const perTime = (num: Float64Array, n0: number): MetricSample => {
      let s = 0;
      const batches = new Array<number>(BATCHES);
      for (let k = 0; k < BATCHES; k++) {
        s += num[n0 + k]!;
        batches[k] = num[n0 + k]! / L;
      }
      return { point: s / (this.end - this.start), batches };
    };
    metrics["latency.mean"] = ratio(this.latencySum, 0, this.latencyCount, 0);
    const all = new LogHistogram();
    for (const h of this.histograms) all.merge(h);
    for (const [key, p] of [["latency.p50", 0.5], ["latency.p90", 0.9], ["latency.p99", 0.99]] as const) {
      metrics[key] = { point: all.quantile(p), batches: this.histograms.map((h) => h.quantile(p)) };
    }
    metrics["latency.network.mean"] = ratio(this.networkSum, 0, this.latencyCount, 0);
    metrics["latency.serving.mean"] = ratio(this.servingSum, 0, this.latencyCount, 0);
    const area = columns(this.area, this.B, 0, this.B);
    const sojournSum = columns(this.sojournSum, this.B, 0, this.B);
    const departures = columns(this.departures, this.B, 0, this.B);
    this.scenario.backends.forEach((b, j) => {
      const o = j * BATCHES;
      metrics[`backend.${b.id}.inSystem.mean`] = perTime(area, o);
      metrics[`backend.${b.id}.sojourn.mean`] = ratio(sojournSum, o, departures, o);
      metrics[`backend.${b.id}.throughput`] = perTime(departures, o);
    });
    const backendIds = this.scenario.backends.map((b) => b.id);
    this.scenario.frontends.forEach((f, i) => {
      const o = i * BATCHES;
      metrics[`frontend.${f.id}.latency.mean`] = ratio(this.frontendLatencySum, o, this.frontendLatencyCount, o);
      const routed = columns(this.routed, this.F * this.B, i * this.B, this.B);
      const prefix = `frontend.${f.id}.share.`;
      for (const j of f.allowed) metrics[prefix + backendIds[j]!] = ratio(routed, j * BATCHES, this.routedTotal, o);
    });
    return { counts, metrics };
  }
}
