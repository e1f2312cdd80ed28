// The backends' capacity schedules as a list of speed changes, in the order the calendar receives them.
import type { Backend } from "../model/scenario.ts";

export interface SpeedChange {
  time: number;
  backend: number;
  multiplier: number;
}

/** Each window [from, to) of a backend's schedule: its multiplier at `from`, back to 1 at `to`. */
export function speedChanges(backends: readonly Backend[]): SpeedChange[] {
  const changes: SpeedChange[] = [];
  backends.forEach((b, j) => {
    for (const w of b.capacitySchedule) changes.push({ time: w.from, backend: j, multiplier: w.multiplier }, { time: w.to, backend: j, multiplier: 1 });
  });
  return changes;
}
