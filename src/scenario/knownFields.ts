// Every field name the scenario format defines (INTERFACE.md plus our documented additions).
export const KNOWN_FIELDS = new Set([
  "name", "description", "seed", "horizon", "warmup", "scale", "frontends", "backends", "latency",
  "requestSize", "feedback", "policy", "sample",
  "id", "region", "arrivals", "backends", "curve", "servers", "capacitySchedule", "from", "to", "multiplier",
  "kind", "rate", "slots", "max", "half", "scale", "coef", "exponent", "points", "fit",
  "breakpoints", "path", "timeColumn", "sizeColumn", "timeScale", "sizeScale", "offset", "stride", "phase", "meanSize",
  "mean", "value", "cv", "column",
  "unit", "oneWay", "back", "jitter", "regions", "oneWayFactor", "intraRegion",
  "mode", "interval",
  "stepSize", "updateInterval", "initial", "inflightCorrection", "normalized", "d", "weights", "routing",
]);
