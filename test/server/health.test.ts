// /healthz and /readyz (issue #15, part 1): alive without touching the database; ready only when the
// database answers with this release's migrations, 503 naming what is missing otherwise.
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { testServer } from '../support/server.ts';

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await testServer(getDb());
    });

    it('is alive and ready on a migrated database, without signing in', async () => {
      const alive = await app.inject({ method: 'GET', url: '/healthz' });
      expect(alive.statusCode).toBe(200);
      expect(alive.json()).toEqual({ status: 'ok' });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', pendingMigrations: [], problem: null });
    });

    it('is not ready while a migration of this release is missing, and says which', async () => {
      const db = getDb();
      // The release's last migration (on Citus the distribution script is recorded too; readiness looks at
      // the release's own).
      const [last] = await db.query<{ name: string; checksum: string }>(
        "select name, checksum from schema_migrations where name not like 'citus/%' order by name desc limit 1",
      );
      await db.query('delete from schema_migrations where name = $1', [last!.name]);
      try {
        const res = await app.inject({ method: 'GET', url: '/readyz' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ status: 'not_ready', pendingMigrations: [last!.name] });
        expect(res.json().problem.vi).toContain('chưa được nâng cấp');
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      } finally {
        await db.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
          last!.name,
          last!.checksum,
        ]);
      }
    });
  },
  { cleanup: false },
);
