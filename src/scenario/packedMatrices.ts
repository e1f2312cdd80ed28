// A spec's tables of numbers ({row: {column: number}}: latency matrices, routing matrices) sent to a worker
// thread as typed arrays. Structured clone rebuilds an object property by property: a 100 × 1,000 latency
// matrix took each pool thread 0.35–0.55 s to receive, before it could start its first replication; as one
// Float64Array and the names it is 10 ms, and rebuilding the objects in the thread 20–80 ms.

/** One table of the spec, by its path: row names, each row's column names (one array where rows repeat them), the values row by row. */
export interface PackedMatrix {
  path: ReadonlyArray<string | number>;
  rows: string[];
  columns: string[][];
  values: Float64Array;
}

/** Tables smaller than this stay in the spec: a clone of a few hundred properties costs nothing. */
const PACKED_FROM = 256;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** The number of entries of v when it is an object of objects of numbers only, else -1. */
function matrixSize(v: Record<string, unknown>): number {
  let size = 0;
  for (const row of Object.values(v)) {
    if (!isPlainObject(row)) return -1;
    for (const x of Object.values(row)) if (typeof x !== "number") return -1;
    size += Object.keys(row).length;
  }
  return size;
}

/**
 * The spec with every table of PACKED_FROM numbers or more replaced by null (a copy along their
 * paths; the spec itself is not changed), and the tables packed.
 */
export function packMatrices(spec: Record<string, unknown>): { spec: Record<string, unknown>; packed: PackedMatrix[] } {
  const packed: PackedMatrix[] = [];
  const walk = (v: unknown, path: Array<string | number>): unknown => {
    if (Array.isArray(v)) {
      let copy: unknown[] | null = null;
      v.forEach((x, k) => {
        const y = walk(x, [...path, k]);
        if (y !== x) (copy ??= [...v])[k] = y;
      });
      return copy ?? v;
    }
    if (!isPlainObject(v)) return v;
    const size = path.length > 0 ? matrixSize(v) : -1;
    if (size >= PACKED_FROM) {
      packed.push(pack(v, path, size));
      return null;
    }
    let copy: Record<string, unknown> | null = null;
    for (const [key, x] of Object.entries(v)) {
      const y = walk(x, [...path, key]);
      if (y !== x) (copy ??= { ...v })[key] = y;
    }
    return copy ?? v;
  };
  return { spec: walk(spec, []) as Record<string, unknown>, packed };
}

function pack(matrix: Record<string, unknown>, path: Array<string | number>, size: number): PackedMatrix {
  const rows = Object.keys(matrix);
  const columns: string[][] = [];
  const values = new Float64Array(size);
  let at = 0;
  let previous: string[] | null = null;
  for (const r of rows) {
    const row = matrix[r] as Record<string, number>;
    const names = Object.keys(row);
    // the same names as the row before: the same array, which structured clone sends once
    const same: boolean = previous !== null && previous.length === names.length && names.every((n, k) => previous![k] === n);
    if (!same) previous = names;
    columns.push(previous!);
    for (const n of names) values[at++] = row[n]!;
  }
  return { path, rows, columns, values };
}

/** obj[key] = value as an own property, as JSON.parse and structured clone make it: "__proto__" included, which assignment would take for the prototype. */
function setOwn(obj: Record<string | number, unknown>, key: string | number, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

/** The spec with each packed table back at its path, as the objects it was made from (a copy along the paths; the spec itself is not changed). */
export function unpackMatrices(spec: Record<string, unknown>, packed: readonly PackedMatrix[]): Record<string, unknown> {
  if (packed.length === 0) return spec;
  const copied = new Set<unknown>();
  const own = <T extends object>(v: T): T => {
    if (copied.has(v)) return v;
    const copy = (Array.isArray(v) ? [...v] : Object.defineProperties({}, Object.getOwnPropertyDescriptors(v))) as T;
    copied.add(copy);
    return copy;
  };
  spec = own(spec);
  for (const m of packed) {
    const table: Record<string, unknown> = {};
    let at = 0;
    m.rows.forEach((r, i) => {
      const row: Record<string, unknown> = {};
      for (const c of m.columns[i]!) setOwn(row, c, m.values[at++]!);
      setOwn(table, r, row);
    });
    let parent = spec as Record<string | number, unknown>;
    for (const key of m.path.slice(0, -1)) {
      const child = own(parent[key] as Record<string | number, unknown>);
      setOwn(parent, key, child);
      parent = child;
    }
    setOwn(parent, m.path.at(-1)!, table);
  }
  return spec;
}
