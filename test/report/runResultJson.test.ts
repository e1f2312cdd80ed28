// `lbsim run --json` is written from the metrics' columns: its bytes must be JSON.stringify's of the result object.
import { describe, expect, it } from "vitest";
import { writeRunResultJson } from "../../src/report/runResultJson.ts";
import { runStudyColumns, runStudyResult } from "../../src/experiment/studyResult.ts";
import { BATCHES, type RunResult } from "../../src/stats/runMetrics.ts";
import { replicate, scenarioFrom } from "../helpers.ts";

function written(header: Parameters<typeof runStudyColumns>[0], runs: RunResult[]): { text: string; chunks: number } {
  const chunks: Uint8Array[] = [];
  writeRunResultJson(runStudyColumns(header, runs), (bytes) => chunks.push(Uint8Array.from(bytes)));
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

describe("run result JSON from columns", () => {
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

  it("writes an empty metrics object as {}", () => {
    const runs: RunResult[] = [{ counts: { arrived: 0, completed: 0, inFlight: 0 }, keys: [], points: new Float64Array(0), batches: new Float64Array(0) }];
    expect(written(header("none"), runs).text).toBe(JSON.stringify(runStudyResult(header("none"), runs), null, 2));
  });
});
