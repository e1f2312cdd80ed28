// `lbsim run --series`: the windowed mean latency rows agree with the request trace, and ids are RFC 4180 fields.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir, writeJson } from "../helpers.ts";

/** Minimal RFC 4180 reader (quoted fields with doubled quotes), enough to check round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let k = 0; k < text.length; k++) {
    const c = text[k]!;
    if (quoted) {
      if (c === '"' && text[k + 1] === '"') {
        field += '"';
        k++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

describe("lbsim run --series", () => {
  it("latency rows hold each window's mean end-to-end latency, per frontend and overall, exactly as the trace gives it", () => {
    const dir = tempDir();
    const ids = ['eu,west "1"', "us"];
    const scenario = writeJson(dir, "s.json", {
      name: "series",
      horizon: 20,
      frontends: ids.map((id) => ({ id, arrivals: { kind: "poisson", rate: 5 } })),
      backends: [{ id: "b,1", curve: { kind: "saturating", max: 20, half: 2 } }],
      latency: { unit: "ms", oneWay: Object.fromEntries(ids.map((id) => [id, { "b,1": 20 }])) },
      sample: { interval: 2 },
    });
    const series = join(dir, "series.csv");
    const trace = join(dir, "trace.csv");
    const r = cli(["run", scenario, "--series", series, "--trace", trace]);
    expect(r.status).toBe(0);
    const s = parseCsv(readFileSync(series, "utf8"));
    const t = parseCsv(readFileSync(trace, "utf8"));
    const header = s[0]!;
    expect(header).toEqual(["kind", "time", "frontend", "backend", "inSystem", "throughput", "share", "meanLatency", "completions"]);
    for (const row of s) expect(row.length).toBe(header.length);
    for (const row of t) expect(row.length).toBe(8);
    expect(new Set(t.slice(1).map((row) => row[1]))).toEqual(new Set(ids));
    const latencyRows = s.filter((row) => row[0] === "latency");
    expect(latencyRows.length).toBe(10 * 3);
    for (const row of latencyRows) {
      const time = Number(row[1]);
      const done = t.slice(1).filter((q) => Number(q[7]) > time - 2 && Number(q[7]) <= time && (row[2] === "" || q[1] === row[2]));
      expect(Number(row[8])).toBe(done.length);
      if (done.length === 0) expect(row[7]).toBe("");
      else {
        const mean = done.reduce((a, q) => a + Number(q[7]) - Number(q[4]), 0) / done.length;
        expect(Math.abs(Number(row[7]) - mean)).toBeLessThan(1e-9);
      }
    }
  });
});
