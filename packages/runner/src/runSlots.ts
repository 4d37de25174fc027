/**
 * The places of a pool of threads that sweeps sharing it take turns for: a run holds one from when it is claimed
 * until its result is stored (running, or waiting in the pool's queue to start the moment a thread is free).
 *
 * A free place goes to the waiting sweep with the fewest runs left to start in its current call (its round), the
 * first to ask among equals. A sweep decided in rounds (Hyperband's rungs, TPE's proposals, adaptive replicates)
 * waits for each round before it can ask for the next, and its small rounds (often a single run) are what the whole
 * invocation would wait for at the end: they start as soon as a thread is free, and the large rounds of the other
 * sweeps fill the threads around them. A single sweep never waits: its loops are never more than the places.
 */
export class RunSlots {
  private taken = 0;
  private asked = 0;
  private readonly waiting: { runsLeft: () => number; order: number; grant: () => void }[] = [];

  constructor(readonly capacity: number) {}

  /**
   * Resolves when a place is this caller's; give it back with `give()`, whatever happens to the run. `runsLeft` is
   * read when a place comes free, so a sweep's standing is the one it has then.
   */
  take(runsLeft: () => number): Promise<void> {
    if (this.taken < this.capacity) {
      this.taken++;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ runsLeft, order: this.asked++, grant }));
  }

  give(): void {
    if (this.waiting.length === 0) {
      this.taken--;
      return;
    }
    let first = 0;
    let fewest = this.waiting[0].runsLeft();
    for (let i = 1; i < this.waiting.length; i++) {
      const left = this.waiting[i].runsLeft();
      if (left < fewest) [first, fewest] = [i, left]; // the waiting list is in the order asked
    }
    const [next] = this.waiting.splice(first, 1);
    next.grant(); // the place passes on: `taken` is unchanged
  }
}
