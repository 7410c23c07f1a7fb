// A viewer reads a household's assessment with the income masked everywhere, its explanation included.
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type World } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
    });

    it('shows the officer the income and the viewer none of it', async () => {
      const xa = await signedInAs(app, 'xa');
      const recorded = await xa.post(`/api/households/${world.h1}/assessments`, {
        standard: 'ND07_2021',
        incomePerCapita: 1_234_567,
        deficits: ['water'],
      });
      expect(recorded.statusCode).toBe(201);
      const officer = (await xa.get(`/api/households/${world.h1}`)).json().assessments[0];
      expect(officer.incomePerCapita).toBe('1234567');
      expect(officer.explanation.vi).toContain('1.234.567');
      const xem = await signedInAs(app, 'xem');
      const viewer = (await xem.get(`/api/households/${world.h1}`)).json().assessments[0];
      expect(viewer.incomePerCapita).toBeNull();
      expect(JSON.stringify(viewer)).not.toMatch(/1[.,]234[.,]567|1234567/);
      expect(viewer.explanation.vi).toContain('***');
    });

    it('shows the auditor the audit trail with national IDs and phones masked, the officer unmasked', async () => {
      const xa = await signedInAs(app, 'xa');
      const h = (await xa.get(`/api/households/${world.h1}`)).json();
      const added = await xa.post(`/api/households/${world.h1}/members`, {
        version: h.version,
        member: { fullName: 'Hoàng Thị Lan', nationalId: '006190007777', phone: '0987000111' },
      });
      expect(added.statusCode).toBe(201);
      const trail = async (who: string) =>
        JSON.stringify((await (await signedInAs(app, who)).get(`/api/audit?householdId=${world.h1}`)).json());
      const officer = await trail('xa');
      expect(officer).toContain('006190007777');
      const auditor = await trail('kiemtoan');
      expect(auditor).toContain('Hoàng Thị Lan');
      expect(auditor).not.toContain('006190007777');
      expect(auditor).not.toContain('0987000111');
      expect(auditor).toContain('*********777');
    });
  },
  { cleanup: false },
);
