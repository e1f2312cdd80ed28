// `lbsim run --json` written from the metrics' columns: the bytes of JSON.stringify(result, null, 2)
// without building 10^5 estimate objects and a 15 MB string first (a run at 100×1,000 has one share
// metric per frontend-backend pair; the object, the string and their garbage took ~0.5 s).
import type { RunStudyColumns } from "../experiment/studyResult.ts";
import { metricsRecord, type MetricColumns } from "../experiment/summarize.ts";

/** Bytes handed on at a time (a pipe takes 1 MB slices far faster than one 16 MB write). */
const CHUNK = 1 << 20;

/** Writes the result as JSON (2-space indent, like JSON.stringify(result, null, 2)) through emit, in chunks; no newline at the end. */
export function writeRunResultJson(result: RunStudyColumns, emit: (bytes: Uint8Array) => void): void {
  const out = new ByteWriter(emit);
  if (!distinct(result.metrics.keys)) {
    // a name given twice (ids with dots can spell one metric's name as another's): the dictionary keeps one
    out.text(JSON.stringify({ ...result, metrics: metricsRecord(result.metrics) }, null, 2));
    return out.flush();
  }
  // everything but the metrics through JSON.stringify; a raw newline followed by two spaces only
  // begins a top-level field (strings' newlines are escaped), so the placeholder is found exactly
  const rest = JSON.stringify({ ...result, metrics: {} }, null, 2);
  const at = rest.indexOf(PLACEHOLDER);
  out.text(rest.slice(0, at + PLACEHOLDER.length - 2));
  metricsJson(result.metrics, out);
  out.text(rest.slice(at + PLACEHOLDER.length));
  out.flush();
}

const PLACEHOLDER = '\n  "metrics": {}';

function distinct(keys: string[]): boolean {
  return new Set(keys).size === keys.length;
}

/** The metrics object at depth 1: each estimate's fields in Estimate's order. */
function metricsJson(c: MetricColumns, out: ByteWriter): void {
  const M = c.keys.length;
  if (M === 0) return out.ascii("{}");
  const level = `,\n      "level": ${number(c.level)},\n      "n": `;
  const method = `,\n      "method": ${JSON.stringify(c.method)}\n    }`;
  out.ascii("{\n");
  for (let m = 0; m < M; m++) {
    out.ascii(m === 0 ? "    " : ",\n    ");
    out.name(c.keys[m]!);
    out.ascii(': {\n      "estimate": ');
    out.ascii(number(c.estimate[m]!));
    out.ascii(',\n      "halfWidth": ');
    out.ascii(number(c.halfWidth[m]!));
    out.ascii(level);
    out.ascii(String(c.n[m]!));
    out.ascii(method);
  }
  out.ascii("\n  }");
}

/** A number as JSON writes it: the shortest round-trip digits, null when not finite. */
const number = (x: number): string => (Number.isFinite(x) ? String(x) : "null");

/** UTF-8 into fixed-size buffers, each handed on when full (a fresh one each time: the receiver may keep it). */
class ByteWriter {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private at = 0;

  constructor(private readonly emit: (bytes: Uint8Array) => void) {}

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
    if (bytes > CHUNK) return this.emit(Buffer.from(s, "utf8"));
    this.at += this.buffer.write(s, this.at, "utf8");
  }

  flush(): void {
    this.handOn();
  }

  private handOn(): void {
    if (this.at === 0) return;
    this.emit(this.buffer.subarray(0, this.at));
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.at = 0;
  }
}
