// lbsim as a package: packed, installed in an empty project, imported from plain node (no tsx, no TypeScript).
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, tempDir } from "./helpers.ts";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm pack, install, import", () => {
  it("the installed package gives the same latency.mean from `import { loadScenario, simulate }` as its CLI, with types", { timeout: 600_000 }, () => {
    const packDir = tempDir();
    execFileSync(npm, ["pack", "--pack-destination", packDir, "--silent"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"))!;
    const app = tempDir();
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", type: "module", private: true }));
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--omit=dev", join(packDir, tarball)], { cwd: app, stdio: ["ignore", "pipe", "pipe"] });
    const installed = join(app, "node_modules", "lbsim");
    expect(existsSync(join(installed, "dist", "index.d.ts"))).toBe(true);
    expect(existsSync(join(app, "node_modules", "tsx"))).toBe(false);
    expect(existsSync(join(app, "node_modules", "typescript"))).toBe(false);

    const script = [
      'import { loadScenario, simulate } from "lbsim";',
      'const s = await loadScenario("node_modules/lbsim/scenarios/mm1.json", { set: { horizon: 3000 } });',
      'console.log(JSON.stringify(simulate(s, { replication: 0 }).metrics["latency.mean"]));',
    ].join("\n");
    writeFileSync(join(app, "use.mjs"), script);
    const fromLibrary = JSON.parse(execFileSync(process.execPath, ["use.mjs"], { cwd: app, encoding: "utf8" }));
    const fromCli = JSON.parse(
      execFileSync(process.execPath, [join(installed, "bin", "lbsim.js"), "run", join(installed, "scenarios", "mm1.json"), "--json", "--replications", "1", "--set", "horizon=3000"], {
        cwd: app,
        encoding: "utf8",
      }),
    ).metrics["latency.mean"];
    expect(fromLibrary).toEqual(fromCli);
    expect(fromLibrary.estimate).toBeGreaterThan(0);

    // the README's library example, exactly as printed there, from this fresh folder
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = /## As a library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)![1]!;
    writeFileSync(join(app, "readme-example.mjs"), example);
    const printed = execFileSync(process.execPath, ["readme-example.mjs"], { cwd: app, encoding: "utf8" }).trim().split("\n");
    expect(printed.length).toBeGreaterThanOrEqual(3);
    const byName = JSON.parse(
      execFileSync(process.execPath, ["-e", 'import("lbsim").then((m) => console.log(JSON.stringify([m.shippedScenario("llm-geo"), m.shippedScenarios()])))'], { cwd: app, encoding: "utf8" }),
    );
    expect(byName[0]).toBe(join(installed, "scenarios", "llm-geo.json"));
    expect(byName[1]).toContain("three-regions");
    expect(() =>
      execFileSync(process.execPath, ["-e", 'import("lbsim/scenarios/mm1.json", { with: { type: "json" } }).then((m) => console.log(m.default.name))'], { cwd: app, encoding: "utf8" }),
    ).not.toThrow();
  });
});
