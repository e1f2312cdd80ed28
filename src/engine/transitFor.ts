// Which structure holds a run's requests in transit: FIFOs per delay class when the delays are few, one heap of requests otherwise.
import type { Transit } from "./transit.ts";
import { TransitQueues } from "./transitQueues.ts";
import { TransitHeap } from "./transitHeap.ts";
import type { PairDelays } from "./pairDelays.ts";

/**
 * Delay classes up to which FIFOs (O(log classes) a request, sends in time order) beat one heap of
 * the requests in flight (O(log in-flight)).
 */
export const FIFO_CLASSES = 64;

/**
 * The transit for a run: null when no request can travel (every one-way delay 0, no jitter). Jitter
 * lets requests of one class overtake each other, and a measured matrix has a class a pair or more
 * than PairDelays numbers (null): both go to the heap.
 */
export function transitFor(delays: PairDelays | null, oneWay: Float64Array, jitter: boolean): Transit | null {
  if (!jitter && !oneWay.some((d) => d > 0)) return null;
  if (!jitter && delays && delays.outDelay.length <= FIFO_CLASSES) return new TransitQueues(delays.outDelay.length);
  return new TransitHeap();
}
