// Warnings under a table: shared lines for policies, and a fleet's growing queues capped at a few lines.
import { describe, expect, it } from "vitest";
import { LISTED_GROWING_QUEUES, warningLines } from "../../src/report/studyOutput.ts";

const growth = (backend: string, policy: string) => ({
  code: "queue_growth",
  policy,
  message: `backend ${backend}'s queue grew through the run (mean 1 requests in the first quarter of the measurement window, 4 in the last): it may be overloaded`,
});

describe("warningLines", () => {
  it("gives policies with the same warning one line, naming them", () => {
    const text = warningLines([
      { code: "in_flight", policy: "jsq", message: "12 of 1000 requests" },
      { code: "in_flight", policy: "sed", message: "15 of 1000 requests" },
    ]);
    expect(text).toBe("\nwarning: jsq, sed (jsq's figures): 12 of 1000 requests");
  });

  it("lists a growing queue per backend up to the cap, then counts the rest in one line", () => {
    const few = Array.from({ length: LISTED_GROWING_QUEUES }, (_, j) => growth(`b${j}`, "jsq"));
    expect(warningLines(few).split("\n").filter(Boolean)).toHaveLength(LISTED_GROWING_QUEUES);
    // 700 backends under two policies (the same backends for both): the cap's lines and one more
    const many = Array.from({ length: 700 }, (_, j) => [growth(`b${j}`, "jsq"), growth(`b${j}`, "random")]).flat();
    const lines = warningLines([{ code: "in_flight", message: "5% in flight" }, ...many])
      .split("\n")
      .filter(Boolean);
    expect(lines).toHaveLength(1 + LISTED_GROWING_QUEUES + 1);
    expect(lines[1]).toBe("warning: jsq, random (jsq's figures): " + many[0]!.message);
    expect(lines.at(-1)).toBe(`warning: the queues of ${700 - LISTED_GROWING_QUEUES} more backends grew through the run as well (--json lists each with its figures)`);
  });
});
