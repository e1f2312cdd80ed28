// Charts and tables people read: one colour per policy everywhere, a dash legend that shows dashes, charts
// that fit the report's column, routing averaged over windows, and a table column's numbers with equal decimals.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir, wideFleetSpec, writeJson } from "../helpers.ts";
import { sweepSvg } from "../../src/report/sweepOutput.ts";
import { policyColor } from "../../src/report/policyColors.ts";
import { POLICY_KINDS } from "../../src/policies/registry.ts";
import { RoutingWindowSums, type RoutingRow } from "../../src/report/routingWindows.ts";
import { topBackendRows } from "../../src/report/chartSubsets.ts";
import { CONTENT_WIDTH } from "../../src/report/htmlReport.ts";
import { estimateColumn } from "../../src/report/columnFormat.ts";
import type { SweepStudyResult } from "../../src/experiment/sweepResult.ts";

const e = (estimate: number, halfWidth = 0.01) => ({ estimate, halfWidth, level: 0.95, n: 2, method: "replications" as const });

/** A sweep over latency.scale × load with the given policies (figures made up: only the drawing is tested). */
function sweep(policies: string[]): SweepStudyResult {
  const points = [1, 2].flatMap((scale) =>
    [0.7, 0.9].map((load) => ({
      values: { "latency.scale": scale, load },
      policies: Object.fromEntries(policies.map((p, k) => [p, { metrics: { "latency.mean": e(0.3 + 0.01 * k * scale * load), "latency.p99": e(1 + 0.02 * k) } }])),
      differences: {},
      warnings: [],
    })),
  );
  return { varied: ["latency.scale", "load"], replications: 2, reference: policies[0]!, points } as unknown as SweepStudyResult;
}

/** The legend entries of a Vega SVG: each symbol's attributes and its label. */
function legend(svg: string): { attrs: string; label: string }[] {
  const re = /role-legend-symbol"[^>]*><path ([^>]*)\/><\/g><g class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g;
  return [...svg.matchAll(re)].map((m) => ({ attrs: m[1]!, label: m[2]! }));
}

describe("sweep chart", () => {
  it("a policy has the same colour whatever the policies beside it, and the other varied path's legend shows distinct dash patterns", async () => {
    const a = legend(await sweepSvg(sweep(["dgd-lb", "sed", "jsq"])));
    const b = legend(await sweepSvg(sweep(["sed", "random"])));
    for (const entries of [a, b]) {
      for (const { attrs, label } of entries.filter((x) => POLICY_KINDS.includes(x.label))) expect(attrs).toContain(`stroke="${policyColor(label)}"`);
    }
    const sedA = a.find((x) => x.label === "sed")!.attrs.match(/stroke="([^"]+)"/)![1];
    const sedB = b.find((x) => x.label === "sed")!.attrs.match(/stroke="([^"]+)"/)![1];
    expect(sedA).toBe(sedB);
    const loads = a.filter((x) => x.label.startsWith("load="));
    expect(loads.map((x) => x.label)).toEqual(["load=0.7", "load=0.9"]);
    for (const x of loads) expect(x.attrs).toMatch(/d="M-?\d+,0L\d+,0"/); // a stroke, not a dot
    const dashes = loads.map((x) => x.attrs.match(/stroke-dasharray="([^"]+)"/)?.[1]);
    expect(new Set(dashes).size).toBe(2);
  });

  it("every registered policy kind has its own colour", () => {
    expect(new Set(POLICY_KINDS.map((k) => policyColor(k))).size).toBe(POLICY_KINDS.length);
  });
});

describe("routing windows", () => {
  /** The window means of these samples, over the frontends and backends they name. */
  function windowed(samples: RoutingRow[], horizon: number, interval: number, frontends = ["f"], backends = ["b"]) {
    const sums = new RoutingWindowSums(horizon, interval, frontends, backends);
    for (const r of samples) sums.add(r.time, r.frontend, r.backend, r.share);
    return { width: sums.width, rows: sums.rows() };
  }

  it("averages noisy per-sample shares over round windows of about a fortieth of the run", () => {
    const rows = Array.from({ length: 1000 }, (_, k) => ({ time: 0.1 * (k + 1), frontend: "f", backend: "b", share: k % 2 }));
    const { width, rows: windows } = windowed(rows, 100, 0.1);
    expect(width).toBe(5); // 100 / 40 = 2.5, rounded up to 1-2-5
    expect(windows).toHaveLength(20);
    for (const w of windows) expect(w.share).toBeCloseTo(0.5, 12);
    expect(windows.map((w) => w.time)).toEqual(Array.from({ length: 20 }, (_, k) => 5 * k));
  });

  it("never makes windows narrower than the samples", () => {
    const rows = [5, 10, 15].map((time) => ({ time, frontend: "f", backend: "b", share: 1 }));
    expect(windowed(rows, 15, 5).width).toBe(5);
  });

  it("keeps each cell's mean apart, in the order of first samples, and only the frontends it charts", () => {
    // pairs given backend-last-first, a frontend it does not chart, and a pair first sampled late in its window
    const rows: RoutingRow[] = [
      { time: 1, frontend: "g", backend: "y", share: 0.2 },
      { time: 1, frontend: "g", backend: "x", share: 0.8 },
      { time: 1, frontend: "h", backend: "x", share: 1 },
      { time: 2, frontend: "g", backend: "y", share: 0.4 },
      { time: 2, frontend: "f", backend: "x", share: 1 },
      { time: 2, frontend: "g", backend: "x", share: 0.6 },
    ];
    expect(windowed(rows, 40, 1, ["f", "g"], ["x", "y"]).rows).toEqual([
      { time: 0, frontend: "g", backend: "y", share: 0.2 },
      { time: 0, frontend: "g", backend: "x", share: 0.8 },
      { time: 1, frontend: "g", backend: "y", share: 0.4 },
      { time: 1, frontend: "f", backend: "x", share: 1 },
      { time: 1, frontend: "g", backend: "x", share: 0.6 },
    ]);
    const merged = windowed(rows, 80, 1, ["f", "g"], ["x", "y"]); // windows of 2 s: both samples in the first
    expect(merged.width).toBe(2);
    expect(merged.rows.map((r) => [r.frontend, r.backend, r.share])).toEqual([
      ["g", "y", 0.30000000000000004],
      ["g", "x", 0.7],
      ["f", "x", 1],
    ]);
  });
});

describe("table columns", () => {
  it("give every row the column's decimals, and a positive half-width that rounds to zero says so", () => {
    const col = estimateColumn([e(9.5951, 0.012), e(0.5472, 0.0031), e(12.3456, 0.00001)], 1000);
    expect(col(e(9.5951, 0.012))).toBe("9,595 ± 12");
    expect(col(e(0.5472, 0.0031))).toBe("547 ± 3");
    expect(col(e(12.3456, 0.00001))).toBe("12,346 ± < 0.5");
    expect(col(e(1, 0))).toBe("1,000 ± 0");
  });
});

/** Five frontends, three backends with long names: a report as wide as users make them. */
function wideScenario(): Record<string, unknown> {
  const frontends = ["na-east", "na-west", "eu-central", "ap-south", "ap-northeast"];
  const backends = ["gpu-cluster-virginia-h100-pool", "gpu-cluster-frankfurt-h100-pool", "gpu-cluster-singapore-h100-pool"];
  return {
    name: "wide",
    workUnit: "output tokens",
    horizon: 120,
    warmup: 10,
    frontends: frontends.map((id, k) => ({ id, arrivals: { kind: "poisson", rate: 6 + k } })),
    backends: backends.map((id) => ({ id, curve: { kind: "saturating", max: 25, half: 4 } })),
    latency: { unit: "ms", oneWay: Object.fromEntries(frontends.map((f, i) => [f, Object.fromEntries(backends.map((b, j) => [b, 5 + 37 * ((i + 2 * j) % 4)]))])) },
    policy: { kind: "dgd-lb", stepSize: 0.05, updateInterval: 0.1 },
    sample: { interval: 0.5 },
  };
}

/** The numeric cells of each column of each table: the count of decimals of every number in a cell. */
function decimalsByColumn(html: string): { table: number; column: number; decimals: number[] }[] {
  const out: { table: number; column: number; decimals: number[] }[] = [];
  [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].forEach((t, table) => {
    const rows = [...t[1]!.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].flatMap((b) =>
      [...b[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g)].map((c) => c[1]!)),
    );
    const width = Math.max(0, ...rows.map((r) => r.length));
    for (let column = 1; column < width; column++) {
      const decimals = rows.flatMap((r) => (/^-?[\d,]+(\.\d+)? ± /.test(r[column] ?? "") ? [(r[column]!.match(/^-?[\d,]+(?:\.(\d+))?/)![1] ?? "").length] : []));
      if (decimals.length > 1) out.push({ table, column, decimals });
    }
  });
  return out;
}

describe("the report page", () => {
  it("fits every chart in its column, names the work unit, averages routing over windows, and lines up each column's decimals", () => {
    const dir = tempDir();
    const file = writeJson(dir, "wide.json", wideScenario());
    const out = join(dir, "r.html");
    const r = cli(["report", file, "--replications", "2", "--policies", "sed,jsq,random", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    const widths = [...html.matchAll(/<svg [^>]*?width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths.length).toBeGreaterThanOrEqual(4);
    for (const w of widths) expect(w).toBeLessThanOrEqual(CONTENT_WIDTH);
    // (booleans, so a failure does not print the whole page)
    expect(html.includes("output tokens/s"), "the work unit in the load line").toBe(true);
    expect(html.includes("mean output tokens per request"), "the work unit in the frontend table").toBe(true);
    expect(html.includes("work/s"), "no generic work/s left").toBe(false);
    expect(html.includes("mean over 5 s windows"), "routing averaged over 5 s windows (120 s / 40 = 3, rounded up to 1-2-5)").toBe(true);
    const columns = decimalsByColumn(html);
    expect(columns.length).toBeGreaterThanOrEqual(4);
    for (const c of columns) expect(new Set(c.decimals).size, `table ${c.table} column ${c.column}: ${c.decimals}`).toBe(1);
  });
});

describe("the report of a large fleet", () => {
  it("shows a readable subset (12 frontends, the 10 busiest backends, the latency table's corner) and says so", () => {
    // 15 × 60: past every limit, small enough to run in seconds (at 100 × 1,000 Vega's scale over
    // 1,000 backend names overflowed its stack, and recording every pair's routing ran out of memory)
    const spec = wideFleetSpec(15, 60, 20, { name: "large", seed: 2, horizon: 40, warmup: 4, policy: { kind: "random" } });
    const dir = tempDir();
    const out = join(dir, "r.html");
    const r = cli(["report", writeJson(dir, "large.json", spec), "--replications", "2", "--policies", "jsq", "--workers", "1", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.includes("the first 12 of 15 frontends; the 10 backends with the most traffic there, the other 50 summed as &quot;others&quot;"), "routing caption").toBe(true);
    expect(html.includes("the 10 of 60 backends with the most requests on average"), "queues caption").toBe(true);
    expect(html.includes("The first 15 of 15 frontends and 40 of 60 backends; the scenario file has every pair."), "latency table note").toBe(true);
    expect(html.includes("all 60 backends"), "may use").toBe(true);
    // the routing chart's legend: 10 backends and "others (50 backends)"
    expect(html.includes("others (50 backends)")).toBe(true);
  }, 120_000);
});

describe("topBackendRows", () => {
  it("keeps the 10 backends of most share and sums the rest per window and frontend", () => {
    const rows = Array.from({ length: 30 }, (_, j) => [0, 5].flatMap((time) => ["a", "b"].map((frontend) => ({ time, frontend, backend: `b${j}`, share: (j + 1) / 465 })))).flat();
    const {
      rows: shown,
      kept,
      others,
      summed,
    } = topBackendRows(
      rows,
      Array.from({ length: 30 }, (_, j) => `b${j}`),
    );
    expect(kept).toEqual(Array.from({ length: 10 }, (_, k) => `b${20 + k}`));
    expect(summed).toBe(20);
    expect(others).toBe("others (20 backends)");
    for (const time of [0, 5])
      for (const frontend of ["a", "b"]) {
        const cell = shown.filter((r) => r.time === time && r.frontend === frontend);
        expect(cell.length).toBe(11);
        expect(cell.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
      }
  });
});

describe("the report of a closed loop", () => {
  it("is written without the optimum a closed loop has no arrival rate for, and says why; static-optimal leaves the default policies", () => {
    const spec = {
      name: "closed",
      horizon: 200,
      warmup: 20,
      frontends: [
        { id: "f", arrivals: { kind: "closed", clients: 10, think: { kind: "exponential", mean: 1 } } },
        { id: "g", arrivals: { kind: "poisson", rate: 2 } },
      ],
      backends: [
        { id: "a", curve: { kind: "saturating", max: 8, half: 2 } },
        { id: "b", curve: { kind: "saturating", max: 5, half: 1 } },
      ],
      policy: { kind: "random" },
    };
    const dir = tempDir();
    const out = join(dir, "r.html");
    const r = cli(["report", writeJson(dir, "closed.json", spec), "--replications", "2", "--workers", "1", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("No central optimum: a closed loop has no arrival rate");
    expect(html).not.toContain("static-optimal");
    expect(html).toContain("jsq");
  }, 120_000);
});
