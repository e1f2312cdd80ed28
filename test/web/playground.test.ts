// The playground in a real browser (Debian's headless Chromium driven by playwright-core): the page's
// numbers equal the CLI's for the same scenario and seed, edits are validated at their path, stop works.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT, cli, tempDir } from "../helpers.ts";

/** The system browser: CHROMIUM_PATH, else Debian's. The suite fails (never skips) when none starts. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let server: ChildProcess;
let url = "";
let browser: Browser;

beforeAll(async () => {
  server = spawn(process.execPath, [join(ROOT, "bin", "lbsim.js"), "serve", "--port", "0"], { cwd: ROOT });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (d) => {
      out += d;
      const m = /http:\/\/[\d.]+:\d+\//.exec(out);
      if (m) resolve(m[0]);
    });
    server.on("exit", (code) => reject(new Error(`lbsim serve exited with ${code}`)));
  });
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
  server?.kill();
});

async function open(query: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // the page works offline: any request outside the local server fails the test
  await page.route("**/*", (route) => (route.request().url().startsWith(url) ? route.continue() : (errors.push(`request to ${route.request().url()}`), route.abort())));
  await page.goto(url + query);
  await page.waitForSelector("body[data-ready]");
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

const done = (page: Page) => page.waitForFunction(() => ["done", "stopped", "error"].includes(document.getElementById("status")!.textContent!), null, { timeout: 120_000 });

describe("playground in Chromium", () => {
  it("?scenario=mm1&seed=1&run: the page's JSON and data-metric values are byte-identical to lbsim run --json", async () => {
    const page = await open("?scenario=mm1&seed=1&run");
    await done(page);
    expect(await page.textContent("#status")).toBe("done");
    const fromCli = cli(["run", "scenarios/mm1.json", "--seed", "1", "--json"]).stdout.trim();
    expect(await page.textContent("#json")).toBe(fromCli);
    const expected = JSON.parse(fromCli).metrics["latency.mean"].estimate;
    expect(await page.getAttribute('[data-metric="latency.mean"]', "data-value")).toBe(String(expected));
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("the metric table reads as people read it: latencies in ms to four significant digits, a unit column; one policy shows no comparison box", async () => {
    const page = await open("?scenario=mm1&seed=1&run");
    await done(page);
    const exact = Number(await page.getAttribute('[data-metric="latency.mean"]', "data-value"));
    expect(await page.textContent('[data-metric="latency.mean"]')).toBe(Number((exact * 1000).toPrecision(4)).toLocaleString("en-US"));
    for (const text of await page.locator("[data-metric]").allTextContents()) expect(text.replace(/[,.-]/g, "").replace(/^0+/, "").length, text).toBeLessThanOrEqual(6);
    expect(await page.textContent("#metrics tbody tr:first-child td:last-child")).toBe("ms");
    expect(await page.isVisible("#comparisonFigure")).toBe(false);
    expect(await page.isVisible("#llmSummary")).toBe(false); // a PS scenario has no TTFT
    for (const id of ["queues", "shares", "histogram"]) expect(await page.locator(`#${id} .axis-title`).count(), id).toBe(2);
    expect(await page.textContent("#histogram")).toContain("end-to-end latency (ms, log scale)");
    await page.close();
  });

  it("three-regions (DGD-LB): live charts, the fluid overlay and the critical-step marker; the same numbers as the CLI", async () => {
    const page = await open("?scenario=three-regions&seed=3&run");
    await done(page);
    const fromCli = JSON.parse(cli(["run", "scenarios/three-regions.json", "--seed", "3", "--json"]).stdout);
    expect(await page.getAttribute('[data-metric="latency.p99"]', "data-value")).toBe(String(fromCli.metrics["latency.p99"].estimate));
    expect(await page.locator("#queues path").count()).toBeGreaterThanOrEqual(8); // 4 backends + 4 fluid lines
    expect(await page.locator("#queues path[stroke-dasharray]").count()).toBe(4);
    expect(await page.locator("#histogram rect").count()).toBeGreaterThan(10);
    expect(Number(await page.getAttribute("#criticalMarker", "data-critical"))).toBeGreaterThan(1);
    if (process.env.PLAYGROUND_SCREENSHOT) await page.screenshot({ path: process.env.PLAYGROUND_SCREENSHOT });
    await page.close();
  });

  it("LLM engines (llm-geo-engines): the same JSON as the CLI, and TTFT and TPOT above the table", async () => {
    const page = await open("?scenario=llm-geo-engines&policy=sed&seed=1&run");
    await done(page);
    expect(await page.textContent("#status")).toBe("done");
    const fromCli = cli(["run", "scenarios/llm-geo-engines.json", "--policy", "sed", "--seed", "1", "--json"]).stdout.trim();
    expect(await page.textContent("#json")).toBe(fromCli);
    const m = JSON.parse(fromCli).metrics;
    const summary = (await page.textContent("#llmSummary"))!;
    expect(await page.isVisible("#llmSummary")).toBe(true);
    expect(summary).toContain(`TTFT mean ${Number((m["ttft.mean"].estimate * 1000).toPrecision(4)).toLocaleString("en-US")} ms`);
    expect(summary).toMatch(/TPOT mean [\d.,]+ ms, p99 [\d.,]+ ms · [\d,]+ output tokens\/s · SLO met by/);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it("an invalid edit shows the error at its field path and disables Run", async () => {
    const page = await open("?scenario=mm1");
    const text = JSON.parse(readFileSync(join(ROOT, "scenarios", "mm1.json"), "utf8"));
    text.warmpu = 5;
    await page.fill("#editor", JSON.stringify(text, null, 2));
    await page.waitForSelector('#errors li[data-path="warmpu"]');
    expect(await page.textContent('#errors li[data-path="warmpu"]')).toContain('did you mean "warmup"?');
    expect(await page.isDisabled("#run")).toBe(true);
    await page.close();
  });

  it("stop ends a long run at once and the page stays responsive", async () => {
    const page = await open("?scenario=mm1&seed=1");
    const text = JSON.parse(readFileSync(join(ROOT, "scenarios", "mm1.json"), "utf8"));
    text.horizon = 1e7;
    await page.fill("#editor", JSON.stringify(text));
    await page.click("#run");
    await page.waitForFunction(() => (document.getElementById("progress") as HTMLProgressElement).value > 0.01, null, { timeout: 60_000 });
    const t0 = Date.now();
    await page.click("#stop");
    await done(page);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await page.textContent("#status")).toBe("stopped");
    expect(await page.isDisabled("#run")).toBe(false);
    expect(await page.locator('[data-metric="latency.mean"]').count()).toBe(0);
    await page.close();
  });

  it("several policies and replications: a comparison with 95% intervals equal to lbsim compare --json", async () => {
    const page = await open("?scenario=two-backends-symmetric&seed=2&policies=dgd-lb,jsq&replications=3&run");
    await page.waitForFunction(() => document.getElementById("status")!.textContent === "done", null, { timeout: 120_000 });
    expect(await page.locator("#comparison circle").count()).toBe(2);
    const fromCli = JSON.parse(cli(["compare", "scenarios/two-backends-symmetric.json", "--policies", "dgd-lb,jsq", "--replications", "3", "--seed", "2", "--json", "--workers", "1"]).stdout);
    const label = await page.textContent("#comparison");
    const jsq = fromCli.policies.jsq.metrics["latency.mean"];
    const ms = (x: number, digits: number) => Number((x * 1000).toPrecision(digits)).toLocaleString("en-US");
    expect(label).toContain(`${ms(jsq.estimate, 4)} ± ${ms(jsq.halfWidth, 2)} ms`);
    expect(await page.isVisible("#comparisonFigure")).toBe(true);
    // every label lies inside the canvas (a figure beside its dot was cut at the right edge)
    const overflow = await page.evaluate(() => {
      const svg = document.getElementById("comparison") as unknown as SVGSVGElement;
      const width = svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll("text")]
        .filter((t) => {
          const b = (t as SVGTextElement).getBBox();
          return b.x < 0 || b.x + b.width > width;
        })
        .map((t) => t.textContent);
    });
    expect(overflow).toEqual([]);
    expect(await page.locator("#comparison .axis-title").count()).toBe(1);
    await page.close();
  });

  it("copy CLI command names the scenario, the seed and the knobs as --set", async () => {
    const page = await open("?scenario=three-regions&seed=7&load=0.8");
    await page.click("#copy");
    expect(await page.textContent("#command")).toBe("npx lbsim run scenarios/three-regions.json --replications 1 --seed 7 --set 'load=0.8' --json");
    await page.close();
  });

  it("copy CLI command for edited JSON: pasted into a shell with the JSON saved as told, it runs with every flag", async () => {
    const page = await open("?scenario=mm1&seed=7&load=0.8");
    const text = JSON.parse(readFileSync(join(ROOT, "scenarios", "mm1.json"), "utf8"));
    text.horizon = 3000;
    await page.fill("#editor", JSON.stringify(text, null, 2));
    await page.click("#copy");
    const command = (await page.textContent("#command"))!;
    const lines = command.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^# save the editor's JSON as scenario\.json/);
    expect(lines[1]).not.toContain("#");
    const dir = tempDir();
    writeFileSync(join(dir, "scenario.json"), await page.inputValue("#editor"));
    const shell = command.replace("npx lbsim", `'${process.execPath}' '${join(ROOT, "bin", "lbsim.js")}'`);
    const r = spawnSync("bash", ["-c", shell], { cwd: dir, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.seed).toBe(7);
    const direct = JSON.parse(cli(["run", join(dir, "scenario.json"), "--seed", "7", "--set", "load=0.8", "--json"]).stdout);
    expect(out.counts).toEqual(direct.counts); // --set load=0.8 reached the run
    await page.close();
  });
});
