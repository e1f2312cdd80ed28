// Erlang C: the probability of waiting in M/M/c, and the mean wait (docs/model.md section 8).

/**
 * With offered load a = λ/μ < c: C(c, a) = [a^c/c! · c/(c−a)] / [Σ_{k<c} a^k/k! + a^c/c! · c/(c−a)],
 * E[W] = C(c, a)/(cμ − λ). Source: Kleinrock, Queueing Systems I, (3.40). Example:
 * c = 2, λ = 1, μ = 1: C = 1/3, E[W] = 1/3.
 */
export function erlangCWait(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = ((term * a) / c) * (c / (c - a));
  const probWait = last / (sum + last);
  return probWait / (c * mu - lambda);
}
