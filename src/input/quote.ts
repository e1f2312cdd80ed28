// How a bad value is shown in an error message: short, and never a crash on odd input.

/** Short rendering of a bad value for messages (long strings and blobs are cut). */
export function quote(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  let s: string | undefined;
  try {
    s = JSON.stringify(value);
  } catch {
    s = undefined; // too deep to print
  }
  if (s === undefined) return typeof value === "object" ? "a deeply nested value" : String(value);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
