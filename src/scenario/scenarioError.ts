// Errors raised at the boundary (bad scenario, bad option, infeasible model): the CLI prints them as one `error:` line.

export interface Issue {
  /** Field path in the scenario, e.g. `backends[1].curve.half`, or an option name such as `--set`. */
  path: string;
  /** What is wrong, quoting the bad value, and what would be valid. */
  message: string;
}

export class ScenarioError extends Error {
  readonly file: string;
  readonly issues: Issue[];
  constructor(file: string, issues: Issue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
    this.name = "ScenarioError";
    this.file = file;
    this.issues = issues;
  }
  /** The one-line form the CLI prints. */
  describe(): string {
    return `${this.file ? `${this.file}: ` : ""}${this.message}`;
  }
}

/** Short rendering of a bad value for messages. */
export function quote(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  const s = JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 60 ? s.slice(0, 57) + "..." : s;
}
