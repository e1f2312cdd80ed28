// The simulation clock shared by the engine and the state views that answer "now".
export interface Clock {
  now: number;
}

/**
 * A clock at time 0 whose `now` V8 stores as a double from the first. Made from `{ now: 0 }` its
 * field was first a small integer, and the run's first fractional time changed the shape of every
 * such clock: the next run's new clock then threw away the optimised event loop of the one before
 * (once per thread, at its second replication, about a third of that replication's time).
 */
export function startClock(): Clock {
  const clock = { now: 0.5 };
  clock.now = 0;
  return clock;
}
