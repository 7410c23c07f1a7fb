// The gate in front of the PostgreSQL pool (src/db/engines/gate.ts): a bounded queue that refuses at once
// when full, gives up after the wait timeout, lets an abandoned caller leave, serves in order, and lets priority
// work (what completes requests already served) go first.
import { describe, expect, it } from 'vitest';
import { Gate, limitsFor } from '../../src/db/engines/gate.ts';
import { DatabaseBusyError, QueryCancelledError } from '../../src/db/errors.ts';

describe('Gate', () => {
  it('lets `size` holders in and the next in turn as each leaves', async () => {
    const gate = new Gate(2);
    const a = await gate.acquire();
    const b = await gate.acquire();
    const order: string[] = [];
    const c = gate.acquire().then((leave) => (order.push('c'), leave));
    const d = gate.acquire().then((leave) => (order.push('d'), leave));
    expect(gate.waiting).toBe(2);
    a();
    a(); // idempotent: a second call frees nothing more
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(gate.inUse).toBe(0);
    expect(gate.waiting).toBe(0);
  });

  it('refuses at once, with the seconds to wait, when the queue of limited callers is full', async () => {
    const gate = new Gate(1, 3);
    const held = await gate.acquire();
    const first = gate.acquire({ queueLimit: 1 });
    const refused = await gate.acquire({ queueLimit: 1 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DatabaseBusyError);
    expect(refused).toMatchObject({ reason: 'queue_full', retryAfterSeconds: 3 });
    // A caller without limits (the CLI, start-up work) still queues behind.
    const unlimited = gate.acquire();
    held();
    (await first)();
    (await unlimited)();
    expect(gate.inUse).toBe(0);
  });

  it('gives up after the wait timeout and leaves no trace in the queue', async () => {
    const gate = new Gate(1);
    const held = await gate.acquire();
    const timedOut = await gate.acquire({ waitTimeoutMs: 20 }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ name: 'DatabaseBusyError', reason: 'wait_timeout' });
    expect(gate.waiting).toBe(0);
    held();
    expect(gate.inUse).toBe(0);
  });

  it('an abandoned caller leaves the queue; one abandoned before asking is refused', async () => {
    const gate = new Gate(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire({ signal: controller.signal, queueLimit: 5 });
    const next = gate.acquire({ queueLimit: 5 });
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(QueryCancelledError);
    expect(gate.waiting).toBe(1);
    held();
    (await next)();
    await expect(gate.acquire({ signal: controller.signal })).rejects.toBeInstanceOf(QueryCancelledError);
    expect(gate.inUse).toBe(0);
  });
});

describe('Gate: priority work', () => {
  it('waits ahead of the other callers, behind earlier priority work, and is never refused for a full queue', async () => {
    const gate = new Gate(1);
    const held = await gate.acquire();
    const order: string[] = [];
    const turn = (name: string, limits: Parameters<Gate['acquire']>[0]) =>
      gate.acquire(limits).then((leave) => {
        order.push(name);
        leave();
      });
    const a = turn('a', { queueLimit: 1 });
    // The queue of limited callers is full: another is refused, the priority work is not.
    await expect(gate.acquire({ queueLimit: 1 })).rejects.toMatchObject({ reason: 'queue_full' });
    const p1 = turn('p1', { priority: true, waitTimeoutMs: 60_000 });
    const p2 = turn('p2', { priority: true });
    expect(gate.waiting).toBe(3);
    held();
    await Promise.all([a, p1, p2]);
    expect(order).toEqual(['p1', 'p2', 'a']);
    expect(gate.inUse).toBe(0);
  });

  it("a budget's limits: the pool's for a request, no queue limit for priority work, none without a budget", () => {
    const pool = { queueLimit: 7, waitTimeoutMs: 900 };
    const signal = new AbortController().signal;
    expect(limitsFor(undefined, pool)).toEqual({});
    expect(limitsFor({ signal }, pool)).toEqual({
      queueLimit: 7,
      waitTimeoutMs: 900,
      signal,
      priority: undefined,
    });
    expect(limitsFor({ priority: true }, pool)).toEqual({
      queueLimit: undefined,
      waitTimeoutMs: 900,
      signal: undefined,
      priority: true,
    });
  });
});
