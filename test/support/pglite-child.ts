// Run as a separate process by test/db/engine.test.ts: opens embedded PGlite (worker thread) the way
// the CLI does, queries it, and prints the result as JSON.
import { openDatabase } from '../../src/db/index.ts';

const db = await openDatabase({ kind: 'pglite' });
const [row] = await db.query<{ answer: number; version: string }>(
  'select 42 as answer, version() as version',
);
await db.close();
console.log(JSON.stringify(row));
