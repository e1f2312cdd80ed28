// `static`: the routing matrix written in the scenario (`routing: {fe: {be: x}}`), renormalized per row.
import * as z from "zod";
import { fixedRouting } from "./fixedRouting.ts";
import { policyKind } from "./policy.ts";
import { strict } from "../input/fieldSchemas.ts";
import { checkRoutingMatrix, routingArray, routingMatrixSchema } from "./routingMatrix.ts";

export const staticRouting = policyKind({
  kind: "static",
  readsState: false,
  schema: strict({ kind: z.literal("static"), routing: routingMatrixSchema("{frontendId: {backendId: probability}}, each row over E_i summing to 1") }),
  check: (spec, topology, report) => checkRoutingMatrix(spec.routing, "policy.routing", topology, report),
  make: (ctx, spec) => fixedRouting("static", ctx, routingArray(spec.routing, ctx.scenario)),
});
