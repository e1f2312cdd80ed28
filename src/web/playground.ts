// The playground page: scenario editor validated as you type, knobs as --set overrides, runs in a Web Worker, live charts.
import { inputsFromJson, validateInBrowser } from "./browserScenario.ts";
import type { RunRequest, WorkerMessage } from "./worker.ts";
import { namedPolicyKinds } from "../policies/registry.ts";
import { policyColor } from "../report/policyColors.ts";
import { metricUnit } from "../report/metricUnit.ts";

interface Shipped {
  file: string;
  text: string;
  inputs: { columns: Record<string, Record<string, number[]>>; json: Record<string, unknown> };
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const editor = $<HTMLTextAreaElement>("editor");
const select = $<HTMLSelectElement>("scenario");
const policySelect = $<HTMLSelectElement>("policy");
const status = $<HTMLSpanElement>("status");
const progress = $<HTMLProgressElement>("progress");
const runButton = $<HTMLButtonElement>("run");
const stopButton = $<HTMLButtonElement>("stop");
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

let shipped: Record<string, Shipped> = {};
let worker: Worker | null = null;
let samples: { time: number; queues: number[]; shares: number[][] }[] = [];
let fluid: { times: number[]; queues: number[][] } | null = null;
let backends: string[] = [];
let lastDraw = 0;

/** The step slider is logarithmic: 10^value. */
const stepFromSlider = () => Number((10 ** Number($<HTMLInputElement>("stepSize").value)).toPrecision(3));

/** The knobs as --set overrides, in a fixed order (the CLI command repeats them). */
function overrides(): string[] {
  const out: string[] = [];
  const load = Number($<HTMLInputElement>("load").value);
  const latency = Number($<HTMLInputElement>("latencyScale").value);
  const interval = $<HTMLInputElement>("feedbackInterval").value;
  if (load !== 1) out.push(`load=${load}`);
  if (latency !== 1) out.push(`latency.scale=${latency}`);
  if (interval !== "") out.push(`feedback={"mode":"periodic","interval":${Number(interval)}}`);
  if (policySelect.value === "dgd-lb" || (policySelect.value === "" && /"dgd-lb"/.test(editor.value))) {
    if (!$<HTMLInputElement>("autoStep").checked) out.push(`policy.stepSize=${stepFromSlider()}`);
  }
  return out;
}

function request(): Omit<RunRequest, "type" | "policies" | "replications"> {
  const s = shipped[select.value];
  const edited = !s || s.text !== editor.value;
  return {
    text: editor.value,
    file: edited ? "scenario.json" : s.file,
    inputs: inputsFromJson(s?.inputs ?? { columns: {}, json: {} }),
    overrides: overrides(),
    seed: Number($<HTMLInputElement>("seed").value),
  };
}

function policies(): string[] {
  const list = $<HTMLInputElement>("policies")
    .value.split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length > 0) return list;
  return policySelect.value ? [policySelect.value] : [];
}

/**
 * The command that reproduces this run. For edited JSON the note on saving it is a line of its own above
 * the command: after a `#` on the same line a shell would drop every flag.
 */
function cliCommand(): string {
  const r = request();
  const s = shipped[select.value];
  const edited = !(s && s.text === editor.value);
  const file = edited ? "scenario.json" : `scenarios/${s!.file.replace(/^.*\//, "")}`;
  const reps = Number($<HTMLInputElement>("replications").value);
  const ps = policies();
  const parts =
    ps.length > 1
      ? ["npx lbsim compare", file, "--policies", ps.join(","), "--replications", String(reps)]
      : ["npx lbsim run", file, ...(ps[0] ? ["--policy", ps[0]] : []), "--replications", String(reps)];
  parts.push("--seed", String(r.seed));
  for (const o of r.overrides) parts.push("--set", `'${o.replace(/'/g, "'\\''")}'`);
  parts.push("--json");
  return (edited ? "# save the editor's JSON as scenario.json, then run:\n" : "") + parts.join(" ");
}

function validate(): boolean {
  const issues = validateInBrowser(request());
  const list = $<HTMLUListElement>("errors");
  list.replaceChildren(
    ...issues.map((i) => {
      const li = document.createElement("li");
      li.dataset.path = i.path;
      const code = document.createElement("code");
      code.textContent = i.path || "scenario";
      li.append(code, document.createTextNode(`: ${i.message}`));
      return li;
    }),
  );
  runButton.disabled = issues.length > 0 || worker !== null;
  $<HTMLPreElement>("command").textContent = cliCommand();
  return issues.length === 0;
}

function svgEl(name: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS("http://www.w3.org/2000/svg", name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Axis titles: y rotated along the left edge, x centred under the plot (every chart says what it plots, in which unit). */
function axisTitles(x: string, y: string): SVGElement[] {
  return [
    svgEl("text", { x: 315, y: 234, "font-size": 11, "text-anchor": "middle", class: "axis-title" }, x),
    svgEl("text", { x: 12, y: 110, "font-size": 11, "text-anchor": "middle", transform: "rotate(-90 12 110)", class: "axis-title" }, y),
  ];
}

/** Lines over time on a 600×240 canvas; y from 0 to the largest value. */
function drawLines(svg: SVGSVGElement, series: { xs: number[]; ys: number[]; color: string; dash?: boolean; label?: string }[], xmax: number, yTitle: string): void {
  const ymax = Math.max(1e-9, ...series.flatMap((s) => s.ys));
  const X = (x: number) => 50 + (540 * x) / Math.max(xmax, 1e-9);
  const Y = (y: number) => 200 - (180 * y) / ymax;
  const nodes: SVGElement[] = [
    svgEl("line", { x1: 50, y1: 200, x2: 590, y2: 200, stroke: "#888" }),
    svgEl("line", { x1: 50, y1: 20, x2: 50, y2: 200, stroke: "#888" }),
    svgEl("text", { x: 46, y: 24, "font-size": 10, "text-anchor": "end" }, Number(ymax.toPrecision(3)).toString()),
    svgEl("text", { x: 46, y: 203, "font-size": 10, "text-anchor": "end" }, "0"),
    svgEl("text", { x: 50, y: 213, "font-size": 10 }, "0"),
    svgEl("text", { x: 590, y: 213, "font-size": 10, "text-anchor": "end" }, Number(xmax.toPrecision(3)).toString()),
    ...axisTitles("simulated time (s)", yTitle),
  ];
  series.forEach((s, k) => {
    const d = s.xs.map((x, i) => `${i ? "L" : "M"}${X(x).toFixed(1)},${Y(s.ys[i]!).toFixed(1)}`).join("");
    nodes.push(svgEl("path", { d, fill: "none", stroke: s.color, "stroke-width": 1.4, ...(s.dash ? { "stroke-dasharray": "4 3" } : {}) }));
    if (s.label) nodes.push(svgEl("text", { x: 58 + 90 * (k % 6), y: 12 + 12 * Math.floor(k / 6), "font-size": 10, fill: s.color }, s.label));
  });
  svg.replaceChildren(...nodes);
}

function drawLive(): void {
  const now = performance.now();
  if (now - lastDraw < 80) return; // at most ~12 redraws a second, off the worker's pace
  lastDraw = now;
  const xmax = Math.max(samples.at(-1)?.time ?? 1, fluid?.times.at(-1) ?? 0);
  const xs = samples.map((s) => s.time);
  const q = backends.map((b, j) => ({ xs, ys: samples.map((s) => s.queues[j] ?? 0), color: COLORS[j % COLORS.length]!, label: b }));
  const f = fluid ? backends.map((_, j) => ({ xs: fluid!.times, ys: fluid!.queues.map((row) => row[j] ?? 0), color: COLORS[j % COLORS.length]!, dash: true })) : [];
  drawLines($<SVGSVGElement & HTMLElement>("queues"), [...q, ...f], xmax, "requests at the backend");
  drawLines(
    $<SVGSVGElement & HTMLElement>("shares"),
    backends.map((b, j) => ({ xs, ys: samples.map((s) => s.shares[0]?.[j] ?? 0), color: COLORS[j % COLORS.length]!, label: b })),
    xmax,
    "share of requests",
  );
}

function drawHistogram(bins: { from: number; to: number; count: number }[], metrics: Record<string, { estimate: number | null }>): void {
  const svg = $<SVGSVGElement & HTMLElement>("histogram");
  if (bins.length === 0) return svg.replaceChildren();
  const lo = Math.log10(bins[0]!.from);
  const hi = Math.log10(bins.at(-1)!.to);
  const X = (v: number) => 50 + (540 * (Math.log10(v) - lo)) / Math.max(hi - lo, 1e-9);
  const cmax = Math.max(...bins.map((b) => b.count));
  const nodes: SVGElement[] = bins.map((b) =>
    svgEl("rect", { x: X(b.from), y: 200 - (180 * b.count) / cmax, width: Math.max(1, X(b.to) - X(b.from) - 1), height: (180 * b.count) / cmax, fill: "#4c78a8" }),
  );
  (
    [
      ["latency.p50", "p50"],
      ["latency.p90", "p90"],
      ["latency.p99", "p99"],
    ] as const
  ).forEach(([key, label], k) => {
    const v = metrics[key]?.estimate;
    if (v == null) return;
    // labels one above the other, so close quantiles stay readable
    nodes.push(
      svgEl("line", { x1: X(v), x2: X(v), y1: 15, y2: 200, stroke: "#d62728", "stroke-dasharray": "3 2" }),
      svgEl("text", { x: X(v) + 3, y: 14 + 13 * k, "font-size": 11, fill: "#d62728" }, `${label} ${readable("latency", v, 3)} ms`),
    );
  });
  nodes.push(
    svgEl("line", { x1: 50, y1: 200, x2: 590, y2: 200, stroke: "#888" }),
    svgEl("text", { x: 50, y: 213, "font-size": 10 }, Number((bins[0]!.from * 1000).toPrecision(2)).toString()),
    svgEl("text", { x: 590, y: 213, "font-size": 10, "text-anchor": "end" }, Number((bins.at(-1)!.to * 1000).toPrecision(3)).toString()),
    svgEl("text", { x: 46, y: 24, "font-size": 10, "text-anchor": "end" }, String(cmax)),
    ...axisTitles("end-to-end latency (ms, log scale)", "requests per bin"),
  );
  svg.replaceChildren(...nodes);
}

/**
 * Dots with 95% whiskers on a shared axis between the names (left) and the figures (right): the figures sit
 * in their own column, so none runs off the canvas however close a dot is to the edge.
 */
function drawComparison(json: string): void {
  const r = JSON.parse(json) as { policies: Record<string, { metrics: Record<string, { estimate: number; halfWidth: number | null }> }> };
  const rows = Object.entries(r.policies).map(([p, v]) => ({ p, e: v.metrics["latency.mean"]!.estimate, h: v.metrics["latency.mean"]!.halfWidth ?? 0 }));
  const lo = Math.min(...rows.map((x) => x.e - x.h));
  const hi = Math.max(...rows.map((x) => x.e + x.h));
  const X = (v: number) => 130 + (300 * (v - lo)) / Math.max(hi - lo, 1e-12);
  const height = 40 + 22 * rows.length;
  const svg = $<SVGSVGElement & HTMLElement>("comparison");
  svg.setAttribute("viewBox", `0 0 600 ${height}`);
  const nodes: SVGElement[] = [svgEl("text", { x: 280, y: height - 6, "font-size": 11, "text-anchor": "middle", class: "axis-title" }, "mean end-to-end latency (ms), 95% interval")];
  rows.forEach((x, k) => {
    const y = 20 + 22 * k;
    const color = policyColor(x.p, k);
    nodes.push(
      svgEl("text", { x: 4, y: y + 4, "font-size": 11 }, x.p),
      svgEl("line", { x1: X(x.e - x.h), x2: X(x.e + x.h), y1: y, y2: y, stroke: "#333" }),
      svgEl("circle", { cx: X(x.e), cy: y, r: 4, fill: color }),
      svgEl("text", { x: 596, y: y + 4, "font-size": 11, "text-anchor": "end", class: "figure" }, `${readable("latency", x.e)} ± ${readable("latency", x.h, 2)} ms`),
    );
  });
  svg.replaceChildren(...nodes);
  $<HTMLElement>("comparisonFigure").hidden = false;
}

/** An estimate as people read it: latencies in ms, four significant digits (the exact value stays in data-value). */
function readable(key: string, x: number | null, digits = 4): string {
  if (x === null) return "";
  const ms = metricUnit(key) === "s";
  const v = ms ? x * 1000 : x;
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e6 || a < 1e-3) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 });
}

function showResult(json: string): void {
  $<HTMLPreElement>("json").textContent = json;
  const r = JSON.parse(json) as { metrics: Record<string, { estimate: number | null; halfWidth: number | null }> };
  // LLM engines: the figures serving people plan with, above the full table
  const llm = $<HTMLParagraphElement>("llmSummary");
  const m = r.metrics;
  llm.hidden = !m["ttft.mean"];
  if (m["ttft.mean"]) {
    const ms = (k: string) => `${readable(k, m[k]?.estimate ?? null)} ms`;
    const slo = m["slo.attainment"]
      ? ` · SLO met by ${readable("slo.attainment", (m["slo.attainment"].estimate ?? NaN) * 100, 3)}% · goodput ${readable("goodput", m["goodput"]?.estimate ?? null, 3)}/s`
      : "";
    llm.textContent = `TTFT mean ${ms("ttft.mean")}, p99 ${ms("ttft.p99")} · TPOT mean ${ms("tpot.mean")}, p99 ${ms("tpot.p99")} · ${readable("throughput.outputTokens", m["throughput.outputTokens"]?.estimate ?? null)} output tokens/s${slo}`;
  }
  $<HTMLTableSectionElement>("metrics")
    .querySelector("tbody")!
    .replaceChildren(
      ...Object.entries(r.metrics).map(([key, e]) => {
        const tr = document.createElement("tr");
        const name = document.createElement("td");
        name.textContent = key;
        const value = document.createElement("td");
        value.dataset.metric = key;
        if (e.estimate !== null) value.dataset.value = String(e.estimate);
        value.textContent = readable(key, e.estimate);
        const hw = document.createElement("td");
        hw.textContent = readable(key, e.halfWidth, 2);
        const unit = document.createElement("td");
        unit.textContent = metricUnit(key) === "s" ? "ms" : metricUnit(key);
        tr.append(name, value, hw, unit);
        return tr;
      }),
    );
}

function finish(text: string): void {
  worker?.terminate();
  worker = null;
  stopButton.disabled = true;
  if (text === "done") progress.value = 1;
  status.textContent = text;
  validate();
}

function run(): void {
  if (!validate() || worker) return;
  samples = [];
  fluid = null;
  $<HTMLPreElement>("json").textContent = "";
  document.querySelectorAll("[data-metric]").forEach((e) => e.remove());
  $<HTMLElement>("comparisonFigure").hidden = true;
  const replications = Math.max(1, Math.floor(Number($<HTMLInputElement>("replications").value) || 1));
  const ps = policies();
  const compare = ps.length > 1 || replications > 1;
  worker = new Worker("worker.js");
  runButton.disabled = true;
  stopButton.disabled = false;
  status.textContent = "running";
  progress.value = 0;
  worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const m = event.data;
    if (m.type === "progress") progress.value = m.fraction;
    else if (m.type === "sample") {
      samples.push(m);
      drawLive();
    } else if (m.type === "fluid") fluid = m;
    else if (m.type === "critical") markCritical(m.criticalStepSize, m.stepSize);
    else if (m.type === "result") {
      backends = m.backends;
      lastDraw = 0;
      drawLive();
      showResult(m.json);
      drawHistogram(m.histogram, JSON.parse(m.json).metrics);
      if (!compare) finish("done");
    } else if (m.type === "comparison") {
      drawComparison(m.json);
      finish("done");
    } else if (m.type === "error") {
      const list = $<HTMLUListElement>("errors");
      const li = document.createElement("li");
      li.textContent = m.message;
      list.append(li);
      finish("error");
    }
  };
  worker.onerror = (e) => finish(`error: ${e.message}`);
  const r: RunRequest = { type: "run", ...request(), policies: ps, replications };
  backends = [];
  worker.postMessage(r);
}

function markCritical(critical: number | null, step: number | null): void {
  const marker = $<HTMLSpanElement>("criticalMarker");
  if (critical === null) return void (marker.hidden = true);
  const slider = $<HTMLInputElement>("stepSize");
  const min = Number(slider.min);
  const max = Number(slider.max);
  const at = Math.min(1, Math.max(0, (Math.log10(critical) - min) / (max - min)));
  marker.hidden = false;
  marker.style.left = `${(100 * at).toFixed(1)}%`;
  marker.title = `critical step size ${critical.toPrecision(3)}${step !== null ? `; this run: ${step.toPrecision(3)}` : ""}`;
  marker.dataset.critical = String(critical);
}

function loadShipped(name: string): void {
  const s = shipped[name];
  if (s) editor.value = s.text;
  validate();
}

async function start(): Promise<void> {
  shipped = (await (await fetch("scenarios.json")).json()) as Record<string, Shipped>;
  for (const name of Object.keys(shipped)) select.append(new Option(name, name));
  policySelect.append(new Option("(scenario's)", ""), ...namedPolicyKinds().map((k) => new Option(k, k)));
  const params = new URLSearchParams(location.search);
  select.value = params.get("scenario") && shipped[params.get("scenario")!] ? params.get("scenario")! : "three-regions";
  if (params.has("seed")) $<HTMLInputElement>("seed").value = params.get("seed")!;
  if (params.has("policy")) policySelect.value = params.get("policy")!;
  if (params.has("policies")) $<HTMLInputElement>("policies").value = params.get("policies")!;
  if (params.has("replications")) $<HTMLInputElement>("replications").value = params.get("replications")!;
  for (const [id, key] of [
    ["load", "load"],
    ["latencyScale", "latency.scale"],
    ["feedbackInterval", "feedback.interval"],
  ] as const)
    if (params.has(key)) $<HTMLInputElement>(id).value = params.get(key)!;
  if (params.has("stepSize")) {
    $<HTMLInputElement>("autoStep").checked = false;
    $<HTMLInputElement>("stepSize").value = String(Math.log10(Number(params.get("stepSize"))));
  }
  loadShipped(select.value);
  if (params.has("text")) editor.value = params.get("text")!;
  validate();
  select.onchange = () => loadShipped(select.value);
  editor.oninput = () => validate();
  for (const id of ["seed", "load", "latencyScale", "feedbackInterval", "policies", "replications", "autoStep"]) $<HTMLInputElement>(id).oninput = () => validate();
  policySelect.onchange = () => validate();
  $<HTMLInputElement>("stepSize").oninput = () => {
    $<HTMLInputElement>("autoStep").checked = false;
    $<HTMLOutputElement>("stepValue").textContent = String(stepFromSlider());
    validate();
  };
  runButton.onclick = run;
  stopButton.onclick = () => finish("stopped");
  $<HTMLButtonElement>("copy").onclick = () => {
    const cmd = cliCommand();
    $<HTMLPreElement>("command").textContent = cmd;
    navigator.clipboard?.writeText(cmd).catch(() => {});
  };
  document.body.dataset.ready = "true";
  if (params.has("run")) run();
}

void start();
