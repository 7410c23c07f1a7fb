// The SQL of a logical backup and its restore (src/services/backup.ts): the tables read from the catalog in
// foreign-key order, a consistent read-only snapshot streamed through a cursor, and rows written back from
// their JSON form. The same JSON moves between the embedded engine and PostgreSQL: each row is the
// server's own to_jsonb (bigint and numeric as exact JSON numbers, bytea as '\x…' hex, timestamps with
// their offset and microseconds, arrays and jsonb as JSON), and jsonb_populate_recordset reads it back
// through the columns' own input functions.
import type { Queryable } from '../database.ts';

export interface BackupTable {
  name: string;
  /** Columns written and restored, in the table's order (generated columns are left to the database). */
  columns: string[];
  /** Generated (stored) columns: recomputed on restore, so not in the file. */
  generated: string[];
  /** Primary key columns (empty if none). */
  primaryKey: string[];
  /** Foreign keys of the table to itself: [columns, referenced columns]. */
  selfReferences: { columns: string[]; references: string[] }[];
  /** Whether a row may be large (a bytea column: stored files): read a few rows at a time. */
  large: boolean;
}

/** The journal of migrate.ts; its rows go to the manifest, not into the tables restored. */
export const MIGRATIONS_TABLE = 'schema_migrations';

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Every table of the public schema (the journal of migrations excepted), parents before children: a table
 * comes after every table its foreign keys point to, ties in name order.
 */
export async function backupTables(db: Queryable): Promise<BackupTable[]> {
  const tables = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> $1
     order by c.relname`,
    [MIGRATIONS_TABLE],
  );
  const columns = await db.query<{ table: string; name: string; generated: boolean; bytes: boolean }>(
    `select c.relname as "table", a.attname as name, a.attgenerated <> '' as generated,
       a.atttypid = 'bytea'::regtype as bytes
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
     order by c.relname, a.attnum`,
  );
  const constraints = await db.query<{
    table: string;
    type: string;
    references: string | null;
    columns: string[];
    referenced: string[] | null;
  }>(
    `select c.relname as "table", k.contype::text as type, r.relname as "references",
       array(select a.attname::text from unnest(k.conkey) with ordinality u(n, i)
             join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n order by u.i) as columns,
       case when k.contype = 'f' then
         array(select a.attname::text from unnest(k.confkey) with ordinality u(n, i)
               join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n order by u.i) end as referenced
     from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_class r on r.oid = k.confrelid
     where n.nspname = 'public' and k.contype in ('p', 'f')
     order by c.relname, k.conname`,
  );
  const byName = new Map<string, BackupTable>(
    tables.map((t) => [
      t.name,
      { name: t.name, columns: [], generated: [], primaryKey: [], selfReferences: [], large: false },
    ]),
  );
  for (const c of columns) {
    const table = byName.get(c.table);
    if (!table) continue;
    (c.generated ? table.generated : table.columns).push(c.name);
    if (c.bytes) table.large = true;
  }
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const k of constraints) {
    const table = byName.get(k.table);
    if (!table) continue;
    if (k.type === 'p') table.primaryKey = k.columns;
    else if (k.references === k.table)
      table.selfReferences.push({ columns: k.columns, references: k.referenced ?? [] });
    else if (k.references && byName.has(k.references)) parents.get(k.table)!.add(k.references);
  }
  const ordered: BackupTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p)),
    );
    if (!next) throw new Error('the foreign keys between tables form a cycle; no order to back them up in');
    placed.add(next.name);
    ordered.push(byName.get(next.name)!);
  }
  return ordered;
}

/** The migrations applied to this database, in name order, with their checksums. */
export async function appliedMigrations(db: Queryable): Promise<{ name: string; checksum: string }[]> {
  return db.query<{ name: string; checksum: string }>(
    `select name, checksum from ${ident(MIGRATIONS_TABLE)} order by name`,
  );
}

/** Rows of each table (exact counts). */
export async function rowCounts(db: Queryable, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const name of tables) {
    const [row] = await db.query<{ n: string }>(`select count(*)::text as n from ${ident(name)}`);
    counts.set(name, Number(row!.n));
  }
  return counts;
}

/** The tables of this list that hold at least one row. */
export async function tablesWithRows(db: Queryable, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of tables) {
    const [row] = await db.query<{ any: boolean }>(`select exists (select 1 from ${ident(name)}) as any`);
    if (row?.any) found.push(name);
  }
  return found;
}

/**
 * The select that reads a table's rows as JSON text, without its generated columns, in primary key order;
 * a table that refers to itself is read parents first (by depth from the rows that refer to no other row),
 * so each batch restored finds the rows it refers to already there.
 */
function rowsSql(table: BackupTable): string {
  const t = ident(table.name);
  const json = table.generated.length
    ? `(to_jsonb(t) - array[${table.generated.map((g) => `'${g.replaceAll("'", "''")}'`).join(', ')}]::text[])::text`
    : 'to_jsonb(t)::text';
  const key = (alias: string) => table.primaryKey.map((c) => `${alias}.${ident(c)}`).join(', ');
  const order = table.primaryKey.length ? `order by ${key('t')}` : '';
  if (table.selfReferences.length === 0) return `select ${json} as row from ${t} t ${order}`;
  if (table.primaryKey.length === 0)
    throw new Error(`table ${table.name} refers to itself but has no primary key; cannot order it`);
  const sameRow = (ref: BackupTable['selfReferences'][number], child: string, parent: string) =>
    ref.columns.map((c, i) => `${child}.${ident(c)} = ${parent}.${ident(ref.references[i]!)}`).join(' and ');
  const noParent = table.selfReferences
    .map(
      (ref) =>
        `(${ref.columns.map((c) => `c.${ident(c)} is null`).join(' or ')} or (${sameRow(ref, 'c', 'c')}))`,
    )
    .join(' and ');
  const joins = table.selfReferences.map((ref) => `(${sameRow(ref, 'c', 'p')})`).join(' or ');
  return `with recursive walk(k, depth) as (
      select jsonb_build_array(${key('c')}), 0 from ${t} c where ${noParent}
      union all
      select jsonb_build_array(${key('c')}), w.depth + 1
      from ${t} c join ${t} p on (${joins}) and jsonb_build_array(${key('c')}) <> jsonb_build_array(${key('p')})
      join walk w on w.k = jsonb_build_array(${key('p')})
    ), depths as (select k, max(depth) as depth from walk group by k)
    select ${json} as row from ${t} t join depths d on d.k = jsonb_build_array(${key('t')})
    order by d.depth, ${key('t')}`;
}

/**
 * Reads a table's rows as JSON text through a cursor, `batchSize` at a time (4 for a table of stored files),
 * so memory holds one batch whatever the table's size. Call it inside the snapshot's transaction.
 */
export async function* tableRows(
  tx: Queryable,
  table: BackupTable,
  batchSize = 100,
): AsyncGenerator<string[]> {
  const size = table.large ? 4 : Math.max(1, Math.floor(batchSize));
  await tx.exec(`declare giamngheo_backup no scroll cursor for ${rowsSql(table)}`);
  for (;;) {
    const rows = await tx.query<{ row: string }>(`fetch forward ${size} from giamngheo_backup`);
    if (rows.length > 0) yield rows.map((r) => r.row);
    if (rows.length < size) break;
  }
  await tx.exec('close giamngheo_backup');
}

/** Inserts rows given as the JSON objects read by tableRows (as text) into a table, in one statement. */
export async function insertRows(
  tx: Queryable,
  table: BackupTable,
  rows: readonly string[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const cols = table.columns.map(ident).join(', ');
  const inserted = await tx.queryArrays(
    `insert into ${ident(table.name)} (${cols})
     select ${cols} from jsonb_populate_recordset(null::${ident(table.name)}, $1::jsonb)
     returning 1`,
    [`[${rows.join(',')}]`],
  );
  return inserted.length;
}
