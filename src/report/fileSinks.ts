// CSV writers for --trace and --series: buffered, flushed as the run goes so memory stays flat.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { outputTarget } from "./atomicWrite.ts";
import type { SeriesSink, TraceSink } from "../engine/sinks.ts";

const FLUSH_BYTES = 1 << 16;

/**
 * Written under a temporary name beside the target and renamed on close: a crash mid-run leaves
 * the previous file (or none), never half of one. A target that is not a file (/dev/stdout, a FIFO)
 * is written as the run goes (outputTarget).
 */
class BufferedFile {
  private fd: number;
  private buffer = "";
  private readonly temporary: string;
  private readonly renamed: boolean;
  constructor(
    private readonly path: string,
    header: string,
  ) {
    const target = outputTarget(path);
    this.temporary = target.writeTo;
    this.renamed = target.renamed;
    this.fd = openSync(this.temporary, "w");
    this.buffer = header + "\n";
  }
  line(text: string): void {
    this.buffer += text + "\n";
    if (this.buffer.length > FLUSH_BYTES) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.buffer);
    this.buffer = "";
  }
  close(): void {
    this.flush();
    if (this.renamed) fsyncSync(this.fd);
    closeSync(this.fd);
    if (this.renamed) renameSync(this.temporary, this.path);
  }
}

/** Shortest round-trip decimal: byte-identical for identical doubles. */
const num = (x: number) => String(x);

/** A user string as one RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The --trace CSV; on LLM engines it adds inputTokens,outputTokens,firstToken (the first token's arrival at the frontend). */
export function traceFile(path: string, llm = false): TraceSink & { close(): void } {
  const f = new BufferedFile(path, `id,frontend,backend,size,born,arrivedBackend,departedBackend,completed${llm ? ",inputTokens,outputTokens,firstToken" : ""}`);
  let tokens = "";
  return {
    tokens(input, output, firstToken) {
      tokens = `,${input},${output},${num(firstToken)}`;
    },
    request(id, fe, be, size, born, arrived, departed, completed) {
      f.line(`${id},${csvField(fe)},${csvField(be)},${num(size)},${num(born)},${num(arrived)},${num(departed)},${num(completed)}${tokens}`);
    },
    close: () => f.close(),
  };
}

export function seriesFile(path: string): SeriesSink & { close(): void } {
  const f = new BufferedFile(path, "kind,time,frontend,backend,inSystem,throughput,share,meanLatency,completions");
  return {
    backend(time, be, inSystem, throughput) {
      f.line(`backend,${num(time)},,${csvField(be)},${inSystem},${num(throughput)},,,`);
    },
    routing(time, fe, be, share) {
      f.line(`routing,${num(time)},${csvField(fe)},${csvField(be)},,,${num(share)},,`);
    },
    latency(time, fe, meanLatency, completions) {
      f.line(`latency,${num(time)},${fe === null ? "" : csvField(fe)},,,,,${meanLatency === meanLatency ? num(meanLatency) : ""},${completions}`);
    },
    close: () => f.close(),
  };
}
