// The names an error message lists: all of a few, the first of many and how many in all.
import { describe, expect, it } from "vitest";
import { nameList } from "../../src/input/nameList.ts";

describe("nameList", () => {
  it("lists every name that fits, else the first ones and the count", () => {
    expect(nameList(["a", "b", "c"])).toBe("a, b, c");
    expect(nameList([])).toBe("");
    const many = Array.from({ length: 1000 }, (_, j) => `b${j}`);
    const line = nameList(many);
    expect(line).toMatch(/^b0, b1, b2, .*, … \(1000 in all\)$/);
    expect(line.length).toBeLessThan(180);
    // one name longer than the room is still named
    expect(nameList(["x".repeat(400), "y"])).toBe(`${"x".repeat(400)}, … (2 in all)`);
  });
});
