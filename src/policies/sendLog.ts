// Per (frontend, backend) log of send times: how many of a frontend's own requests are still unseen.

/**
 * For DGD-LB's labelled in-flight correction: requests frontend i sent to j after
 * (measuredAt − d_ij) had not reached j when j's held state was measured. A ring of send times
 * per pair, pruned from the front; counting is a binary search. Memory is bounded by the sends
 * within the longest correction window.
 */
export class SendLog {
  private times: Float64Array = new Float64Array(4); // grows by doubling: most pairs hold a few sends at a time
  private head = 0;
  private size = 0;

  record(t: number): void {
    if (this.size === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      for (let k = 0; k < this.size; k++) grown[k] = this.times[(this.head + k) % this.times.length]!;
      this.times = grown;
      this.head = 0;
    }
    this.times[(this.head + this.size++) % this.times.length] = t;
  }

  /** Number of sends at times > after; forgets sends at or before `after`. */
  countAfter(after: number): number {
    const cap = this.times.length;
    while (this.size > 0 && this.times[this.head]! <= after) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
    return this.size;
  }
}
