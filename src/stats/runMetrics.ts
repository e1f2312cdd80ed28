// Streaming measurements of one run (docs/model.md section 7): memory independent of the number of requests.
import { LogHistogram } from "./logHistogram.ts";
import { routeCount, type Scenario } from "../model/scenario.ts";
import { expectedRequests } from "../model/expectedRequests.ts";

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
/**
 * The first count comes after this many decisions, early enough that the counting code has type
 * feedback before V8 optimises the event loop (reached first after 4,096, it threw that code away).
 */
const FIRST_ROUTING_COUNT = 64;

/**
 * Counters are kept per bin: bin 0 gathers what happens before the warm-up ends (and is dropped),
 * bin k + 1 is batch k. The warm-up is counted, not skipped, so that every event takes the same
 * path from the first: a branch that returned early until the warm-up ended left the counting
 * code without type feedback when V8 optimised the event loop, and reaching it then threw the
 * optimised engine away (the event loop and its handlers compiled again in every thread).
 */
const BINS = BATCHES + 1;

/** A bin's completion counters: latency sum, count, network sum, serving sum. */
const COMPLETION_FIELDS = 4;

/** One metric of one run: the whole-window value and its value in each batch. */
export interface MetricSample {
  point: number;
  batches: number[];
}

/**
 * One run's measurements, by column: metric m is named keys[m], its whole-window value is
 * points[m] and its batch values are batches[m·BATCHES + k] (where batches reaches that far: a run
 * made with RunOptions.frontendBatches false has none for the frontends' metrics, which come last). A run at 100×1,000 has 10^5
 * metrics (a share per frontend-backend pair): as columns they are three objects, not 2·10^5
 * objects and a dictionary of 10^5 names, and they cross to and from worker threads as such.
 */
export interface RunResult {
  counts: { arrived: number; completed: number; inFlight: number };
  /** Shared by every run of the same scenario object in a thread, and frozen: never to be changed. */
  keys: readonly string[];
  points: Float64Array;
  batches: Float64Array;
}

/**
 * The run with its batches column cut before the frontends' metrics (which come last), as a run
 * made with RunOptions.frontendBatches false has it: what a study of several replications keeps once
 * its results file has every batch value (at 100 × 1,000, 0.5 MB instead of 16 MB a replication).
 */
export function withoutFrontendBatches(run: RunResult): RunResult {
  let head = frontendsFrom.get(run.keys);
  if (head === undefined) {
    head = run.keys.findIndex((k) => k.startsWith("frontend."));
    if (head < 0) head = run.keys.length;
    frontendsFrom.set(run.keys, head);
  }
  return run.batches.length > head * BATCHES ? { counts: run.counts, keys: run.keys, points: run.points, batches: run.batches.slice(0, head * BATCHES) } : run;
}
/** Where each names array's frontend metrics begin. */
const frontendsFrom = new WeakMap<readonly string[], number>();

/** Metric m of a run as a sample. */
export function sampleAt(run: RunResult, m: number): MetricSample {
  return { point: run.points[m]!, batches: Array.from(run.batches.subarray(m * BATCHES, (m + 1) * BATCHES)) };
}

/** The metric named key, or undefined (a linear search: for lookups of a few names). */
export function metricSample(run: RunResult, key: string): MetricSample | undefined {
  const m = run.keys.indexOf(key);
  return m < 0 ? undefined : sampleAt(run, m);
}

/** Whether two runs name the same metrics in the same order: the same array (runs of one scenario), or equal names. */
export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let m = 0; m < a.length; m++) if (a[m] !== b[m]) return false;
  return true;
}

/**
 * The whole-window values of each metric of `first` across `runs`, looked up by name: at(m) is
 * metric m's point in every run (NaN where a run lacks it), into(m, out) writes at(m) into out,
 * has(n, m) whether run n has it. Runs of one scenario share their keys, which is checked first.
 */
export function pointsAcross(first: RunResult, runs: RunResult[]): { at(m: number): number[]; into(m: number, out: Float64Array): void; has(n: number, m: number): boolean } {
  // loops, not Int32Array.from over the keys (an iterator and a call per key: 15 ms for 10^5 metrics)
  const M = first.keys.length;
  const positions = runs.map((run) => {
    const p = new Int32Array(M);
    const same = sameNames(run.keys, first.keys);
    if (same) {
      for (let m = 0; m < M; m++) p[m] = m;
      return p;
    }
    const where = new Map(run.keys.map((k, m) => [k, m]));
    for (let m = 0; m < M; m++) p[m] = where.get(first.keys[m]!) ?? -1;
    return p;
  });
  return {
    at: (m) => runs.map((run, n) => (positions[n]![m]! < 0 ? NaN : run.points[positions[n]![m]!]!)),
    /** at(m) written into out, without an array a metric (a study at 100 × 1,000 summarises 10^5 of them). */
    into: (m, out) => {
      for (let n = 0; n < runs.length; n++) out[n] = positions[n]![m]! < 0 ? NaN : runs[n]!.points[positions[n]![m]!]!;
    },
    has: (n, m) => positions[n]![m]! >= 0,
  };
}

function plainColumn(length: number): Float64Array {
  return new Float64Array(length);
}

export class RunMetrics {
  readonly start: number;
  readonly end: number;
  private readonly batchLength: number;
  private readonly F: number;
  private readonly B: number;
  // Counters written by the same event sit side by side (one cache line, one array to check):
  /** Per bin: latency sum, completions, network and serving time sums (COMPLETION_FIELDS a bin). */
  private readonly completions = new Float64Array(BINS * COMPLETION_FIELDS);
  /** Latency histogram of each bin; handed back for reuse once result() has read them (empty after). */
  private readonly histograms: LogHistogram[];
  /** Per (frontend, bin): latency sum and completions, frontend-major. */
  private readonly frontendLatency: Float64Array;
  // Per-backend and per-(frontend, backend) counters are bin-major ([bin][row]): the counters
  // being written are those of the current bin, a contiguous slice that stays in cache.
  /** Per (bin, backend): sojourn sum and departures. */
  private readonly departed: Float64Array;
  private readonly area: Float64Array;
  /**
   * Requests routed per (bin, frontend, backend): 32-bit counts (half the memory and cache
   * footprint of doubles, 8 MB at 100×1,000) unless the run asks for billions of requests. A run
   * without the frontends' batch values needs only each pair's count over the window: then two
   * bins, the warm-up's and the window's (84 MB → 8 MB a thread at 1,000 × 1,000).
   */
  private readonly routed: Float64Array | Uint32Array;
  /** Bins of `routed`: BINS, or 2 without the frontends' batch values. */
  private readonly routedBins: number;
  /**
   * Routing decisions of bin `loggedBatch` not yet added to `routed`, as pair indices i·B + j. An
   * increment at a random place in the F·B counters misses the cache at 100×1,000 while the engine
   * waits; appended here and added ROUTING_LOG at a time, the increments are independent and overlap.
   */
  private readonly routingLog = new Int32Array(ROUTING_LOG);
  private logged = 0;
  private loggedBatch = 0;
  /** Decisions held before the next count: FIRST_ROUTING_COUNT, then ROUTING_LOG. */
  private logLimit = FIRST_ROUTING_COUNT;
  /** edges[b] is where bin b begins: −Infinity, then start + k·L for batch k (bin k + 1); edges[BINS] = Infinity (the last batch takes the end). */
  private readonly edges: Float64Array;
  /** Bin of the latest event time the engine reported: no later report is earlier. */
  private current = 0;
  /** TTFT, TPOT, output tokens and SLO counts of LLM requests (docs/model.md section 11), or null on PS scenarios. */
  private readonly llm: LlmMetrics | null;

  constructor(
    private readonly scenario: Scenario,
    warmup: number,
    /** Makes the result's points and batches columns. */
    private readonly column: (length: number) => Float64Array = plainColumn,
    /** false: batches stop before the first frontend's metrics (RunOptions.frontendBatches). */
    private readonly frontendBatches = true,
  ) {
    this.start = warmup;
    this.end = scenario.horizon;
    this.batchLength = (this.end - this.start) / BATCHES;
    this.F = scenario.frontends.length;
    this.B = scenario.backends.length;
    this.histograms = Array.from({ length: BINS }, () => LogHistogram.take());
    this.frontendLatency = new Float64Array(this.F * BINS * 2);
    this.departed = new Float64Array(this.B * BINS * 2);
    this.area = new Float64Array(this.B * BINS);
    this.routedBins = frontendBatches ? BINS : 2;
    this.routed = routedCounters(this.F * this.B * this.routedBins, expectedRequests(scenario) >= 2 ** 31);
    this.edges = new Float64Array(BINS + 1);
    this.edges[0] = -Infinity;
    for (let k = 0; k < BATCHES; k++) this.edges[k + 1] = this.start + k * this.batchLength;
    this.edges[BINS] = Infinity;
    this.llm = scenario.llm ? new LlmMetrics(this.F, scenario.slo) : null;
  }

  /** An LLM request's response completed at `completed` (its latency is counted by completion()): its TTFT, TPOT (NaN for one output token) and output tokens. */
  llmCompletion(frontend: number, completed: number, ttft: number, tpot: number, output: number): void {
    if (completed > this.end) return;
    this.llm!.add(this.batchFrom(completed), frontend, ttft, tpot, output);
  }

  /**
   * The bin holding time t, found by stepping forward from the current bin: the engine reports
   * times no earlier than its clock, so this is O(1) amortised, with no division. The first step is
   * an addition of 0 or 1 made at every call, so that it has type feedback before the run is
   * optimised (an increment reached first at a batch edge threw the optimised engine away); only a
   * whole batch without events takes the loop.
   */
  private batchFrom(t: number): number {
    let k = this.current;
    k += t >= this.edges[k + 1]! ? 1 : 0;
    while (t >= this.edges[k + 1]!) k++;
    return k;
  }

  /** A response reached its frontend at `completed`; out/back are the network legs. */
  completion(frontend: number, born: number, completed: number, networkTime: number, servingTime: number): void {
    if (completed > this.end) return;
    const k = this.batchFrom(completed); // a response arrives at or after the engine's clock
    const latency = completed - born;
    const c = k * COMPLETION_FIELDS;
    this.completions[c]! += latency;
    this.completions[c + 1]!++;
    this.completions[c + 2]! += networkTime;
    this.completions[c + 3]! += servingTime;
    this.histograms[k]!.add(latency);
    const f = 2 * (frontend * BINS + k);
    this.frontendLatency[f]! += latency;
    this.frontendLatency[f + 1]!++;
  }

  departure(backend: number, t: number, sojourn: number): void {
    if (t > this.end) return;
    const k = (this.current = this.batchFrom(t));
    const d = 2 * (k * this.B + backend);
    this.departed[d]! += sojourn;
    this.departed[d + 1]!++;
  }

  routing(frontend: number, backend: number, t: number): void {
    if (t > this.end) return;
    const k = (this.current = this.batchFrom(t));
    if (k !== this.loggedBatch || this.logged === this.logLimit) this.countRouting(k);
    this.routingLog[this.logged++] = frontend * this.B + backend;
  }

  /** Adds the logged decisions to their bin's counters; the log then holds bin `next`. */
  private countRouting(next: number): void {
    const routed = this.routed;
    const row = Math.min(this.loggedBatch, this.routedBins - 1) * this.F * this.B;
    for (let n = 0; n < this.logged; n++) routed[row + this.routingLog[n]!]!++;
    // the first count of a full log (not a bin's change) lets the log grow to its size; the limit
    // read into a local, so that neither arm reads a property the other's type feedback lacks
    // (the arm first taken at a bin's change threw the optimised count away, once a bin)
    const limit = this.logLimit;
    this.logLimit = this.logged === limit ? ROUTING_LOG : limit;
    this.logged = 0;
    this.loggedBatch = next;
  }

  /**
   * n requests were present at backend over [from, to) (`to` is the engine's clock): adds n·length
   * to the time integral, split over bins, walking back from the bin holding `to`. A batch's share
   * is n·(hi − lo) with lo its edge or `from`, as when the warm-up's part was cut off before.
   */
  population(backend: number, n: number, from: number, to: number): void {
    if (n === 0) return;
    // Math.min, not a ternary: end is often an integer (a small-integer field to V8), and a value
    // that is either a double or such a field is boxed on the heap, an allocation per event
    const a = from;
    const b = Math.min(to, this.end);
    if (b <= a) return;
    let k = (this.current = this.batchFrom(b));
    const edge = this.edges[k]!;
    let hi = edge > a ? edge : a;
    this.area[k * this.B + backend]! += n * (b - hi);
    // The bin before takes n·(its part), done at every call: a crossing first met at the warm-up's
    // end would throw the optimised event loop away. Without a crossing this adds n·0 = +0 to the
    // cell just written (the sum is unchanged); with one, k > 0 (bin 0 starts at −Infinity).
    k -= hi !== a ? 1 : 0;
    let edgeBefore = this.edges[k]!;
    let lo = edgeBefore > a ? edgeBefore : a;
    this.area[k * this.B + backend]! += n * (hi - lo);
    // a population unchanged over a whole batch (rare): the bins further back
    while (lo !== a) {
      hi = lo;
      k--;
      edgeBefore = this.edges[k]!;
      lo = edgeBefore > a ? edgeBefore : a;
      this.area[k * this.B + backend]! += n * (hi - lo);
    }
  }

  result(counts: RunResult["counts"]): RunResult {
    this.countRouting(this.loggedBatch);
    const L = this.batchLength;
    // bin k + 1 is batch k: every read below starts one bin in
    const F = this.F;
    const B = this.B;
    const shareCount = routeCount(this.scenario.frontends);
    // latency mean, p50, p90, p99, network and serving; three per backend; a latency and the shares per frontend
    const llm = this.llm;
    const total = 6 + 3 * B + F + shareCount + (llm ? llm.keyCount() : 0);
    // the names depend on the scenario alone: made by its first run in this thread, then shared
    // (10^5 strings at 100 × 1,000: 10–25 ms a run, 50–70 the first; and runs sharing one array
    // compare as equal at once)
    const known = metricKeysOf.get(this.scenario);
    const fresh: string[] | null = known ? null : [];
    // the frontends' metrics come last: a latency (and with LLM engines a TTFT and a TPOT) and the shares of each
    const frontendCount = F * (llm ? 3 : 1) + shareCount;
    const points = this.column(total);
    const batches = this.column((this.frontendBatches ? total : total - frontendCount) * BATCHES);
    let m = 0;
    /** Metric m: batch ratios num[n0 + k·ns] / den[d0 + k·ds] and the whole-window ratio of the sums. */
    const ratio = (key: string, num: ArrayLike<number>, n0: number, ns: number, den: ArrayLike<number>, d0: number, ds: number): void => {
      let sn = 0;
      let sd = 0;
      const o = m * BATCHES;
      const kept = o < batches.length;
      for (let k = 0; k < BATCHES; k++) {
        const x = num[n0 + k * ns]!;
        const y = den[d0 + k * ds]!;
        sn += x;
        sd += y;
        if (kept) batches[o + k] = y > 0 ? x / y : NaN;
      }
      if (fresh) fresh[m] = key;
      points[m++] = sd > 0 ? sn / sd : NaN;
    };
    /** Metric m: per-time batch values num[n0 + k·ns] / L and the whole-window rate. */
    const perTime = (key: string, num: ArrayLike<number>, n0: number, ns: number): void => {
      let s = 0;
      const o = m * BATCHES;
      for (let k = 0; k < BATCHES; k++) {
        s += num[n0 + k * ns]!;
        batches[o + k] = num[n0 + k * ns]! / L;
      }
      if (fresh) fresh[m] = key;
      points[m++] = s / (this.end - this.start);
    };
    const C = COMPLETION_FIELDS;
    ratio("latency.mean", this.completions, C, C, this.completions, C + 1, C);
    if (this.histograms.length !== BINS) throw new Error("engine invariant violated: a run's metrics were read twice");
    const all = LogHistogram.take();
    for (let k = 1; k < BINS; k++) all.merge(this.histograms[k]!);
    for (const [key, p] of [
      ["latency.p50", 0.5],
      ["latency.p90", 0.9],
      ["latency.p99", 0.99],
    ] as const) {
      for (let k = 0; k < BATCHES; k++) batches[m * BATCHES + k] = this.histograms[k + 1]!.quantile(p);
      if (fresh) fresh[m] = key;
      points[m++] = all.quantile(p);
    }
    for (const h of this.histograms) h.release();
    all.release();
    // emptied in place: a new array stored in the field would change the field's type, and V8 throws
    // away the optimised code that relied on it (the event loop, at each thread's second replication)
    this.histograms.length = 0;
    ratio("latency.network.mean", this.completions, C + 2, C, this.completions, C + 1, C);
    ratio("latency.serving.mean", this.completions, C + 3, C, this.completions, C + 1, C);
    if (llm) {
      for (const [name, sum, count, histograms] of [
        ["ttft", llm.ttftSum, llm.ttftCount, llm.ttft],
        ["tpot", llm.tpotSum, llm.tpotCount, llm.tpot],
      ] as const) {
        ratio(`${name}.mean`, sum, 1, 1, count, 1, 1);
        const all = LogHistogram.take();
        for (let k = 1; k < BINS; k++) all.merge(histograms[k]!);
        for (const [key, p] of [
          ["p50", 0.5],
          ["p90", 0.9],
          ["p99", 0.99],
        ] as const) {
          for (let k = 0; k < BATCHES; k++) batches[m * BATCHES + k] = histograms[k + 1]!.quantile(p);
          if (fresh) fresh[m] = `${name}.${key}`;
          points[m++] = all.quantile(p);
        }
        all.release();
        for (const h of histograms) h.release();
      }
      perTime("throughput.requests", llm.ttftCount, 1, 1);
      perTime("throughput.outputTokens", llm.outputTokens, 1, 1);
      if (llm.slo) {
        ratio("slo.attainment", llm.meeting, 1, 1, llm.ttftCount, 1, 1);
        perTime("goodput", llm.meeting, 1, 1);
      }
    }
    // per-backend and per-pair counters are bin-major: a metric's batch values stride by the row width
    this.scenario.backends.forEach((b, j) => {
      perTime(`backend.${b.id}.inSystem.mean`, this.area, B + j, B);
      ratio(`backend.${b.id}.sojourn.mean`, this.departed, 2 * (B + j), 2 * B, this.departed, 2 * (B + j) + 1, 2 * B);
      perTime(`backend.${b.id}.throughput`, this.departed, 2 * (B + j) + 1, 2 * B);
    });
    if (m !== total - frontendCount) throw new Error(`engine invariant violated: the frontends' metrics start at ${m}, not ${total - frontendCount}`);
    const backendIds = this.scenario.backends.map((b) => b.id);
    const routedSums = new Float64Array(B);
    this.scenario.frontends.forEach((f, i) => {
      ratio(`frontend.${f.id}.latency.mean`, this.frontendLatency, 2 * (i * BINS + 1), 2, this.frontendLatency, 2 * (i * BINS + 1) + 1, 2);
      if (llm) {
        ratio(`frontend.${f.id}.ttft.mean`, llm.frontendTtftSum, i * BINS + 1, 1, llm.frontendCount, i * BINS + 1, 1);
        ratio(`frontend.${f.id}.tpot.mean`, llm.frontendTpotSum, i * BINS + 1, 1, llm.frontendTpotCount, i * BINS + 1, 1);
      }
      if (fresh) {
        const prefix = `frontend.${f.id}.share.`;
        for (let a = 0; a < f.allowed.length; a++) fresh[m + a] = prefix + backendIds[f.allowed[a]!]!;
      }
      m = routingShares(this.routed, F * B + i * B, F * B, this.routedBins - 1, f.allowed, this.frontendBatches ? batches : null, points, m, routedSums);
    });
    // read for the last time: the next run in this thread clears and reuses them
    spareRouted = this.routed;
    const keys = known ?? Object.freeze(fresh!);
    if (keys.length !== total || m !== total) throw new Error(`engine invariant violated: ${m} metrics made, ${keys.length} names for ${total}`);
    if (!known) metricKeysOf.set(this.scenario, keys);
    return { counts, keys, points, batches };
  }
}

/**
 * The routed counters of the last run in this thread whose result was read, for the next run of the
 * same size: at 100 × 1,000 they are 8.4 MB, and fresh memory costs a page fault per 4 KB at its
 * first write (about 25 ms a run on a VM that faults a page in 12 µs); cleared in place, a memset.
 */
let spareRouted: Uint32Array | Float64Array | null = null;

/** Zeroed counters for `length` pairs and bins: 32-bit unless a run may route 2^31 requests or more. */
function routedCounters(length: number, wide: boolean): Uint32Array | Float64Array {
  const spare = spareRouted;
  if (spare !== null && spare.length === length && spare instanceof Float64Array === wide) {
    spareRouted = null;
    return spare.fill(0);
  }
  return wide ? new Float64Array(length) : new Uint32Array(length);
}

/** The metric names of each scenario's runs (RunMetrics.result), made once per scenario object in a thread. */
const metricKeysOf = new WeakMap<Scenario, readonly string[]>();

/**
 * A frontend's routing shares over its allowed backends, as metrics m, m + 1, …: per batch, the
 * pair's routed count over the frontend's decisions in that batch, and over the whole window the
 * ratio of their sums (the counts are integers, so every sum is exact). Read a bin's row at a time
 * (`row0` is the frontend's row in the first batch's bin, `stride` a bin's F·B counts, `bins` the
 * window's bins: BATCHES, or 1 where the counters hold the window's sum): a pair's 20 counts lie a
 * bin apart, 400 KB at 100 × 1,000, where reading them pair by pair took 28 against 21 ms.
 * Returns the next metric's index.
 */
function routingShares(
  routed: Float64Array | Uint32Array,
  row0: number,
  stride: number,
  bins: number,
  allowed: Int32Array,
  batches: Float64Array | null,
  points: Float64Array,
  m: number,
  sums: Float64Array,
): number {
  const n = allowed.length;
  sums.fill(0, 0, n);
  let decidedSum = 0;
  for (let k = 0; k < bins; k++) {
    const row = row0 + k * stride;
    let decided = 0;
    for (let a = 0; a < n; a++) decided += routed[row + allowed[a]!]!;
    decidedSum += decided;
    if (batches) {
      for (let a = 0; a < n; a++) {
        const x = routed[row + allowed[a]!]!;
        sums[a]! += x;
        batches[(m + a) * BATCHES + k] = decided > 0 ? x / decided : NaN;
      }
    } else for (let a = 0; a < n; a++) sums[a]! += routed[row + allowed[a]!]!;
  }
  for (let a = 0; a < n; a++) points[m + a] = decidedSum > 0 ? sums[a]! / decidedSum : NaN;
  return m + n;
}

/** Per-bin sums of LLM requests' measurements (by the bin of their completion; bin 0 is the warm-up's). */
class LlmMetrics {
  readonly ttftSum = new Float64Array(BINS);
  readonly ttftCount = new Float64Array(BINS);
  readonly tpotSum = new Float64Array(BINS);
  readonly tpotCount = new Float64Array(BINS);
  readonly outputTokens = new Float64Array(BINS);
  /** Requests meeting every SLO given. */
  readonly meeting = new Float64Array(BINS);
  readonly ttft = Array.from({ length: BINS }, () => LogHistogram.take());
  readonly tpot = Array.from({ length: BINS }, () => LogHistogram.take());
  readonly frontendTtftSum: Float64Array;
  readonly frontendCount: Float64Array;
  readonly frontendTpotSum: Float64Array;
  readonly frontendTpotCount: Float64Array;
  constructor(
    F: number,
    readonly slo: { ttft: number | null; tpot: number | null } | null,
  ) {
    this.frontendTtftSum = new Float64Array(F * BINS);
    this.frontendCount = new Float64Array(F * BINS);
    this.frontendTpotSum = new Float64Array(F * BINS);
    this.frontendTpotCount = new Float64Array(F * BINS);
  }
  /** Metrics it adds: ttft and tpot (mean and three quantiles each), two throughputs, and with an SLO attainment and goodput; per frontend two. */
  keyCount(): number {
    return 10 + (this.slo ? 2 : 0) + 2 * (this.frontendCount.length / BINS);
  }
  add(k: number, frontend: number, ttft: number, tpot: number, output: number): void {
    this.ttftSum[k]! += ttft;
    this.ttftCount[k]!++;
    this.ttft[k]!.add(ttft);
    this.frontendTtftSum[frontend * BINS + k]! += ttft;
    this.frontendCount[frontend * BINS + k]!++;
    this.outputTokens[k]! += output;
    if (tpot === tpot) {
      this.tpotSum[k]! += tpot;
      this.tpotCount[k]!++;
      this.tpot[k]!.add(tpot);
      this.frontendTpotSum[frontend * BINS + k]! += tpot;
      this.frontendTpotCount[frontend * BINS + k]!++;
    }
    // a request of one output token has no TPOT: it meets a TPOT objective
    const slo = this.slo;
    if (slo && (slo.ttft === null || ttft <= slo.ttft) && (slo.tpot === null || !(tpot > slo.tpot))) this.meeting[k]!++;
  }
}
