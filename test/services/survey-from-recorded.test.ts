// "Use the recorded forms" (Dùng Phiếu B đã ghi) for an enumerator of several villages (issue #13, part 1):
// it applies the forms of the villages the enumerator writes and leaves alone those it only reads — before,
// a village it could read but not write made the whole step fail — and a village named outside its scope is
// refused (404 unseen, 403 only readable) instead of answering "nothing to apply".
import { beforeEach, expect, it } from 'vitest';
import { users, type Database } from '../../src/db/index.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername, type Actor } from '../../src/services/actor.ts';
import { recordAssessment } from '../../src/services/assessments.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import {
  getRound,
  openReviewRound,
  recordRoundEvents,
  surveyFromRecorded,
} from '../../src/services/rounds.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { buildWorld, PASSWORD, TODAY, type World } from '../support/server.ts';

const procedure = loadProcedure();
const ctx = { procedure, today: TODAY, book };

forEachDatabase((getDb) => {
  let db: Database;
  let world: World;
  let roundId = '';

  /** An enumerator writing `write` and reading `read` (villages). */
  async function enumerator(username: string, write: string[], read: string[]): Promise<Actor> {
    await users.createUser(db, {
      username,
      displayName: username,
      passwordHash: await hashPassword(PASSWORD),
      role: 'village_enumerator',
      scopes: [
        ...write.map((villageId) => ({ access: 'write' as const, villageId })),
        ...read.map((villageId) => ({ access: 'read' as const, villageId })),
      ],
    });
    return (await actorByUsername(db, username))!;
  }

  beforeEach(async () => {
    db = getDb();
    world = await buildWorld(db);
    const xa = (await actorByUsername(db, 'xa'))!;
    const opening = await importOpeningList(
      db,
      xa,
      {
        communeCode: world.communeA,
        decisionNumber: '140/QĐ-UBND',
        decisionDate: '2025-12-20',
        rows: [
          { row: 2, householdId: world.h1, class: 'poor' },
          { row: 3, householdId: world.h2, class: 'poor' },
        ],
      },
      { procedure, today: TODAY },
    );
    expect(opening.ok).toBe(true);
    const opened = await openReviewRound(
      db,
      xa,
      { communeCode: world.communeA, kind: 'periodic', year: 2026 },
      ctx,
    );
    roundId = opened.id;
    await recordRoundEvents(
      db,
      xa,
      { roundId, expectedCount: opened.eventCount, events: [{ type: 'close_listing', date: TODAY }] },
      ctx,
    );
    // Both households of the commune (villages A1 and A2) have their Phiếu B of the round's year.
    for (const householdId of [world.h1, world.h2])
      await recordAssessment(
        db,
        xa,
        {
          householdId,
          answers: {
            standard: 'ND07_2021',
            incomePerCapita: 1_000_000,
            deficits: ['water', 'sanitation', 'housing_area'],
            surveyDate: '2026-11-20',
          } as never,
        },
        { book, today: TODAY },
      );
  });

  const stages = async (who: Actor) =>
    Object.fromEntries(
      (await getRound(db, who, roundId, ctx)).households.map((h) => [h.householdId, h.stage]),
    );
  const eventCount = async () =>
    (await getRound(db, (await actorByUsername(db, 'xa'))!, roundId, ctx)).eventCount;

  it('applies the forms of the villages it writes, not of those it only reads', async () => {
    const reader = await enumerator('thon-doc', [world.villageA1], [world.villageA2]);
    // It sees both villages' households…
    expect(Object.keys(await stages(reader)).sort()).toEqual([world.h1, world.h2].sort());
    const used = await surveyFromRecorded(
      db,
      reader,
      { roundId, expectedCount: await eventCount(), date: TODAY },
      ctx,
    );
    // …and applies the form of its own village only.
    expect(used.applied).toBe(1);
    expect(await stages(reader)).toEqual({ [world.h1]: 'surveyed', [world.h2]: 'listed' });
  });

  it('applies the forms of every village of a multi-village enumerator in one step', async () => {
    const both = await enumerator('thon-hai', [world.villageA1, world.villageA2], []);
    const used = await surveyFromRecorded(
      db,
      both,
      { roundId, expectedCount: await eventCount(), date: TODAY },
      ctx,
    );
    expect(used.applied).toBe(2);
    expect(await stages(both)).toEqual({ [world.h1]: 'surveyed', [world.h2]: 'surveyed' });
  });

  it('refuses a village named outside its scope: 403 when only read, 404 when unseen', async () => {
    const reader = await enumerator('thon-doc', [world.villageA1], [world.villageA2]);
    const only = await enumerator('thon-mot', [world.villageA1], []);
    const call = async (who: Actor, villageId: string) =>
      surveyFromRecorded(
        db,
        who,
        { roundId, expectedCount: await eventCount(), date: TODAY, villageId },
        ctx,
      );
    await expect(call(reader, world.villageA2)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(call(only, world.villageA2)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(call(only, world.villageB1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Nothing was applied; their own village still works.
    expect((await stages((await actorByUsername(db, 'xa'))!))[world.h2]).toBe('listed');
    expect((await call(only, world.villageA1)).applied).toBe(1);
  });
});
