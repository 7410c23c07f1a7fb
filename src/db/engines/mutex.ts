// A first-come-first-served async lock: the embedded engine has a single connection to share.

export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with an unlock function once every earlier holder has unlocked. */
  lock(): Promise<() => void> {
    let unlock!: () => void;
    const released = new Promise<void>((resolve) => {
      unlock = resolve;
    });
    const acquired = this.tail.then(() => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        unlock();
      };
    });
    this.tail = this.tail.then(() => released);
    return acquired;
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const unlock = await this.lock();
    try {
      return await fn();
    } finally {
      unlock();
    }
  }
}
