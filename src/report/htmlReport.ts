// `lbsim report`: one self-contained HTML page (inline SVG charts, inline CSS, no scripts, no links out).
import type { ReportData, ShownFigures } from "./reportData.ts";
import { frontendSummary } from "./reportData.ts";
import { renderSvg, type TopLevelSpec } from "./vegaSvg.ts";
import type { Estimate } from "../stats/estimate.ts";
import { policiesByMeanLatency, type SweepStudyResult } from "../experiment/sweepResult.ts";
import { stateAwareFinding } from "./stateAwareFinding.ts";
import { sweepSvg } from "./sweepOutput.ts";
import { estimateColumn, numberColumn } from "./columnFormat.ts";
import { busiestBackends, CHART_BACKENDS, chartedFrontends, TABLE_LIMIT, topBackendRows } from "./chartSubsets.ts";
import { policyColorScale } from "./policyColors.ts";
import { hasClosedLoop } from "../model/loadCheck.ts";

const esc = (text: unknown) => String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const fmt = (x: number | null | undefined, digits = 4) =>
  x === null || x === undefined || !Number.isFinite(x) ? "–" : Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
/** One estimate in running text (tables format a whole column alike: columnFormat.ts). */
const est = (e: Estimate | undefined, scale = 1, unit = "") => estimateColumn([e], scale, unit)(e);

/**
 * The page's column is 1,100 px less padding: a chart (plot, axes, legend) must fit in it.
 * Plots are sized so the widest legend (labels cut at LEGEND_LABEL_LIMIT) still fits.
 */
export const CONTENT_WIDTH = 1060;
const LEGEND_LABEL_LIMIT = 160;
const PLOT_WIDTH = 700;
const legendConfig = { legend: { labelLimit: LEGEND_LABEL_LIMIT, titleLimit: LEGEND_LABEL_LIMIT } };

function table(head: string[], rows: string[][], caption?: string): string {
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, k) => (k === 0 ? `<th scope="row">${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/**
 * Inline SVG: the namespace attributes are dropped (HTML parses <svg> without them) so the page names no URL at all.
 * Charts carry no title: headless Vega estimates text at 0.8 em a character and widens the SVG to a long
 * title's estimate, so the explanation goes in the figcaption, where HTML wraps it.
 */
async function chart(spec: TopLevelSpec, label: string): Promise<string> {
  const svg = (await renderSvg({ ...spec, config: { ...legendConfig, ...(spec.config ?? {}) } } as TopLevelSpec))
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, "")
    .replace(/<svg /, `<svg role="img" aria-label="${esc(label)}" `);
  return `<figure>${svg}<figcaption>${esc(label)}</figcaption></figure>`;
}

/** A frontend's compatible backends as a reader takes them in: every one, a short list, or a count and the first few. */
function mayUse(allowed: readonly string[], backends: number): string {
  if (allowed.length === backends && backends > 3) return `all ${backends} backends`;
  if (allowed.length <= 12) return allowed.join(", ");
  return `${allowed.length} backends: ${allowed.slice(0, 8).join(", ")}, …`;
}

/** The page of the report's data; `figures` are its shownFigures. */
export async function renderReport(d: ReportData, figures: ShownFigures, command: string): Promise<string> {
  const s = d.scenario;
  const B = s.backends.length;
  const outages = s.backends.flatMap((b) => b.capacitySchedule.map((w) => ({ backend: b.id, from: w.from, to: w.to, multiplier: w.multiplier })));
  const { metrics: m, comparison } = figures;
  const rawBackends = s.spec.backends as Array<{ curve: { kind: string } }>;

  // charts
  const F = s.frontends.length;
  const charted = chartedFrontends(s.frontends);
  const routingColumns = Math.min(charted.length, 3);
  const shown = topBackendRows(
    d.series.routing,
    s.backends.map((b) => b.id),
  );
  const routingSubset = [
    charted.length < F ? `the first ${charted.length} of ${F} frontends` : "",
    shown.others ? `the ${shown.kept.length} backends with the most traffic there, the other ${shown.summed} summed as "others"` : "",
  ].filter(Boolean);
  const routing = await chart(
    {
      data: { values: shown.rows },
      facet: { field: "frontend", type: "nominal", title: "frontend", sort: charted },
      columns: routingColumns,
      spec: {
        width: Math.floor((PLOT_WIDTH - 60 * (routingColumns - 1)) / routingColumns),
        height: 180,
        mark: { type: "line", strokeWidth: 1.5, interpolate: "step-after" },
        encoding: {
          x: { field: "time", type: "quantitative", title: "time (s)" },
          y: { field: "share", type: "quantitative", title: "share of requests", scale: { domain: [0, 1] } },
          color: { field: "backend", type: "nominal", title: "backend", sort: shown.others ? [...shown.kept, shown.others] : shown.kept },
        },
      },
    } as TopLevelSpec,
    `Routing over time (recorded run): the fraction of each frontend's requests sent to each backend, mean over ${fmt(d.series.routingWindow)} s windows${routingSubset.length ? ` (${routingSubset.join("; ")})` : ""}`,
  );
  const queued =
    B > CHART_BACKENDS
      ? busiestBackends(
          d.series.queues,
          s.backends.map((b) => b.id),
        )
      : null;
  const queueRows = queued ? d.series.queues.filter((r) => queued.has(r.backend)) : d.series.queues;
  const queueSubset = queued ? ` (the ${queued.size} of ${B} backends with the most requests on average)` : "";
  const queues = await chart(
    {
      width: PLOT_WIDTH,
      height: 260,
      layer: [
        ...(outages.length
          ? [
              {
                data: { values: outages },
                mark: { type: "rect" as const, opacity: 0.15, color: "#d62728" },
                encoding: { x: { field: "from", type: "quantitative" as const }, x2: { field: "to" } },
              },
            ]
          : []),
        {
          data: { values: queueRows },
          mark: { type: "line" as const, strokeWidth: 1.4 },
          encoding: {
            x: { field: "time", type: "quantitative" as const, title: "time (s)" },
            y: { field: "inSystem", type: "quantitative" as const, title: "requests in system" },
            color: { field: "backend", type: "nominal" as const, title: "backend" },
          },
        },
      ],
    } as TopLevelSpec,
    (outages.length
      ? "Requests at each backend over time, queued and in service (recorded run; shaded: capacity outage)"
      : "Requests at each backend over time, queued and in service (recorded run)") + queueSubset,
  );
  const quantiles = ["latency.p50", "latency.p90", "latency.p99"].map((k) => ({ quantile: k.slice(8), seconds: m[k]?.estimate ?? NaN })).filter((q) => Number.isFinite(q.seconds));
  const histogram = await chart(
    {
      width: PLOT_WIDTH,
      height: 240,
      layer: [
        {
          data: { values: d.histogram },
          mark: { type: "rect", color: "#4c78a8" },
          encoding: {
            x: { field: "from", type: "quantitative", title: "latency (s, log scale)", scale: { type: "log" } },
            x2: { field: "to" },
            y: { field: "count", type: "quantitative", title: "requests per bin" },
          },
        },
        {
          data: { values: quantiles },
          mark: { type: "rule", strokeDash: [4, 3], color: "#d62728" },
          encoding: { x: { field: "seconds", type: "quantitative" } },
        },
        {
          data: { values: quantiles },
          mark: { type: "text", align: "left", dx: 3, dy: -4, color: "#d62728" },
          encoding: { x: { field: "seconds", type: "quantitative" }, y: { value: 10 }, text: { field: "quantile" } },
        },
      ],
    } as TopLevelSpec,
    "End-to-end latency distribution (recorded run, after warm-up; 12 bins per decade; dashed lines: p50, p90, p99 over replications)",
  );
  const comparisonRows = Object.entries(comparison.policies).map(([p, r]) => ({
    policy: p,
    mean: (r.metrics["latency.mean"]?.estimate ?? NaN) * 1000,
    lo: ((r.metrics["latency.mean"]?.estimate ?? NaN) - (r.metrics["latency.mean"]?.halfWidth ?? 0)) * 1000,
    hi: ((r.metrics["latency.mean"]?.estimate ?? NaN) + (r.metrics["latency.mean"]?.halfWidth ?? 0)) * 1000,
  }));
  const comparisonChart = await chart(
    {
      data: { values: comparisonRows },
      width: 520,
      height: 30 * comparisonRows.length,
      // dots with whiskers on an axis that does not start at zero: the differences are what matters
      layer: [
        {
          mark: { type: "errorbar", ticks: true, color: "black" },
          encoding: { x: { field: "lo", type: "quantitative", scale: { zero: false }, title: "mean end-to-end latency, ms (axis does not start at 0)" }, x2: { field: "hi" } },
        },
        {
          mark: { type: "point", filled: true, size: 60 },
          encoding: { x: { field: "mean", type: "quantitative" }, color: { field: "policy", type: "nominal", scale: policyColorScale(comparisonRows.map((r) => r.policy)), legend: null } },
        },
      ],
      encoding: { y: { field: "policy", type: "nominal", title: "policy", sort: null } },
    } as TopLevelSpec,
    `Mean latency by policy (${d.replications} replications, common random numbers, 95% intervals)`,
  );

  // tables: every numeric column formatted alike (columnFormat.ts)
  const unit = s.workUnit;
  const fe = frontendSummary(s);
  const rateCol = numberColumn(fe.map((f) => f.rate));
  const sizeCol = numberColumn(fe.map((f) => f.size));
  const frontends = table(
    ["frontend", "region", "arrivals", "mean rate (1/s)", `mean ${unit} per request`, "may use"],
    fe.map((f) => [f.id, f.region ?? "–", f.kind, rateCol(f.rate), sizeCol(f.size), mayUse(f.allowed, B)]),
  );
  const supCol = numberColumn(s.backends.map((b) => b.curve.sup));
  const backends = table(
    ["backend", "region", "servers", "curve", `sup μ per backend (${unit}/s)`, "fit to measured points (per server)"],
    s.backends.map((b, j) => [
      b.id,
      b.region ?? "–",
      String(b.servers),
      rawBackends[j]?.curve?.kind ?? "–",
      supCol(b.curve.sup),
      b.curveFit ? `${b.curveFit.method} of ${b.curveFit.points.length} points; max error ${fmt(b.curveFit.maxAbsError, 3)} (${fmt(b.curveFit.maxRelError * 100, 3)}%)` : "–",
    ]),
  );
  // a 100 × 1,000 matrix is no table to read: its corner, and the file has the rest
  const tableFrontends = s.frontends.slice(0, TABLE_LIMIT);
  const tableBackends = s.backends.slice(0, TABLE_LIMIT);
  const oneWayMs = tableFrontends.map((_f, i) => tableBackends.map((_b, j) => s.oneWay[i * B + j]! * 1000));
  const latencyCell = numberColumn(oneWayMs.flat());
  const latency = table(
    ["one-way latency (ms)", ...tableBackends.map((b) => b.id)],
    tableFrontends.map((f, i) => [f.id, ...oneWayMs[i]!.map((x) => latencyCell(x))]),
  );
  const latencyCorner =
    tableFrontends.length < F || tableBackends.length < B
      ? `<p class="meta">${esc(`The first ${tableFrontends.length} of ${F} frontends and ${tableBackends.length} of ${B} backends; the scenario file has every pair.`)}</p>`
      : "";
  const quantileKeys = ["latency.mean", "latency.p50", "latency.p90", "latency.p99", "latency.network.mean", "latency.serving.mean"];
  const quantileCol = estimateColumn(
    quantileKeys.map((k) => m[k]),
    1000,
  );
  const quantileTable = table(
    ["latency (ms)", "estimate ± 95%", "n", "method"],
    quantileKeys.map((k) => [k.slice(8), quantileCol(m[k]), String(m[k]?.n ?? "–"), m[k]?.method ?? "–"]),
  );
  const feLatency = estimateColumn(
    s.frontends.map((f) => m[`frontend.${f.id}.latency.mean`]),
    1000,
    " ms",
  );
  const sojourn = estimateColumn(
    s.backends.map((b) => m[`backend.${b.id}.sojourn.mean`]),
    1000,
    " ms",
  );
  const throughput = estimateColumn(
    s.backends.map((b) => m[`backend.${b.id}.throughput`]),
    1,
    " /s",
  );
  const inSystem = estimateColumn(s.backends.map((b) => m[`backend.${b.id}.inSystem.mean`]));
  const regionRows: string[][] = [];
  for (const f of s.frontends) regionRows.push([`frontend ${f.id}`, f.region ?? "–", feLatency(m[`frontend.${f.id}.latency.mean`]), "–", "–", "–"]);
  for (const b of s.backends)
    regionRows.push([`backend ${b.id}`, b.region ?? "–", "–", sojourn(m[`backend.${b.id}.sojourn.mean`]), throughput(m[`backend.${b.id}.throughput`]), inSystem(m[`backend.${b.id}.inSystem.mean`])]);
  const regions = table(["where", "region", "mean latency", "mean sojourn", "throughput", "requests in system"], regionRows);
  const ref = comparison.reference;
  const compared = Object.entries(comparison.policies);
  const diff = (p: string, k: string) => comparison.differences[p]?.[k];
  const meanCol = estimateColumn(
    compared.map(([, r]) => r.metrics["latency.mean"]),
    1000,
  );
  const p99Col = estimateColumn(
    compared.map(([, r]) => r.metrics["latency.p99"]),
    1000,
  );
  const meanDiffCol = estimateColumn(
    compared.map(([p]) => diff(p, "latency.mean")),
    1000,
  );
  const p99DiffCol = estimateColumn(
    compared.map(([p]) => diff(p, "latency.p99")),
    1000,
  );
  const compareTable = table(
    ["policy", "mean latency (ms)", `Δ mean vs ${ref} (ms)`, "p99 latency (ms)", `Δ p99 vs ${ref} (ms)`],
    compared.map(([p, r]) => [
      p,
      meanCol(r.metrics["latency.mean"]),
      p === ref ? "reference" : meanDiffCol(diff(p, "latency.mean")),
      p99Col(r.metrics["latency.p99"]),
      p === ref ? "reference" : p99DiffCol(diff(p, "latency.p99")),
    ]),
  );

  const llmSection = s.llm ? llmServing(d, figures) : "";
  const finding = stateAwareFinding(comparison, figures.sweep);
  const deterministic = Object.entries(comparison.policies)
    .filter(([, r]) => r.metrics["latency.mean"]?.halfWidth === 0)
    .map(([p]) => p);
  const c = d.study.counts;
  const whole = (x: number) => Math.round(x).toLocaleString("en-US");
  const loadLine = `offered ${whole(d.load.offered)} of ${whole(d.load.capacity)} ${unit}/s (${Math.round((100 * d.load.offered) / d.load.capacity)}%)${d.load.routable < d.load.offered ? `; ${whole(d.load.routable)} ${unit}/s reachable under the compatibility sets` : ""}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>lbsim report: ${esc(s.name)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; line-height: 1.4; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { font-size: 1.25em; margin-top: 1.8em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; } caption { text-align: left; font-weight: bold; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; } thead th { background: #f2f2f2; } tbody th { text-align: left; font-weight: normal; }
figure { margin: 1em 0; overflow-x: auto; } figcaption { font-size: 0.85em; color: #555; }
.meta { color: #555; font-size: 0.9em; } code { background: #f5f5f5; padding: 0 0.2em; }
</style>
</head>
<body>
<h1>${esc(s.name)}</h1>
<p>${esc(s.description)}</p>
<p class="meta">Generated by <code>${esc(command)}</code> · seed ${s.seed} · horizon ${fmt(s.horizon)} s · warm-up ${fmt(d.warmup)} s · policy ${esc(s.policy.kind)} · ${d.replications} replications · every figure is an estimate ± its 95% half-width.</p>

<h2>Summary</h2>
<ul>
<li>Mean end-to-end latency ${est(m["latency.mean"], 1000, " ms")}; p99 ${est(m["latency.p99"], 1000, " ms")}.</li>
${m["ttft.mean"] ? `<li>Time to first token: mean ${est(m["ttft.mean"], 1000, " ms")}, p99 ${est(m["ttft.p99"], 1000, " ms")}; time per output token: mean ${est(m["tpot.mean"], 1000, " ms")}, p99 ${est(m["tpot.p99"], 1000, " ms")}.</li>` : ""}
<li>Load: ${esc(loadLine)}.</li>
<li>${d.optimum ? `Fluid optimum L* = ${fmt(d.optimum.objective * 1000)} ms (the central optimum of the fluid model, docs/model.md section 4: a large-N value, not an estimate of this finite system's latency).` : hasClosedLoop(d.scenario) ? "No central optimum: a closed loop has no arrival rate (its rate follows its latency)." : "No central optimum: the mean load is not below capacity."}</li>
<li>Requests over ${d.replications} replications: ${c.arrived} arrived, ${c.completed} completed, ${c.inFlight} in flight at the horizon.</li>
${outages.length ? `<li>Capacity changes: ${esc(outages.map((o) => `${o.backend} ×${o.multiplier} from ${o.from} s to ${o.to} s`).join("; "))}.</li>` : ""}
</ul>

<h2>Scenario</h2>
${frontends}
${backends}
${latency}${latencyCorner}

<h2>Routing shares over time</h2>
${routing}

<h2>Queue trajectories</h2>
${queues}

<h2>Latency distribution</h2>
${histogram}
${quantileTable}

${llmSection}
<h2>Per region</h2>
${regions}

<h2>Policy comparison</h2>
<p>Every policy ran the same ${d.replications} replications with the same arrivals and request sizes (common random numbers); differences are paired.${deterministic.length ? ` ${esc(deterministic.join(", "))} ${deterministic.length === 1 ? "has" : "have"} a half-width of 0: ${deterministic.length === 1 ? "its" : "their"} mean latency was the same in every replication (a replayed trace brings the same arrivals and sizes each time, and ${deterministic.length === 1 ? "this policy" : "these policies"} made the same routing choices in each).` : ""}</p>
${comparisonChart}
${compareTable}
${finding ? `<p>${esc(finding)}</p>` : ""}
${figures.sweep ? await sweepSection(figures.sweep) : ""}
</body>
</html>
`;
}

/** LLM engines: TTFT and TPOT (docs/model.md section 11) of the scenario's policy, and per compared policy. */
function llmServing(d: ReportData, { metrics: m, comparison }: ShownFigures): string {
  const keys = ["mean", "p50", "p90", "p99"];
  const ttft = estimateColumn(
    keys.map((k) => m[`ttft.${k}`]),
    1000,
  );
  const tpot = estimateColumn(
    keys.map((k) => m[`tpot.${k}`]),
    1000,
  );
  const quantiles = table(
    ["ms", "TTFT (time to first token)", "TPOT (time per output token)"],
    keys.map((k) => [k, ttft(m[`ttft.${k}`]), tpot(m[`tpot.${k}`])]),
  );
  const compared = Object.entries(comparison.policies);
  const columns = [
    { head: "TTFT p99 (ms)", key: "ttft.p99", scale: 1000 },
    { head: "TPOT p99 (ms)", key: "tpot.p99", scale: 1000 },
    { head: "output tokens/s", key: "throughput.outputTokens", scale: 1 },
    ...(m["slo.attainment"]
      ? [
          { head: "SLO met (%)", key: "slo.attainment", scale: 100 },
          { head: "goodput (requests/s)", key: "goodput", scale: 1 },
        ]
      : []),
  ].map((c) => ({
    ...c,
    format: estimateColumn(
      compared.map(([, r]) => r.metrics[c.key]),
      c.scale,
    ),
  }));
  const slo = d.scenario.slo;
  const perPolicy = table(
    ["policy", ...columns.map((c) => c.head)],
    compared.map(([p, r]) => [p, ...columns.map((c) => c.format(r.metrics[c.key]))]),
  );
  return `<h2>LLM serving: TTFT and TPOT</h2>
<p>${esc(`Every backend is an LLM engine stepped as docs/model.md section 11 defines: TTFT is the first token's arrival at the frontend less the request's birth, TPOT the time per output token after the first.${slo ? ` SLO: ${[slo.ttft !== null ? `TTFT ≤ ${slo.ttft} s` : "", slo.tpot !== null ? `TPOT ≤ ${slo.tpot} s` : ""].filter(Boolean).join(" and ")} per request.` : ""}`)}</p>
${quantiles}
${perPolicy}
`;
}

/** The sweep as the page shows it: the bands chart and, per point, the best policy and its margin. */
async function sweepSection(sw: SweepStudyResult): Promise<string> {
  const svg = (await sweepSvg(sw, undefined, false))
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, "")
    .replace(/<svg /, `<svg role="img" aria-label="${esc("Sweep: latency by policy along " + sw.varied.join(", "))}" `);
  const ranked = sw.points.map((p) => policiesByMeanLatency(p));
  const mean = (k: number, policy: string | undefined) => (policy ? sw.points[k]!.policies[policy]!.metrics["latency.mean"] : undefined);
  const bestCol = estimateColumn(
    ranked.map(([best], k) => mean(k, best)),
    1000,
    " ms",
  );
  const secondCol = estimateColumn(
    ranked.map(([, second], k) => mean(k, second)),
    1000,
    " ms",
  );
  const rows = sw.points.map((p, k) => {
    const [best, second] = ranked[k]!;
    return [sw.varied.map((v) => `${v} = ${JSON.stringify(p.values[v])}`).join(", "), best!, bestCol(mean(k, best)), second ? `${second}: ${secondCol(mean(k, second))}` : "–"];
  });
  return `<h2>Where each policy wins</h2>
<p>${esc(`${sw.replications} replications per policy and point on common random numbers, varying ${sw.varied.join(" and ")} (latency.scale multiplies every latency, load every arrival rate).`)}</p>
<figure>${svg}<figcaption>${esc(`Mean and p99 latency with 95% bands along ${sw.varied[0]}${sw.varied.length > 1 ? ` (dash pattern: ${sw.varied.slice(1).join(", ")})` : ""}; ${sw.replications} replications per policy and point, common random numbers`)}</figcaption></figure>
${table(["point", "best policy", "its mean latency", "runner-up"], rows)}`;
}
