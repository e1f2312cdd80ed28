// Validation of the policy block: kind and per-kind parameters (INTERFACE.md).
import type { Checker } from "./validate.ts";
import type { Backend, Frontend } from "./scenario.ts";
import { quote } from "./scenarioError.ts";

export const POLICY_KINDS = [
  "dgd-lb", "gmsr", "sed", "marginal-greedy", "jsq", "pod", "round-robin", "random", "nearest", "static", "static-optimal",
] as const;

type Obj = Record<string, unknown>;

/** Routing matrix {fe: {be: x}} checked against compatibility; each row must sum to 1. */
function routingMatrix(c: Checker, v: unknown, path: string, frontends: Frontend[], backends: Backend[]): void {
  const o = c.obj(v, path);
  if (!o) return;
  for (const f of frontends) {
    const row = o[f.id];
    if (row === undefined) {
      c.add(`${path}.${f.id}`, `missing routing for frontend ${quote(f.id)}; give {backendId: probability}`);
      continue;
    }
    const r = c.obj(row, `${path}.${f.id}`);
    if (!r) continue;
    let sum = 0;
    for (const [be, x] of Object.entries(r)) {
      const j = backends.findIndex((b) => b.id === be);
      if (j < 0 || !f.allowed.includes(j)) {
        c.add(`${path}.${f.id}.${be}`, `backend ${quote(be)} is not in frontend ${f.id}'s compatibility set`);
        continue;
      }
      if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
        c.add(`${path}.${f.id}.${be}`, `must be a probability >= 0 (got ${quote(x)})`);
        continue;
      }
      sum += x;
    }
    if (Math.abs(sum - 1) > 1e-6) c.add(`${path}.${f.id}`, `probabilities must sum to 1 (got ${sum})`);
  }
}

export function policyParams(c: Checker, po: Obj, frontends: Frontend[], backends: Backend[]): void {
  const kind = po.kind;
  if (typeof kind !== "string" || !(POLICY_KINDS as readonly string[]).includes(kind)) {
    c.add("policy.kind", `unknown policy kind ${quote(kind)}; valid kinds: ${POLICY_KINDS.join(", ")}`);
    return;
  }
  switch (kind) {
    case "dgd-lb":
      c.num(po, "stepSize", "policy", "positive");
      c.num(po, "updateInterval", "policy", "positive");
      if (po.initial !== undefined && po.initial !== "uniform") routingMatrix(c, po.initial, "policy.initial", frontends, backends);
      if (po.inflightCorrection !== undefined && typeof po.inflightCorrection !== "boolean") {
        c.add("policy.inflightCorrection", `must be true or false (got ${quote(po.inflightCorrection)})`);
      }
      break;
    case "jsq":
      if (po.normalized !== undefined && typeof po.normalized !== "boolean") c.add("policy.normalized", `must be true or false (got ${quote(po.normalized)})`);
      break;
    case "pod":
      c.num(po, "d", "policy", "int>=1", 2);
      break;
    case "random":
      if (po.weights !== undefined && po.weights !== "capacity" && po.weights !== "uniform") {
        c.add("policy.weights", `must be "capacity" or "uniform" (got ${quote(po.weights)})`);
      }
      break;
    case "static":
      routingMatrix(c, po.routing, "policy.routing", frontends, backends);
      break;
  }
}
