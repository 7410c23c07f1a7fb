// A NUL character in a query, a path or a JSON body is refused with 400 naming the field, never a 500
// (issue #15: 8 endpoints answered 500), and nothing is written.
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { nulPaths } from '../../src/server/no-nul.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

describe('nulPaths', () => {
  it('names every string holding a NUL, however deep', () => {
    expect(nulPaths({ a: 'x\u0000', b: [{ c: 'ok' }, { d: '\u0000' }], e: 1 }, 'body')).toEqual([
      'body.a',
      'body.b.1.d',
    ]);
    expect(nulPaths({ a: 'fine', b: ['also fine'] }, 'body')).toEqual([]);
  });
});

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Client;
    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await signedInAs(app, 'xa');
    });

    it('refuses a NUL in a search, a new household and a change, writing nothing', async () => {
      const search = await xa.get('/api/households?name=Ho%00ang');
      expect(search.statusCode).toBe(400);
      expect(search.json().error.fields[0].path).toBe('query.name');
      const [{ n: before }] = (await getDb().query<{ n: number }>(
        'select count(*)::int as n from households',
      )) as [{ n: number }];
      const created = await xa.post('/api/households', {
        villageId: world.villageA1,
        headName: 'Lò\u0000 Văn',
        members: [{ fullName: 'Lò Văn\u0000' }],
      });
      expect(created.statusCode).toBe(400);
      expect(created.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
        'body.headName',
        'body.members.0.fullName',
      ]);
      expect(created.json().error.message.vi).toBeTruthy();
      const changed = await xa.patch(`/api/households/${world.h1}`, { version: 1, address: 'a\u0000b' });
      expect(changed.statusCode).toBe(400);
      const [{ n: after }] = (await getDb().query<{ n: number }>(
        'select count(*)::int as n from households',
      )) as [{ n: number }];
      expect(after).toBe(before);
    });
  },
  { cleanup: false },
);
