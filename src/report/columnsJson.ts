// Results whose metrics are columns (MetricColumns), written as the JSON of their dictionaries: the bytes of
// JSON.stringify(result, null, 2) without building 10^5 estimate objects per metrics object and a string of
// tens of MB first (a run at 100×1,000 has one share metric per frontend-backend pair; for `run` the object,
// the string and their garbage took ~0.5 s, for `compare` of two policies over 1 s).
import { metricsRecord, type MetricColumns } from "../experiment/summarize.ts";

/** Bytes handed on at a time (a pipe takes 1 MB slices far faster than one 16 MB write). */
const CHUNK = 1 << 20;

/** Marks the n-th metrics object in the skeleton; JSON writes its NUL characters as \\u0000. */
const SENTINEL = "\u0000lbsim-metric-columns-";

export function isMetricColumns(v: unknown): v is MetricColumns {
  return typeof v === "object" && v !== null && (v as MetricColumns).estimate instanceof Float64Array && (v as MetricColumns).n instanceof Int32Array && Array.isArray((v as MetricColumns).keys);
}

/**
 * Hands on a chunk of output; returns true when it is done with the bytes (written through, not
 * queued), so the writer may fill the same buffer again. Anything else: the writer takes a fresh one.
 */
export type ChunkSink = (bytes: Uint8Array) => unknown;

/**
 * Writes `value` as JSON.stringify(value, null, 2) would write it with every MetricColumns in it
 * replaced by its dictionary (metricsRecord), through emit in chunks; no newline at the end.
 */
export function writeJsonWithColumns(value: unknown, emit: ChunkSink): void {
  const out = new ByteWriter(emit, () => Buffer.allocUnsafe(CHUNK));
  for (const _ of jsonChunks(value, out)); // each chunk went to emit as it filled
}

/**
 * The part of a stream this writer uses: write(chunk, callback), the callback once the chunk is
 * written, and how many bytes it still holds (0 right after a write: it wrote the chunk through).
 */
export interface ChunkStream {
  write(chunk: Uint8Array, callback: (err?: Error | null) => void): unknown;
  readonly writableLength?: number;
}

/** Chunks written but not yet called back, at most: the writer waits for the oldest beyond this. */
const IN_FLIGHT = 2;

/**
 * writeJsonWithColumns into a stream, a few buffers in turn: each is filled again once its chunk
 * has been written. A pipe queues what its reader has not taken yet, so a writer that never waited
 * held the whole output in fresh buffers (15–19 MB for a run at 100 × 1,000; on a VM that faults a
 * page in 11 µs, about 50 ms). This one waits while more than IN_FLIGHT chunks are unwritten, so it
 * fills IN_FLIGHT + 2 buffers in turn (one being filled, one handed on since the last wait); a
 * stream that writes through (a file, a terminal) gets the same buffer again at once.
 */
export async function streamJsonWithColumns(value: unknown, stream: ChunkStream): Promise<void> {
  const spare: Buffer[] = [];
  const writing: Promise<void>[] = [];
  const out = new ByteWriter(
    (bytes, own) => {
      let calledBack = false;
      let refilled = false;
      writing.push(
        new Promise((resolve) =>
          stream.write(bytes, () => {
            calledBack = true;
            if (own && !refilled) spare.push(own);
            resolve();
          }),
        ),
      );
      // written through: the writer fills the buffer again now (the callback, later, must not hand it
      // back a second time); a callback that already ran has put it with the spares
      refilled = !calledBack && stream.writableLength === 0;
      return refilled;
    },
    () => spare.pop() ?? Buffer.allocUnsafe(CHUNK),
  );
  for (const _ of jsonChunks(value, out)) while (writing.length > IN_FLIGHT) await writing.shift();
  await Promise.all(writing);
}

/**
 * The JSON through out, pausing (yield) after each write that handed a chunk on: a driver may wait
 * there for a buffer to come back. A metrics object is written entry by entry.
 */
function* jsonChunks(value: unknown, out: ByteWriter): Generator<void, void, void> {
  const columns: MetricColumns[] = [];
  // everything but the metrics through JSON.stringify, each metrics object a sentinel string
  const skeleton = JSON.stringify(value, (_key, v: unknown) => (isMetricColumns(v) ? `${SENTINEL}${columns.push(v) - 1}\u0000` : v), 2);
  const written = (n: number) => JSON.stringify(`${SENTINEL}${n}\u0000`);
  const sentinels = skeleton.split(JSON.stringify(SENTINEL).slice(0, -1)).length - 1;
  // a name given twice (ids with dots can spell one metric's name as another's: the dictionary keeps
  // one), or a user's string that spells a sentinel: the dictionaries, stringified
  if (sentinels !== columns.length || !columns.every((c) => distinctKeys(c.keys))) {
    out.text(JSON.stringify(value, (_key, v: unknown) => (isMetricColumns(v) ? metricsRecord(v) : v), 2));
    return out.flush();
  }
  let from = 0;
  for (let n = 0; n < columns.length; n++) {
    const at = skeleton.indexOf(written(n), from);
    out.text(skeleton.slice(from, at));
    yield;
    // the line's indent is the metrics object's: its keys sit a level deeper, their fields two
    const line = skeleton.slice(skeleton.lastIndexOf("\n", at) + 1, at);
    yield* metricsJson(columns[n]!, out, line.length - line.trimStart().length);
    from = at + written(n).length;
  }
  out.text(skeleton.slice(from));
  out.flush();
}

/**
 * Whether no key repeats: an open-addressing table of indices by FNV-1a hash, strings compared only
 * on a hash match (a Set of 10^5 metric names took 45 ms, this 10). A frozen array's answer is kept:
 * a study's runs share their names (a compare's policies and differences print the same array, 2P − 1
 * times; 0.2 s each at 1,000 × 1,000).
 */
export function distinctKeys(keys: readonly string[]): boolean {
  let known = distinct.get(keys);
  if (known === undefined) {
    known = hashedDistinct(keys);
    if (Object.isFrozen(keys)) distinct.set(keys, known);
  }
  return known;
}
const distinct = new WeakMap<readonly string[], boolean>();

function hashedDistinct(keys: readonly string[]): boolean {
  let size = 1;
  while (size < 2 * keys.length) size *= 2;
  const mask = size - 1;
  const table = new Int32Array(size).fill(-1);
  for (let m = 0; m < keys.length; m++) {
    const key = keys[m]!;
    let h = 0x811c9dc5;
    for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const other = table[at]!;
      if (other === -1) {
        table[at] = m;
        break;
      }
      if (keys[other] === key) return false;
    }
  }
  return true;
}

/** A metrics object whose own key sits at `indent` spaces: each estimate's fields in Estimate's order; pauses after an entry that handed a chunk on. */
function* metricsJson(c: MetricColumns, out: ByteWriter, indent: number): Generator<void, void, void> {
  const M = c.keys.length;
  if (M === 0) return out.ascii("{}");
  const key = " ".repeat(indent + 2);
  const field = `\n${" ".repeat(indent + 4)}`;
  const open = `: {${field}"estimate": `;
  const halfWidth = `,${field}"halfWidth": `;
  const level = `,${field}"level": ${number(c.level)},${field}"n": `;
  const method = `,${field}"method": ${JSON.stringify(c.method)}\n${key}}`;
  out.ascii("{\n");
  for (let m = 0; m < M; m++) {
    const handedOn = out.handedOn;
    out.ascii(m === 0 ? key : `,\n${key}`);
    out.name(c.keys[m]!);
    out.ascii(open);
    out.ascii(number(c.estimate[m]!));
    out.ascii(halfWidth);
    out.ascii(number(c.halfWidth[m]!));
    out.ascii(level);
    out.ascii(String(c.n[m]!));
    out.ascii(method);
    if (out.handedOn !== handedOn) yield;
  }
  out.ascii(`\n${" ".repeat(indent)}}`);
}

/** A number as JSON writes it: the shortest round-trip digits, null when not finite. */
const number = (x: number): string => (Number.isFinite(x) ? String(x) : "null");

/**
 * UTF-8 into fixed-size buffers, each handed on when full: the same buffer again when the receiver
 * says it is done with it, else one from `fresh` (the receiver may keep the bytes). A run at
 * 100 × 1,000 writes 15–19 MB, and a fresh buffer per chunk was as many fresh pages (about 45 ms
 * on a VM that faults a page in 11 µs).
 */
class ByteWriter {
  private buffer: Buffer;
  private at = 0;
  /** Chunks handed on so far. */
  handedOn = 0;

  /** emit's `own` is the buffer behind the bytes when the writer would fill it again (null for a one-off). */
  constructor(
    private readonly emit: (bytes: Uint8Array, own: Buffer | null) => unknown,
    private readonly fresh: () => Buffer,
  ) {
    this.buffer = fresh();
  }

  /** A string of code units below 128 (the caller knows). */
  ascii(s: string): void {
    if (s.length > CHUNK) return this.text(s);
    if (this.at + s.length > CHUNK) this.handOn();
    const b = this.buffer;
    let at = this.at;
    for (let k = 0; k < s.length; k++) b[at++] = s.charCodeAt(k);
    this.at = at;
  }

  /** A JSON string literal of s: as is between quotes when nothing needs escaping, else JSON.stringify's escapes. */
  name(s: string): void {
    for (let k = 0; k < s.length; k++) {
      const code = s.charCodeAt(k);
      if (code < 0x20 || code === 0x22 || code === 0x5c || code >= 0x7f) return this.text(JSON.stringify(s));
    }
    this.ascii('"');
    this.ascii(s);
    this.ascii('"');
  }

  /** Any string, as UTF-8. */
  text(s: string): void {
    const bytes = Buffer.byteLength(s, "utf8");
    if (this.at + bytes > CHUNK) this.handOn();
    if (bytes > CHUNK) {
      this.emit(Buffer.from(s, "utf8"), null); // a buffer of its own, never filled again
      this.handedOn++;
      return;
    }
    this.at += this.buffer.write(s, this.at, "utf8");
  }

  flush(): void {
    this.handOn();
  }

  private handOn(): void {
    if (this.at === 0) return;
    if (this.emit(this.buffer.subarray(0, this.at), this.buffer) !== true) this.buffer = this.fresh();
    this.at = 0;
    this.handedOn++;
  }
}
