// The library's functions refuse what is not a loaded scenario with a sentence that names the function and the fix.
import { describe, expect, it } from "vitest";
import { compare, criticalStepSize, integrateFluid, loadScenario, planCapacity, runStudy, shippedScenario, simulate, solveOptimum } from "../../src/index.ts";

describe("a library function given something other than a loaded scenario", () => {
  const path = shippedScenario("mm1");
  const mistakes: Array<[string, unknown, RegExp]> = [
    ["a path", path, /got a string \(".*mm1\.json"; a path\?\)/],
    ["a forgotten await", loadScenario(path), /got a Promise \(loadScenario is async: await it\)/],
    ["a plain spec", { name: "x", horizon: 1, frontends: [], backends: [] }, /got an object that is not a loaded scenario/],
    ["undefined", undefined, /got undefined/],
  ];
  for (const [what, value, message] of mistakes)
    it(`throws a TypeError naming the function and loadScenario for ${what}`, async () => {
      const bad = value as Parameters<typeof simulate>[0];
      expect(() => simulate(bad)).toThrow(new RegExp(`^simulate\\(scenario\\): expected a scenario from loadScenario, ${message.source}.*await loadScenario`));
      expect(() => solveOptimum(bad)).toThrow(/^solveOptimum\(scenario\): expected a scenario from loadScenario/);
      expect(() => integrateFluid(bad)).toThrow(/^integrateFluid\(scenario\)/);
      expect(() => criticalStepSize(bad)).toThrow(/^criticalStepSize\(scenario\)/);
      await expect(runStudy(bad)).rejects.toThrow(TypeError);
      await expect(compare(bad, { policies: ["random"] })).rejects.toThrow(/^compare\(scenario\)/);
      await expect(planCapacity(bad, { slo: "latency.p99=5" })).rejects.toThrow(/^planCapacity\(scenario\)/);
    });

  it("takes the scenario loadScenario resolves", async () => {
    const s = await loadScenario(shippedScenario("mm1"), { set: { horizon: 100, warmup: 0 } });
    expect(simulate(s).counts.arrived).toBeGreaterThan(0);
  });
});
