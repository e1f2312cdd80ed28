// Progress of long work on stderr, with an ETA; nothing at all when stderr is not a terminal.
import { SingleBar, Presets } from "cli-progress";

export interface Progress {
  update(done: number, total: number): void;
  /** Writes a line to stderr above the bar, which is redrawn below it. */
  note(line: string): void;
  stop(): void;
}

/** `unit` names what is counted ("replications"); "%" shows a percentage (update with done of 100). */
export function progressBar(label: string, unit = "replications"): Progress {
  if (!process.stderr.isTTY) return { update() {}, note: (line) => process.stderr.write(`${line}\n`), stop() {} };
  const counted = unit === "%" ? "{percentage}%" : `{value}/{total} ${unit}`;
  const bar = new SingleBar({ format: `${label} [{bar}] ${counted} | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 20 }, Presets.shades_classic);
  let started = false;
  let last = -1;
  let lastTotal = 0;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else if (done !== last) {
        // callers may report every integration step: redraw only when the count moves
        bar.setTotal(total);
        bar.update(done);
      }
      last = done;
      lastTotal = total;
    },
    note(line) {
      if (!started) return void process.stderr.write(`${line}\n`);
      bar.stop(); // clears the bar's line (clearOnComplete)
      process.stderr.write(`${line}\n`);
      bar.start(lastTotal, last);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
