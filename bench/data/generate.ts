// A deterministic generator of households and members for the benchmarks and the query-plan tests (issue 14,
// item 5): `npm run bench:data -- --households N [--seed S] [--province CODE] [--database-url URL | --pglite-dir DIR]`.
//
// - Over the real units: today's communes as loaded by the reference data (ensureReferenceData), all of them
//   or one province's; each commune gets an equal share of the households, in villages of ≈ 150 households
//   ("Thôn 1", "Thôn 2"… or "Tổ dân phố 1"… in a phường) created as needed.
// - In proportion to the published 2022 poor rates by region (issue 14), the near-poor at 0,86 × that rate
//   (the national 2022 ratio, 3,45 % near-poor to 4,03 % poor) and "middle" households at 2 × it; each
//   household gets one current ND07_2021 assessment whose income and deficits fit its class: poorer
//   households have lower incomes, more deficits, more members and more often belong to an ethnic minority.
// - Deterministic: one seeded PRNG stream (sfc32), so the same N, seed and province give the same rows and
//   ids (UUIDs drawn from it); a second run with the same arguments adds nothing (`on conflict do nothing`).
// - Streamed: batches of BATCH households are generated and written (`unnest` multi-row inserts, one
//   transaction per batch) and dropped, so memory stays flat whatever N is.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';

export interface GenerateOptions {
  households: number;
  seed?: number;
  /** A province code (today's units); all provinces when absent. */
  province?: string;
  /** The day the units are read at and the assessments' survey date (default 2026-01-15). */
  date?: string;
  /** Households per village (default 150). */
  perVillage?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateReport {
  households: number;
  members: number;
  villages: number;
  communes: number;
  byClass: Record<string, number>;
}

/** Poor rate 2022 by socio-economic region (issue 14; MOLISA's published results of the 2022 review). */
export const POOR_RATE_2022 = {
  northern_midlands_mountains: 0.1423, // Trung du và miền núi phía Bắc
  red_river_delta: 0.01, // Đồng bằng sông Hồng
  north_central_coast: 0.0499, // Bắc Trung Bộ và Duyên hải miền Trung
  central_highlands: 0.0839, // Tây Nguyên
  south_east: 0.0021, // Đông Nam Bộ
  mekong_delta: 0.0226, // Đồng bằng sông Cửu Long
} as const;
export type Region = keyof typeof POOR_RATE_2022;

/**
 * The region of a province by its statistical code, in the GSO's ranges (the codes of the provinces kept by
 * the 2025 reform are the codes of one of the provinces merged into them, so the ranges still apply).
 */
export function regionOf(provinceCode: string): Region {
  const n = Number(provinceCode);
  const north = [2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 24, 25];
  if (north.includes(n)) return 'northern_midlands_mountains';
  if (n <= 37) return 'red_river_delta';
  if ([62, 64, 66, 67, 68].includes(n)) return 'central_highlands';
  if (n <= 60) return 'north_central_coast';
  if (n <= 79) return 'south_east';
  return 'mekong_delta';
}

const BATCH = 2_000;
const STANDARD = 'ND07_2021';
/** The explanation an assessment carries (the API shows it); the rule engine's own is longer. */
const EXPLANATION = JSON.stringify({
  vi: 'Dữ liệu sinh để đo hiệu năng (bench/data/generate.ts)',
  en: 'Generated for the benchmarks (bench/data/generate.ts)',
});
/** ND 07/2021 income lines, đồng per person per month. */
const LINE = { rural: 1_500_000, urban: 2_000_000 } as const;
/** ND07_2021's indicators, most often lacking first (weights for drawing a household's deficits). */
const INDICATORS: readonly [string, number][] = [
  ['health_insurance', 10],
  ['adult_education', 9],
  ['sanitation', 8],
  ['information_devices', 7],
  ['housing_quality', 6],
  ['water', 6],
  ['employment', 5],
  ['dependants', 5],
  ['housing_area', 4],
  ['telecom', 3],
  ['child_schooling', 3],
  ['nutrition', 2],
];

const SURNAMES: readonly [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Phan', 4],
  ['Vũ', 4],
  ['Đặng', 2],
  ['Bùi', 2],
  ['Đỗ', 2],
  ['Hồ', 1],
  ['Ngô', 1],
  ['Dương', 1],
  ['Lý', 1],
  ['Đinh', 1],
  ['Hà', 1],
  ['Lò', 1],
  ['Lường', 1],
  ['Triệu', 1],
  ['Nông', 1],
];
const MALE_MIDDLE = ['Văn', 'Đức', 'Minh', 'Hữu', 'Quang', 'Công', 'Xuân', 'Thanh', 'Ngọc', 'Tiến'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Hồng', 'Mai', 'Phương'];
const MALE_GIVEN = [
  'Anh', 'Bình', 'Cường', 'Dũng', 'Đức', 'Giang', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Kiên',
  'Lâm', 'Long', 'Mạnh', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Quang', 'Sơn', 'Tài', 'Thắng',
  'Thành', 'Toàn', 'Trung', 'Tuấn', 'Tùng', 'Việt', 'Vinh', 'Khoa', 'Lợi', 'Thịnh', 'Chiến', 'Đạt',
]; // prettier-ignore
const FEMALE_GIVEN = [
  'An', 'Chi', 'Dung', 'Duyên', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hồng', 'Huệ', 'Hương',
  'Lan', 'Liên', 'Linh', 'Loan', 'Mai', 'My', 'Nga', 'Ngân', 'Nhung', 'Oanh', 'Phương', 'Quyên', 'Tâm',
  'Thảo', 'Thủy', 'Trang', 'Tuyết', 'Uyên', 'Vân', 'Xuân', 'Yến', 'Thơm', 'Lụa', 'Nhàn', 'Sen',
]; // prettier-ignore
const MINORITIES = ['Tày', 'Thái', 'Mường', 'Nùng', "H'Mông", 'Dao', 'Khmer', 'Gia Rai', 'Ê Đê', 'Sán Dìu'];

/** sfc32, seeded by splitmix32 from one integer: small, fast and the same on every machine. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

function uuidFrom(rand: () => number): string {
  const hex = (n: number) => Math.floor(n * 4294967296).toString(16).padStart(8, '0');
  const x = hex(rand()) + hex(rand()) + hex(rand()) + hex(rand());
  // Version 4 and variant bits, so the ids look like any other uuid.
  const variant = ((parseInt(x[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-${variant}${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

function weighted<T>(rand: () => number, items: readonly [T, number][]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

interface Commune {
  code: string;
  validFrom: string;
  name: string;
  area: 'urban' | 'rural' | 'special' | null;
  provinceCode: string;
}

type Cls = 'poor' | 'near_poor' | 'middle' | 'not_poor';

/** Writes `options.households` households (with members and one assessment each) into `db`. */
export async function generateHouseholds(db: Database, options: GenerateOptions): Promise<GenerateReport> {
  const n = options.households;
  const seed = options.seed ?? 1;
  const date = options.date ?? '2026-01-15';
  const perVillage = options.perVillage ?? 150;
  const rand = prng(seed);
  const communes = await db.query<Commune>(
    `select c.code, c.valid_from::text as "validFrom", c.name, c.area, p.code as "provinceCode"
     from admin_units c
     join admin_units p on p.code = c.parent_code and p.valid_from = c.parent_valid_from
     where c.level = 'commune' and p.level = 'province'
       and c.valid_from <= $1::date and (c.valid_to is null or c.valid_to >= $1::date)
       and ($2::text is null or p.code = $2)
     order by c.code`,
    [date, options.province ?? null],
  );
  if (communes.length === 0)
    throw new Error(`no commune on ${date}${options.province ? ` in province ${options.province}` : ''}`);
  const report: GenerateReport = {
    households: 0,
    members: 0,
    villages: 0,
    communes: 0,
    byClass: { poor: 0, near_poor: 0, middle: 0, not_poor: 0 },
  };
  // Commune c takes households [start(c), start(c + 1)); its villages hold perVillage each.
  const start = (c: number) => Math.floor((c * n) / communes.length);
  let memberSerial = 0;
  let batch = newBatch();
  for (let c = 0; c < communes.length; c++) {
    const commune = communes[c]!;
    const count = start(c + 1) - start(c);
    if (count === 0) continue;
    report.communes++;
    const region = regionOf(commune.provinceCode);
    const poorRate = POOR_RATE_2022[region];
    const minorityRate =
      region === 'northern_midlands_mountains' ? 0.5 : region === 'central_highlands' ? 0.35 : 0.05;
    const area = commune.area === 'urban' ? 'urban' : 'rural';
    const villageIds: string[] = [];
    for (let v = 0; v * perVillage < count; v++) {
      const id = uuidFrom(rand);
      villageIds.push(id);
      batch.villages.push([id, commune.code, commune.validFrom, `${area === 'urban' ? 'Tổ dân phố' : 'Thôn'} ${v + 1}`, area === 'urban' ? 'to_dan_pho' : 'thon']);
    }
    report.villages += villageIds.length;
    for (let i = 0; i < count; i++) {
      const r = rand();
      const cls: Cls =
        r < poorRate
          ? 'poor'
          : r < poorRate * 1.86
            ? 'near_poor'
            : r < poorRate * 3.86
              ? 'middle'
              : 'not_poor';
      report.byClass[cls]!++;
      const poverty = cls === 'poor' ? 3 : cls === 'near_poor' ? 2 : cls === 'middle' ? 1 : 0;
      const householdId = uuidFrom(rand);
      const minority = rand() < Math.min(0.95, minorityRate * (1 + 0.3 * poverty));
      const ethnicity = minority ? pick(rand, MINORITIES) : 'Kinh';
      const surname = weighted(rand, SURNAMES);
      // 1–8 members, about 3,5 on average, more in poorer households.
      const size = Math.max(1, Math.min(8, Math.round(2.2 + poverty * 0.5 + rand() * 2.6)));
      const headMale = rand() < 0.75;
      const headAge = 25 + Math.floor(rand() * 50);
      let headName = '';
      for (let m = 1; m <= size; m++) {
        const isHead = m === 1;
        const male = isHead ? headMale : m === 2 ? !headMale : rand() < 0.5;
        const age = isHead
          ? headAge
          : m === 2
            ? Math.max(18, headAge + Math.floor(rand() * 9) - 4)
            : Math.max(0, headAge - 20 - Math.floor(rand() * 15));
        const family = isHead || m > 2 ? surname : weighted(rand, SURNAMES);
        const fullName = `${family} ${pick(rand, male ? MALE_MIDDLE : FEMALE_MIDDLE)} ${pick(rand, male ? MALE_GIVEN : FEMALE_GIVEN)}`;
        if (isHead) headName = fullName;
        const year = 2026 - age;
        const birth = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
        memberSerial++;
        const nationalId =
          age >= 14
            ? `0${commune.provinceCode.padStart(2, '0')}${(year >= 2000 ? 2 : 0) + (male ? 0 : 1)}${String(year % 100).padStart(2, '0')}${String(memberSerial % 1_000_000).padStart(6, '0')}`
            : null;
        batch.members.push([
          householdId,
          m,
          fullName,
          birth,
          male ? 'male' : 'female',
          ethnicity,
          isHead ? 'head' : m === 2 ? 'spouse' : 'child',
          nationalId,
          rand() < 0.95 - 0.1 * poverty,
          age >= 15 && age < 60 ? (rand() < 0.05 + 0.06 * poverty ? 'unemployed' : 'employed') : null,
        ]);
      }
      report.members += size;
      // Income against the line, and deficits: poor ≥ 3, near-poor < 3, fewer as the class rises.
      const line = LINE[area];
      const ratio =
        cls === 'poor'
          ? 0.35 + rand() * 0.6
          : cls === 'near_poor'
            ? 0.5 + rand() * 0.5
            : cls === 'middle'
              ? 1 + rand() * 0.5
              : 1.5 + rand() * rand() * 6;
      const deficitCount =
        cls === 'poor'
          ? 3 + Math.floor(rand() * rand() * 6)
          : cls === 'near_poor'
            ? Math.floor(rand() * 3)
            : cls === 'middle'
              ? Math.floor(rand() * rand() * 4)
              : rand() < 0.8
                ? 0
                : 1;
      const deficits = new Set<string>();
      while (deficits.size < deficitCount) deficits.add(weighted(rand, INDICATORS));
      const address = `${pick(rand, ['Xóm', 'Đội', 'Khu'])} ${1 + Math.floor(rand() * 12)}, ${commune.name}`;
      const villageId = villageIds[Math.floor(i / perVillage)]!;
      batch.households.push([householdId, villageId, address, headName, ethnicity, minority, rand() < 0.03, rand() < 0.02 + 0.03 * poverty]);
      batch.assessments.push([householdId, uuidFrom(rand), date, area, Math.round((line * ratio) / 1000) * 1000, [...deficits], deficitCount, cls]);
      report.households++;
      if (batch.households.length >= BATCH) {
        await writeBatch(db, batch);
        batch = newBatch();
        options.onProgress?.(report.households, n);
      }
    }
  }
  await writeBatch(db, batch);
  options.onProgress?.(report.households, n);
  return report;
}

type VillageRow = [string, string, string, string, string];
type HouseholdRow = [string, string, string, string, string, boolean, boolean, boolean];
type MemberRow = [string, number, string, string, string, string, string, string | null, boolean, string | null];
type AssessmentRow = [string, string, string, string, number, string[], number, Cls];
interface Batch {
  villages: VillageRow[];
  households: HouseholdRow[];
  members: MemberRow[];
  assessments: AssessmentRow[];
}
const newBatch = (): Batch => ({ villages: [], households: [], members: [], assessments: [] });

/** The rows' columns as arrays, one per column, for `unnest`. */
function columns<T extends unknown[]>(rows: T[], width: number): unknown[][] {
  const out: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let i = 0; i < width; i++) out[i]!.push(row[i]);
  return out;
}

async function writeBatch(db: Database, b: Batch): Promise<void> {
  if (!b.households.length && !b.villages.length) return;
  await db.transaction(async (tx) => {
    if (b.villages.length)
      await tx.query(
        `insert into villages (id, commune_code, commune_valid_from, name, kind)
         select * from unnest($1::uuid[], $2::text[], $3::date[], $4::text[], $5::text[]) on conflict do nothing`,
        columns(b.villages, 5),
      );
    if (!b.households.length) return;
    await tx.query(
      `insert into households (household_id, village_id, address, head_name, ethnicity, is_ethnic_minority,
         person_of_merit, no_labour_capacity)
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::bool[], $8::bool[])
       on conflict do nothing`,
      columns(b.households, 8),
    );
    await tx.query(
      `insert into members (household_id, member_no, full_name, date_of_birth, sex, ethnicity, relation_to_head,
         national_id, health_insurance, employment)
       select * from unnest($1::uuid[], $2::int[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::bool[], $10::text[])
       on conflict do nothing`,
      columns(b.members, 10),
    );
    // text[][] cannot be unnested row by row: the deficits travel as one comma-joined text per household.
    const a = columns(b.assessments, 8);
    a[5] = (a[5] as string[][]).map((d) => d.join(','));
    await tx.query(
      `insert into assessments (household_id, assessment_id, standard_id, survey_date, area, income_per_capita,
         deficits, deficit_count, class, explanation)
       select h, id, '${STANDARD}', d, ar, inc, case when def = '' then '{}'::text[] else string_to_array(def, ',') end, dc, cl,
         '${EXPLANATION}'::jsonb
       from unnest($1::uuid[], $2::uuid[], $3::date[], $4::text[], $5::bigint[], $6::text[], $7::int[], $8::text[])
         as x(h, id, d, ar, inc, def, dc, cl)
       on conflict do nothing`,
      a,
    );
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      households: { type: 'string' },
      seed: { type: 'string', default: '1' },
      province: { type: 'string' },
      'database-url': { type: 'string' },
      'pglite-dir': { type: 'string' },
      date: { type: 'string' },
    },
  });
  const n = Number(values.households);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(
      'usage: npm run bench:data -- --households N [--seed S] [--province CODE] [--database-url URL | --pglite-dir DIR]',
    );
    process.exit(2);
  }
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  const db = values['pglite-dir']
    ? await openDatabase({ kind: 'pglite', dataDir: values['pglite-dir'] })
    : url
      ? await openDatabase({ kind: 'postgres', url })
      : undefined;
  if (!db) {
    console.error('give --database-url (or DATABASE_URL) or --pglite-dir');
    process.exit(2);
  }
  const started = performance.now();
  try {
    await migrate(db);
    await ensureReferenceData(db);
    let last = 0;
    const report = await generateHouseholds(db, {
      households: n,
      seed: Number(values.seed),
      ...(values.province ? { province: values.province } : {}),
      ...(values.date ? { date: values.date } : {}),
      onProgress(done, total) {
        if (done - last >= 50_000 || done === total) {
          last = done;
          const s = (performance.now() - started) / 1000;
          console.error(`${done} / ${total} households, ${s.toFixed(0)} s`);
        }
      },
    });
    // VACUUM too: it flushes the trigram indexes' pending lists (every name search reads them) and sets
    // the visibility map; a plain ANALYZE does neither.
    await db.exec('vacuum analyze');
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ ...report, seconds: Number(seconds.toFixed(1)) }));
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
