// The replication pool: lanes claim tasks from a shared counter; every task's outcome arrives once,
// the same as on one thread, a stop claims nothing more, and a thread that dies loses no task unsaid.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { MetricNames, runTasks, type TaskOutcome } from "../../src/experiment/replicationPool.ts";
import { shutdownWorkers } from "../../src/experiment/threadPools.ts";
import { postedTask, replicationTask, runClaimedTasks, type TaskMessage } from "../../src/experiment/replicationTask.ts";
import { TaskClaims } from "../../src/experiment/taskClaims.ts";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { scenarioFrom, tempDir, wideFleetSpec } from "../helpers.ts";

const SMALL = {
  horizon: 400,
  warmup: 20,
  frontends: [{ id: "a", arrivals: { kind: "poisson", rate: 20 } }],
  backends: [
    { id: "x", curve: { kind: "linear-capped", rate: 15, slots: 1 } },
    { id: "y", curve: { kind: "linear-capped", rate: 15, slots: 1 } },
  ],
  latency: { unit: "ms", oneWay: { a: { x: 10, y: 20 } } },
  policy: { kind: "random" },
};

// cores for each lane layout (laneLayout): W − 1 pool threads beside this thread, or W pool threads compiling in their lanes
const SPARE_CORES = 64;
const FILLED_CORES = 2;

async function outcomesOf(scenario: ReturnType<typeof scenarioFrom>, count: number, workers: number, cores = SPARE_CORES): Promise<TaskOutcome[]> {
  const tasks = Array.from({ length: count }, (_, r) => replicationTask(scenario, 0, r, 20));
  const outcomes: TaskOutcome[] = [];
  await runTasks(
    tasks,
    workers,
    (o) => outcomes.push(o),
    () => false,
    { cores },
  );
  return outcomes;
}

afterAll(() => shutdownWorkers());

describe("replication pool", () => {
  it("gives every task's outcome once, with the same doubles on 1 and 3 lanes, whichever threads the lanes are", async () => {
    const s = scenarioFrom(SMALL);
    const byReplication = (os: TaskOutcome[]) => new Map(os.map((o) => [o.task.replication, Array.from(o.result!.points)]));
    const one = await outcomesOf(s, 7, 1);
    const three = await outcomesOf(s, 7, 3);
    const threeInPool = await outcomesOf(s, 7, 3, FILLED_CORES);
    for (const os of [one, three, threeInPool]) {
      expect(os.every((o) => o.error === undefined)).toBe(true);
      expect(os.map((o) => o.task.replication).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
    expect(byReplication(three)).toEqual(byReplication(one));
    expect(byReplication(threeInPool)).toEqual(byReplication(one));
  }, 120_000);

  it("sends a pool thread a fleet's latency table packed, and the thread's runs are this thread's", async () => {
    // 20 × 20 pairs with latencies of their own: past packedMatrices' threshold
    const s = scenarioFrom(wideFleetSpec(20, 20, 10, { seed: 5, horizon: 60, warmup: 5, policy: { kind: "jsq" } }));
    const task = replicationTask(s, 0, 0, 5);
    expect(task.data.packed).toBeUndefined(); // a study without pool threads packs nothing
    const sent = postedTask(task);
    expect(sent.data.packed!.map((m) => m.path)).toEqual([["latency", "oneWay"]]);
    expect(postedTask(replicationTask(s, 0, 1, 5)).data).toBe(sent.data); // once a scenario
    const byReplication = (os: TaskOutcome[]) => new Map(os.map((o) => [o.task.replication, Array.from(o.result!.points)]));
    const one = await outcomesOf(s, 4, 1);
    const inPool = await outcomesOf(s, 4, 2, FILLED_CORES);
    expect(inPool.every((o) => o.error === undefined)).toBe(true);
    expect(byReplication(inPool)).toEqual(byReplication(one));
  }, 120_000);

  it("names every run of a scenario with one frozen array, a pool thread's as well, and posts the names once a lane", async () => {
    const s = scenarioFrom(SMALL);
    const three = await outcomesOf(s, 7, 3);
    const keys = three[0]!.result!.keys;
    expect(Object.isFrozen(keys)).toBe(true);
    expect(keys).toContain("frontend.a.share.y");
    expect(three.every((o) => o.result!.keys === keys)).toBe(true);
    // a lane's second result of the scenario goes without its names
    const tasks = Array.from({ length: 2 }, (_, r) => replicationTask(s, 0, r, 20));
    const { port1, port2 } = new MessageChannel();
    expect(runClaimedTasks({ tasks, control: TaskClaims.create(2).control, results: port2 })).toBe(2);
    const posted = [receiveMessageOnPort(port1)!.message as TaskMessage, receiveMessageOnPort(port1)!.message as TaskMessage];
    port1.close();
    expect(posted.map((m) => m.result!.keys?.length)).toEqual([keys.length, undefined]);
    expect(posted[0]!.result!.keys).toEqual(keys);
    // a later study of the scenario in this process (a round of sequential stopping) names its runs with the same array
    const again = await outcomesOf(s, 4, 2);
    expect(again.every((o) => o.result!.keys === keys)).toBe(true);
  }, 120_000);

  it("gives a later study of a scenario the names an earlier one used, and fails a result that comes without names", () => {
    const s = scenarioFrom({ ...SMALL, seed: 77 });
    const task = replicationTask(s, 0, 0, 20);
    const result = (keys: readonly string[] | null) => ({ counts: { arrived: 0, completed: 0, inFlight: 0 }, keys, points: new Float64Array(1), batches: new Float64Array(0) });
    const first = ["latency.mean"];
    expect(new MetricNames().outcome(task, result(first)).result!.keys).toBe(first);
    // the next study's first result of the scenario, posted by a pool thread with a copy of the names
    const later = new MetricNames();
    expect(later.outcome(task, result([...first])).result!.keys).toBe(first);
    expect(later.outcome(task, result(null)).result!.keys).toBe(first);
    const other = replicationTask(scenarioFrom({ ...SMALL, seed: 78 }), 0, 0, 20);
    expect(later.outcome(other, result(null)).error?.message).toMatch(/arrived without its metric names/);
  });

  it("gives scenarios that name the same metrics (a compare's policies) one array, and others their own", () => {
    const result = (keys: readonly string[] | null) => ({ counts: { arrived: 0, completed: 0, inFlight: 0 }, keys, points: new Float64Array(2), batches: new Float64Array(0) });
    const names = new MetricNames();
    const jsq = replicationTask(scenarioFrom({ ...SMALL, seed: 79, policy: { kind: "jsq" } }), 0, 0, 20);
    const sed = replicationTask(scenarioFrom({ ...SMALL, seed: 79, policy: { kind: "sed" } }), 0, 0, 20);
    const wider = replicationTask(scenarioFrom({ ...SMALL, seed: 80 }), 0, 0, 20);
    const shorter = replicationTask(scenarioFrom({ ...SMALL, seed: 81 }), 0, 0, 20);
    const first = ["latency.mean", "latency.p99"];
    expect(names.outcome(jsq, result(first)).result!.keys).toBe(first);
    expect(names.outcome(sed, result([...first])).result!.keys).toBe(first);
    const unlike = ["latency.mean", "latency.p90"];
    expect(names.outcome(wider, result(unlike)).result!.keys).toBe(unlike);
    const fewer = ["latency.mean"];
    expect(names.outcome(shorter, result(fewer)).result!.keys).toBe(fewer);
  });

  it("claims no task after a stop", async () => {
    const s = scenarioFrom(SMALL);
    // stopped from the start, nothing runs; stopped after the first outcome, one lane runs nothing
    // more, and two lanes at most finish the task each holds
    const tasks = Array.from({ length: 6 }, (_, r) => replicationTask(s, 0, r, 20));
    for (const [workers, most] of [
      [1, 1],
      [2, 2],
    ]) {
      const none: TaskOutcome[] = [];
      await runTasks(
        tasks,
        workers!,
        (o) => none.push(o),
        () => true,
        { cores: SPARE_CORES },
      );
      expect(none).toHaveLength(0);
      const some: TaskOutcome[] = [];
      await runTasks(
        tasks,
        workers!,
        (o) => some.push(o),
        () => some.length > 0,
        { cores: SPARE_CORES },
      );
      expect(some.length).toBeGreaterThanOrEqual(1);
      expect(some.length).toBeLessThanOrEqual(most!);
    }
    // every lane a pool thread, stopped from the start: nothing runs (a stop asked later reaches the
    // pool threads only once this thread has read an outcome, and they may claim a task meanwhile)
    const inPool: TaskOutcome[] = [];
    await runTasks(
      tasks,
      2,
      (o) => inPool.push(o),
      () => true,
      { cores: FILLED_CORES },
    );
    expect(inPool).toHaveLength(0);
  }, 120_000);

  it("reports the task of a pool thread that exits (process.exit in a policy module) as failed, and does not wait for it", async () => {
    // the module exits its worker thread at once (Tinypool alone would wait for that thread forever);
    // on this thread it stalls, so that the pool thread starts and claims a task while this one holds the first
    const dir = tempDir();
    writeFileSync(
      join(dir, "policy.mjs"),
      `import { isMainThread } from "node:worker_threads";
       export default () => {
         if (!isMainThread) process.exit(3);
         const until = Date.now() + 6000;
         while (Date.now() < until);
         return { route: () => 0 };
       };`,
    );
    const s = scenarioFrom({ ...SMALL, policy: { kind: "module", path: "./policy.mjs" } }, join(dir, "s.json"));
    const outcomes = await outcomesOf(s, 3, 2);
    expect(outcomes.map((o) => o.task.replication).sort()).toEqual([0, 1, 2]);
    const failed = outcomes.filter((o) => o.error);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const o of failed) expect(o.error!.message).toMatch(/worker thread exited \(process\.exit\(3\)\) inside the replication/);
    // every lane a pool thread: each exits inside its first task, which fails, and this thread runs
    // the task no lane was left to claim (the study goes on: this runTasks is not told to stop)
    const inPool = await outcomesOf(s, 3, 2, FILLED_CORES);
    expect(inPool.map((o) => o.task.replication).sort()).toEqual([0, 1, 2]);
    const exited = inPool.filter((o) => o.error);
    expect(exited).toHaveLength(2);
    for (const o of exited) expect(o.error!.message).toMatch(/worker thread exited \(process\.exit\(3\)\) inside the replication/);
  }, 120_000);

  it("posts a pool lane's results in shared memory, neither copied nor detached", () => {
    // a transferred (detached) buffer would make V8 throw away the thread's optimised engine
    const s = scenarioFrom(SMALL);
    const tasks = Array.from({ length: 2 }, (_, r) => replicationTask(s, 0, r, 20));
    const { port1, port2 } = new MessageChannel();
    const posted = runClaimedTasks({ tasks, control: TaskClaims.create(tasks.length).control, results: port2 });
    expect(posted).toBe(2);
    for (let k = 0; k < 2; k++) {
      const m = receiveMessageOnPort(port1)!.message as TaskMessage;
      expect(m.result!.points.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(m.result!.batches.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(m.result!.points.length).toBeGreaterThan(0);
    }
    port1.close();
  }, 60_000);
});
