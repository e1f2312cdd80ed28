// Errors raised at the boundary (bad scenario, bad option, infeasible model): the CLI prints them as one `error:` line.
export { quote } from "./quote.ts";

export interface Issue {
  /** What kind of problem: zod's codes (invalid_type, too_small, unrecognized_keys, ...) and ours (unknown_reference, duplicate_id, missing_latency, not_concave, file, ...). */
  code: string;
  /** Field path in the scenario, e.g. `backends[1].curve.half`, or an option name such as `--set`. */
  path: string;
  /** What is wrong, quoting the bad value, and what would be valid. */
  message: string;
}

/** Longest message part kept in the one-line error (a pasted blob must not flood the terminal). */
const MAX_PART = 300;

const clip = (s: string) => (s.length > MAX_PART ? `${s.slice(0, MAX_PART - 3)}...` : s);

export class ScenarioError extends Error {
  readonly file: string;
  readonly issues: Issue[];
  constructor(file: string, issues: Array<Omit<Issue, "code"> & { code?: string }>) {
    const full = issues.map((i) => ({ code: i.code ?? "invalid_value", path: i.path, message: i.message }));
    super(full.map((i) => clip(i.path ? `${i.path}: ${i.message}` : i.message)).join("; "));
    this.name = "ScenarioError";
    this.file = clip(file);
    this.issues = full;
  }
  /** The one-line form the CLI prints. */
  describe(): string {
    return `${this.file ? `${this.file}: ` : ""}${this.message}`;
  }
}
