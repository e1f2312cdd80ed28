// Event kind codes stored in the calendar (an int per event instead of a closure).
export const EventKind = {
  /** arg: frontend. A request is born. */
  arrival: 0,
  /** arg: job slot. A response reaches its frontend (only when responses are events). */
  response: 2,
  /** Every backend publishes its state (periodic feedback). */
  publish: 3,
  /** The policy's periodic update (DGD-LB's gradient step). */
  policyUpdate: 4,
  /** arg: index into the speed change list (the backends' capacity schedules). */
  speedChange: 5,
  /** Time-series sample. */
  sample: 6,
} as const;
