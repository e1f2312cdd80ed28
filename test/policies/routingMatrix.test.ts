// A routing matrix given in a policy (static routing, DGD-LB's initial routing) read as the scenario's ids say.
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../src/scenario/loadScenario.ts";
import { routingArray } from "../../src/policies/routingMatrix.ts";
import { simulate } from "../../src/engine/simulation.ts";
import { metricSample } from "../../src/stats/runMetrics.ts";

const curve = { kind: "linear-capped", rate: 1, slots: 1 };
/** One frontend, backends named like methods every object has, and a row that leaves "constructor" out. */
const spec = (policy: Record<string, unknown>) => ({
  name: "method-names",
  seed: 1,
  horizon: 400,
  warmup: 20,
  frontends: [{ id: "f", arrivals: { kind: "poisson", rate: 0.6 } }],
  backends: [
    { id: "constructor", curve },
    { id: "toString", curve },
    { id: "b", curve },
  ],
  policy,
});

describe("a routing matrix", () => {
  it("gives 0 to a backend a row leaves out, whatever its name (a name every object has read that method: the row's sum was NaN)", () => {
    const s = loadScenario(spec({ kind: "static", routing: { f: { toString: 0.25, b: 0.75 } } }));
    expect(Array.from(routingArray({ f: { toString: 0.25, b: 0.75 } }, s))).toEqual([0, 0.25, 0.75]);
    // the run sends nothing to "constructor" (it sent half the requests there)
    const run = simulate(s);
    expect(metricSample(run, "frontend.f.share.constructor")!.point).toBe(0);
    expect(metricSample(run, "frontend.f.share.toString")!.point).toBeGreaterThan(0.15);
  });

  it("as DGD-LB's initial routing", () => {
    const s = loadScenario(spec({ kind: "dgd-lb", stepSize: 0.01, updateInterval: 1000, initial: { f: { b: 1 } } }));
    const run = simulate(s);
    // no update within the horizon: every request by the initial routing, to b
    expect(metricSample(run, "frontend.f.share.b")!.point).toBe(1);
  });
});
