// Size laws keyed by the scenario's "kind" string: adding one is one file and one line in `entries`.
import type { SizeLawEntry } from "./distribution.ts";
import { kindRegistry } from "../../input/fieldSchemas.ts";
import { exponentialSize } from "./exponential.ts";
import { deterministicSize } from "./deterministic.ts";
import { lognormalSize } from "./lognormal.ts";
import { gammaSize } from "./gamma.ts";
import { empiricalSize } from "./empirical.ts";

const registry = kindRegistry("size distribution", [exponentialSize, deterministicSize, lognormalSize, gammaSize, empiricalSize]);

/** Each law under the general entry type (build() typed by its own spec inside its file). */
export const sizeLaws = registry.kinds as unknown as ReadonlyMap<string, SizeLawEntry>;
export const sizeLawSchema = registry.schema;
