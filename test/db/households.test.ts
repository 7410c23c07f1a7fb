// Households and members; assessments superseded, never overwritten.
import { expect, it } from 'vitest';
import {
  assessmentHistory,
  createHousehold,
  currentAssessments,
  getHousehold,
  recordAssessment,
} from '../../src/db/queries/households.ts';
import type { AssessmentInput } from '../../src/db/queries/households.ts';
import { createReviewRound } from '../../src/db/queries/rounds.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, units } from '../support/units-fixture.ts';

forEachDatabase((getDb) => {
  const setup = async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    const village = await createVillage(getDb(), {
      communeCode: '01864',
      date: '2025-08-01',
      name: 'Thôn Nà Lẹng',
      kind: 'thon',
    });
    const household = await createHousehold(getDb(), {
      villageId: village.id,
      headName: 'Hoàng Văn A',
      ethnicity: 'Tày',
      isEthnicMinority: true,
      since: '2025-08-01',
      members: [
        {
          fullName: 'Hoàng Văn A',
          dateOfBirth: '1980-03-04',
          sex: 'male',
          relationToHead: 'head',
          healthInsurance: true,
        },
        {
          fullName: 'Nông Thị B',
          dateOfBirth: '1985-10-11',
          sex: 'female',
          relationToHead: 'spouse',
          facts: { disability: false },
        },
        {
          fullName: 'Hoàng Văn C',
          dateOfBirth: '2015-01-20',
          sex: 'male',
          relationToHead: 'child',
          memberNo: 5,
        },
      ],
    });
    const round = await createReviewRound(getDb(), {
      communeCode: '01864',
      date: '2025-10-01',
      kind: 'periodic',
      year: 2025,
    });
    return { village, household, round };
  };

  const assessment = (
    householdId: string,
    reviewRoundId: string | null,
    overrides: Partial<AssessmentInput> = {},
  ) =>
    ({
      householdId,
      reviewRoundId,
      standardId: 'ND07_2021',
      surveyDate: '2025-10-15',
      area: 'rural',
      incomePerCapita: 1_200_000n,
      scoreA: null,
      answers: { income: { crops: 800_000 }, water: 'well' },
      deficits: ['health_insurance', 'housing_area'],
      class: 'poor',
      explanation: { rule: 'income <= 1,500,000 and deficits >= 3' },
      ...overrides,
    }) satisfies AssessmentInput;

  it('creates a household with its members and history', async () => {
    const { village, household } = await setup();
    expect(household).toMatchObject({
      villageId: village.id,
      headName: 'Hoàng Văn A',
      isEthnicMinority: true,
      version: 1,
    });
    expect(household.members.map((m) => m.memberNo)).toEqual([1, 2, 5]);
    const read = await getHousehold(getDb(), household.householdId);
    expect(read).toEqual(household);
    expect(read!.members[1]).toMatchObject({
      dateOfBirth: '1985-10-11',
      facts: { disability: false },
      healthInsurance: null,
    });
    expect(read!.createdAt).toBeInstanceOf(Date);
    const history = await getDb().query(
      'select change_no, from_village_id, to_village_id, effective from household_history where household_id = $1',
      [household.householdId],
    );
    expect(history).toEqual([
      { change_no: 1, from_village_id: null, to_village_id: village.id, effective: '2025-08-01' },
    ]);
  });

  it('supersedes the previous assessment of the same household × round × standard and keeps it', async () => {
    const { household, round } = await setup();
    const id = household.householdId;
    const first = await recordAssessment(getDb(), assessment(id, round.id));
    expect(first).toMatchObject({
      deficitCount: 2,
      incomePerCapita: 1_200_000n,
      supersededAt: null,
      supersededBy: null,
    });
    const second = await recordAssessment(
      getDb(),
      assessment(id, round.id, { incomePerCapita: 2_100_000n, deficits: [], class: 'not_poor' }),
    );
    // Other standard, and an assessment outside any round: separate triples, not superseding.
    const other = await recordAssessment(getDb(), assessment(id, round.id, { standardId: 'ND351_2025' }));
    const roundless = await recordAssessment(getDb(), assessment(id, null));

    const history = await assessmentHistory(getDb(), id, {
      reviewRoundId: round.id,
      standardId: 'ND07_2021',
    });
    expect(history.map((a) => a.assessmentId)).toEqual([first.assessmentId, second.assessmentId]);
    expect(history[0]).toMatchObject({
      class: 'poor',
      incomePerCapita: 1_200_000n,
      deficits: ['health_insurance', 'housing_area'],
      answers: { income: { crops: 800_000 }, water: 'well' },
      supersededBy: second.assessmentId,
      supersededAt: second.createdAt,
    });
    expect(history[1]).toMatchObject({ class: 'not_poor', supersededAt: null });

    const current = await currentAssessments(getDb(), { householdIds: [id] });
    expect(current.map((a) => a.assessmentId).sort()).toEqual(
      [second.assessmentId, other.assessmentId, roundless.assessmentId].sort(),
    );
    expect(await currentAssessments(getDb(), { reviewRoundId: null })).toEqual([roundless]);

    const third = await recordAssessment(getDb(), assessment(id, null, { class: 'near_poor' }));
    expect(
      (await assessmentHistory(getDb(), id, { reviewRoundId: null })).map((a) => [
        a.assessmentId,
        a.supersededBy,
      ]),
    ).toEqual([
      [roundless.assessmentId, third.assessmentId],
      [third.assessmentId, null],
    ]);
    expect(await assessmentHistory(getDb(), id)).toHaveLength(5);
  });

  it('keeps money exact beyond 2^53 đồng', async () => {
    const { household } = await setup();
    const big = 9_007_199_254_740_993n;
    await recordAssessment(getDb(), assessment(household.householdId, null, { incomePerCapita: big }));
    const [row] = await currentAssessments(getDb(), { householdIds: [household.householdId] });
    expect(row!.incomePerCapita).toBe(big);
  });

  it('never has two current assessments for one triple, even under concurrent writes', async () => {
    const { household, round } = await setup();
    const id = household.householdId;
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => recordAssessment(getDb(), assessment(id, round.id, { scoreA: i }))),
    );
    const history = await assessmentHistory(getDb(), id);
    expect(history).toHaveLength(6);
    expect(history.filter((a) => a.supersededAt === null)).toHaveLength(1);
    // Each superseded one points at the next: one unbroken chain.
    const next = new Map(history.map((a) => [a.assessmentId, a.supersededBy]));
    // The chain starts at the one nothing supersedes into (created_at is the transaction's start, so
    // concurrent writers can start in one order and take the household's lock in another).
    const targets = new Set(history.map((a) => a.supersededBy).filter(Boolean));
    let cursor: string | null | undefined = history.find((a) => !targets.has(a.assessmentId))!.assessmentId;
    let length = 0;
    while (cursor) {
      length++;
      cursor = next.get(cursor);
    }
    expect(length).toBe(6);
    // The database itself refuses a second current row.
    await expect(
      getDb().query(
        `insert into assessments (household_id, review_round_id, standard_id, survey_date, area, deficit_count, class)
         values ($1, $2, 'ND07_2021', '2025-10-15', 'rural', 0, 'not_poor')`,
        [id, round.id],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'assessments_current_key' });
  });

  it('refuses an assessment of an unknown household', async () => {
    await expect(
      recordAssessment(getDb(), assessment('00000000-0000-0000-0000-000000000000', null)),
    ).rejects.toMatchObject({ rule: 'household_not_found' });
  });
});
