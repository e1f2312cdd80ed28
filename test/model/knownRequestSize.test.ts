// Causal policies: a frontend's mean request size s_i is what it could know when it decides.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { scenarioFrom, tempDir } from "../helpers.ts";
import { simulate } from "../../src/engine/simulation.ts";
import { RunningMeanSize } from "../../src/model/knownRequestSize.ts";
import type { TraceSink } from "../../src/engine/sinks.ts";

/** Backend of each request by id, from the request trace. */
function routes(file: string, dir: string): Map<number, string> {
  const s = scenarioFrom(
    {
      horizon: 200,
      frontends: [{ id: "fe", arrivals: { kind: "trace", path: file, timeColumn: "t", sizeColumn: "size" } }],
      backends: [
        { id: "near", curve: { kind: "linear-capped", rate: 30, slots: 1 } },
        { id: "far", curve: { kind: "linear-capped", rate: 30, slots: 1 } },
      ],
      latency: { unit: "ms", oneWay: { fe: { near: 1, far: 40 } } },
      feedback: { mode: "periodic", interval: 0.02 },
      policy: { kind: "sed" },
    },
    join(dir, "scenario.json"),
  );
  const out = new Map<number, string>();
  const sink: TraceSink = { request: (id, _f, backend) => void out.set(id, backend) };
  simulate(s, { trace: sink });
  return out;
}

describe("causal request sizes", () => {
  it("changing the sizes of requests not yet born leaves every earlier routing decision unchanged", () => {
    const dir = tempDir();
    const rows = (future: number) => ["t,size", ...Array.from({ length: 2000 }, (_, k) => `${(k * 0.05).toFixed(3)},${k < 1000 ? 1 + (k % 3) : future}`)].join("\n");
    writeFileSync(join(dir, "a.csv"), rows(2));
    writeFileSync(join(dir, "b.csv"), rows(200));
    const a = routes("a.csv", dir);
    const b = routes("b.csv", dir);
    let sameFar = 0;
    for (let id = 0; id < 1000; id++) {
      expect(b.get(id)).toBe(a.get(id));
      if (a.get(id) === "far") sameFar++;
    }
    expect(sameFar).toBeGreaterThan(0); // the choice is not trivial: both backends are used
  });

  it("RunningMeanSize: the declared mean when there is one, else the mean of the sizes seen so far (1 before any)", () => {
    const s = scenarioFrom({
      horizon: 10,
      frontends: [{ id: "fe", arrivals: { kind: "poisson", rate: 1 }, requestSize: { kind: "exponential", mean: 3 } }],
      backends: [{ id: "b", curve: { kind: "linear-capped", rate: 30, slots: 1 } }],
    });
    const known = new RunningMeanSize(s);
    known.observe(0, 100);
    expect(known.mean(0)).toBe(3);

    const dir = tempDir();
    writeFileSync(join(dir, "t.csv"), "t,size\n0,2\n1,4\n");
    const traced = scenarioFrom(
      {
        horizon: 10,
        frontends: [{ id: "fe", arrivals: { kind: "trace", path: "t.csv", timeColumn: "t", sizeColumn: "size" } }],
        backends: [{ id: "b", curve: { kind: "linear-capped", rate: 30, slots: 1 } }],
      },
      join(dir, "s.json"),
    );
    const learned = new RunningMeanSize(traced);
    expect(learned.mean(0)).toBe(1);
    learned.observe(0, 2);
    learned.observe(0, 4);
    expect(learned.mean(0)).toBe(3);
  });
});
