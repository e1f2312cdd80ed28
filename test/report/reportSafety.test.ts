// The report is safe to share: markup in any user string (ids, name, description) never becomes a live element.
import { describe, expect, it } from "vitest";
import { HtmlValidate } from "html-validate";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, tempDir, writeJson } from "../helpers.ts";

const PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "</title><svg onload=alert(3)>", "a&b<i>c</i>"];

describe("report with hostile strings", () => {
  it("escapes every payload: no script, element or handler appears, and the page stays valid HTML", async () => {
    const dir = tempDir();
    const [f1, f2, b1, b2] = PAYLOADS;
    const scenario = writeJson(dir, "s.json", {
      name: PAYLOADS[2],
      description: PAYLOADS.join(" "),
      horizon: 60,
      warmup: 5,
      frontends: [
        { id: f1, arrivals: { kind: "poisson", rate: 4 } },
        { id: f2, arrivals: { kind: "poisson", rate: 3 } },
      ],
      backends: [
        { id: b1, curve: { kind: "saturating", max: 10, half: 2 } },
        { id: b2, curve: { kind: "saturating", max: 10, half: 2 } },
      ],
      latency: { unit: "ms", oneWay: { [f1!]: { [b1!]: 5, [b2!]: 40 }, [f2!]: { [b1!]: 40, [b2!]: 5 } } },
      policy: { kind: "sed" },
    });
    const out = join(dir, "report.html");
    const r = cli(["report", scenario, "--out", out, "--replications", "2", "--policies", "random", "--workers", "1"]);
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    // every element and attribute the page really has (attribute values skipped whole, quoted or not)
    const elements = new Set<string>();
    const attributes = new Set<string>();
    for (const m of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>"'/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g)) {
      elements.add(m[1]!.toLowerCase());
      for (const a of m[2]!.matchAll(/\s+([^\s=>"'/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?/g)) attributes.add(a[1]!.toLowerCase());
    }
    expect(elements.has("svg") && elements.has("table")).toBe(true);
    for (const e of ["script", "img", "i", "iframe", "object"]) expect(elements.has(e), `element <${e}>`).toBe(false);
    expect([...attributes].filter((a) => a.startsWith("on"))).toEqual([]);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const hv = new HtmlValidate({ extends: ["html-validate:standard", "html-validate:document"] });
    const report = await hv.validateString(html);
    expect(report.valid, JSON.stringify(report.results.flatMap((x) => x.messages.map((m) => m.message)).slice(0, 5))).toBe(true);
  });

  it("CSV outputs quote the same ids so a standard reader gets them back whole", () => {
    const dir = tempDir();
    const id = 'eu,west "1"';
    const scenario = writeJson(dir, "s.json", {
      horizon: 20,
      frontends: [{ id, arrivals: { kind: "poisson", rate: 4 } }],
      backends: [{ id: "b", curve: { kind: "saturating", max: 10, half: 2 } }],
    });
    const csv = cli(["run", scenario, "--csv"]).stdout;
    expect(csv).toContain('"frontend.eu,west ""1"".latency.mean",s,');
    const opt = cli(["optimum", scenario, "--csv"]).stdout;
    expect(opt.split("\n")[1]).toMatch(/^"eu,west ""1""",b,1,/);
  });
});
