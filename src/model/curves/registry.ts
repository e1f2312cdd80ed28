// Curve kinds keyed by the scenario's "kind" string: adding a curve is one file and one line in `entries`.
import type { CurveEntry } from "./curve.ts";
import { kindRegistry } from "../../input/fieldSchemas.ts";
import { linearCappedCurve } from "./linearCapped.ts";
import { saturatingCurve } from "./saturating.ts";
import { expSaturatingCurve } from "./expSaturating.ts";
import { powerCurve } from "./power.ts";
import { tableCurve } from "./table.ts";

const registry = kindRegistry("curve", [linearCappedCurve, saturatingCurve, expSaturatingCurve, powerCurve, tableCurve]);

/** Each kind under the general entry type (build() typed by its own spec inside its file). */
export const curveKinds = registry.kinds as unknown as ReadonlyMap<string, CurveEntry>;
export const curveSchema = registry.schema.describe("service-rate curve mu(n): work per second with n requests present");
