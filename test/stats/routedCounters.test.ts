// A run's routed counters are the last run's in this thread, cleared: a replication's shares are the same after
// any other run, of the same fleet or another.
import { describe, expect, it } from "vitest";
import { runReplication } from "../../src/engine/runReplication.ts";
import { scenarioFrom, wideFleetSpec } from "../helpers.ts";

describe("routed counters passed from run to run", () => {
  it("give a replication the same shares after runs of its fleet and of another", () => {
    const a = scenarioFrom(wideFleetSpec(3, 5, 20, { horizon: 200, warmup: 10, policy: { kind: "random" } }));
    const b = scenarioFrom(wideFleetSpec(2, 4, 15, { horizon: 100, warmup: 10, policy: { kind: "random" } }));
    const shares = (r: ReturnType<typeof runReplication>) => r.keys.flatMap((k, m) => (k.includes(".share.") ? [[k, r.points[m]!, ...r.batches.subarray(m * 20, m * 20 + 20)]] : []));
    const first = shares(runReplication(a, 2));
    runReplication(a, 0); // its counters, full of its decisions, go to the next run of this size
    expect(shares(runReplication(a, 2))).toEqual(first);
    runReplication(b, 1);
    runReplication(a, 0);
    runReplication(b, 1); // another size: a fresh array, and the last one stays unused
    expect(shares(runReplication(a, 2))).toEqual(first);
  });
});
