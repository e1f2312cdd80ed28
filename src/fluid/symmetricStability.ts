// The analytic critical step size of docs/model.md section 5 for one frontend and two identical backends.
import type { Scenario } from "../model/scenario.ts";
import { meanArrivalRate, meanRequestSize } from "../model/scenario.ts";

export interface SymmetricCase {
  lambda: number;
  /** Loop delay τ = d_ij + d_ji. */
  tau: number;
  /** κ = μ'(q*). */
  kappa: number;
  /** h' = d/dq [1/μ'(q)] at q*. */
  hPrime: number;
  /** ω > 0 with ωτ = arctan(κ/ω). */
  omega: number;
  criticalGain: number;
  criticalStepSize: number;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));

/** The symmetric case: one frontend with constant rate, two backends with the same curve and capacity, equal latencies both ways. */
export function isSymmetric(s: Scenario): boolean {
  if (s.frontends.length !== 1 || s.backends.length !== 2) return false;
  const f = s.frontends[0]!;
  if (f.allowed.length !== 2 || f.arrivals.kind !== "poisson") return false;
  const [a, b] = s.backends as [Scenario["backends"][0], Scenario["backends"][0]];
  if (a.capacitySchedule.length || b.capacitySchedule.length) return false;
  const probes = [0.1, 0.5, 1, 2, 5, 10, 50];
  if (!probes.every((n) => close(a.curve.rate(n), b.curve.rate(n)) && close(a.curve.derivative(n), b.curve.derivative(n)))) return false;
  return close(s.oneWay[0]!, s.oneWay[1]!) && close(s.back[0]!, s.back[1]!);
}

/**
 * Linearizing at q* (μ(q*) = λ/2): s² + κs + K e^{−sτ} = 0 with K = ηλh', stable iff
 * K < K_c = ω√(ω² + κ²), ωτ = arctan(κ/ω); so η_c = K_c/(λh'). h' comes from a central
 * difference of 1/μ' (curves expose μ and μ', not μ''). With mean request size s ≠ 1 the queue
 * drains at μ/s and DGD-LB's gradient uses s/μ', so κ = μ'(q*)/s, h' = s·d/dq[1/μ'] and
 * μ(q*) = λs/2 (docs/model.md's formula at s = 1).
 */
export function symmetricCriticalStepSize(s: Scenario): SymmetricCase {
  const lambda = meanArrivalRate(s.frontends[0]!.arrivals, s.horizon);
  const curve = s.backends[0]!.curve;
  const tau = s.oneWay[0]! + s.back[0]!;
  const size = meanRequestSize(s.frontends[0]!, s.horizon);
  const q = curve.inverse((lambda * size) / 2);
  const kappa = curve.derivative(q) / size;
  const delta = 1e-4 * Math.max(q, 1e-3);
  const hPrime = (size * (1 / curve.derivative(q + delta) - 1 / curve.derivative(q - delta))) / (2 * delta);
  let omega: number;
  if (tau === 0) omega = Infinity;
  else {
    // ωτ − arctan(κ/ω) increases from −π/2 to +∞: bisection on (0, π/(2τ)]
    let lo = 0;
    let hi = Math.PI / (2 * tau);
    for (let k = 0; k < 200; k++) {
      const mid = 0.5 * (lo + hi);
      if (mid * tau - Math.atan(kappa / mid) < 0) lo = mid;
      else hi = mid;
    }
    omega = 0.5 * (lo + hi);
  }
  const criticalGain = omega * Math.sqrt(omega * omega + kappa * kappa);
  return { lambda, tau, kappa, hPrime, omega, criticalGain, criticalStepSize: criticalGain / (lambda * hPrime) };
}
