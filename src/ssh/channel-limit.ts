// A counting semaphore for SSH channels on one connection: at most `max` held at once, waiters served
// in arrival order. A slot is held by whoever acquired it until it calls the returned release (idempotent).

export class ChannelLimit {
  private active = 0;
  private peak = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxChannels must be a positive integer, got ${max}`);
  }

  /** Resolves with a release function once a slot is free. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.active++;
        this.peak = Math.max(this.peak, this.active);
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.active--;
          this.waiters.shift()?.();
        });
      };
      if (this.active < this.max) grant();
      else this.waiters.push(grant);
    });
  }

  /** Slots in use now. */
  get inUse(): number {
    return this.active;
  }

  /** Callers waiting for a slot. */
  get pending(): number {
    return this.waiters.length;
  }

  /** The most slots ever in use at once. */
  get highWater(): number {
    return this.peak;
  }
}
