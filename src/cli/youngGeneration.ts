// A young generation that stays at its first size, set by the CLI at start-up.
import { setFlagsFromString } from "node:v8";

/**
 * V8 doubles the young generation (up to two 16 MB semispaces) while much survives a scavenge, as
 * it does while a large scenario is parsed and 10^5 metrics are summarised. Every step maps pages
 * that have never been touched, and a fresh page costs a fault (about 11 µs each on the Firecracker
 * VM the benchmark runs on): a 100 × 1,000 run touched some 7,000 more pages for it. Kept at its
 * first size the young generation is scavenged more often (M/M/1's 10^7 requests: 90 scavenges
 * instead of 19, under a millisecond each), and the event loop allocates next to nothing. Measured
 * in pairs: a 100 × 1,000 run's fixed cost 0.90 → 0.80 s and 35 MB less peak RSS; `npm start`'s
 * report and M/M/1 unchanged in the noise. The flag is read whenever the young generation would
 * grow, so setting it at start-up takes effect.
 *
 * V8's flags are process-wide, so pool threads would share it, and there it costs: each thread
 * rebuilds the scenario from its spec, and with 1 MB semispaces a 150 × 1,000 fleet's rebuild and
 * runs took some 385 scavenges a thread (about 0.35 s of its 1 s of work). The CLI therefore keeps
 * the young generation small only when a command runs in its own thread alone; with pool threads
 * (studyWorkers) V8 sizes it. Paired rounds, 2 workers: 150 × 1,000 × 4 replications 1.14× as
 * fast, 100 × 1,000 × 6 replications 1.05× (and 50 MB less peak RSS), the short three-regions
 * study 1.02×; one worker unchanged.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
}
