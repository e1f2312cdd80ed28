// A spec's tables of numbers cross to a worker thread packed, and come back as the very objects they were.
import { describe, expect, it } from "vitest";
import { packMatrices, unpackMatrices } from "../../src/scenario/packedMatrices.ts";

/** A {row: {column: value}} table of rows × columns numbers. */
function table(rows: string[], columns: string[], value: (i: number, j: number) => number): Record<string, Record<string, number>> {
  return Object.fromEntries(rows.map((r, i) => [r, Object.fromEntries(columns.map((c, j) => [c, value(i, j)]))]));
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k}`);

describe("packed matrices", () => {
  it("come back equal, in order, with odd names and values, and leave the spec they came from alone", () => {
    // a row spelled "__proto__", integer-like names (enumerated first), -0, NaN and Infinity, rows of their own columns
    const rows = ["__proto__", ...names("f", 30), "7"];
    const oneWay = table(rows, [...names("b", 20), "__proto__", "3"], (i, j) => (i === 1 && j === 1 ? -0 : i === 2 && j === 2 ? NaN : i === 3 && j === 3 ? Infinity : 5 + i * 0.1 + j));
    Object.defineProperty(oneWay, "__proto__", { value: { x: 1, ...table(["r"], names("c", 9), () => 2).r }, enumerable: true, configurable: true, writable: true });
    const routing = table(names("f", 20), names("b", 20), (i, j) => (i + j) / 400);
    const small = table(["a"], ["x", "y"], () => 1);
    const spec = { name: "s", latency: { unit: "ms", oneWay, back: null }, frontends: [{ id: "f0", policy: { kind: "static", routing } }, { id: "f1" }], small };
    const before = structuredClone(spec);
    const { spec: sent, packed } = packMatrices(spec);
    expect(packed.map((m) => m.path)).toEqual([
      ["latency", "oneWay"],
      ["frontends", 0, "policy", "routing"],
    ]);
    expect((sent.latency as Record<string, unknown>).oneWay).toBeNull();
    expect(sent.small).toBe(small); // small tables stay in place, untouched objects are shared
    expect(spec).toEqual(before); // the spec is not changed
    // rows with the same column names share one array
    expect(new Set(packed[1]!.columns).size).toBe(1);
    const received = structuredClone({ spec: sent, packed });
    const rebuilt = unpackMatrices(received.spec, received.packed);
    expect(rebuilt).toEqual(before);
    const back = (rebuilt.latency as { oneWay: Record<string, Record<string, number>> }).oneWay;
    expect(Object.keys(back)).toEqual(Object.keys(oneWay));
    expect(Object.keys(back["f0"]!)).toEqual(Object.keys(oneWay["f0"]!));
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.is(back["f0"]!["b1"], -0)).toBe(true);
    expect((rebuilt.frontends as Array<{ policy: { routing: unknown } }>)[0]!.policy.routing).toEqual(routing);
    // unpacking copies along the paths: what was received is left as it came
    expect((received.spec.latency as Record<string, unknown>).oneWay).toBeNull();
  });

  it("leave a spec without large tables as it is", () => {
    const spec = { name: "s", latency: { unit: "ms", oneWay: table(["a", "b"], ["x", "y"], () => 3) } };
    const { spec: sent, packed } = packMatrices(spec);
    expect(sent).toBe(spec);
    expect(packed).toEqual([]);
    expect(unpackMatrices(sent, packed)).toBe(spec);
  });
});
