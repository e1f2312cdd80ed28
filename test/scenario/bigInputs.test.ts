// Inputs at the scale of real traces and fleets: a 10^6-row trace and 100×1,000 latency pairs.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { closeSync, openSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir, writeJson } from "../helpers.ts";
import { loadScenario } from "../../src/scenario/loadScenario.ts";

describe("big inputs", () => {
  it("a 10^6-row trace loads in seconds, holding its numeric columns, not its text", () => {
    const dir = tempDir();
    const csv = join(dir, "trace.csv");
    const fd = openSync(csv, "w");
    writeSync(fd, "arrival_s,prompt_tokens,output_tokens\n");
    let chunk = "";
    for (let k = 0; k < 1_000_000; k++) {
      chunk += `${(k * 0.001).toFixed(6)},${300 + (k % 97)},${50 + (k % 211)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = "";
      }
    }
    writeSync(fd, chunk);
    closeSync(fd);
    const bytes = statSync(csv).size;
    writeJson(dir, "s.json", {
      horizon: 1000,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "trace.csv", sizeColumn: "output_tokens" } }],
      backends: [{ id: "b", curve: { kind: "saturating", max: 1e5, half: 4 } }],
    });
    // measured in a fresh process (the built package), so the figures are the load's alone
    const script = `
      import { loadScenario } from ${JSON.stringify(join(ROOT, "dist", "index.js"))};
      global.gc(); const before = process.memoryUsage();
      const t = performance.now();
      const s = await loadScenario(${JSON.stringify(join(dir, "s.json"))});
      const seconds = (performance.now() - t) / 1000;
      global.gc(); await new Promise((r) => setTimeout(r, 50)); global.gc(); const after = process.memoryUsage();
      console.log(JSON.stringify({ seconds, rows: s.frontends[0].arrivals.times.length, heapMB: (after.heapUsed - before.heapUsed) / 2 ** 20, arrayMB: (after.arrayBuffers - before.arrayBuffers) / 2 ** 20 }));`;
    const m = JSON.parse(execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" }));
    expect(m.rows).toBe(1_000_000);
    expect(m.seconds).toBeLessThan(20); // a few seconds on a busy 2-core machine; the README gives the measured figure
    // two columns read (time, size) and the trace's two arrays: 4 × 8 MB (typed-array memory is
    // released lazily, so allow up to twice that); the text is never held on the heap
    expect(m.arrayMB).toBeLessThan(64);
    expect(m.heapMB).toBeLessThan(bytes / 2 ** 20 / 2);
    process.stdout.write(`10^6-row trace (${(bytes / 2 ** 20).toFixed(0)} MB): ${m.seconds.toFixed(2)} s, ${m.arrayMB.toFixed(0)} MB of typed arrays, heap +${m.heapMB.toFixed(1)} MB\n`);
  });

  it("a scenario with 100 × 1,000 latency pairs validates in well under a second", () => {
    const F = 100;
    const B = 1000;
    const oneWay: Record<string, Record<string, number>> = {};
    for (let i = 0; i < F; i++) oneWay[`f${i}`] = Object.fromEntries(Array.from({ length: B }, (_, j) => [`b${j}`, 5 + ((i * 7 + j * 13) % 16) * 5]));
    const s = {
      horizon: 10,
      frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate: 100 } })),
      backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 20, half: 4 } })),
      latency: { unit: "ms", oneWay },
      policy: { kind: "random" },
    };
    loadScenario(s); // warm the JIT
    const t = performance.now();
    const loaded = loadScenario(s);
    const seconds = (performance.now() - t) / 1000;
    expect(loaded.oneWay.length).toBe(F * B);
    expect(seconds).toBeLessThan(1);
  });
});
