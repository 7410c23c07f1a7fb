// A counting gate in front of a connection pool: at most `size` holders; callers with a budget wait in a
// bounded queue (refused at once when it is full, or after their wait timeout) and leave it when their
// request is abandoned. Callers without a budget (the CLI, start-up work) wait as long as it takes.
import { DatabaseBusyError, QueryCancelledError } from '../errors.ts';

export interface GateLimits {
  /** Refuse at once when this many callers with limits are already waiting. */
  queueLimit?: number | undefined;
  /** Give up waiting after this many milliseconds. */
  waitTimeoutMs?: number | undefined;
  /** Leave the queue when it fires. */
  signal?: AbortSignal | undefined;
  /**
   * Work that completes requests already served (the audit entries of reads already done, which those readers
   * wait on): it waits ahead of the other callers (behind earlier such work) and is never refused for a full
   * queue — shedding it would throw away finished work, where shedding new requests saves some.
   */
  priority?: boolean | undefined;
}

/** The gate's limits for a caller with a budget (limited, unless it is priority work) or without (none). */
export function limitsFor(
  budget: { signal?: AbortSignal | undefined; priority?: boolean | undefined } | undefined,
  pool: { queueLimit: number; waitTimeoutMs: number },
): GateLimits {
  if (!budget) return {};
  return {
    queueLimit: budget.priority ? undefined : pool.queueLimit,
    waitTimeoutMs: pool.waitTimeoutMs,
    signal: budget.signal,
    priority: budget.priority,
  };
}

interface Waiter {
  grant: () => void;
  limited: boolean;
  priority: boolean;
}

export class Gate {
  private held = 0;
  private readonly waiters: Waiter[] = [];
  /** Waiters that came with limits (the ones `queueLimit` counts). */
  private limitedWaiting = 0;

  constructor(
    readonly size: number,
    /** Seconds a refused caller is told to wait before trying again. */
    private readonly retryAfterSeconds = 1,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`gate size must be a positive integer: ${size}`);
  }

  get inUse(): number {
    return this.held;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function (idempotent) once a place is free. */
  acquire(limits: GateLimits = {}): Promise<() => void> {
    const { signal, queueLimit, waitTimeoutMs, priority = false } = limits;
    if (signal?.aborted) return Promise.reject(new QueryCancelledError());
    if (this.held < this.size && this.waiters.length === 0) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    const limited = queueLimit !== undefined || waitTimeoutMs !== undefined;
    if (queueLimit !== undefined && this.limitedWaiting >= queueLimit) {
      return Promise.reject(new DatabaseBusyError('queue_full', this.retryAfterSeconds));
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (): boolean => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return false;
        this.waiters.splice(i, 1);
        if (limited) this.limitedWaiting--;
        cleanup();
        return true;
      };
      const onAbort = (): void => {
        if (leave()) reject(new QueryCancelledError());
      };
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        limited,
        priority,
        grant: () => {
          cleanup();
          resolve(this.releaser());
        },
      };
      if (priority) {
        // Behind the priority work already waiting, ahead of everyone else.
        const first = this.waiters.findIndex((w) => !w.priority);
        this.waiters.splice(first < 0 ? this.waiters.length : first, 0, waiter);
      } else this.waiters.push(waiter);
      if (limited) this.limitedWaiting++;
      signal?.addEventListener('abort', onAbort, { once: true });
      if (waitTimeoutMs !== undefined) {
        timer = setTimeout(() => {
          if (leave()) reject(new DatabaseBusyError('wait_timeout', this.retryAfterSeconds));
        }, waitTimeoutMs);
      }
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.waiters.shift();
      if (next) {
        if (next.limited) this.limitedWaiting--;
        // The place passes straight to the next waiter: `held` is unchanged.
        next.grant();
      } else {
        this.held--;
      }
    };
  }
}
