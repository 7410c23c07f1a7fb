// vn_fold of migration 0016 against the one of 0018 (issue #14, import speed): the same INSERT … SELECT of N
// member rows into a copy of `members` (its generated column full_name_folded = vn_fold(full_name), its
// trigram and word GIN indexes), one form then the other, alternating over several rounds; medians printed.
// For context also: the insert into a copy without the two GIN indexes (the fold's share), into one without
// the folded column at all, and the fold alone (a SELECT over the names) on the NFC names, on the same names
// in NFD and on names holding a letter of no alphabet 0018 lists (both of which take 0018's slow path, the
// 0016 form after a failed test).
//
//   node --import tsx bench/vn-fold.bench.ts [--engine postgres|pglite] [--postgres URL] [--rows N] [--rounds R]
//
// PostgreSQL: a scratch database is created on the server of --postgres (default
// postgres://root@127.0.0.1:5432/postgres) and dropped afterwards. PGlite: in memory. Both forms are read from
// the migration files, so the figures are those of the SQL the migrations install.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { migrate, openDatabase, type Database } from '../src/db/index.ts';
import { createScratchPostgres } from '../test/support/databases.ts';
import { prng } from './data/generate.ts';
import { median, time } from './lib/context.ts';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    postgres: { type: 'string', default: 'postgres://root@127.0.0.1:5432/postgres' },
    rows: { type: 'string', default: '40000' },
    rounds: { type: 'string', default: '7' },
  },
});
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);

/** The CREATE OR REPLACE FUNCTION vn_fold statement of a migration file. */
function foldOf(file: string): string {
  const text = readFileSync(new URL(`../src/db/migrations/${file}`, import.meta.url), 'utf8');
  const m = /CREATE OR REPLACE FUNCTION vn_fold\(t text\)[\s\S]*?\$\$;/.exec(text);
  if (!m) throw new Error(`no vn_fold in ${file}`);
  return m[0];
}
const FORMS = {
  '0016': foldOf('0016_search_fold_and_clean_text.sql'),
  '0018': foldOf('0018_faster_vn_fold.sql'),
} as const;
type Form = keyof typeof FORMS;

// Names as the generator of bench/data/generate.ts makes them (family name by frequency, middle, given).
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng',
  'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Hà', 'Lò', 'Lường', 'Triệu', 'Nông']; // prettier-ignore
const MIDDLE = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Công', 'Xuân', 'Thanh', 'Ngọc', 'Tiến', 'Thị', 'Thị',
  'Thu', 'Kim', 'Hồng', 'Mai', 'Phương']; // prettier-ignore
const GIVEN = ['Anh', 'Bình', 'Cường', 'Dũng', 'Đức', 'Giang', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh',
  'Kiên', 'Lâm', 'Long', 'Mạnh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thành',
  'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh', 'Chi', 'Dung', 'Duyên', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Huệ',
  'Hương', 'Lan', 'Liên', 'Linh', 'Loan', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Quyên', 'Tâm', 'Thảo',
  'Thủy', 'Trang', 'Tuyết', 'Uyên', 'Vân', 'Yến', "H'Linh", 'Lụa']; // prettier-ignore

function names(n: number): string[] {
  const rand = prng(20261206);
  const pick = (xs: readonly string[]) => xs[Math.floor(rand() * xs.length)]!;
  return Array.from({ length: n }, () => `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`.normalize('NFC'));
}

async function setUp(db: Database): Promise<void> {
  await migrate(db);
  const nfc = names(ROWS);
  await db.exec(`
    create table bench_names (household_id uuid, member_no int, nfc text, nfd text, slow text);
    create table bench_members (like members including all);
    create table bench_members_no_gin (like members including all);
    create table bench_members_plain (like members including all);
    alter table bench_members_plain drop column full_name_folded;`);
  // The copy without the trigram and word indexes of the folded name: the fold's share of the insert.
  const gin = await db.query<{ name: string }>(
    `select indexname as name from pg_indexes where tablename = 'bench_members_no_gin' and indexdef like '%USING gin%'`,
  );
  if (gin.length !== 2) throw new Error(`expected the 2 GIN indexes of members, found ${gin.length}`);
  for (const { name } of gin) await db.exec(`drop index "${name}"`);
  // A letter of no alphabet 0018 lists (Cyrillic ж) sends the whole name down the 0016 path.
  await db.query(
    `insert into bench_names
     select gen_random_uuid(), 1, t, normalize(t, NFD), t || ' ж'
     from unnest($1::text[]) as x(t)`,
    [nfc],
  );
  await db.exec('analyze bench_names');
}

const INSERT = (table: string) => `
  insert into ${table} (household_id, member_no, full_name, sex, relation_to_head)
  select household_id, member_no, nfc, 'female', 'head' from bench_names`;

async function insertMs(db: Database, table: string): Promise<number> {
  await db.exec(`truncate ${table}`);
  const [, ms] = await time(() => db.exec(INSERT(table)));
  return ms;
}

async function foldMs(db: Database, column: 'nfc' | 'nfd' | 'slow'): Promise<number> {
  const [, ms] = await time(() => db.query(`select sum(length(vn_fold(${column}))) from bench_names`));
  return ms;
}

async function run(db: Database, engine: string): Promise<void> {
  await setUp(db);
  // Both forms give the same folds of these names (test/db/vn-fold.test.ts checks every character and more).
  const folds: string[] = [];
  for (const form of ['0016', '0018'] as Form[]) {
    await db.exec(FORMS[form]);
    const [row] = await db.query<{ f: string }>(
      `select string_agg(vn_fold(nfc) || '|' || vn_fold(nfd) || '|' || vn_fold(slow), ',' order by nfc) as f
       from bench_names`,
    );
    folds.push(row!.f);
  }
  if (folds[0] !== folds[1]) throw new Error('the two forms fold the names differently');

  const ms: Record<string, number[]> = {};
  const note = (key: string, value: number) => (ms[key] ??= []).push(value);
  const load: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // ABBA order, so neither form always runs first after the other.
    const order: Form[] = round % 2 === 0 ? ['0016', '0018'] : ['0018', '0016'];
    for (const form of order) {
      await db.exec(FORMS[form]);
      note(`insert ${form}`, await insertMs(db, 'bench_members'));
      note(`insert no GIN ${form}`, await insertMs(db, 'bench_members_no_gin'));
      for (const column of ['nfc', 'nfd', 'slow'] as const)
        note(`fold ${column} ${form}`, await foldMs(db, column));
    }
    note('insert without folded column', await insertMs(db, 'bench_members_plain'));
    load.push(loadavg()[0]!);
  }
  const round1 = (x: number) => Math.round(x);
  console.log(
    `${engine}: ${ROWS} rows, ${ROUNDS} rounds, load average ${Math.min(...load).toFixed(1)}–${Math.max(...load).toFixed(1)}`,
  );
  for (const [key, xs] of Object.entries(ms).sort(([a], [b]) => a.localeCompare(b)))
    console.log(
      `  ${key.padEnd(30)} median ${String(round1(median(xs))).padStart(6)} ms   (${xs.map(round1).join(', ')})`,
    );
}

if (values.engine === 'pglite') {
  const db = await openDatabase({ kind: 'pglite' });
  try {
    await run(db, 'PGlite');
  } finally {
    await db.close();
  }
} else {
  const scratch = await createScratchPostgres(values.postgres);
  try {
    const db = await openDatabase({ kind: 'postgres', url: scratch.url, max: 1 });
    try {
      await run(db, `PostgreSQL (${values.postgres.replace(/\/[^/]*$/, '')})`);
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}
