// The curve the engine serves whole requests at: the fluid scale applied, and a pool of separately batching servers spread exactly.
import { evenSpreadRate, scaled, type Curve } from "./curve.ts";

/**
 * At scale N a backend of k servers is N·k servers (docs/model.md, scale): n whole requests are
 * spread evenly over them, so rate(n) = evenSpreadRate(mu, N·k, n). Without servers it is
 * N·mu(n/N). Only rate() is read by the engine (tabulated per whole n in PerJobRates).
 */
export function engineCurve(curve: Curve, scale: number): Curve {
  const smooth = scaled(curve, scale);
  if (!curve.perServer || !curve.servers) return smooth;
  const perServer = curve.perServer;
  const servers = curve.servers * scale;
  return { ...smooth, rate: (n) => evenSpreadRate(perServer, servers, n) };
}
