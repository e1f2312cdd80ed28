// A routing matrix {frontend: {backend: probability}} in a policy's parameters (static routing, DGD-LB's start).
import { idMatrix, nonNegative } from "../input/fieldSchemas.ts";
import { didYouMean } from "../input/nearestName.ts";
import { nameList } from "../input/nameList.ts";
import { quote } from "../input/quote.ts";
import type { PolicyTopology } from "./policy.ts";

export type RoutingMatrix = Record<string, Record<string, number>>;

/** Rows that differ from 1 by more than this are rejected (hand-written decimals such as 0.1 + 0.2 + 0.7). */
export const ROW_SUM_TOLERANCE = 1e-6;

export const routingMatrixSchema = (description: string) => idMatrix(nonNegative("probability"), "backendId: probability", description);

/** Every frontend has a row; every entry names a backend in its compatibility set; rows sum to 1. */
export function checkRoutingMatrix(m: RoutingMatrix, path: string, topology: PolicyTopology, report: (path: string, message: string) => void): void {
  const frontendIds = topology.frontends.map((f) => f.id);
  const knownFrontends = new Set(frontendIds);
  for (const id of Object.keys(m)) {
    if (!knownFrontends.has(id)) report(`${path}.${id}`, `unknown frontend id ${quote(id)}${didYouMean(id, frontendIds)}; known ids: ${nameList(frontendIds)}`);
  }
  for (const f of topology.frontends) {
    const row = Object.hasOwn(m, f.id) ? m[f.id]! : undefined;
    if (row === undefined) {
      report(`${path}.${f.id}`, `missing routing for frontend ${quote(f.id)}; give {backendId: probability}`);
      continue;
    }
    const allowedIds = Array.from(f.allowed, (j) => topology.backends[j]!.id);
    const allowed = new Set(allowedIds);
    let sum = 0;
    for (const [be, x] of Object.entries(row)) {
      if (!allowed.has(be)) {
        report(`${path}.${f.id}.${be}`, `backend ${quote(be)} is not in frontend ${f.id}'s compatibility set${didYouMean(be, allowedIds)}; allowed: ${nameList(allowedIds)}`);
        continue;
      }
      sum += x;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) report(`${path}.${f.id}`, `probabilities must sum to 1 (got ${sum})`);
  }
}

/**
 * The matrix as routing[i * B + j], each row renormalized over E_i; a backend a row leaves out
 * gets 0. Read as own properties: a backend named like a method of every object ("constructor",
 * "toString") and left out of a row read that method, and the row's sum became NaN.
 */
export function routingArray(m: RoutingMatrix, topology: PolicyTopology): Float64Array {
  const B = topology.backends.length;
  const out = new Float64Array(topology.frontends.length * B);
  topology.frontends.forEach((f, i) => {
    const row = m[f.id]!;
    const share = (j: number): number => {
      const id = topology.backends[j]!.id;
      return Object.hasOwn(row, id) ? row[id]! : 0;
    };
    let sum = 0;
    for (const j of f.allowed) sum += share(j);
    for (const j of f.allowed) out[i * B + j] = share(j) / sum;
  });
  return out;
}
