// cloneData copies a scenario's data as structuredClone does: every value equal, nothing shared.
import { describe, expect, it } from "vitest";
import { cloneData } from "../../src/scenario/cloneData.ts";

describe("cloneData", () => {
  it("equals structuredClone's copy on plain data with every kind of value, and shares nothing with its source", () => {
    const source = {
      name: "x",
      n: -0,
      nan: NaN,
      inf: -Infinity,
      none: null,
      missing: undefined,
      flag: true,
      list: [1, { a: [2, 3] }, [], "s"],
      matrix: { f0: { b0: 1.5, b1: 0 }, f1: {} },
      column: new Float64Array([1, 2]),
      when: new Date(0),
    };
    const copy = cloneData(source);
    expect(copy).toStrictEqual(structuredClone(source));
    expect(Object.keys(copy)).toEqual(Object.keys(source));
    expect(Object.is(copy.n, -0)).toBe(true);
    copy.matrix.f0.b0 = 9;
    (copy.list[1] as { a: number[] }).a.push(4);
    copy.column[0] = 7;
    expect(source.matrix.f0.b0).toBe(1.5);
    expect((source.list[1] as { a: number[] }).a).toEqual([2, 3]);
    expect(source.column[0]).toBe(1);
  });

  it('keeps a "__proto__" key of parsed JSON as an own property, the copy still a plain object', () => {
    const parsed = JSON.parse('{"__proto__": {"b": 1}, "f": {"b": 2}}') as Record<string, unknown>;
    const copy = cloneData(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "f"]);
    expect(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value).toEqual({ b: 1 });
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });
});
