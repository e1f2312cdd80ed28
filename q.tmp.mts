import { fitEngineChoosingChunk } from "./src/model/llm/fitEngine.ts";
import { readFileSync } from "node:fs";
const lines = readFileSync("scenarios/data/llm-throughput/nim-llama-3.3-70b-2xh100.csv", "utf8").trim().split("\n").slice(1);
const table = lines.map((l) => { const c = l.split(",").map(Number); return { concurrency: c[0]!, throughput: c[1]!, ttft: c[3]! / 1000, itl: c[4]! / 1000 }; });
for (const combine of ["max", "sum"] as const) {
  const r = fitEngineChoosingChunk(table, { input: 5000, output: 500, combine, rows: [1, 50, 250] });
  console.log(combine, JSON.stringify(r.engine), r.loss.toFixed(4), r.evaluations, "all", Object.values(r.maxRelativeError).map((x) => x.toFixed(3)).join(" "), "held", Object.values(r.heldOutMaxRelativeError!).map((x) => x.toFixed(3)).join(" "));
  for (const row of r.rows) console.log(row.concurrency, row.fitted, (row.predicted.ttft).toFixed(3), row.measured.ttft, (row.predicted.itl*1000).toFixed(2), row.measured.itl*1000, row.predicted.throughput.toFixed(1), row.measured.throughput);
}
