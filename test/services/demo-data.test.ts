// The demo province: counts, idempotence, plausible rates, verdicts that re-classify, a duplicate ID, users that sign in.
import { verify } from '@node-rs/argon2';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { DataRuleError } from '../../src/db/errors.ts';
import { verifyAuditChain } from '../../src/db/queries/audit.ts';
import { currentAssessments } from '../../src/db/queries/households.ts';
import { findForLogin, scopesOf } from '../../src/db/queries/users.ts';
import { listVillages } from '../../src/db/queries/villages.ts';
import { seededRandom } from '../../src/domain/random.ts';
import { assess, parseAssessment } from '../../src/domain/standards/assessment.ts';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo, type DemoSummary } from '../../src/services/demo-data.ts';
import { demoHousehold, SyntheticIds } from '../../src/services/demo-households.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { SYSTEM_ACTOR } from '../../src/services/actor.ts';
import { openReviewRound, recordRoundEvents } from '../../src/services/rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';

const PER_VILLAGE = 4;

const count = async (db: Database, sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(sql, params))[0]!.n;

it('generates the same households from the same seed, and different ones from another', () => {
  const ctx = { area: 'rural', highland: true, povertyLine: 1_500_000, surveyFrom: '2025-10-01' } as const;
  const make = (seed: number) => {
    const rng = seededRandom(seed);
    const ids = new SyntheticIds(rng);
    return Array.from({ length: 20 }, () => demoHousehold(rng, ids, ctx));
  };
  expect(make(7)).toEqual(make(7));
  expect(make(7)).not.toEqual(make(8));
  for (const h of make(7)) {
    for (const m of h.members) {
      expect(m.nationalId).toMatch(/^006[0-3]\d{8}$/);
      expect(m.nationalId.slice(4, 6)).toBe(m.dateOfBirth.slice(2, 4));
      if (m.phone !== null) expect(m.phone).toMatch(/^09\d{8}$/);
    }
    expect(h.isEthnicMinority).toBe(h.ethnicity !== 'Kinh');
  }
});

forEachDatabase(
  (getDb) => {
    it('refuses to seed before the reference data is loaded, and writes nothing', async () => {
      await expect(seedDemo(getDb(), { ruleBook: book, householdsPerVillage: 1 })).rejects.toThrow(
        DataRuleError,
      );
      expect(await count(getDb(), 'select count(*)::int as n from users')).toBe(0);
    });

    describe('seeded', () => {
      let summary: DemoSummary;
      const progress: [number, number][] = [];
      beforeAll(async () => {
        await ensureReferenceData(getDb());
        summary = await seedDemo(getDb(), {
          ruleBook: book,
          householdsPerVillage: PER_VILLAGE,
          onProgress: (done, total) => progress.push([done, total]),
        });
      }, 180_000);

      it('creates what the summary counts, reporting progress to the end', async () => {
        const db = getDb();
        if (summary.status !== 'seeded') throw new Error('expected a fresh seed');
        expect(summary.communes).toBe(33);
        expect(summary.villages).toBeGreaterThanOrEqual(33 * 3);
        expect(summary.villages).toBeLessThanOrEqual(33 * 5);
        expect(summary.households).toBe(summary.villages * PER_VILLAGE);
        expect(summary.assessments).toBe(summary.households);
        expect(summary.users).toBe(7);
        expect(await count(db, 'select count(*)::int as n from villages')).toBe(summary.villages);
        expect(await count(db, 'select count(*)::int as n from households')).toBe(summary.households);
        expect(await count(db, 'select count(*)::int as n from members')).toBe(summary.members);
        expect(await count(db, `select count(*)::int as n from assessments where class = 'poor'`)).toBe(
          summary.poor,
        );
        expect(summary.members / summary.households).toBeGreaterThan(3);
        expect(summary.members / summary.households).toBeLessThan(6);
        expect(progress.at(-1)).toEqual([summary.households, summary.households]);
        expect(progress).toHaveLength(summary.households);
        // The seed is recorded in the audit trail, which stays intact.
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
      });

      it('opens a commune’s 2026 periodic round with its 2025 recognised poor and near-poor, none dropped', async () => {
        const db = getDb();
        // The journey of issue #12: a 2025 round recognised, then the 2026 periodic round.
        const [reviewed] = await db.query<{ roundId: string; communeCode: string; communeValidFrom: string }>(
          `select r.id as "roundId", r.commune_code as "communeCode", r.commune_valid_from::text as "communeValidFrom"
           from review_rounds r where r.kind = 'periodic' and r.year = 2025 and r.status <> 'open'
           order by r.commune_code limit 1`,
        );
        const recognised = await count(
          db,
          `select count(*)::int as n from review_results where round_id = $1 and final_class in ('poor', 'near_poor')`,
          [reviewed!.roundId],
        );
        expect(recognised).toBeGreaterThan(0);
        const opened = await openReviewRound(
          db,
          SYSTEM_ACTOR,
          { communeCode: reviewed!.communeCode, kind: 'periodic', year: 2026 },
          { procedure: loadProcedure(), today: '2026-09-01' },
        );
        expect(opened.households.filter((h) => h.reason !== 'applicant')).toHaveLength(recognised);
        // Recognising before they are reviewed is refused, naming them.
        const closed = await recordRoundEvents(
          db,
          SYSTEM_ACTOR,
          {
            roundId: opened.id,
            expectedCount: opened.eventCount,
            events: [{ type: 'close_listing', date: '2026-09-02' }],
          },
          { procedure: loadProcedure(), today: '2026-09-02', book },
        );
        await expect(
          recordRoundEvents(
            db,
            SYSTEM_ACTOR,
            {
              roundId: opened.id,
              expectedCount: closed.eventCount,
              events: [{ type: 'recognise', date: '2026-09-03', decisionNumber: '1/QĐ-UBND' }],
            },
            { procedure: loadProcedure(), today: '2026-09-03', book },
          ),
        ).rejects.toSatisfy((e: { error: { message: { vi: string } } }) =>
          e.error.message.vi.includes(opened.households[0]!.headName),
        );
      });

      it('does nothing the second time', async () => {
        const db = getDb();
        const before = await count(db, 'select count(*)::int as n from members');
        const again = await seedDemo(db, { ruleBook: book, householdsPerVillage: PER_VILLAGE });
        expect(again).toEqual({
          status: 'already_seeded',
          marker: `seed=2025;householdsPerVillage=${PER_VILLAGE};districts=058,060,061`,
        });
        expect(await count(db, 'select count(*)::int as n from members')).toBe(before);
        expect(await count(db, 'select count(*)::int as n from users')).toBe(7);
      });

      it('has a poor rate near Bắc Kạn’s (20–30 %) and a near-poor rate of 10–15 %', () => {
        if (summary.status !== 'seeded') throw new Error('expected a fresh seed');
        expect(summary.poor / summary.households).toBeGreaterThanOrEqual(0.2);
        expect(summary.poor / summary.households).toBeLessThanOrEqual(0.3);
        expect(summary.nearPoor / summary.households).toBeGreaterThanOrEqual(0.1);
        expect(summary.nearPoor / summary.households).toBeLessThanOrEqual(0.15);
      });

      it('stores verdicts that re-classifying the stored answers reproduces exactly', async () => {
        const rows = await currentAssessments(getDb(), { standardId: 'ND07_2021' });
        if (summary.status !== 'seeded') throw new Error('expected a fresh seed');
        expect(rows).toHaveLength(summary.households);
        const classes = new Set<string>();
        for (const a of rows) {
          const request = parseAssessment(book, a.answers);
          if (!request.ok) throw new Error(JSON.stringify(request.error));
          expect(request.value.facts, 'assessed from member and dwelling facts').toBeDefined();
          const result = assess(book, request.value);
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          expect(a.class).toBe(result.value.verdict.class);
          expect(a.deficits).toEqual(result.value.verdict.deficits);
          expect(a.deficitCount).toBe(result.value.verdict.deficitCount);
          expect(a.explanation).toEqual(result.value.explanation);
          expect(a.incomePerCapita).toBe(BigInt((a.answers as { incomePerCapita: number }).incomePerCapita));
          expect(a.surveyDate >= '2025-10-01' && a.surveyDate <= '2025-11-15').toBe(true);
          classes.add(a.class);
        }
        expect([...classes].sort()).toEqual(['middle', 'near_poor', 'not_poor', 'poor']);
        // Wards of the former Thành phố Bắc Kạn are urban after the reform; the rest is rural.
        const areas = new Set(rows.map((a) => a.area));
        expect([...areas].sort()).toEqual(['rural', 'urban']);
      });

      it('has exactly one national ID on two current members, in two villages of Bằng Thành', async () => {
        const db = getDb();
        const dups = await db.query<{ nationalId: string; households: number; villages: string[] }>(
          `select m.national_id as "nationalId", count(distinct m.household_id)::int as households,
                  array_agg(distinct h.village_id::text) as villages
           from members m join households h on h.household_id = m.household_id
           group by m.national_id having count(*) > 1`,
        );
        expect(dups).toHaveLength(1);
        expect(dups[0]!.nationalId).toMatch(/^006\d{9}$/);
        expect(dups[0]!.households).toBe(2);
        expect(dups[0]!.villages).toHaveLength(2);
        const ofBangThanh = (await listVillages(db, '01864', '2026-01-01')).map((v) => v.id);
        for (const v of dups[0]!.villages) expect(ofBangThanh).toContain(v);
        // Every member has a national ID of Bắc Kạn's prefix and the people are plausible.
        expect(
          await count(db, `select count(*)::int as n from members where national_id !~ '^006[0-3][0-9]{8}$'`),
        ).toBe(0);
        expect(
          await count(
            db,
            `select count(*)::int as n from households where is_ethnic_minority <> (ethnicity <> 'Kinh')`,
          ),
        ).toBe(0);
        expect(
          await count(db, `select count(*)::int as n from households where person_of_merit`),
        ).toBeGreaterThan(0);
      });

      it('lists the villages of the four former communes under Xã Bằng Thành (01864) in 2026', async () => {
        const db = getDb();
        const now = await listVillages(db, '01864', '2026-01-01');
        const formerCodes = new Set(now.map((v) => v.communeCode));
        expect([...formerCodes].sort()).toEqual(['01858', '01861', '01864', '01870']);
        expect(now.every((v) => v.communeValidFrom < '2025-07-01')).toBe(true);
        expect(now.every((v) => v.kind === 'thon' || v.kind === 'ban')).toBe(true);
        // Before the reform the same code was Xã Bộc Bố, with only its own villages.
        const bocBo = await listVillages(db, '01864', '2025-06-30');
        expect(bocBo.length).toBeGreaterThanOrEqual(3);
        expect(bocBo.every((v) => v.communeCode === '01864')).toBe(true);
        // Phường Bắc Kạn took in three wards (tổ dân phố, named apart) and Xã Nông Thượng (thôn, bản).
        const ward = await listVillages(db, '01843', '2026-01-01');
        const wardKinds = new Map(ward.map((v) => [v.communeCode, v.kind === 'to_dan_pho']));
        expect(Object.fromEntries(wardKinds)).toEqual({
          '01837': true,
          '01843': true,
          '01852': false,
          '01855': true,
        });
        const streets = ward.filter((v) => v.kind === 'to_dan_pho').map((v) => v.name);
        expect(new Set(streets).size).toBe(streets.length);
        expect(streets).toContain('Tổ 1 Sông Cầu');
      });

      it('creates one user per role whose password verifies, with their scopes', async () => {
        const db = getDb();
        expect(DEMO_USERS.map((u) => u.username)).toEqual([
          'admin',
          'tinh',
          'xa',
          'xa2',
          'thon',
          'xem',
          'kiemtoan',
        ]);
        for (const u of DEMO_USERS) {
          const found = await findForLogin(db, u.username);
          expect(found, u.username).toMatchObject({ username: u.username, role: u.role, active: true });
          expect(found!.passwordHash).toMatch(/^\$argon2id\$/);
          expect(await verify(found!.passwordHash, DEMO_PASSWORD)).toBe(true);
          expect(await verify(found!.passwordHash, 'wrong')).toBe(false);
        }
        const scopes = async (username: string) => scopesOf(db, (await findForLogin(db, username))!.userId);
        expect(await scopes('xa')).toEqual([
          { access: 'write', unitCode: '01864', unitValidFrom: '2025-07-01', villageId: null },
        ]);
        expect(await scopes('xa2')).toEqual([
          { access: 'write', unitCode: '01906', unitValidFrom: '2025-07-01', villageId: null },
        ]);
        expect(await scopes('kiemtoan')).toEqual([
          { access: 'read', unitCode: '19', unitValidFrom: '2025-07-01', villageId: null },
        ]);
        const [thon] = await scopes('thon');
        const ofBangThanh = (await listVillages(db, '01864', '2026-01-01')).map((v) => v.id);
        expect(thon).toMatchObject({ access: 'write', unitCode: null });
        expect(ofBangThanh).toContain(thon!.villageId);
      });
    });
  },
  { cleanup: false },
);
