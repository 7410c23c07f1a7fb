// Run as a separate process by test/db/data-dir-lock.test.ts: opens the embedded data folder given and
// prints what happened as one JSON line. Then, by the second argument: 'close' closes it, 'exit' exits
// without closing (the lock must go with the process), 'hold' keeps it open until killed.
import { openDatabase } from '../../src/db/index.ts';

const [dataDir, then = 'close'] = process.argv.slice(2);
try {
  const db = await openDatabase({ kind: 'pglite', dataDir: dataDir! });
  console.log(JSON.stringify({ opened: true, pid: process.pid }));
  if (then === 'exit') process.exit(0);
  if (then === 'hold') setInterval(() => undefined, 60_000);
  else await db.close();
} catch (e) {
  const error = e as Error & { vi?: string; en?: string };
  console.log(JSON.stringify({ opened: false, name: error.name, vi: error.vi, en: error.en }));
}
