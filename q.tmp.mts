import { closedLoopRate, equivalentCurve } from "./src/model/llm/equivalentCurve.ts";
const e = { stepBase: 0.01, stepPerSequence: 0.0002, stepPerToken: 0.00005, combine: "sum" as const, maxSequences: 64, chunkTokens: null, kvTokens: null };
for (const n of [1, 2, 8, 32, 64]) {
  const I = 500, O = 100;
  const f = n / (e.stepBase * O + e.stepPerSequence * n * (O - 1) + e.stepPerToken * n * I);
  console.log(n, closedLoopRate(e, I, O, n), f);
}
const m = { ...e, combine: "max" as const };
for (const n of [1, 8, 64]) console.log("max", n, closedLoopRate(m, 500, 100, n));
console.time("curve"); const c = equivalentCurve({ ...m, maxSequences: 256 }, 5000, 500); console.timeEnd("curve"); console.log(c.rate(1), c.rate(100), c.sup);
