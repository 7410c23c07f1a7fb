// The demo: villages, households with members and their 2025 assessments, and one user per role, for former Bắc Kạn.
import { hash } from '@node-rs/argon2';
import type { Database, Queryable } from '../db/index.ts';
import { audit, households, referenceData, units, users, villages } from '../db/index.ts';
import { DataRuleError } from '../db/errors.ts';
import type { Role, ScopeEntry } from '../db/queries/users.ts';
import { seededRandom } from '../domain/random.ts';
import { assess, parseAssessment } from '../domain/standards/assessment.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import {
  demoHousehold,
  demoVillages,
  memberFacts,
  SyntheticIds,
  type DemoHousehold,
  type DemoMember,
} from './demo-households.ts';
import { seedDemoFigures } from './demo-figures.ts';
import { seedDemoFinance } from './demo-finance.ts';

/** Name of the marker in reference_data_loads that says the demo is in the database. */
export const DEMO_MARKER = 'demo';
/** Same password for every demo user (documented in docs/demo.md): demo only, never in production. */
export const DEMO_PASSWORD = 'demo-2026';
/** The province before the reform (Tỉnh Bắc Kạn) and after it (Tỉnh Thái Nguyên). */
const OLD_PROVINCE = '06';
const NEW_PROVINCE = '19';
/** Villages are created under the communes as they were before the reform, then move with lineage. */
const BEFORE_REFORM = '2025-01-01';
const REFORM = '2025-07-01';
/** The periodic review of 2025 (ND 07/2021 applies to the reviews of 2022–2026). */
const STANDARD = 'ND07_2021';
const SURVEY_FROM = '2025-10-01';
/** Bằng Thành (Thái Nguyên) took in Bộc Bố, Bằng Thành, Nhạn Môn and Giáo Hiệu of Pác Nặm. */
const COMMUNE_OF_XA = '01864';
/** Xã Ba Bể took in Cao Thượng, Khang Ninh and Nam Mẫu of Ba Bể. */
const COMMUNE_OF_XA2 = '01906';
/**
 * The default districts, 33 communes (≈ 2,000 households at 15 a village: ≈ 15 s on PGlite, measured):
 * Thành phố Bắc Kạn (urban wards), Pác Nặm (a poor district of QĐ 353/QĐ-TTg, now Bằng Thành and its
 * neighbours) and Ba Bể.
 */
export const DEMO_DISTRICTS: readonly string[] = ['058', '060', '061'];
// Argon2id with OWASP's minimum parameters, as the server hashes passwords.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export interface SeedDemoOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same demo. Default 2025. */
  seed?: number;
  /** Default 15. */
  householdsPerVillage?: number;
  ruleBook: RuleBook;
  /**
   * Districts of Bắc Kạn (codes before the reform) whose communes get villages, or 'all' (108 communes,
   * ≈ 6,500 households at 15 a village: ≈ 45 s on PGlite). Default DEMO_DISTRICTS.
   */
  districts?: readonly string[] | 'all';
  /** Called after each household with how many of the planned households are done. */
  onProgress?: (done: number, total: number) => void;
}

export type DemoSummary =
  | {
      status: 'seeded';
      /** Communes of Bắc Kạn (before the reform) that received villages. */
      communes: number;
      villages: number;
      households: number;
      members: number;
      assessments: number;
      poor: number;
      nearPoor: number;
      users: number;
      /** Demo usernames that already existed and were left as they were. */
      usersSkipped: string[];
    }
  | { status: 'already_seeded'; marker: string };

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  access: 'read' | 'write';
  /** A unit code (its version valid on 1 July 2025), or 'village': the first demo village of Bằng Thành. */
  scope: string;
}

/** One user per role; the password of each is DEMO_PASSWORD. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'admin',
    displayName: 'Quản trị hệ thống (mẫu)',
    role: 'system_admin',
    access: 'write',
    scope: NEW_PROVINCE,
  },
  {
    username: 'tinh',
    displayName: 'Ma Thị Hạnh, Sở Nông nghiệp và Môi trường (mẫu)',
    role: 'province_officer',
    access: 'write',
    scope: NEW_PROVINCE,
  },
  {
    username: 'xa',
    displayName: 'Hoàng Văn Thắng, UBND xã Bằng Thành (mẫu)',
    role: 'commune_officer',
    access: 'write',
    scope: COMMUNE_OF_XA,
  },
  {
    username: 'xa2',
    displayName: 'Nông Thị Lan, UBND xã Ba Bể (mẫu)',
    role: 'commune_officer',
    access: 'write',
    scope: COMMUNE_OF_XA2,
  },
  {
    username: 'thon',
    displayName: 'Triệu Văn Quẩy, điều tra viên (mẫu)',
    role: 'village_enumerator',
    access: 'write',
    scope: 'village',
  },
  { username: 'xem', displayName: 'Người xem (mẫu)', role: 'viewer', access: 'read', scope: NEW_PROVINCE },
  {
    username: 'kiemtoan',
    displayName: 'Lục Thị Huệ, kiểm toán (mẫu)',
    role: 'auditor',
    access: 'read',
    scope: NEW_PROVINCE,
  },
];

/**
 * Seeds the demo in one transaction: all of it or nothing. Does nothing when the demo marker is
 * already there. The reference data (units, lineage) must be loaded first (ensureReferenceData).
 */
export async function seedDemo(db: Database, options: SeedDemoOptions): Promise<DemoSummary> {
  const seed = options.seed ?? 2025;
  const perVillage = options.householdsPerVillage ?? 15;
  const districts = options.districts ?? DEMO_DISTRICTS;
  const standard = options.ruleBook.standards.get(STANDARD);
  if (!standard) throw new Error(`the rule book has no standard ${STANDARD}`);

  // Hashing is slow on purpose; do it before holding the database.
  const passwordHashes = await Promise.all(DEMO_USERS.map(() => hash(DEMO_PASSWORD, ARGON2)));

  return db.transaction(async (tx) => {
    const marker = await referenceData.loadedChecksum(tx, DEMO_MARKER);
    if (marker !== undefined) return { status: 'already_seeded', marker };
    if ((await referenceData.loadedChecksum(tx, 'admin_units')) === undefined) {
      throw new DataRuleError(
        'reference_data_missing',
        'load the administrative units first (ensureReferenceData) / nạp danh mục đơn vị hành chính trước',
      );
    }

    const rng = seededRandom(seed);
    const ids = new SyntheticIds(rng);
    // Villages of every commune first, then households: the plan fixes the total for the progress report.
    const placesBySuccessor = new Map<string, Set<string>>();
    const communes = (await communesOfBacKan(tx, districts)).map((c) => {
      const taken = placesBySuccessor.get(c.successor) ?? new Set<string>();
      placesBySuccessor.set(c.successor, taken);
      return { ...c, villages: demoVillages(rng, c, taken) };
    });
    if (communes.length === 0) throw new Error(`no commune of Bắc Kạn in districts ${String(districts)}`);
    const total = communes.reduce((n, c) => n + c.villages.length, 0) * perVillage;
    let done = 0;
    const counts = { villages: 0, households: 0, members: 0, assessments: 0, poor: 0, nearPoor: 0 };
    /** The village of the enumerator: the first of Bằng Thành, else (Pác Nặm not seeded) the first of all. */
    let villageOfThon: string | undefined;
    // A person still listed with her parents' household who married into a household of another
    // village of the same commune, and was entered there too: the duplicate that duplicate detection
    // must find (the same national ID on two current members).
    let dupCandidate: { villageId: string; member: DemoMember } | undefined;
    let dupPlaced = false;
    let firstVillage: string | undefined;

    for (const commune of communes) {
      for (const v of commune.villages) {
        const village = await villages.createVillage(tx, {
          communeCode: commune.code,
          date: BEFORE_REFORM,
          name: v.name,
          kind: v.kind,
        });
        counts.villages += 1;
        const now = await successorOf(tx, village.id, commune.code);
        if (now.code === COMMUNE_OF_XA && villageOfThon === undefined) villageOfThon = village.id;
        if (counts.villages === 1) firstVillage = village.id;
        const area = now.area === 'urban' ? 'urban' : 'rural';
        const povertyLine = standard.parameters.povertyLine[area].value;

        for (let i = 0; i < perVillage; i++) {
          const h = demoHousehold(rng, ids, {
            area,
            highland: commune.district === '060',
            povertyLine,
            surveyFrom: SURVEY_FROM,
          });
          if (now.code === COMMUNE_OF_XA && !dupPlaced) {
            if (!dupCandidate) {
              const daughter = h.members.find(
                (m) => m.relationToHead === 'child' && m.sex === 'female' && age(m, h.surveyDate) >= 18,
              );
              if (daughter) dupCandidate = { villageId: village.id, member: daughter };
            } else if (dupCandidate.villageId !== village.id) {
              h.members.push({ ...dupCandidate.member, relationToHead: 'child_in_law' });
              dupPlaced = true;
            }
          }
          const verdict = await storeHousehold(tx, options.ruleBook, h, {
            villageId: village.id,
            address: `${village.name}, ${now.name}, Tỉnh Thái Nguyên`,
            area,
          });
          counts.households += 1;
          counts.members += h.members.length;
          counts.assessments += 1;
          if (verdict === 'poor') counts.poor += 1;
          if (verdict === 'near_poor') counts.nearPoor += 1;
          options.onProgress?.(++done, total);
        }
      }
    }
    villageOfThon ??= firstVillage!;

    const created: string[] = [];
    const usersSkipped: string[] = [];
    for (const [i, u] of DEMO_USERS.entries()) {
      if (await users.findForLogin(tx, u.username)) {
        usersSkipped.push(u.username);
        continue;
      }
      await users.createUser(tx, {
        username: u.username,
        displayName: u.displayName,
        passwordHash: passwordHashes[i]!,
        role: u.role,
        scopes: await scopeOf(tx, u, villageOfThon),
      });
      created.push(u.username);
    }

    await seedDemoFigures(tx, options.ruleBook);
    await seedDemoFinance(tx);
    const summary: DemoSummary = {
      status: 'seeded',
      communes: communes.length,
      ...counts,
      users: created.length,
      usersSkipped,
    };
    await audit.recordAudit(tx, {
      actorName: 'hệ thống: dữ liệu mẫu / system: demo data',
      action: 'demo.seed',
      entityType: 'demo',
      entityId: DEMO_MARKER,
      unitCode: NEW_PROVINCE,
      after: { ...summary, seed, householdsPerVillage: perVillage, districts },
      reason: 'dữ liệu mẫu để chạy thử / synthetic data for trying the software',
    });
    const which = districts === 'all' ? 'all' : districts.join(',');
    await referenceData.markLoaded(
      tx,
      DEMO_MARKER,
      `seed=${seed};householdsPerVillage=${perVillage};districts=${which}`,
    );
    return summary;
  });
}

interface CommuneOfBacKan {
  code: string;
  name: string;
  kind: string;
  district: string;
  /** Code of the commune it became on 1 July 2025 (whole moves, so exactly one). */
  successor: string;
}

/** The communes of Tỉnh Bắc Kạn (of the chosen districts) on the day the villages are created, by code. */
async function communesOfBacKan(
  db: Queryable,
  districts: readonly string[] | 'all',
): Promise<CommuneOfBacKan[]> {
  const result: CommuneOfBacKan[] = [];
  for (const district of await units.children(db, OLD_PROVINCE, BEFORE_REFORM)) {
    if (districts !== 'all' && !districts.includes(district.code)) continue;
    for (const c of await units.children(db, district.code, BEFORE_REFORM)) {
      if (c.level !== 'commune') continue;
      const [next] = await units.lineage(db, c, { direction: 'forward', transitive: false });
      result.push({
        code: c.code,
        name: c.name,
        kind: c.kind,
        district: district.code,
        successor: next?.toCode ?? c.code,
      });
    }
  }
  return result.sort((a, b) => a.code.localeCompare(b.code));
}

/** The commune a village belongs to after the reform (it moved whole with its commune). */
async function successorOf(
  db: Queryable,
  villageId: string,
  formerCode: string,
): Promise<{ code: string; name: string; area: string | null }> {
  const placement = await villages.villagePlacement(db, villageId, SURVEY_FROM);
  if (placement.status !== 'assigned') {
    throw new Error(
      `demo village of commune ${formerCode} has no commune after the reform (${placement.status})`,
    );
  }
  const unit = await units.unitVersion(db, placement.commune);
  if (!unit) throw new Error(`commune ${placement.commune.code} not found`);
  return { code: unit.code, name: unit.name, area: unit.area };
}

function age(m: DemoMember, onDate: string): number {
  const years = Number(onDate.slice(0, 4)) - Number(m.dateOfBirth.slice(0, 4));
  return m.dateOfBirth.slice(5) > onDate.slice(5) ? years - 1 : years;
}

/** Creates the household and its ND 07/2021 assessment, classified by the rule engine; returns the class. */
async function storeHousehold(
  db: Queryable,
  book: RuleBook,
  h: DemoHousehold,
  where: { villageId: string; address: string; area: 'rural' | 'urban' },
): Promise<string> {
  const created = await households.createHousehold(db, {
    villageId: where.villageId,
    headName: h.headName,
    address: where.address,
    ethnicity: h.ethnicity,
    isEthnicMinority: h.isEthnicMinority,
    personOfMerit: h.personOfMerit,
    socialProtection: h.socialProtection,
    noLabourCapacity: h.noLabourCapacity,
    since: BEFORE_REFORM,
    members: h.members.map((m) => ({
      fullName: m.fullName,
      dateOfBirth: m.dateOfBirth,
      sex: m.sex,
      ethnicity: m.ethnicity,
      relationToHead: m.relationToHead,
      nationalId: m.nationalId,
      phone: m.phone,
      educationLevel: m.educationLevel,
      healthInsurance: m.healthInsurance,
      employment: m.employment,
      labourContract: m.labourContract,
      facts: m.facts,
    })),
  });
  // The answers are stored as the rule engine reads them, so anyone can re-classify them later.
  const answers = {
    standard: STANDARD,
    area: where.area,
    incomePerCapita: h.incomePerCapita,
    surveyDate: h.surveyDate,
    members: h.members.map(memberFacts),
    dwelling: h.dwelling,
  };
  const request = parseAssessment(book, answers);
  if (!request.ok) throw new Error(`demo household: ${request.error.message.en}`);
  const result = assess(book, request.value);
  if (!result.ok) throw new Error(`demo household: ${result.error.message.en}`);
  const { verdict, explanation } = result.value;
  await households.recordAssessment(db, {
    householdId: created.householdId,
    reviewRoundId: null,
    standardId: STANDARD,
    surveyDate: h.surveyDate,
    area: where.area,
    incomePerCapita: BigInt(h.incomePerCapita),
    scoreA: null,
    answers,
    deficits: [...verdict.deficits],
    class: verdict.class,
    explanation,
    recordedBy: 'demo',
  });
  return verdict.class;
}

/** A unit's version valid on the reform day (codes were re-used, so the version must be named). */
async function scopeOf(db: Queryable, u: DemoUser, villageOfXa: string): Promise<ScopeEntry[]> {
  if (u.scope === 'village') return [{ access: u.access, villageId: villageOfXa }];
  const unit = await units.unitAt(db, u.scope, REFORM);
  if (!unit) throw new Error(`no unit ${u.scope} on ${REFORM}`);
  return [{ access: u.access, unitCode: unit.code, unitValidFrom: unit.validFrom }];
}
