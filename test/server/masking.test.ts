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
  },
  { cleanup: false },
);
