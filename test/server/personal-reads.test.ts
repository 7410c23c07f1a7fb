// Issue #15 (Low, and part 9 "who viewed a household"): every read of personal data is audited — the
// household page, and also the duplicate national IDs list, a search by national ID, and a 409 answer that
// shows the current record — and the auditor of the household's area sees, for a household, who read its
// personal data (the audit filtered by household, within the auditor's area only). A national ID held in
// another area cannot be used to learn which household holds it: creating a household with it is refused
// with exactly the answer a duplicate in one's own area gets, naming nothing of the holder, and so is
// importing a row with it; the holder's area's auditor sees who tried, either way.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households, units, villages } from '../../src/db/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { smallFile } from '../support/import-files.ts';
import { buildWorld, signedInAs, testServer, TODAY, type Client, type World } from '../support/server.ts';

interface AuditRow {
  action: string;
  actorName: string;
  householdId: string | null;
  reason: string | null;
}

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    let thon: Client;
    let kiemtoan: Client;
    let farHousehold = '';
    let twin = '';

    beforeAll(async () => {
      const db = getDb();
      world = await buildWorld(db);
      // A household of Hà Nội, outside province 19's auditor's area.
      const commune = (await units.children(db, '01', TODAY))[0]!;
      const village = await villages.createVillage(db, {
        communeCode: commune.code,
        name: 'Thôn Ngoại Tỉnh',
        kind: 'thon',
        date: TODAY,
      });
      farHousehold = (
        await households.createHousehold(db, {
          villageId: village.id,
          headName: 'Đinh Thị Ngoại Tỉnh',
          since: '2026-01-01',
          members: [
            {
              fullName: 'Đinh Thị Ngoại Tỉnh',
              nationalId: '001190008888',
              dateOfBirth: '1970-01-01',
              sex: 'female',
              phone: '0987654321',
              facts: {},
            },
          ],
        })
      ).householdId;
      // A national ID held twice in commune A (written past the service's check, as an old import might have):
      // h2's head's, also on a member of a new household of village A1.
      twin = (
        await households.createHousehold(db, {
          villageId: world.villageA1,
          headName: 'Triệu Văn Sinh',
          since: '2026-01-01',
          members: [
            {
              fullName: 'Triệu Văn Sinh',
              nationalId: '006080009999',
              dateOfBirth: '1976-02-02',
              sex: 'male',
              phone: null,
              facts: {},
            },
          ],
        })
      ).householdId;
      app = await testServer(db);
      xa = await signedInAs(app, 'xa');
      thon = await signedInAs(app, 'thon');
      kiemtoan = await signedInAs(app, 'kiemtoan');
    }, 180_000);
    afterAll(async () => app?.close());

    /** The audit of a household as its area's auditor reads it. */
    const trail = async (householdId: string, who: Client = kiemtoan): Promise<AuditRow[]> => {
      const res = await who.get(`/api/audit?householdId=${householdId}&pageSize=100`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rows;
    };
    const readsBy = (rows: AuditRow[], action: string, username: string) =>
      rows.filter((r) => r.action === action && r.actorName.includes(`(${username})`));

    describe('who viewed a household', () => {
      it("shows the household's auditor each read of its personal data, by whom; another area's is 404", async () => {
        expect((await xa.get(`/api/households/${world.h1}`)).statusCode).toBe(200);
        // The viewer sees the page masked: not a read of personal data, not recorded as one.
        const xem = await signedInAs(app, 'xem');
        expect((await xem.get(`/api/households/${world.h1}`)).json().personalDataMasked).toBe(true);
        const rows = await trail(world.h1);
        expect(readsBy(rows, 'personal_data.read', 'xa')).toHaveLength(1);
        expect(readsBy(rows, 'personal_data.read', 'xem')).toHaveLength(0);
        // A household outside the auditor's area: not found, its trail neither.
        expect((await kiemtoan.get(`/api/audit?householdId=${farHousehold}`)).statusCode).toBe(404);
        const admin = await signedInAs(app, 'admin');
        expect((await admin.get(`/api/households/${farHousehold}`)).statusCode).toBe(200);
        expect(readsBy(await trail(farHousehold, admin), 'personal_data.read', 'admin')).toHaveLength(1);
      });
    });

    describe('reads of personal data that are audited', () => {
      it('a search by national ID: each household found, and nothing when none is', async () => {
        const found = await thon.get('/api/households?nationalId=006080001234');
        expect(found.statusCode).toBe(200);
        expect(found.json().rows.map((r: any) => r.householdId)).toEqual([world.h1]);
        expect(readsBy(await trail(world.h1), 'personal_data.search', 'thon')).toHaveLength(1);
        // Another village's household is not found by the enumerator, and no read is recorded on it.
        const other = await thon.get('/api/households?nationalId=006080009999');
        expect(other.json().rows.map((r: any) => r.householdId)).toEqual([twin]);
        expect(readsBy(await trail(world.h2), 'personal_data.search', 'thon')).toHaveLength(0);
        expect(readsBy(await trail(twin), 'personal_data.search', 'thon')).toHaveLength(1);
        // A search by name reads no personal data: not recorded.
        const before = (await trail(world.h1)).length;
        expect((await thon.get('/api/households?name=Hoàng')).json().rows.length).toBe(1);
        expect((await trail(world.h1)).length).toBe(before);
      });

      it('the duplicate national IDs list: each household listed', async () => {
        const res = await xa.get('/api/duplicates/national-ids');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual([
          expect.objectContaining({
            nationalId: '006080009999',
            holders: expect.arrayContaining([
              expect.objectContaining({ householdId: world.h2 }),
              expect.objectContaining({ householdId: twin }),
            ]),
          }),
        ]);
        for (const h of [world.h2, twin])
          expect(readsBy(await trail(h), 'personal_data.duplicates', 'xa')).toHaveLength(1);
        // Households not listed are not recorded.
        expect(readsBy(await trail(world.h1), 'personal_data.duplicates', 'xa')).toHaveLength(0);
      });

      it('a 409 that shows the current record: the change is refused, the read recorded', async () => {
        const start = (await xa.get(`/api/households/${world.h3}`)).statusCode;
        expect(start).toBe(404); // xa's commune is A; h3 is commune B's — its officer does this
        const xa2 = await signedInAs(app, 'xa2');
        const h = (await xa2.get(`/api/households/${world.h3}`)).json();
        const first = await xa2.patch(`/api/households/${world.h3}`, {
          version: h.version,
          address: 'Nhà số 1',
        });
        expect(first.statusCode).toBe(200);
        const readsBefore = readsBy(await trail(world.h3), 'personal_data.read', 'xa2').length;
        const stale = await xa2.patch(`/api/households/${world.h3}`, {
          version: h.version,
          address: 'Nhà số 2',
        });
        expect(stale.statusCode).toBe(409);
        expect(stale.json().error.current.members[0].nationalId).toBe('006180004444');
        const reads = readsBy(await trail(world.h3), 'personal_data.read', 'xa2');
        expect(reads).toHaveLength(readsBefore + 1);
        expect(reads[0]!.reason).toContain('409');
        expect((await xa2.get(`/api/households/${world.h3}`)).json().address).toBe('Nhà số 1');
      });
    });

    describe('a national ID of another area cannot be probed', () => {
      const newHousehold = (nationalId: string) =>
        thon.post('/api/households', {
          villageId: world.villageA1,
          headName: 'Ma Văn Thử',
          members: [{ fullName: 'Ma Văn Thử', nationalId }],
        });

      it('is refused with the same answer as a duplicate in scope, naming nothing of the holder', async () => {
        const count = async () =>
          (await getDb().query<{ n: number }>('select count(*)::int as n from households'))[0]!.n;
        const before = await count();
        // h1's member (the enumerator's own village), h3's head (another commune), the Hà Nội household's head.
        const own = await newHousehold('006180005678');
        const otherCommune = await newHousehold('006180004444');
        const otherProvince = await newHousehold('001190008888');
        for (const res of [own, otherCommune, otherProvince]) {
          expect(res.statusCode).toBe(409);
          expect(res.json().error).toMatchObject({
            code: 'DUPLICATE_NATIONAL_ID',
            message: {
              vi: expect.stringContaining('Số định danh'),
              en: expect.stringContaining('national ID'),
            },
            fields: [{ path: 'body.members.0.nationalId' }],
          });
        }
        expect(otherCommune.body).toBe(own.body);
        expect(otherProvince.body).toBe(own.body);
        for (const secret of [world.h3, world.villageB1, 'Lý Thị Hoa', farHousehold, 'Đinh Thị Ngoại Tỉnh'])
          expect(otherCommune.body + otherProvince.body).not.toContain(secret);
        expect(await count()).toBe(before);
        // Still refused, and the attempt is on the holder's trail for its area's auditor.
        expect(readsBy(await trail(world.h3), 'personal_data.national_id_taken', 'thon')).toHaveLength(1);
        const admin = await signedInAs(app, 'admin');
        expect(
          readsBy(await trail(farHousehold, admin), 'personal_data.national_id_taken', 'thon'),
        ).toHaveLength(1);
        // A national ID nobody holds is accepted.
        expect((await newHousehold('006080007777')).statusCode).toBe(201);
      });

      it('nor by importing a row: the row error is the same whoever holds the ID, and names no holder', async () => {
        // The small workbook's households are commune A's: its first member given an ID held in scope (h1's
        // member), then one held in another commune (h3's head), then in another province.
        const csv = smallFile()
          .members.map((r) => r.map((c) => (c instanceof Date ? '09/05/1978' : (c ?? ''))).join(','))
          .join('\n');
        expect(csv).toContain('006078001111');
        const rowErrors = async (nationalId: string) => {
          const upload = await xa.request(
            'POST',
            '/api/imports?filename=ho.csv',
            Buffer.from(`\ufeff${csv.replace('006078001111', nationalId)}\n`),
            { 'content-type': 'text/csv' },
          );
          expect(upload.statusCode, upload.body).toBe(202);
          for (let i = 0; i < 600; i++) {
            const job = (await xa.get(`/api/imports/${upload.json().jobId}`)).json();
            if (job.status === 'succeeded' || job.status === 'failed')
              return JSON.stringify(job.errors ?? job.failure);
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error('the import did not finish');
        };
        const own = await rowErrors('006180005678');
        expect(own).toContain('006180005678');
        const otherCommune = await rowErrors('006180004444');
        const otherProvince = await rowErrors('001190008888');
        expect(otherCommune.replaceAll('006180004444', 'ID')).toBe(own.replaceAll('006180005678', 'ID'));
        expect(otherProvince.replaceAll('001190008888', 'ID')).toBe(own.replaceAll('006180005678', 'ID'));
        for (const secret of [
          world.h3,
          world.villageB1,
          'Lý Thị Hoa',
          'Thôn Bản Chang',
          farHousehold,
          'Ngoại Tỉnh',
        ])
          expect(otherCommune + otherProvince).not.toContain(secret);
        // As with a household's creation, each holder's trail shows who learnt that the ID is held: the
        // holder's area's auditor sees it (h1 in xa's commune, h3 in another one), the Hà Nội household's
        // the administrator; the entry names the import.
        for (const [householdId, who] of [
          [world.h1, kiemtoan],
          [world.h3, kiemtoan],
          [farHousehold, await signedInAs(app, 'admin')],
        ] as const) {
          const told = readsBy(await trail(householdId, who), 'personal_data.national_id_taken', 'xa');
          expect(told, householdId).toHaveLength(1);
          expect(told[0]!.reason).toMatch(/^Nhập từ tệp \(lần nhập [0-9a-f-]{36}\) \/ import/);
        }
      });
    });
  },
  { cleanup: false },
);
