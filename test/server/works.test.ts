// Works over HTTP, per role and scope: create with field errors, read, list under a unit, change with 409 on a
// stale version, hand over to a commune after the 2025 reform with the history, photos — audited.
/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { review } from '../../src/db/index.ts';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { handOverWork } from '../../src/db/queries/works.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

const ROLES = ['admin', 'tinh', 'xa', 'xa2', 'thon', 'xem', 'kiemtoan'] as const;
type Who = (typeof ROLES)[number];
const TY = 1_000_000_000;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    const c = {} as Record<Who, Client>;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      for (const r of ROLES) c[r] = await signedInAs(app, r);
    }, 180_000);
    afterAll(async () => app?.close());

    const road = (over: Record<string, unknown> = {}) => ({
      unit: world.communeA,
      villageId: world.villageA1,
      name: 'Đường bê tông thôn Nà Phầy',
      workType: 'transport',
      construction: 'new',
      project: 'DA1.TDA1',
      planYear: 2025,
      investor: 'UBND xã Bằng Thành',
      investorUnitCode: world.communeA,
      contractValueVnd: '2500000000',
      disbursedVnd: 1 * TY,
      progressPct: 40,
      startDate: '2026-03-01',
      ...over,
    });

    describe('works', () => {
      let workId = '';

      it('serves the types of works as data with their citation', async () => {
        const res = await c.xem.get('/api/works/types');
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.verified).toBe(false);
        expect(body.citation).toMatch(/90\/QĐ-TTg/);
        expect(body.types.map((t: any) => t.code)).toEqual(
          expect.arrayContaining([
            'transport',
            'school',
            'irrigation',
            'bridge',
            'health_station',
            'water_supply',
          ]),
        );
      });

      it('records a work within the write scope, audited in the same transaction', async () => {
        const got = {} as Record<Who, number>;
        for (const r of ROLES)
          got[r] = (await c[r].post('/api/works', road({ name: `Đường ${r}` }))).statusCode;
        expect(got).toEqual({ admin: 201, tinh: 201, xa: 201, xa2: 404, thon: 403, xem: 403, kiemtoan: 403 });
        const res = await c.xa.post('/api/works', road());
        expect(res.statusCode, res.body).toBe(201);
        const w = res.json();
        workId = w.id;
        expect(w).toMatchObject({
          unit: { code: world.communeA, validFrom: '2025-07-01' },
          village: { id: world.villageA1, name: 'Thôn Nà Phầy' },
          project: 'DA1.TDA1',
          programme: 'QD90_2022',
          contractValueVnd: 2_500_000_000,
          disbursedVnd: 1_000_000_000,
          status: 'in_progress',
          statusName: { vi: 'Đang thi công', en: 'In progress' },
          investor: {
            original: { name: 'UBND xã Bằng Thành', unitCode: world.communeA },
            current: { name: 'UBND xã Bằng Thành', unitCode: world.communeA, since: null },
          },
          version: 1,
          warnings: [],
        });
        const audit = await searchAudit(getDb(), {
          entityType: 'work',
          entityId: workId,
          page: 1,
          pageSize: 10,
        });
        expect(audit.rows.map((r) => r.action)).toEqual(['work.create']);
        expect(audit.rows[0]!.unitCode).toBe(world.communeA);
      });

      it('refuses bad fields with Vietnamese and English messages naming each field, writing nothing', async () => {
        const before = (await searchAudit(getDb(), { entityType: 'work', page: 1, pageSize: 1 })).total;
        const res = await c.xa.post(
          '/api/works',
          road({
            progressPct: 140,
            contractValueVnd: -5,
            startDate: '2026-05-01',
            completionDate: '2026-04-01',
            workType: 'spaceport',
            villageId: world.villageB1,
          }),
        );
        expect(res.statusCode).toBe(400);
        const fields = res.json().error.fields;
        expect(fields.map((f: any) => f.path).sort()).toEqual([
          'body.completionDate',
          'body.contractValueVnd',
          'body.progressPct',
          'body.villageId',
          'body.workType',
        ]);
        for (const f of fields) expect(f.message.vi).not.toBe(f.message.en);
        expect(fields.find((f: any) => f.path === 'body.progressPct').message.vi).toMatch(/0 đến 100/);
        expect((await searchAudit(getDb(), { entityType: 'work', page: 1, pageSize: 1 })).total).toBe(before);
      });

      it('accepts disbursed above the contract value with a warning', async () => {
        const res = await c.xa.post(
          '/api/works',
          road({
            name: 'Nhà văn hoá',
            workType: 'culture_house',
            contractValueVnd: 1000,
            disbursedVnd: '1500',
          }),
        );
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().warnings).toEqual([
          {
            code: 'disbursed_over_contract',
            message: {
              vi: 'Số đã giải ngân vượt giá trị hợp đồng 500 đồng: kiểm tra phụ lục hợp đồng hoặc khoản phát sinh',
              en: 'Disbursed exceeds the contract value by 500 VND: check contract addenda or extra costs',
            },
          },
        ]);
      });

      it('hides a work from another commune (404) and lets readers read without writing', async () => {
        expect((await c.xa2.get(`/api/works/${workId}`)).statusCode).toBe(404);
        expect((await c.xa2.patch(`/api/works/${workId}`, { version: 1, progressPct: 50 })).statusCode).toBe(
          404,
        );
        const seen = await c.xem.get(`/api/works/${workId}`);
        expect(seen.statusCode).toBe(200);
        expect(seen.json().canWrite).toBe(false);
        expect((await c.xem.patch(`/api/works/${workId}`, { version: 1, progressPct: 50 })).statusCode).toBe(
          403,
        );
        expect((await c.xa.get(`/api/works/${workId}`)).json().canWrite).toBe(true);
      });

      it('changes a work with its version; a stale version gets 409 with the current record and the change since', async () => {
        const ok = await c.xa.patch(`/api/works/${workId}`, {
          version: 1,
          progressPct: 100,
          completionDate: '2026-10-30',
          disbursedVnd: 2_400_000_000,
        });
        expect(ok.statusCode, ok.body).toBe(200);
        expect(ok.json()).toMatchObject({
          version: 2,
          status: 'completed',
          progressPct: 100,
          disbursedVnd: 2_400_000_000,
        });
        const stale = await c.tinh.patch(`/api/works/${workId}`, { version: 1, progressPct: 90 });
        expect(stale.statusCode).toBe(409);
        const body = stale.json().error;
        expect(body.code).toBe('STALE_VERSION');
        expect(body.current).toMatchObject({ id: workId, version: 2, progressPct: 100 });
        expect(body.changes).toHaveLength(1);
        expect(body.changes[0]).toMatchObject({
          action: 'work.update',
          before: { progressPct: 40, version: 1 },
          after: { progressPct: 100, version: 2, disbursed: '2400000000' },
        });
        const bad = await c.xa.patch(`/api/works/${workId}`, { version: 2, acceptanceDate: '2026-10-01' });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.fields[0].path).toBe('body.acceptanceDate');
      });

      it('lists works under a unit by status, type and year, paged, in Vietnamese order', async () => {
        const list = async (c0: Client, q: string) => (await c0.get(`/api/works?${q}`)).json();
        const all = await list(c.tinh, 'unit=19&sort=name&pageSize=100');
        const names = all.rows.map((r: any) => r.name);
        expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
        expect(all.total).toBe(5);
        expect((await list(c.tinh, 'unit=19&status=completed')).rows.map((r: any) => r.id)).toEqual([workId]);
        expect((await list(c.tinh, 'unit=19&type=culture_house')).total).toBe(1);
        expect((await list(c.tinh, 'unit=19&year=2024')).total).toBe(0);
        const page = await list(c.tinh, 'unit=19&pageSize=2&page=3');
        expect(page).toMatchObject({ total: 5, page: 3, pageSize: 2 });
        expect(page.rows).toHaveLength(1);
        expect((await c.xa2.get(`/api/works?unit=${world.communeA}`)).statusCode).toBe(404);
        expect((await list(c.xa2, `unit=${world.communeB}`)).total).toBe(0);
      });

      it("hands a former district's work over to a commune: original kept, history from the audit", async () => {
        const created = await c.tinh.post('/api/works', {
          unit: '060',
          at: '2025-03-01',
          name: 'Cầu treo Bộc Bố',
          workType: 'bridge',
          construction: 'new',
          planYear: 2024,
          project: 'DA1',
          investor: 'Ban QLDA ĐTXD huyện Pác Nặm',
          investorUnitCode: '060',
          contractValueVnd: 3 * TY,
          disbursedVnd: 1 * TY,
          progressPct: 60,
          startDate: '2024-09-01',
        });
        expect(created.statusCode, created.body).toBe(201);
        const id = created.json().id;
        expect(created.json().unit.code).toBe('060');
        // Before the hand-over, the commune that will take it cannot see it.
        expect((await c.xa.get(`/api/works/${id}`)).statusCode).toBe(404);
        expect(
          (
            await c.xa.post(`/api/works/${id}/handover`, {
              version: 1,
              date: '2025-07-01',
              investor: 'x',
              legalBasis: 'y',
            })
          ).statusCode,
        ).toBe(404);
        const out = await c.tinh.post(`/api/works/${id}/handover`, {
          version: 1,
          date: '2025-07-01',
          investor: 'UBND xã Bằng Thành',
          investorUnitCode: world.communeA,
          legalBasis: 'Nghị quyết 202/2025/QH15; Quyết định chuyển giao số 15/QĐ-UBND',
        });
        expect(out.statusCode, out.body).toBe(200);
        expect(out.json().investor).toEqual({
          original: { name: 'Ban QLDA ĐTXD huyện Pác Nặm', unitCode: '060' },
          current: {
            name: 'UBND xã Bằng Thành',
            unitCode: world.communeA,
            since: '2025-07-01',
            basis: 'Nghị quyết 202/2025/QH15; Quyết định chuyển giao số 15/QĐ-UBND',
          },
        });
        // Now the commune reads and changes it; the other commune still does not see it.
        const seen = await c.xa.get(`/api/works/${id}`);
        expect(seen.statusCode).toBe(200);
        expect(seen.json().canWrite).toBe(true);
        expect(seen.json().investorHistory).toEqual([
          expect.objectContaining({
            date: '2025-07-01',
            from: { name: 'Ban QLDA ĐTXD huyện Pác Nặm', unitCode: '060' },
            to: { name: 'UBND xã Bằng Thành', unitCode: world.communeA },
            recordedBy: expect.stringContaining('tinh'),
          }),
        ]);
        expect((await c.xa2.get(`/api/works/${id}`)).statusCode).toBe(404);
        expect(
          (await c.xa.get(`/api/works?unit=${world.communeA}`)).json().rows.map((r: any) => r.id),
        ).toContain(id);
        // The province's list counts the former district's work once (Bắc Kạn went whole into Thái Nguyên).
        const province = (await c.tinh.get('/api/works?unit=19&pageSize=100')).json();
        expect(province.rows.filter((r: any) => r.id === id)).toHaveLength(1);
        // A stale hand-over, a receiving unit out of scope, a date before the last hand-over.
        expect(
          (
            await c.tinh.post(`/api/works/${id}/handover`, {
              version: 1,
              date: '2025-08-01',
              investor: 'a',
              legalBasis: 'b',
            })
          ).statusCode,
        ).toBe(409);
        expect(
          (
            await c.xa.post(`/api/works/${id}/handover`, {
              version: 2,
              date: '2025-08-01',
              investor: 'a',
              investorUnitCode: world.communeB,
              legalBasis: 'b',
            })
          ).statusCode,
        ).toBe(403);
        const early = await c.tinh.post(`/api/works/${id}/handover`, {
          version: 2,
          date: '2025-06-01',
          investor: 'a',
          legalBasis: 'b',
        });
        expect(early.statusCode).toBe(400);
        expect(early.json().error.fields[0].path).toBe('body.date');
        const audit = await searchAudit(getDb(), { entityType: 'work', entityId: id, page: 1, pageSize: 10 });
        expect(audit.rows.map((r) => r.action)).toEqual(['work.handover', 'work.create']);
      });

      it('shows a hand-over recorded without an audited action (imported data) from the record itself', async () => {
        const created = (await c.tinh.post('/api/works', road({ name: 'Đường nhập từ tệp' }))).json();
        await handOverWork(getDb(), created.id, 1, {
          investor: 'UBND xã (nhập)',
          unitCode: world.communeA,
          date: '2026-07-01',
          basis: 'QĐ 9 (nhập)',
        });
        const seen = (await c.xa.get(`/api/works/${created.id}`)).json();
        expect(seen.investorHistory).toEqual([
          expect.objectContaining({
            date: '2026-07-01',
            from: { name: 'UBND xã Bằng Thành', unitCode: world.communeA },
            to: { name: 'UBND xã (nhập)', unitCode: world.communeA },
            basis: 'QĐ 9 (nhập)',
            recordedBy: 'hệ thống / system',
          }),
        ]);
      });

      it('keeps photos in the files table, readable within scope only', async () => {
        const up = await c.xa.post(`/api/works/${workId}/photos`, {
          name: 'truoc-khi-lam.png',
          mimeType: 'image/png',
          contentBase64: PNG.toString('base64'),
          caption: 'Trước khi thi công',
          takenOn: '2026-02-20',
        });
        expect(up.statusCode, up.body).toBe(201);
        expect(up.json()).toMatchObject({
          name: 'truoc-khi-lam.png',
          size: PNG.byteLength,
          caption: 'Trước khi thi công',
        });
        const fileId = up.json().fileId;
        expect(
          (
            await c.xem.post(`/api/works/${workId}/photos`, {
              name: 'a.png',
              mimeType: 'image/png',
              contentBase64: PNG.toString('base64'),
            })
          ).statusCode,
        ).toBe(403);
        const list = await c.xem.get(`/api/works/${workId}/photos`);
        expect(list.json().map((p: any) => p.fileId)).toEqual([fileId]);
        const file = await c.xem.get(`/api/works/${workId}/photos/${fileId}`);
        expect(file.statusCode).toBe(200);
        expect(file.headers['content-type']).toBe('image/png');
        expect(Buffer.from(file.rawPayload).equals(PNG)).toBe(true);
        expect((await c.xa2.get(`/api/works/${workId}/photos/${fileId}`)).statusCode).toBe(404);
        const audit = await searchAudit(getDb(), {
          entityType: 'work',
          entityId: workId,
          action: 'work.photo_add',
          page: 1,
          pageSize: 5,
        });
        expect(audit.total).toBe(1);
      });
      it('deletes a work recorded by mistake, with a reason and its version; never one with money spent', async () => {
        const mistake = await c.xa.post('/api/works', road({ name: 'Nhập nhầm', disbursedVnd: 0 }));
        expect(mistake.statusCode, mistake.body).toBe(201);
        const id = mistake.json().id;
        const del = (who: Client, body: object, target = id) =>
          who.request('DELETE', `/api/works/${target}`, body);
        expect((await del(c.xa2, { version: 1, reason: 'Nhập nhầm xã' })).statusCode).toBe(404);
        expect((await del(c.xem, { version: 1, reason: 'Nhập nhầm xã' })).statusCode).toBe(403);
        const noReason = await del(c.xa, { version: 1, reason: ' ' });
        expect(noReason.statusCode).toBe(400);
        expect(noReason.json().error.fields[0].path).toBe('body.reason');
        expect((await del(c.xa, { version: 2, reason: 'Nhập nhầm xã' })).statusCode).toBe(409);
        // The work recorded earlier has 1 tỷ disbursed: corrected, never deleted.
        const spent = await del(c.xa, { version: 99, reason: 'Nhập nhầm' }, workId);
        expect([409, 422]).toContain(spent.statusCode);
        const current = (await c.xa.get(`/api/works/${workId}`)).json();
        const refused = await del(c.xa, { version: current.version, reason: 'Nhập nhầm' }, workId);
        expect(refused.statusCode).toBe(422);
        expect(refused.json().error.message.vi).toContain('đã giải ngân hoặc đã nghiệm thu không xoá được');
        expect((await del(c.xa, { version: 1, reason: 'Nhập nhầm xã' })).statusCode).toBe(204);
        expect((await c.xa.get(`/api/works/${id}`)).statusCode).toBe(404);
        const audit = await searchAudit(getDb(), {
          entityType: 'work',
          entityId: id,
          action: 'work.delete',
          page: 1,
          pageSize: 5,
        });
        expect(audit.rows[0]).toMatchObject({
          reason: 'Nhập nhầm xã',
          before: { name: 'Nhập nhầm', photos: [] },
          after: null,
        });
      });
    });

    describe('production projects', () => {
      let projectId = '';

      it('records a project within the write scope and changes it with its version', async () => {
        const body = {
          unit: world.communeA,
          name: 'Nuôi bò sinh sản theo chuỗi giá trị',
          kind: 'value_chain',
          project: 'DA3.TDA1',
          models: 'Bò sinh sản\nTrồng cỏ',
          budgetVnd: '1200000000',
          startDate: '2025-03-01',
          endDate: '2027-12-31',
        };
        expect((await c.xa2.post('/api/production-projects', body)).statusCode).toBe(404);
        expect((await c.xem.post('/api/production-projects', body)).statusCode).toBe(403);
        const bad = await c.xa.post('/api/production-projects', {
          ...body,
          endDate: '2025-01-01',
          budgetVnd: -1,
        });
        expect(bad.statusCode).toBe(400);
        expect(
          bad
            .json()
            .error.fields.map((f: any) => f.path)
            .sort(),
        ).toEqual(['body.budgetVnd', 'body.endDate']);
        const res = await c.xa.post('/api/production-projects', body);
        expect(res.statusCode, res.body).toBe(201);
        projectId = res.json().id;
        expect(res.json()).toMatchObject({
          kind: 'value_chain',
          project: 'DA3.TDA1',
          programme: 'QD90_2022',
          budgetVnd: 1_200_000_000,
          participants: 0,
          version: 1,
        });
        const changed = await c.xa.patch(`/api/production-projects/${projectId}`, {
          version: 1,
          disbursedVnd: 300_000_000,
        });
        expect(changed.statusCode, changed.body).toBe(200);
        expect(changed.json()).toMatchObject({ version: 2, disbursedVnd: 300_000_000 });
        const stale = await c.tinh.patch(`/api/production-projects/${projectId}`, { version: 1, name: 'x' });
        expect(stale.statusCode).toBe(409);
        expect(stale.json().error.current.version).toBe(2);
        expect((await c.xa2.get(`/api/production-projects/${projectId}`)).statusCode).toBe(404);
        const listed = (await c.tinh.get('/api/production-projects?unit=19')).json();
        expect(listed.rows.map((r: any) => r.id)).toEqual([projectId]);
      });

      it('adds households in the read scope with their latest recognised class, masked for viewers', async () => {
        // h1 was recognised near-poor in 2025, then poor in 2026: the latest recognition counts.
        for (const [year, cls] of [
          [2025, 'near_poor'],
          [2026, 'poor'],
        ] as const) {
          const round = await review.openRound(getDb(), {
            communeCode: world.communeA,
            kind: 'periodic',
            year,
            month: null,
            startDate: `${year}-09-01`,
            procedureVersion: 'test',
          });
          await review.freezeResults(getDb(), round.id, [
            {
              householdId: world.h1,
              villageId: world.villageA1,
              previousClass: null,
              finalClass: cls,
              transition: 'new',
              deficits: [],
              isEthnicMinority: true,
              personOfMerit: false,
              socialProtection: false,
              noLabourCapacity: false,
              recognisedOn: `${year}-12-10`,
              movedIn: false,
              accounted: null,
            },
          ]);
        }
        const add = (who: Client, householdId: string) =>
          who.post(`/api/production-projects/${projectId}/households`, {
            householdId,
            support: '2 con bò giống',
          });
        expect((await add(c.xa, world.h3)).statusCode).toBe(404); // another commune's household
        const ok = await add(c.xa, world.h1);
        expect(ok.statusCode, ok.body).toBe(201);
        expect(ok.json()).toEqual({ householdId: world.h1, classAtJoining: 'poor', joinedOn: '2026-11-22' });
        expect((await add(c.xa, world.h1)).statusCode).toBe(422);
        const h2 = await add(c.xa, world.h2);
        expect(h2.json().classAtJoining).toBeNull();
        expect((await add(c.xem, world.h2)).statusCode).toBe(403);

        const officer = (await c.xa.get(`/api/production-projects/${projectId}/households`)).json();
        expect(officer.personalDataMasked).toBe(false);
        expect(officer.rows.map((r: any) => r.headName)).toEqual(['Hoàng Văn Đức', 'Triệu Văn Sơn']);
        expect(officer.rows[0]).toMatchObject({
          headNationalId: '006080001234',
          headPhone: '0912345678',
          classAtJoining: 'poor',
        });
        for (const who of [c.xem, c.kiemtoan]) {
          const masked = (await who.get(`/api/production-projects/${projectId}/households`)).json();
          expect(masked.personalDataMasked).toBe(true);
          expect(masked.rows[0]).toMatchObject({ headNationalId: '*********234', headPhone: '*******678' });
        }
        expect((await c.xa.get(`/api/production-projects/${projectId}`)).json().participants).toBe(2);

        const del = await c.xa.request(
          'DELETE',
          `/api/production-projects/${projectId}/households/${world.h2}`,
        );
        expect(del.statusCode).toBe(204);
        expect(
          (await c.xa.request('DELETE', `/api/production-projects/${projectId}/households/${world.h2}`))
            .statusCode,
        ).toBe(404);
        const audit = await searchAudit(getDb(), {
          entityType: 'production_project',
          entityId: projectId,
          page: 1,
          pageSize: 20,
        });
        expect(audit.rows.map((r) => r.action).filter((a) => a !== 'personal_data.read')).toEqual([
          'production_project.household_remove',
          'production_project.household_add',
          'production_project.household_add',
          'production_project.update',
          'production_project.create',
        ]);
      });
      it('deletes a project recorded by mistake with its participants kept in the audit; not one with money spent', async () => {
        const made = await c.xa.post('/api/production-projects', {
          unit: world.communeA,
          name: 'Dự án nhập nhầm',
          kind: 'community',
          project: 'DA3.TDA1',
          budgetVnd: '50000000',
          startDate: '2025-01-01',
          endDate: '2025-12-31',
        });
        expect(made.statusCode, made.body).toBe(201);
        const id = made.json().id;
        const del = (body: object, target = id) =>
          c.xa.request('DELETE', `/api/production-projects/${target}`, body);
        expect(
          (
            await c.xem.request('DELETE', `/api/production-projects/${id}`, {
              version: 1,
              reason: 'Nhập nhầm',
            })
          ).statusCode,
        ).toBe(403);
        const spent = (await c.xa.get(`/api/production-projects/${projectId}`)).json();
        const refused = await del({ version: spent.version, reason: 'Nhập nhầm' }, projectId);
        expect(refused.statusCode).toBe(422);
        expect(refused.json().error.message.en).toContain('cannot be deleted');
        expect((await del({ version: 1, reason: 'Nhập nhầm' })).statusCode).toBe(204);
        expect((await c.xa.get(`/api/production-projects/${id}`)).statusCode).toBe(404);
        const audit = await searchAudit(getDb(), {
          entityType: 'production_project',
          entityId: id,
          action: 'production_project.delete',
          page: 1,
          pageSize: 5,
        });
        expect(audit.rows[0]).toMatchObject({
          before: { name: 'Dự án nhập nhầm', households: [] },
          after: null,
        });
      });
    });

    describe('outputs', () => {
      it('enters planned and achieved within the write scope and lists achieved against planned', async () => {
        const put = (who: Client, body: Record<string, unknown>) =>
          // The test client names the methods it uses most; PUT goes through the same request.
          who.request('PUT' as never, '/api/outputs', body);
        expect(
          (await put(c.xa2, { unit: world.communeA, year: 2026, indicator: 'jobs_found', planned: 10 }))
            .statusCode,
        ).toBe(404);
        expect(
          (await put(c.xem, { unit: world.communeA, year: 2026, indicator: 'jobs_found', planned: 10 }))
            .statusCode,
        ).toBe(403);
        const bad = await put(c.xa, {
          unit: world.communeA,
          year: 2026,
          indicator: 'nope',
          planned: '1,234',
        });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.fields.map((f: any) => f.path)).toEqual(['body.indicator', 'body.planned']);
        const first = await put(c.xa, {
          unit: world.communeA,
          year: 2026,
          indicator: 'jobs_found',
          planned: 8,
          source: 'KH xã',
        });
        expect(first.statusCode, first.body).toBe(200);
        // Achieved given later keeps the plan.
        const second = await put(c.xa, {
          unit: world.communeA,
          year: 2026,
          indicator: 'jobs_found',
          achieved: '3,5',
        });
        expect(second.json()).toMatchObject({
          planned: 8,
          achieved: 3.5,
          source: 'KH xã',
          unitValidFrom: '2025-07-01',
        });
        await put(c.xa2, {
          unit: world.communeB,
          year: 2026,
          indicator: 'jobs_found',
          planned: 2,
          achieved: 2,
        });
        const list = (await c.xem.get('/api/outputs?unit=19&from=2026')).json();
        // (3,5 + 2) / (8 + 2) = 55 %.
        expect(list.rows.find((r: any) => r.indicator === 'jobs_found')).toMatchObject({
          planned: 10,
          achieved: 5.5,
          ratePercent: 55,
          verified: false,
          measure: { vi: 'người', en: 'persons' },
        });
        expect(list.byUnit.map((u: any) => u.unit).sort()).toEqual([world.communeA, world.communeB].sort());
        const audit = await searchAudit(getDb(), {
          action: 'output.upsert',
          unitCode: world.communeA,
          page: 1,
          pageSize: 5,
        });
        expect(audit.rows[0]!.before).toMatchObject({ planned: '8', achieved: null });
        expect((await c.xa2.get(`/api/outputs?unit=${world.communeA}`)).statusCode).toBe(404);
      });
    });

    describe('tiles', () => {
      it('sums money, lines behind schedule, works, projects and outputs for the unit and each unit below', async () => {
        const plan = async (unit: string, project: string, source: string, amountVnd: number) => {
          const res = await c.tinh.post('/api/finance/plans', {
            unit,
            year: 2026,
            project,
            source,
            amountVnd,
            decision: 'QĐ mẫu',
            decisionDate: '2026-01-10',
          });
          expect(res.statusCode, res.body).toBe(201);
          return res.json().id as string;
        };
        const pay = async (planLineId: string, amountVnd: number) =>
          expect(
            (
              await c.tinh.post('/api/finance/payments', {
                planLineId,
                date: '2026-03-10',
                amountVnd,
                decision: 'UNC 1',
              })
            ).statusCode,
          ).toBe(201);
        const a = await plan(world.communeA, 'HP2.ND2', 'central_investment', 10 * TY);
        await plan(world.communeB, 'HP1.ND2', 'central_investment', 5 * TY);
        const people = await plan(world.communeA, 'HP2.ND2', 'people', 1 * TY);
        await pay(a, 4 * TY);
        await pay(people, 800_000_000);
        // Handed over in 2024 and ended in 2024: on the tiles of 2024, not of 2026.
        const old = await c.xa.post(
          '/api/works',
          road({
            name: 'Nhà văn hoá thôn (2023)',
            planYear: 2023,
            startDate: '2023-05-01',
            completionDate: '2024-01-10',
            acceptanceDate: '2024-02-01',
            progressPct: 100,
          }),
        );
        expect(old.statusCode, old.body).toBe(201);
        const ended = await c.xa.post('/api/production-projects', {
          unit: world.communeA,
          name: 'Trồng quế (2023–2024)',
          kind: 'community',
          project: 'DA3.TDA1',
          budgetVnd: '100000000',
          startDate: '2023-01-01',
          endDate: '2024-12-31',
        });
        expect(ended.statusCode, ended.body).toBe(201);
        const in2024 = await c.xem.get('/api/finance/tiles?unitCode=19&year=2024');
        expect(in2024.statusCode, in2024.body).toBe(200);
        expect(in2024.json().tile).toMatchObject({
          works: { accepted: 1 },
          productionProjects: 1,
          participatingHouseholds: 0,
        });
        expect((await c.xa2.get(`/api/finance/tiles?unitCode=19`)).statusCode).toBe(404);
        const res = await c.xem.get('/api/finance/tiles?unitCode=19&year=2026');
        expect(res.statusCode, res.body).toBe(200);
        const t = res.json();
        // 16 tỷ planned, 4,8 tỷ paid → 30 %; at 22/11 the 30/9 milestone (70 %) has passed: lines at 40 % and
        // 0 % are behind, the one at 80 % is not.
        expect(t.tile).toMatchObject({
          planVnd: 16 * TY,
          disbursedVnd: 4_800_000_000,
          rate: 30,
          behindSchedule: 2,
          works: { total: 7, planned: 0, in_progress: 6, completed: 1, accepted: 0 },
          productionProjects: 1,
          participatingHouseholds: 1,
        });
        expect(t.tile.outputs.find((o: any) => o.indicator === 'jobs_found')).toMatchObject({
          planned: 10,
          achieved: 5.5,
          ratePercent: 55,
        });
        const row = (code: string) => t.byUnit.find((r: any) => r.label === code);
        // 4,8 / 11 = 43,636… → 43,64 %.
        expect(row(world.communeA)).toMatchObject({
          planVnd: 11 * TY,
          disbursedVnd: 4_800_000_000,
          rate: 43.64,
          behindSchedule: 1,
          works: { total: 7, in_progress: 6, completed: 1 },
          productionProjects: 1,
          participatingHouseholds: 1,
        });
        expect(row(world.communeB)).toMatchObject({
          planVnd: 5 * TY,
          disbursedVnd: 0,
          rate: 0,
          behindSchedule: 1,
          works: { total: 0 },
          productionProjects: 0,
        });
        expect(row(world.communeB).outputs.find((o: any) => o.indicator === 'jobs_found')).toMatchObject({
          planned: 2,
          achieved: 2,
          ratePercent: 100,
        });
        // The sum of the rows is the tile.
        const sum = (f: string) => t.byUnit.reduce((s: number, r: any) => s + r[f], 0);
        expect(sum('planVnd')).toBe(t.tile.planVnd);
        expect(sum('behindSchedule')).toBe(t.tile.behindSchedule);
      });

      it('serves the finance reports through the report catalogue, within scope', async () => {
        const json = await c.xem.get('/api/reports/finance-disbursement?unit=19&from=2026');
        expect(json.statusCode, json.body).toBe(200);
        expect(JSON.stringify(json.json())).toContain('đạt 30,00% kế hoạch');
        const xlsx = await c.xem.get('/api/reports/works-status?unit=19&format=xlsx');
        expect(xlsx.statusCode).toBe(200);
        expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
        const pdf = await c.xa.get(`/api/reports/outputs-plan?unit=${world.communeA}&from=2026&format=pdf`);
        expect(pdf.statusCode).toBe(200);
        expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
        expect(
          (await c.xa2.get(`/api/reports/finance-funds?unit=${world.communeA}&from=2026`)).statusCode,
        ).toBe(404);
        const bad = await c.xem.get('/api/reports/finance-allocation?unit=19&from=2026&to=2025');
        expect(bad.statusCode).toBe(400);
        expect(bad.json().error.fields[0].path).toBe('querystring.to');
      });
    });
  },
  { cleanup: false },
);
