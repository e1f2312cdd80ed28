// Exact PS on hand-computed traces: every departure time to 1e-12.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { scenarioFrom, tempDir } from "../helpers.ts";
import { writeFileSync } from "node:fs";
import { runReplication } from "../../src/engine/runReplication.ts";
import type { TraceSink } from "../../src/engine/sinks.ts";

function departures(rows: string, curve: unknown, capacitySchedule?: unknown): Map<number, number> {
  const dir = tempDir();
  writeFileSync(join(dir, "jobs.csv"), "arrival_s,size\n" + rows);
  const s = scenarioFrom(
    {
      horizon: 100,
      frontends: [{ id: "f", arrivals: { kind: "trace", path: "jobs.csv", sizeColumn: "size" } }],
      backends: [{ id: "b", curve, ...(capacitySchedule ? { capacitySchedule } : {}) }],
      policy: { kind: "random" },
    },
    join(dir, "s.json"),
  );
  const out = new Map<number, number>();
  const trace: TraceSink = { request: (id, _f, _b, _s, _born, _arr, departed) => out.set(id, departed) };
  runReplication(s, 0, { trace });
  return out;
}

describe("PsBackend: exact processor sharing", () => {
  it("rate-1 PS: A(0, 2), B(1, 1), C(1.5, 0.5) leave at 3.5, 3.5, 3.0", () => {
    // [0,1) A alone; [1,1.5) A,B at 1/2 each; from 1.5 three at 1/3: C (0.5 left) leaves at 3.0,
    // A and B then hold 0.25 each and share rate 1/2: both leave at 3.5
    const d = departures("0,2\n1,1\n1.5,0.5\n", { kind: "linear-capped", rate: 1, slots: 1 });
    expect(Math.abs(d.get(0)! - 3.5)).toBeLessThan(1e-12);
    expect(Math.abs(d.get(1)! - 3.5)).toBeLessThan(1e-12);
    expect(Math.abs(d.get(2)! - 3.0)).toBeLessThan(1e-12);
  });

  it("batching curve mu(n) = 2n/(n+1): A(0, 1), B(0.5, 1) leave at 1.25 and 1.75", () => {
    // A alone at mu(1) = 1 until 0.5 (0.5 left); two share mu(2) = 4/3, 2/3 each: A leaves at 1.25,
    // B has 0.5 left and runs alone at rate 1: leaves at 1.75
    const d = departures("0,1\n0.5,1\n", { kind: "saturating", max: 2, half: 1 });
    expect(Math.abs(d.get(0)! - 1.25)).toBeLessThan(1e-12);
    expect(Math.abs(d.get(1)! - 1.75)).toBeLessThan(1e-12);
  });

  it("an outage pauses service and loses nothing: A(0, 1) with capacity 0 on [0.5, 1.5) leaves at 2", () => {
    const d = departures("0,1\n", { kind: "linear-capped", rate: 1, slots: 1 }, [{ from: 0.5, to: 1.5, multiplier: 0 }]);
    expect(Math.abs(d.get(0)! - 2)).toBeLessThan(1e-12);
  });

  it("half capacity doubles the remaining service time", () => {
    const d = departures("0,1\n", { kind: "linear-capped", rate: 1, slots: 1 }, [{ from: 0.5, to: 10, multiplier: 0.5 }]);
    expect(Math.abs(d.get(0)! - 1.5)).toBeLessThan(1e-12);
  });
});
