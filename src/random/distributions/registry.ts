// Size laws keyed by the scenario's "kind" string: adding one is one file and one line in `entries`.
import type { SizeLawEntry } from "./distribution.ts";
import { kindUnion } from "../../schema/fieldSchemas.ts";
import { exponentialSize } from "./exponential.ts";
import { deterministicSize } from "./deterministic.ts";
import { lognormalSize } from "./lognormal.ts";
import { gammaSize } from "./gamma.ts";
import { empiricalSize } from "./empirical.ts";

const entries = [exponentialSize, deterministicSize, lognormalSize, gammaSize, empiricalSize] as const;

export const sizeLaws: ReadonlyMap<string, SizeLawEntry> = new Map(entries.map((e) => [e.kind, e as unknown as SizeLawEntry]));

export const sizeLawSchema = kindUnion(
  "size distribution",
  entries.map((e) => e.schema) as unknown as [(typeof entries)[number]["schema"], ...(typeof entries)[number]["schema"][]],
  [...sizeLaws.keys()],
);
