// Requests a replication is expected to see: the arrival rates at the scenario's scale over its horizon.
import { meanArrivalRate, type Scenario } from "./scenario.ts";

export function expectedRequests(s: Scenario): number {
  return s.frontends.reduce((sum, f) => sum + meanArrivalRate(f.arrivals, s.horizon) * s.scale * s.horizon, 0);
}
