// The embedded engine must not freeze the server: a long query runs in PGlite's worker thread while
// the main thread keeps serving timers. Measured as the worst lateness of a 10 ms interval timer.
//
// Measured on the 2-CPU development machine (1,000,000 rows, GROUP BY with two count(distinct)), alone
// and with the whole test suite running beside it:
//   worker thread (openDatabase):   generate 4.3–5.7 s, lag 11–19 ms; aggregate 1.3–2.0 s, lag 10–17 ms
//   main thread (PGlite directly):  aggregate 1.5–2.0 s, lag 1,540–1,980 ms (the whole query)
// The second test repeats the measurement with PGlite on the main thread, to show that the method
// does see a blocked loop.
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import type { Database } from '../../src/db/index.ts';

const ROWS = 1_000_000;
const SETUP = `create table big as
  select g as id, g % 1000 as k, md5(g::text) as s from generate_series(1, ${ROWS}) g`;
const AGGREGATE = `select k, count(*)::int as n, sum(length(s))::int as total, count(distinct s)::int as distinct_s,
    count(distinct md5(s || k::text))::int as distinct_h
  from big group by k`;

interface Lag {
  queryMs: number;
  maxLagMs: number;
}

/** Runs `work` while a 10 ms interval timer notes how late it fires. */
async function measureLag(work: () => Promise<unknown>): Promise<Lag> {
  const interval = 10;
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - interval);
    last = now;
  }, interval);
  const started = performance.now();
  await work();
  const queryMs = performance.now() - started;
  // Let the timer fire once more: after a blocked loop its first late tick carries the lag.
  await new Promise((resolve) => setTimeout(resolve, 3 * interval));
  clearInterval(timer);
  return { queryMs, maxLagMs };
}

describe('event-loop lag while PGlite runs a long query', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite' });
  });
  afterAll(async () => {
    await db.close();
  });

  // Other test files run beside this one on a 2-core machine: a descheduled process shows lag that no
  // query caused (54–67 ms under a load average of 14, against 11–19 ms alone). So the bound is relative to
  // the query: a blocked loop is late by the whole query (see the next test), a free one by a small part of
  // it — under a tenth, whatever the load. One clean run of three is proof.
  it('stays a small part of the query with PGlite in its worker thread', { retry: 2 }, async () => {
    await db.exec('drop table if exists big');
    const setup = await measureLag(() => db.exec(SETUP));
    console.log(
      `[worker] generate ${ROWS} rows ${setup.queryMs.toFixed(0)} ms, max event-loop lag ${setup.maxLagMs.toFixed(1)} ms`,
    );
    const lag = await measureLag(async () => {
      const rows = await db.query<{ n: number }>(AGGREGATE);
      expect(rows).toHaveLength(1000);
    });
    console.log(
      `[worker] aggregate ${lag.queryMs.toFixed(0)} ms, max event-loop lag ${lag.maxLagMs.toFixed(1)} ms`,
    );
    expect(lag.queryMs).toBeGreaterThan(1000); // the query really is long
    expect(lag.maxLagMs).toBeLessThan(lag.queryMs / 10);
  });

  it('for comparison: PGlite on the main thread blocks the loop for the whole query', async () => {
    const lite = await PGlite.create();
    try {
      await lite.exec(SETUP);
      const lag = await measureLag(() => lite.query(AGGREGATE));
      console.log(
        `[main thread] aggregate ${lag.queryMs.toFixed(0)} ms, max event-loop lag ${lag.maxLagMs.toFixed(1)} ms`,
      );
      expect(lag.maxLagMs).toBeGreaterThan(lag.queryMs / 2);
    } finally {
      await lite.close();
    }
  });
});
