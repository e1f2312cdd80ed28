// `lbsim run --json` and `compare --json` are written from the metrics' columns: their bytes must be JSON.stringify's of the result objects.
import { describe, expect, it } from "vitest";
import { isMetricColumns, streamJsonWithColumns, writeJsonWithColumns } from "../../src/report/columnsJson.ts";
import { compareStudyColumns, compareStudyResult, runStudyColumns, runStudyResult } from "../../src/experiment/studyResult.ts";
import type { StudyHeader } from "../../src/experiment/resultsLog.ts";
import { sweepStudyColumns, sweepStudyResult } from "../../src/experiment/sweepResult.ts";
import { BATCHES, type RunResult } from "../../src/stats/runMetrics.ts";
import { replicate, scenarioFrom } from "../helpers.ts";

function written(header: Parameters<typeof runStudyColumns>[0], runs: RunResult[]): { text: string; chunks: number } {
  return writtenJson(runStudyColumns(header, runs));
}

function writtenJson(value: unknown): { text: string; chunks: number } {
  const chunks: Uint8Array[] = [];
  writeJsonWithColumns(value, (bytes) => chunks.push(Uint8Array.from(bytes)));
  return { text: Buffer.concat(chunks).toString("utf8"), chunks: chunks.length };
}

const header = (name: string) => ({ scenario: name, seed: 7, policies: ["random"], warmup: { method: "mser5" as const, time: 1.5 } });

/** A two-frontend fleet whose ids need JSON escapes, leave the ASCII range, or spell one metric's name as another's. */
function fleet(frontends: string[], backends: string[]) {
  return scenarioFrom({
    name: 'odd "names" ✓ 😀',
    seed: 3,
    horizon: 40,
    warmup: 2,
    frontends: frontends.map((id) => ({ id, arrivals: { kind: "poisson", rate: 1 } })),
    backends: backends.map((id) => ({ id, curve: { kind: "linear-capped", rate: 2, slots: 1 } })),
    latency: { unit: "ms", oneWay: Object.fromEntries(frontends.map((f) => [f, Object.fromEntries(backends.map((b) => [b, 10]))])) },
    policy: { kind: "random" },
  });
}

describe("results' JSON from columns", () => {
  it("is JSON.stringify(result, null, 2) for ids with quotes, controls, non-ASCII and lone surrogates, one run or several", () => {
    const s = fleet(['f"q\\x', "fé", "f😀"], ["b\ttab", "b\u007f", "b\ud83d"]);
    for (const runs of [replicate(s, 1), replicate(s, 3)]) {
      const h = header(s.name);
      expect(written(h, runs).text).toBe(JSON.stringify(runStudyResult(h, runs), null, 2));
    }
  });

  it("keeps one entry for a name two metrics share, as the dictionary does", () => {
    // frontend "x.share" and backend "latency.mean": frontend.x.share.latency.mean is a share and frontend x's latency
    const s = fleet(["x.share", "x"], ["latency.mean", "b"]);
    const runs = replicate(s, 1);
    const text = written(header(s.name), runs).text;
    expect(text).toBe(JSON.stringify(runStudyResult(header(s.name), runs), null, 2));
    expect(text.split('"frontend.x.share.latency.mean"').length).toBe(2);
  });

  it("finds a repeated name among 60,000 (the first and the last) and writes the dictionary's one entry", () => {
    const M = 60_000;
    const keys = Array.from({ length: M }, (_, m) => (m === M - 1 ? "frontend.f0.share.b0" : `frontend.f${m % 300}.share.b${m}`));
    const runs: RunResult[] = [{ counts: { arrived: 1, completed: 1, inFlight: 0 }, keys, points: new Float64Array(M).fill(1), batches: new Float64Array(M * BATCHES).fill(1) }];
    const text = written(header("repeated"), runs).text;
    expect(text).toBe(JSON.stringify(runStudyResult(header("repeated"), runs), null, 2));
    expect(text.split('"frontend.f0.share.b0"').length).toBe(2);
  });

  it("fills one buffer again when the sink is done with each chunk, and writes the same bytes", () => {
    const M = 30_000;
    const keys = Array.from({ length: M }, (_, m) => `frontend.f${m % 100}.share.b${m}`);
    const runs: RunResult[] = [
      {
        counts: { arrived: 1, completed: 1, inFlight: 0 },
        keys,
        points: Float64Array.from({ length: M }, (_, m) => m / 7),
        batches: Float64Array.from({ length: M * BATCHES }, (_, k) => Math.cos(k)),
      },
    ];
    const copies: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    writeJsonWithColumns(runStudyColumns(header("reused"), runs), (bytes) => {
      copies.push(Uint8Array.from(bytes));
      buffers.add(bytes.buffer);
      return true;
    });
    expect(copies.length).toBeGreaterThan(3);
    expect(buffers.size).toBe(1);
    expect(Buffer.concat(copies).toString("utf8")).toBe(JSON.stringify(runStudyResult(header("reused"), runs), null, 2));
  });

  it("into a stream that calls back later (a pipe): the same bytes from four buffers in turn, each filled again only after its chunk was written", async () => {
    const M = 40_000;
    const keys = Array.from({ length: M }, (_, m) => `frontend.f${m % 100}.share.b${m}`);
    const runs: RunResult[] = [
      {
        counts: { arrived: 1, completed: 1, inFlight: 0 },
        keys,
        points: Float64Array.from({ length: M }, (_, m) => m / 3),
        batches: Float64Array.from({ length: M * BATCHES }, (_, k) => Math.sin(k)),
      },
    ];
    const copies: Uint8Array[] = [];
    const buffers = new Set<ArrayBufferLike>();
    const unwritten = new Set<ArrayBufferLike>();
    let mostInFlight = 0;
    const stream = {
      write(chunk: Uint8Array, callback: () => void) {
        // a buffer handed on again before its earlier chunk was written would have been overwritten
        expect(unwritten.has(chunk.buffer)).toBe(false);
        unwritten.add(chunk.buffer);
        mostInFlight = Math.max(mostInFlight, unwritten.size);
        buffers.add(chunk.buffer);
        copies.push(Uint8Array.from(chunk));
        setTimeout(() => {
          unwritten.delete(chunk.buffer);
          callback();
        }, 1);
        return false;
      },
    };
    await streamJsonWithColumns(runStudyColumns(header("streamed"), runs), stream);
    expect(copies.length).toBeGreaterThan(5);
    expect(buffers.size).toBe(4);
    expect(mostInFlight).toBe(3);
    expect(Buffer.concat(copies).toString("utf8")).toBe(JSON.stringify(runStudyResult(header("streamed"), runs), null, 2));
  });

  it("into a stream that writes through (a file) one buffer, and into one that calls back at once the same bytes", async () => {
    const M = 30_000;
    const keys = Array.from({ length: M }, (_, m) => `frontend.f${m % 100}.share.b${m}`);
    const runs: RunResult[] = [
      {
        counts: { arrived: 1, completed: 1, inFlight: 0 },
        keys,
        points: Float64Array.from({ length: M }, (_, m) => m / 9),
        batches: Float64Array.from({ length: M * BATCHES }, (_, k) => Math.cos(k / 3)),
      },
    ];
    const expected = JSON.stringify(runStudyResult(header("through"), runs), null, 2);
    for (const callBack of ["next tick", "at once"] as const) {
      const copies: Uint8Array[] = [];
      const buffers = new Set<ArrayBufferLike>();
      const stream = {
        writableLength: 0,
        write(chunk: Uint8Array, callback: () => void) {
          copies.push(Uint8Array.from(chunk));
          buffers.add(chunk.buffer);
          if (callBack === "at once") callback();
          else process.nextTick(callback);
          return true;
        },
      };
      await streamJsonWithColumns(runStudyColumns(header("through"), runs), stream);
      expect(Buffer.concat(copies).toString("utf8")).toBe(expected);
      if (callBack === "next tick") expect(buffers.size).toBe(1);
    }
  });

  it("writes null for estimates and half-widths that are not finite, and spans many 1 MB chunks", () => {
    const M = 60_000; // ~10 MB of JSON
    const keys = Array.from({ length: M }, (_, m) => `frontend.f${m % 300}.share.b${m}`);
    const points = Float64Array.from({ length: M }, (_, m) => (m % 7 === 0 ? NaN : m % 11 === 0 ? Infinity : m / 3));
    const batches = Float64Array.from({ length: M * BATCHES }, (_, k) => (Math.floor(k / BATCHES) % 5 === 0 ? NaN : Math.sin(k)));
    const runs: RunResult[] = [{ counts: { arrived: 1, completed: 1, inFlight: 0 }, keys, points, batches }];
    const { text, chunks } = written(header("big"), runs);
    expect(chunks).toBeGreaterThan(8);
    expect(text).toBe(JSON.stringify(runStudyResult(header("big"), runs), null, 2));
    expect(text).toContain('"estimate": null');
    expect(text).toContain('"halfWidth": null');
  });

  it("writes compare's metrics at their depths (policies' and differences'), a policy that lacks metrics, and odd labels", () => {
    const s = fleet(['f"q', "fé"], ["b1", "b2"]);
    const runs = { random: replicate(s, 3), 'x "y" ✓': replicate(s, 3) };
    // a policy's runs that lack a metric: the difference skips it
    runs['x "y" ✓'] = runs['x "y" ✓'].map((r) => ({ ...r, keys: r.keys.slice(1), points: r.points.slice(1), batches: r.batches.slice(BATCHES) }));
    const h = { policies: ["random", 'x "y" ✓'], warmup: { method: "mser5", time: 2 }, stepSizes: { random: { chosen: 1 } } } as unknown as StudyHeader;
    const columns = compareStudyColumns(h, runs);
    expect(isMetricColumns(columns.differences['x "y" ✓'])).toBe(true);
    expect(writtenJson(columns).text).toBe(JSON.stringify(compareStudyResult(h, runs), null, 2));
  });

  it("writes a sweep's metrics, two points deep, as its dictionaries would be written", () => {
    const s = fleet(["f0", "f1"], ["b1", "b2"]);
    const runs = { "0/random": replicate(s, 2), "0/jsq": replicate(s, 2), "1/random": replicate(s, 2), "1/jsq": replicate(s, 2) };
    const h = { replications: 2, sweep: { varied: ["load"], values: [[0.5], [1]], policies: ["random", "jsq"] }, stepSizes: { "1/jsq": { chosen: 2 } } } as unknown as StudyHeader;
    expect(writtenJson(sweepStudyColumns(h, runs)).text).toBe(JSON.stringify(sweepStudyResult(h, runs), null, 2));
  });

  it("falls back to the dictionaries when a user's string spells the placeholder", () => {
    const runs = replicate(fleet(["f"], ["b"]), 1);
    const h = header("\u0000lbsim-metric-columns-0\u0000");
    expect(written(h, runs).text).toBe(JSON.stringify(runStudyResult(h, runs), null, 2));
  });

  it("writes an empty metrics object as {}", () => {
    const runs: RunResult[] = [{ counts: { arrived: 0, completed: 0, inFlight: 0 }, keys: [], points: new Float64Array(0), batches: new Float64Array(0) }];
    expect(written(header("none"), runs).text).toBe(JSON.stringify(runStudyResult(header("none"), runs), null, 2));
  });
});
