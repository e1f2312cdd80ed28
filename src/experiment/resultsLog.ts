// `--out results.jsonl`: a study's replication results, appended as they finish, read back to resume or merge.
import { appendFileSync, existsSync, openSync, closeSync, readSync, ftruncateSync, writeSync, fsyncSync } from "node:fs";
import { StudyError } from "../input/studyError.ts";
import { isObject } from "../input/isObject.ts";
import { BATCHES, sampleAt, type MetricSample, type RunResult } from "../stats/runMetrics.ts";
import type { StepSizeChoice } from "../model/scenario.ts";

/** First line of a results file: what study the records belong to. */
export interface StudyHeader {
  lbsim: "results";
  command: "run" | "compare" | "sweep";
  scenario: string;
  description?: string;
  seed: number;
  policies: string[];
  replications: number;
  /** Warm-up actually used, seconds, and how it was chosen. */
  warmup: { method: "fixed" | "mser5"; time: number };
  /** Hash of the scenario after overrides, the command and its policies: records with another fingerprint are another study. */
  fingerprint: string;
  shard: string | null;
  /** DGD-LB's step per policy where the scenario asked for "auto": the critical step and the fraction used. */
  stepSizes?: Record<string, StepSizeChoice>;
  /** A sweep's grid: the varied paths and each point's values; `policies` then lists "k/policy" labels. */
  sweep?: { varied: string[]; values: unknown[][]; policies: string[] };
}

export interface ReplicationRecord {
  policy: string;
  replication: number;
  result: RunResult;
}

export interface ResultsFile {
  header: StudyHeader;
  records: ReplicationRecord[];
}

/** A run as a results file holds it: {counts, metrics: {name: {point, batches}}}, one line of JSON. */
interface StoredRun {
  counts: RunResult["counts"];
  metrics: Record<string, MetricSample>;
}

/**
 * Writes a record's line, newline included, to `write` piece by piece: {policy, replication,
 * result: {counts, metrics: {name: {point, batches}}}} as JSON.stringify writes it. At 100 × 1,000
 * that is 10⁵ metric objects and arrays of batch values, 10 MB of JSON a replication; made whole,
 * the object outlived several collections of the young generation and was copied by each (2.4 s of
 * collecting for 6 records). Made and written METRICS_A_PIECE metrics at a time, each piece dies young.
 */
export function writeRecord(record: ReplicationRecord, write: (text: string) => void): void {
  write(`{"policy":${JSON.stringify(record.policy)},"replication":${JSON.stringify(record.replication)},"result":`);
  const run = record.result;
  write(`{"counts":${JSON.stringify(run.counts)},"metrics":{`);
  for (let from = 0; from < run.keys.length; from += METRICS_A_PIECE) {
    const metrics: Record<string, MetricSample> = {};
    const to = Math.min(from + METRICS_A_PIECE, run.keys.length);
    for (let m = from; m < to; m++) metrics[run.keys[m]!] = sampleAt(run, m);
    const text = JSON.stringify(metrics);
    write(`${from > 0 ? "," : ""}${text.slice(1, -1)}`);
  }
  write("}}}\n");
}
const METRICS_A_PIECE = 1024;

/** Back to columns. JSON writes NaN (a metric with no observations) as null; arithmetic on null would read it as 0. */
function runOf(stored: StoredRun): RunResult {
  const keys = Object.keys(stored.metrics);
  const points = new Float64Array(keys.length);
  const batches = new Float64Array(keys.length * BATCHES);
  keys.forEach((key, m) => {
    const s = stored.metrics[key]!;
    points[m] = s.point ?? NaN;
    for (let k = 0; k < BATCHES; k++) batches[m * BATCHES + k] = s.batches[k] ?? NaN;
  });
  return { counts: stored.counts, keys, points, batches };
}

/** Policies as names a study can have (no "__proto__"; a compare may name one twice) and a count of replications. */
function wellFormedHeader(h: StudyHeader): boolean {
  const p: unknown = h.policies;
  return Array.isArray(p) && p.length > 0 && p.every((x) => typeof x === "string" && x !== "__proto__") && Number.isInteger(h.replications) && h.replications >= 1;
}

/** {counts, metrics: {name: {point, batches: [...]}}}, as writeRecord writes a run. */
function isStoredRun(v: unknown): v is StoredRun {
  if (!isObject(v) || !isObject(v.counts) || !isObject(v.metrics)) return false;
  for (const key of Object.keys(v.metrics)) {
    const m = v.metrics[key];
    if (!isObject(m) || !Array.isArray(m.batches)) return false;
  }
  return true;
}

/**
 * Reads a results file. A last line without its newline is a record cut by a crash: it is
 * dropped (and `intactBytes` says where the intact part ends, for the resume to truncate to).
 *
 * Read a chunk at a time and a record at a time, not as one string: at 100 × 1,000 a record is
 * 10 MB of JSON, and a file of more than about 50 of them is longer than V8's longest string.
 * Each run read goes through keepFor(header) at once, so that a caller that summarises several
 * replications from their points keeps 1.3 MB a record there (withoutFrontendBatches), not the
 * 17.5 MB of every batch value.
 */
export function readResultsFile(path: string, keepFor: (header: StudyHeader) => (run: RunResult) => RunResult = () => (run) => run): ResultsFile & { intactBytes: number } {
  if (!existsSync(path)) throw new StudyError(`${path}: no such results file`);
  let header: StudyHeader | null = null;
  let keep = (run: RunResult): RunResult => run;
  const records: ReplicationRecord[] = [];
  const parse = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new StudyError(`${path}:${n + 1}: not a JSON line; the file is not an lbsim results file or was edited`);
    }
  };
  let policies = new Set<string>();
  const intactBytes = forEachLine(path, (line, n) => {
    if (n === 0) {
      header = parse(line, 0) as StudyHeader;
      if (header?.lbsim !== "results") throw new StudyError(`${path}:1: not an lbsim results file (its first line must be the study header written by --out)`);
      if (!wellFormedHeader(header)) throw new StudyError(`${path}:1: the study header's policies or replications are not as --out writes them; the file was edited`);
      policies = new Set(header.policies);
      keep = keepFor(header);
      return;
    }
    const rec = parse(line, n) as Omit<ReplicationRecord, "result"> & { result: StoredRun };
    // the record's policy and replication index the study's runs: checked, so that no name reaches
    // an object's prototype ("__proto__" wrote into every object) and no record crashes the merge
    if (!isObject(rec) || typeof rec.policy !== "string" || !policies.has(rec.policy) || !Number.isInteger(rec.replication) || rec.replication < 0 || !isStoredRun(rec.result)) {
      throw new StudyError(`${path}:${n + 1}: not a replication record of this study (its policy must be one the header lists, its replication an index, its result a run); the file was edited`);
    }
    records.push({ ...rec, result: keep(runOf(rec.result)) });
  });
  if (header === null) throw new StudyError(`${path}: empty results file (expected a header line written by lbsim run/compare --out)`);
  return { header, records, intactBytes };
}

/**
 * Calls each(line, n) for every non-empty line that ends in a newline, n counting those lines from
 * 0, reading the file `size` bytes at a time; returns the bytes up to the last newline.
 */
export function forEachLine(path: string, each: (line: string, n: number) => void, size = CHUNK): number {
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.allocUnsafe(size);
    let partial: Buffer[] = []; // the line being read, from earlier chunks
    let read = 0; // bytes read before this chunk
    let intact = 0;
    let n = 0;
    for (let got; (got = readSync(fd, chunk, 0, size, null)) > 0; read += got) {
      let start = 0;
      for (let end; (end = chunk.indexOf(NEWLINE, start)) >= 0 && end < got; start = end + 1) {
        // UTF-8 never puts the newline's byte inside another character: a line is whole bytes
        const piece = chunk.subarray(start, end);
        const line = partial.length === 0 ? piece.toString("utf8") : Buffer.concat([...partial, piece]).toString("utf8");
        partial = [];
        intact = read + end + 1;
        if (line.length > 0) each(line, n++);
      }
      if (start < got) partial.push(Buffer.from(chunk.subarray(start, got))); // a copy: the chunk is read into again
    }
    return intact;
  } finally {
    closeSync(fd);
  }
}
const CHUNK = 1 << 23;
const NEWLINE = 0x0a;

/** An open results file: records already there, and an append that reaches the disk before returning. */
export class ResultsLog {
  private constructor(
    readonly path: string,
    readonly records: ReplicationRecord[],
  ) {}

  /** Creates the file with its header, or reopens it for a resume after checking it holds the same study (each run read back passed through keep). */
  static open(path: string, header: StudyHeader, keep: (run: RunResult) => RunResult): ResultsLog {
    if (!existsSync(path)) {
      appendFileSync(path, JSON.stringify(header) + "\n");
      return new ResultsLog(path, []);
    }
    const found = readResultsFile(path, () => keep);
    if (found.header.fingerprint !== header.fingerprint || found.header.command !== header.command) {
      throw new StudyError(
        `${path} holds results of another study (${found.header.command} of ${found.header.scenario}, policies ${found.header.policies.join(",")}, seed ${found.header.seed}); ` +
          `give a new --out file, or delete this one to start over`,
      );
    }
    const fd = openSync(path, "r+");
    ftruncateSync(fd, found.intactBytes);
    closeSync(fd);
    return new ResultsLog(path, found.records);
  }

  append(record: ReplicationRecord): void {
    const fd = openSync(this.path, "a");
    writeRecord(record, (text) => writeSync(fd, text));
    fsyncSync(fd);
    closeSync(fd);
  }
}
