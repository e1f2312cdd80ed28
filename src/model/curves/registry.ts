// Curve kinds keyed by the scenario's "kind" string: adding a curve is one file and one line in `entries`.
import type { CurveEntry } from "./curve.ts";
import { kindUnion } from "../../schema/fieldSchemas.ts";
import { linearCappedCurve } from "./linearCapped.ts";
import { saturatingCurve } from "./saturating.ts";
import { expSaturatingCurve } from "./expSaturating.ts";
import { powerCurve } from "./power.ts";
import { tableCurve } from "./table.ts";

const entries = [linearCappedCurve, saturatingCurve, expSaturatingCurve, powerCurve, tableCurve] as const;

/** Looked up with a user's string: a Map, so "constructor" is unknown rather than Object.prototype's. */
export const curveKinds: ReadonlyMap<string, CurveEntry> = new Map(entries.map((e) => [e.kind, e as unknown as CurveEntry]));

export const curveSchema = kindUnion(
  "curve",
  entries.map((e) => e.schema) as unknown as [(typeof entries)[number]["schema"], ...(typeof entries)[number]["schema"][]],
  [...curveKinds.keys()],
).describe("service-rate curve mu(n): work per second with n requests present");
