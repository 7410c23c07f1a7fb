// Villages follow their commune through mergers: whole merges automatically, splits by decision.
import { expect, it } from 'vitest';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import {
  assignVillage,
  assignWholeMoves,
  createVillage,
  listVillages,
  retireVillage,
  unassignedVillages,
  villageAssignments,
  villagePlacement,
} from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, FUTURE, LAST_OLD_DAY, OLD, REFORM, units } from '../support/units-fixture.ts';

forEachDatabase((getDb) => {
  const setup = async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
  };
  const names = async (code: string, date: string) =>
    (await listVillages(getDb(), code, date)).map((v) => v.name);

  it('creates a village under the commune version valid at the date', async () => {
    await setup();
    const old = await createVillage(getDb(), {
      communeCode: '01864',
      date: '2024-05-01',
      name: ' Thôn Nà Lẹng ',
      kind: 'thon',
    });
    expect(old).toMatchObject({
      communeCode: '01864',
      communeValidFrom: OLD,
      name: 'Thôn Nà Lẹng',
      kind: 'thon',
      retiredAt: null,
    });
    expect(old.createdAt).toBeInstanceOf(Date);
    const recent = await createVillage(getDb(), {
      communeCode: '01864',
      date: '2025-08-01',
      name: 'Bản Mới',
      kind: 'ban',
    });
    expect(recent.communeValidFrom).toBe(REFORM);
    await expect(
      createVillage(getDb(), { communeCode: '066', date: '2024-01-01', name: 'x', kind: 'thon' }),
    ).rejects.toMatchObject({
      rule: 'commune_not_found',
    });
    await expect(
      createVillage(getDb(), { communeCode: '01867', date: '2026-01-01', name: 'x', kind: 'thon' }),
    ).rejects.toMatchObject({
      rule: 'commune_not_found',
    });
  });

  it('moves a village whole with its commune, through later mergers too', async () => {
    await setup();
    const bocBo = await createVillage(getDb(), {
      communeCode: '01864',
      date: '2024-05-01',
      name: 'Thôn Bộc Bố',
      kind: 'thon',
    });
    const giaoHieu = await createVillage(getDb(), {
      communeCode: '01870',
      date: '2024-05-01',
      name: 'Thôn Giáo Hiệu',
      kind: 'thon',
    });

    expect(await villagePlacement(getDb(), bocBo.id, '2025-06-30')).toEqual({
      status: 'assigned',
      commune: { code: '01864', validFrom: OLD },
      since: OLD,
      method: 'created',
    });
    expect(await villagePlacement(getDb(), bocBo.id, REFORM)).toEqual({
      status: 'assigned',
      commune: { code: '01864', validFrom: REFORM },
      since: REFORM,
      method: 'whole',
    });
    expect(await villagePlacement(getDb(), giaoHieu.id, '2026-01-01')).toMatchObject({
      commune: { code: '01873' },
    });
    expect(await villagePlacement(getDb(), giaoHieu.id, FUTURE)).toMatchObject({
      commune: { code: '01880' },
      method: 'whole',
    });
    expect(
      (await villageAssignments(getDb(), giaoHieu.id)).map((a) => [a.communeCode, a.effective, a.method]),
    ).toEqual([
      ['01873', REFORM, 'whole'],
      ['01880', FUTURE, 'whole'],
    ]);

    expect(await names('01864', '2024-12-31')).toEqual(['Thôn Bộc Bố']);
    expect(await names('01864', '2025-12-31')).toEqual(['Thôn Bộc Bố']);
    expect(await names('01873', '2025-12-31')).toEqual(['Thôn Giáo Hiệu']);
    expect(await names('01870', '2025-12-31')).toEqual([]);
    // Idempotent.
    expect(await assignWholeMoves(getDb())).toBe(0);
  });

  it('leaves villages of a split commune unassigned until someone decides', async () => {
    await setup();
    const a = await createVillage(getDb(), {
      communeCode: '01867',
      date: '2020-01-01',
      name: 'Bản Khuổi Bốc',
      kind: 'ban',
    });
    const b = await createVillage(getDb(), {
      communeCode: '01867',
      date: '2020-01-01',
      name: 'Bản Nà Mu',
      kind: 'ban',
    });

    const before = await villagePlacement(getDb(), a.id, REFORM);
    expect(before).toMatchObject({
      status: 'unassigned',
      formerCommune: { code: '01867', validFrom: OLD },
      lastDay: LAST_OLD_DAY,
    });
    expect(before.status === 'unassigned' && before.candidates.map((c) => [c.code, c.kind])).toEqual([
      ['01864', 'part'],
      ['01873', 'part'],
    ]);
    expect(await villagePlacement(getDb(), a.id, '2025-06-30')).toMatchObject({
      status: 'assigned',
      commune: { code: '01867' },
    });

    const waiting = await unassignedVillages(getDb());
    expect(waiting.map((w) => w.village.name)).toEqual(['Bản Khuổi Bốc', 'Bản Nà Mu']);
    expect((await unassignedVillages(getDb(), { candidateCode: '01873' })).length).toBe(2);
    expect(await unassignedVillages(getDb(), { candidateCode: '05443' })).toEqual([]);
    expect(
      (await unassignedVillages(getDb(), { formerCommune: { code: '01867', validFrom: OLD } })).length,
    ).toBe(2);
    expect(await names('01864', '2025-12-31')).toEqual([]);

    await expect(
      assignVillage(getDb(), { villageId: a.id, communeCode: '05443', decidedBy: 'tester' }),
    ).rejects.toMatchObject({
      rule: 'not_a_successor',
    });
    const assignment = await assignVillage(getDb(), {
      villageId: a.id,
      communeCode: '01864',
      decidedBy: 'UBND xã Bằng Thành',
      note: 'Quyết định số 12/QĐ-UBND',
    });
    expect(assignment).toMatchObject({
      villageId: a.id,
      communeCode: '01864',
      communeValidFrom: REFORM,
      effective: REFORM,
      method: 'explicit',
      decidedBy: 'UBND xã Bằng Thành',
    });
    await assignVillage(getDb(), { villageId: b.id, communeCode: '01873', decidedBy: 'tester' });

    expect(await villagePlacement(getDb(), a.id, '2026-01-01')).toMatchObject({
      status: 'assigned',
      method: 'explicit',
      since: REFORM,
    });
    expect(await names('01864', '2025-12-31')).toEqual(['Bản Khuổi Bốc']);
    expect(await names('01867', '2025-01-01')).toEqual(['Bản Khuổi Bốc', 'Bản Nà Mu']);
    expect(await unassignedVillages(getDb())).toEqual([]);
    // Assigned to Nghiên Loan, the village then follows it whole into the 2030 merger.
    expect(await villagePlacement(getDb(), b.id, FUTURE)).toMatchObject({
      commune: { code: '01880' },
      method: 'whole',
    });

    await expect(
      assignVillage(getDb(), { villageId: a.id, communeCode: '01873', decidedBy: 'x' }),
    ).rejects.toMatchObject({
      rule: 'commune_not_ended',
    });
  });

  it('refuses explicit assignment where the move is automatic or impossible', async () => {
    await setup();
    const kept = await createVillage(getDb(), {
      communeCode: '05443',
      date: '2025-08-01',
      name: 'Tổ 1',
      kind: 'to_dan_pho',
    });
    await expect(
      assignVillage(getDb(), { villageId: kept.id, communeCode: '05443', decidedBy: 'x' }),
    ).rejects.toMatchObject({
      rule: 'commune_not_ended',
    });
    await expect(
      assignVillage(getDb(), {
        villageId: '00000000-0000-0000-0000-000000000000',
        communeCode: '05443',
        decidedBy: 'x',
      }),
    ).rejects.toMatchObject({ rule: 'village_not_found' });
  });

  it('retires a village into another', async () => {
    await setup();
    const a = await createVillage(getDb(), {
      communeCode: '05443',
      date: '2025-08-01',
      name: 'Tổ 1',
      kind: 'to_dan_pho',
    });
    const b = await createVillage(getDb(), {
      communeCode: '05443',
      date: '2025-08-01',
      name: 'Tổ 2',
      kind: 'to_dan_pho',
    });
    await retireVillage(getDb(), {
      villageId: a.id,
      date: '2026-01-01',
      successorVillageId: b.id,
      note: 'sáp nhập',
    });
    expect(await names('05443', '2025-12-31')).toEqual(['Tổ 1', 'Tổ 2']);
    expect(await names('05443', '2026-01-01')).toEqual(['Tổ 2']);
    expect(await villagePlacement(getDb(), a.id, '2026-02-01')).toEqual({
      status: 'retired',
      retiredAt: '2026-01-01',
      successorVillageId: b.id,
    });
  });
});
