// The import benchmark's second reference: PostgreSQL's own COPY of the rows an import wrote into tables of
// the same shape as the real ones — the same columns, generated columns, checks, indexes (the two GIN
// indexes of folded names on households and on members among them) and foreign keys. COPY into plain text
// columns (the first reference) maintains no index and checks nothing; this one is what the database itself
// needs to hold these rows as the application holds them, so an import can come no nearer than this without
// dropping an index or a check. Only the COPY into the copies is timed (the rows are first written out of
// the real tables to CSV files the server reads).
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../../src/db/index.ts';
import { time } from './context.ts';

/** Copies the rows of `tables` (in an order where each table's references come before it) into copies. */
export async function copyIntoSameTables(
  db: Database,
  dir: string,
  tables: readonly string[],
): Promise<{ ms: number; rows: number }> {
  const copyOf = (t: string) => `bench_same_${t}`;
  const columns = new Map<string, string>();
  for (const t of tables) {
    const cols = await db.query<{ name: string }>(
      `select column_name as name from information_schema.columns
        where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER'
        order by ordinal_position`,
      [t],
    );
    const list = cols.map((c) => `"${c.name}"`).join(', ');
    columns.set(t, list);
    await db.exec(`create table ${copyOf(t)} (like ${t} including all)`);
    // LIKE copies no foreign key: the same keys, pointing at the copies where the referenced table is one.
    const keys = await db.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = $1::regclass and contype = 'f'`,
      [t],
    );
    for (const { def } of keys) {
      const target = /REFERENCES (\w+)\(/u.exec(def)![1]!;
      const pointed = tables.includes(target)
        ? def.replace(`REFERENCES ${target}(`, `REFERENCES ${copyOf(target)}(`)
        : def;
      await db.exec(`alter table ${copyOf(t)} add ${pointed}`);
    }
    const file = join(dir, `same-${t}.csv`);
    await db.exec(`copy (select ${list} from ${t}) to '${file}' with (format csv)`);
    chmodSync(file, 0o644);
  }
  let rows = 0;
  for (const t of tables)
    rows += (await db.query<{ n: number }>(`select count(*)::int as n from ${t}`))[0]!.n;
  const [, ms] = await time(async () => {
    for (const t of tables)
      await db.exec(
        `copy ${copyOf(t)} (${columns.get(t)}) from '${join(dir, `same-${t}.csv`)}' with (format csv)`,
      );
  });
  return { ms, rows };
}
