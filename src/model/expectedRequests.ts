// Requests a replication is expected to see: the arrival rates at the scenario's scale over its horizon, and at most what closed loops can send.
import { meanArrivalRate, meanRequestSize, type Scenario } from "./scenario.ts";
import { thinkTime } from "../random/arrivals/closed.ts";
import { hasClosedLoop } from "./loadCheck.ts";

export function expectedRequests(s: Scenario): number {
  return openRequests(s) + closedLoopRequests(s);
}

/** The open arrivals' requests: their rates at the scenario's scale over its horizon. */
export function openRequests(s: Scenario): number {
  let open = 0;
  for (const f of s.frontends) open += meanArrivalRate(f.arrivals, s.horizon) * s.scale * s.horizon;
  return open;
}

/**
 * The most requests the closed loops can send in a replication (0 without one). A closed loop has
 * no open rate, so without this bound a loop of clients with tiny requests ran for days without a
 * word. Two bounds, the smaller taken:
 * - a client sends one request a cycle, and a cycle lasts at least the mean think time, the
 *   shortest round trip and the request's mean work at its backend's lone-request rate μ_j(1)
 *   (the most a concave curve gives one request) times the largest capacity multiplier (an LLM
 *   engine's request counts no service time here: its curve is in requests/s);
 * - the backends together complete at most sup μ_j times that multiplier (requests/s for an LLM
 *   engine's curve, work/s over the smallest mean size otherwise), plus one request per client
 *   outstanding at the end.
 */
export function closedLoopRequests(s: Scenario): number {
  // every run's metrics ask (RunMetrics): an open scenario is answered without a pass over its routes
  if (!hasClosedLoop(s)) return 0;
  const B = s.backends.length;
  const fastest = s.backends.map((b) => b.capacitySchedule.reduce((m, w) => Math.max(m, w.multiplier), 1));
  let byClients = 0;
  let clients = 0;
  let smallest = Infinity;
  for (let i = 0; i < s.frontends.length; i++) {
    const f = s.frontends[i]!;
    if (f.arrivals.kind !== "closed") continue;
    const size = meanRequestSize(f, s.horizon);
    let shortest = Infinity;
    for (const j of f.allowed) {
      const b = s.backends[j]!;
      const service = b.engine ? 0 : size / (b.curve.rate(1) * fastest[j]!);
      shortest = Math.min(shortest, s.oneWay[i * B + j]! + s.back[i * B + j]! + service);
    }
    byClients += f.arrivals.clients * (s.horizon / (thinkTime(f.arrivals).mean + shortest) + 1);
    clients += f.arrivals.clients;
    smallest = Math.min(smallest, size);
  }
  let perSecond = 0;
  for (let j = 0; j < B; j++) {
    const b = s.backends[j]!;
    perSecond += (b.engine ? b.curve.sup : b.curve.sup / smallest) * fastest[j]!;
  }
  const bound = Math.min(byClients, s.horizon * perSecond + clients);
  return bound === bound ? bound : 0;
}
