import { simulate } from "./src/engine/simulation.ts";
import { validateScenario } from "./src/scenario/validate.ts";
const F = 4, B = 16, rate = 0.6 * (B * 20) / F;
const oneWay: any = {};
for (let i = 0; i < F; i++) { oneWay[`f${i}`] = {}; for (let j = 0; j < B; j++) oneWay[`f${i}`][`b${j}`] = 5 + ((i * 7 + j * 13) % 16) * 5; }
const s = validateScenario("g", { seed: 1, horizon: 2e6 / (F * rate), frontends: Array.from({ length: F }, (_, i) => ({ id: `f${i}`, arrivals: { kind: "poisson", rate } })), backends: Array.from({ length: B }, (_, j) => ({ id: `b${j}`, curve: { kind: "saturating", max: 20, half: 4 } })), latency: { unit: "ms", oneWay }, feedback: { mode: "periodic", interval: 0.05 }, policy: { kind: process.argv[2], stepSize: 0.05, updateInterval: 0.1 } });
const t0 = performance.now(); simulate(s); console.log(performance.now() - t0);
