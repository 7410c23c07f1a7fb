// ODK Collect / KoBoCollect round trip (issue #13, part 5) on both engines: the XLSForms of Phiếu A and B
// exported and read back with exceljs, submission files written by hand in ODK Central's CSV export format
// (and KoBo's xlsx) from the names of the exported forms, imported into a monthly round — the applicants
// screened by Phiếu A, then surveyed and classified by Phiếu B — with the classes, the audit and the
// refusals checked: a bad file writes nothing and names its rows and columns, a village enumerator cannot
// import another village's households, a duplicate submission is an error, the same file twice adds nothing.
import ExcelJS from 'exceljs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername, type Actor } from '../../src/services/actor.ts';
import { exportXlsForm, importOdkSubmissions } from '../../src/services/odk-forms.ts';
import { getRound, openReviewRound, recordRoundEvents, type RoundView } from '../../src/services/rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildWorld, type World } from '../support/server.ts';

const procedure = loadProcedure();
const TODAY = '2026-11-22';
const ctx = { book, procedure, today: TODAY };
const dir = mkdtempSync(join(tmpdir(), 'gn-odk-'));

/** The sheets of an exported workbook as arrays of row objects keyed by the header row. */
async function readWorkbook(content: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const out: Record<string, Record<string, string>[]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    const [head, ...body] = rows;
    out[ws.name] = body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
  });
  return out;
}

/**
 * The columns ODK Central's CSV export gives a form: the submission date, every question and calculation
 * by its group path joined with "-" (notes and groups themselves have no column), then its metadata.
 */
function centralColumns(survey: Record<string, string>[]): string[] {
  const groups: string[] = [];
  const cols = ['SubmissionDate'];
  for (const q of survey) {
    if (q.type === 'begin_group') groups.push(q.name!);
    else if (q.type === 'end_group') groups.pop();
    else if (q.type !== 'note') cols.push([...groups, q.name].join('-'));
  }
  return [
    ...cols,
    'meta-instanceID',
    'KEY',
    'SubmitterID',
    'SubmitterName',
    'AttachmentsPresent',
    'AttachmentsExpected',
    'Status',
    'ReviewState',
    'DeviceID',
    'Edits',
    'FormVersion',
  ];
}

/** A CSV file as Central writes it: every cell quoted when it needs to be, CRLF line ends. */
function centralCsv(name: string, columns: string[], rows: Record<string, string>[]): string {
  const field = (c: string) => columns.find((h) => h === c || h.endsWith(`-${c}`)) ?? c;
  const quote = (v: string) => (/[",\n]/u.test(v) ? `"${v.replace(/"/gu, '""')}"` : v);
  const lines = [columns.join(',')];
  for (const r of rows) {
    const byColumn = new Map(Object.entries(r).map(([k, v]) => [field(k), v]));
    lines.push(columns.map((c) => quote(byColumn.get(c) ?? '')).join(','));
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

/** One Central submission row: the instance id in meta-instanceID and KEY, the review state as given. */
const submission = (instance: string, answers: Record<string, string>, reviewState = '') => ({
  SubmissionDate: '2026-10-20T08:15:00.000Z',
  'meta-instanceID': `uuid:${instance}`,
  KEY: `uuid:${instance}`,
  SubmitterID: '5',
  SubmitterName: 'thon',
  AttachmentsPresent: '0',
  AttachmentsExpected: '0',
  Status: '',
  ReviewState: reviewState,
  DeviceID: 'collect:abc',
  Edits: '0',
  FormVersion: '1',
  ...answers,
});

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

forEachDatabase(
  (getDb) => {
    let db: Database;
    let world: World;
    let xa: Actor;
    let thon: Actor;
    let round: RoundView;
    let formA: Record<string, Record<string, string>[]>;
    let formB: Record<string, Record<string, string>[]>;

    const auditCount = async (action: string) =>
      Number(
        (
          await db.query<{ n: string }>(`select count(*)::text as n from audit_log where action = $1`, [
            action,
          ])
        )[0]!.n,
      );
    const assessmentsOf = async (householdId: string) =>
      db.query<{ class: string }>(`select class from assessments where household_id = $1`, [householdId]);

    beforeAll(async () => {
      db = getDb();
      world = await buildWorld(db);
      xa = (await actorByUsername(db, 'xa'))!;
      thon = (await actorByUsername(db, 'thon'))!;
      // A monthly round of two applicants, one in each village of the commune.
      round = await openReviewRound(
        db,
        xa,
        {
          communeCode: world.communeA,
          kind: 'regular',
          year: 2026,
          month: 10,
          applications: [
            { householdId: world.h1, applicationDate: '2026-10-10' },
            { householdId: world.h2, applicationDate: '2026-10-12' },
          ],
        },
        { procedure, today: '2026-10-15' },
      );
      round = await recordRoundEvents(
        db,
        xa,
        {
          roundId: round.id,
          expectedCount: round.eventCount,
          events: [{ type: 'close_listing', date: '2026-10-16' }],
        },
        { procedure, today: '2026-10-16', book },
      );
    }, 180_000);

    describe('exporting the forms', () => {
      it('writes Phiếu B of a standard as an XLSForm: survey, choices and settings, indicators by dimension', async () => {
        const b = await exportXlsForm(xa, { standard: 'ND07_2021', form: 'B' }, ctx);
        expect(b.filename).toBe('giamngheo_phieu_b_nd07_2021.xlsx');
        formB = await readWorkbook(b.content);
        expect(Object.keys(formB)).toEqual(['survey', 'choices', 'settings']);
        const survey = formB.survey!;
        const standard = book.standards.get('ND07_2021')!;
        // One yes/no question per indicator, labelled with its names, inside its dimension's group.
        for (const i of standard.indicators) {
          const q = survey.find((r) => r.name === i.code)!;
          expect(q).toMatchObject({ type: 'select_one yes_no', required: 'yes' });
          expect(q['label::Vietnamese (vi)']).toContain(i.name.vi);
          expect(q['label::English (en)']).toContain(i.name.en);
          const at = survey.indexOf(q);
          const group = survey
            .slice(0, at)
            .reverse()
            .find((r) => r.type === 'begin_group')!;
          expect(group.name).toBe(`grp_${i.dimension.code}`);
          expect(group['label::Vietnamese (vi)']).toContain(i.dimension.vi);
        }
        expect(survey.filter((r) => r.type === 'begin_group').length).toBe(
          survey.filter((r) => r.type === 'end_group').length,
        );
        // ND07 has score-A cut-offs: the measure is chosen, income or score A, each shown only when chosen.
        expect(survey.find((r) => r.name === 'measure')!.type).toBe('select_one measure');
        expect(survey.find((r) => r.name === 'score_a')!.relevant).toBe("${measure} = 'score_a'");
        expect(survey.find((r) => r.name === 'score_a')!['hint::Vietnamese (vi)']).toContain('140');
        expect(survey.find((r) => r.name === 'deficit_count')!.calculation).toContain(
          "if(${water} = 'yes', 1, 0)",
        );
        expect(survey.find((r) => r.name === 'intro')!['label::Vietnamese (vi)']).toContain('TT 07/2021');
        expect(formB.choices!.map((c) => `${c.list_name}:${c.name}`)).toEqual([
          'yes_no:yes',
          'yes_no:no',
          'measure:score_a',
          'measure:income',
        ]);
        expect(formB.settings![0]).toMatchObject({
          form_id: 'giamngheo_phieu_b_nd07_2021',
          default_language: 'Vietnamese (vi)',
        });
        expect(formB.settings![0]!.version).toMatch(/^[0-9a-f]{8}$/u);
      });

      it('writes Phiếu A (the applicant’s quick screen) citing the review procedure; an unknown standard is refused', async () => {
        const a = await exportXlsForm(thon, { standard: 'ND07_2021', form: 'A' }, ctx);
        formA = await readWorkbook(a.content);
        expect(formA.survey!.find((r) => r.name === 'passed')).toMatchObject({ type: 'select_one yes_no' });
        expect(formA.survey!.some((r) => r.name === 'water')).toBe(false);
        expect(formA.survey!.find((r) => r.name === 'intro')!['label::Vietnamese (vi)']).toContain(
          'Quyết định 24/2021/QĐ-TTg',
        );
        await expect(exportXlsForm(xa, { standard: 'XX_1999', form: 'B' }, ctx)).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
      });
    });

    describe('importing submissions into the round', () => {
      it('a village enumerator cannot import another village’s household; nothing is written', async () => {
        const path = centralCsv('a-thon.csv', centralColumns(formA.survey!), [
          submission(uuid(1), {
            household_id: world.h1,
            commune_code: world.communeA,
            survey_date: '2026-10-18',
            passed: 'yes',
          }),
          submission(uuid(2), {
            household_id: world.h2,
            commune_code: world.communeA,
            survey_date: '2026-10-18',
            passed: 'yes',
          }),
        ]);
        const r = await importOdkSubmissions(db, thon, { roundId: round.id, path, filename: 'a.csv' }, ctx);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.errors.map((e) => [e.row, e.column])).toEqual([[3, 'grp_household-household_id']]);
        expect(!r.ok && r.errors[0]!.message.en).toMatch(/not on the round/u);
        const view = await getRound(db, xa, round.id, { procedure, today: TODAY });
        expect(view.households.every((h) => h.screening === null)).toBe(true);
        expect(await auditCount('odk.import')).toBe(0);
      });

      it('imports Phiếu A: both applicants go on to Phiếu B; a rejected submission is skipped', async () => {
        const path = centralCsv('a.csv', centralColumns(formA.survey!), [
          submission(uuid(1), {
            household_id: world.h1,
            commune_code: world.communeA,
            village_name: 'Thôn Nà Phầy',
            survey_date: '2026-10-18',
            passed: 'yes',
          }),
          submission(uuid(2), {
            household_id: world.h2,
            commune_code: world.communeA,
            survey_date: '2026-10-18',
            passed: 'yes',
          }),
          submission(
            uuid(3),
            { household_id: world.h2, commune_code: world.communeA, survey_date: '2026-10-18', passed: 'no' },
            'rejected',
          ),
        ]);
        const r = await importOdkSubmissions(db, xa, { roundId: round.id, path, filename: 'a.csv' }, ctx);
        expect(r).toMatchObject({
          ok: true,
          form: 'A',
          imported: 2,
          skipped: 1,
          screened: { passed: 2, excluded: 0 },
        });
        const view = await getRound(db, xa, round.id, { procedure, today: TODAY });
        expect(view.households.map((h) => h.screening)).toEqual([
          { date: '2026-10-18', passed: true },
          { date: '2026-10-18', passed: true },
        ]);
        expect(await auditCount('round.screen')).toBe(2);
        expect(await auditCount('odk.import')).toBe(1);
      });

      it('a bad Phiếu B file writes nothing and names each bad row and column, in both languages', async () => {
        const columns = centralColumns(formB.survey!);
        const answers = (over: Record<string, string>) => ({
          household_id: world.h1,
          commune_code: world.communeA,
          survey_date: '2026-10-20',
          measure: 'income',
          income_per_capita: '1200000',
          ...Object.fromEntries(book.standards.get('ND07_2021')!.indicators.map((i) => [i.code, 'no'])),
          ...over,
        });
        const path = centralCsv('b-bad.csv', columns, [
          submission(uuid(10), answers({ water: 'maybe' })),
          submission(uuid(11), answers({ household_id: world.h2, survey_date: '20/13/2026' })),
          submission(uuid(10), answers({ household_id: world.h2 })),
          submission(uuid(12), answers({ household_id: world.h3, commune_code: world.communeA })),
          submission(uuid(13), answers({ household_id: world.h2, income_per_capita: 'nhiều' })),
        ]);
        const r = await importOdkSubmissions(db, xa, { roundId: round.id, path, filename: 'b.csv' }, ctx);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.form).toBe('B');
        expect(r.errors.map((e) => [e.row, e.column])).toEqual([
          [2, 'grp_water_sanitation-water'],
          [3, 'grp_household-survey_date'],
          [4, 'meta-instanceID'],
          [6, 'grp_b1-income_per_capita'],
        ]);
        expect(r.errors[0]!.message).toEqual({
          vi: '"maybe" không phải Có/Không (yes/no)',
          en: '"maybe" is not an answer yes/no',
        });
        expect(r.errors[2]!.message.vi).toContain('đã có ở dòng 2');
        expect(await assessmentsOf(world.h1)).toEqual([]);

        // Once the cells read, the round is checked: a household of another commune is not in it.
        const other = centralCsv('b-other.csv', columns, [
          submission(uuid(12), answers({ household_id: world.h3 })),
          submission(uuid(14), answers({ household_id: world.h2, commune_code: world.communeB })),
        ]);
        const r2 = await importOdkSubmissions(
          db,
          xa,
          { roundId: round.id, path: other, filename: 'b.csv' },
          ctx,
        );
        expect(!r2.ok && r2.errors.map((e) => [e.row, e.column])).toEqual([
          [2, 'grp_household-household_id'],
          [3, 'grp_household-commune_code'],
        ]);
        expect(await assessmentsOf(world.h1)).toEqual([]);
        const view = await getRound(db, xa, round.id, { procedure, today: TODAY });
        expect(view.households.map((h) => h.stage)).toEqual(['listed', 'listed']);
      });

      it('imports Phiếu B: each household surveyed and classified by the rule book; the same file again adds nothing', async () => {
        const columns = centralColumns(formB.survey!);
        const none = Object.fromEntries(
          book.standards.get('ND07_2021')!.indicators.map((i) => [i.code, 'no']),
        );
        const path = centralCsv('b.csv', columns, [
          // Income at or below the rural line with four deficits: poor (NĐ 07/2021, Điều 3).
          submission(uuid(20), {
            household_id: world.h1,
            commune_code: world.communeA,
            survey_date: '2026-10-20',
            measure: 'income',
            income_per_capita: '1200000',
            ...none,
            water: 'yes',
            sanitation: 'yes',
            housing_area: 'yes',
            health_insurance: 'yes',
            deficit_count: '4',
          }),
          // Score A at or below the rural cut-off with one deficit: near-poor.
          submission(uuid(21), {
            household_id: world.h2,
            commune_code: world.communeA,
            survey_date: '2026-10-21',
            measure: 'score_a',
            score_a: '130',
            ...none,
            telecom: 'yes',
            deficit_count: '1',
          }),
        ]);
        const r = await importOdkSubmissions(db, xa, { roundId: round.id, path, filename: 'b.csv' }, ctx);
        expect(r).toMatchObject({
          ok: true,
          form: 'B',
          standard: 'ND07_2021',
          imported: 2,
          alreadyImported: 0,
          classes: { poor: 1, near_poor: 1, middle: 0, not_poor: 0 },
        });
        const view = await getRound(db, xa, round.id, { procedure, today: TODAY });
        const byId = Object.fromEntries(view.households.map((h) => [h.householdId, h]));
        expect(byId[world.h1]).toMatchObject({ stage: 'surveyed', provisionalClass: 'poor' });
        expect(byId[world.h2]).toMatchObject({ stage: 'surveyed', provisionalClass: 'near_poor' });
        const [a1] = await db.query<{ deficits: string[]; income: string; round: string }>(
          `select deficits, income_per_capita::text as income, review_round_id as round from assessments where household_id = $1`,
          [world.h1],
        );
        expect(a1).toEqual({
          deficits: ['health_insurance', 'housing_area', 'water', 'sanitation'],
          income: '1200000',
          round: round.id,
        });
        expect(await auditCount('round.survey')).toBe(2);
        expect(await auditCount('odk.import')).toBe(2);

        const again = await importOdkSubmissions(db, xa, { roundId: round.id, path, filename: 'b.csv' }, ctx);
        expect(again).toMatchObject({ ok: true, imported: 0, alreadyImported: 2 });
        expect(await assessmentsOf(world.h1)).toHaveLength(1);
      });

      it('reads KoBo’s xlsx export ("/" group paths, _uuid): a re-survey of the enumerator’s own village', async () => {
        const standard = book.standards.get('ND07_2021')!;
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('Phiếu B');
        const head = [
          'start',
          'end',
          'grp_household/household_id',
          'grp_household/commune_code',
          'grp_household/survey_date',
          'grp_b1/measure',
          'grp_b1/income_per_capita',
          'grp_b1/score_a',
          ...standard.indicators.map((i) => `grp_${i.dimension.code}/${i.code}`),
          '_id',
          '_uuid',
          '_submission_time',
          '_validation_status',
          '_index',
        ];
        ws.addRow(head);
        const row = (hh: string, id: string, income: number) => [
          '2026-10-25T08:00:00.000+07:00',
          '2026-10-25T08:20:00.000+07:00',
          hh,
          world.communeA,
          new Date('2026-10-25T00:00:00Z'),
          'income',
          income,
          null,
          ...standard.indicators.map(() => 'no'),
          7,
          id,
          '2026-10-25T01:30:00',
          '',
          1,
        ];
        ws.addRow(row(world.h1, uuid(30), 3_000_000));
        const path = join(dir, 'kobo.xlsx');
        await wb.xlsx.writeFile(path);
        const r = await importOdkSubmissions(
          db,
          thon,
          { roundId: round.id, path, filename: 'kobo.xlsx' },
          ctx,
        );
        expect(r).toMatchObject({ ok: true, imported: 1, classes: { not_poor: 1 } });
        const view = await getRound(db, thon, round.id, { procedure, today: TODAY });
        expect(view.households.map((h) => [h.householdId, h.provisionalClass])).toEqual([
          [world.h1, 'not_poor'],
        ]);

        // The enumerator's own village only: the other one is refused by row, in the sheet.
        ws.addRow(row(world.h2, uuid(31), 3_000_000));
        await wb.xlsx.writeFile(path);
        const r2 = await importOdkSubmissions(
          db,
          thon,
          { roundId: round.id, path, filename: 'kobo.xlsx' },
          ctx,
        );
        expect(!r2.ok && r2.errors.map((e) => [e.sheet, e.row, e.column])).toEqual([
          ['Phiếu B', 3, 'grp_household/household_id'],
        ]);
        const after = await getRound(db, xa, round.id, { procedure, today: TODAY });
        expect(after.households.find((h) => h.householdId === world.h2)!.provisionalClass).toBe('near_poor');
      });

      it('refuses a round out of sight (404) and a reader without the right to write (403)', async () => {
        const path = centralCsv('empty.csv', centralColumns(formA.survey!), []);
        const xa2 = (await actorByUsername(db, 'xa2'))!;
        const xem = (await actorByUsername(db, 'xem'))!;
        await expect(
          importOdkSubmissions(db, xa2, { roundId: round.id, path, filename: 'a.csv' }, ctx),
        ).rejects.toMatchObject({ code: 'NOT_FOUND' });
        await expect(
          importOdkSubmissions(db, xem, { roundId: round.id, path, filename: 'a.csv' }, ctx),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
        const r = await importOdkSubmissions(db, xa, { roundId: round.id, path, filename: 'a.csv' }, ctx);
        expect(!r.ok && r.errors[0]!.message.en).toBe('The file has no submissions');
      });
    });
  },
  { cleanup: false },
);
