// The simulation clock shared by the engine and the state views that answer "now".
export interface Clock {
  now: number;
}
