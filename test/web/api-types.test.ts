// The web client's API description is generated from the server: regenerating it must give the committed
// files exactly, so the client cannot drift from the routes (run `npm run generate:api` after a change).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_DIR, writeApiFiles } from '../../scripts/generate-api.ts';

describe('generated API client files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gn-api-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('web/src/api/openapi.json and schema.d.ts match the server', { timeout: 60_000 }, async () => {
    const written = await writeApiFiles(dir);
    expect(written.map((p) => p.slice(dir.length + 1)).sort()).toEqual(['openapi.json', 'schema.d.ts']);
    for (const name of ['openapi.json', 'schema.d.ts']) {
      const fresh = readFileSync(join(dir, name), 'utf8');
      const committed = readFileSync(join(API_DIR, name), 'utf8');
      expect(committed === fresh, `${name} is stale: run \`npm run generate:api\``).toBe(true);
    }
  });

  it('describes the routes the client calls', () => {
    const spec = JSON.parse(readFileSync(join(API_DIR, 'openapi.json'), 'utf8')) as {
      paths: Record<string, object>;
    };
    for (const path of [
      '/api/auth/csrf',
      '/api/auth/login',
      '/api/auth/me',
      '/api/households',
      '/api/households/{householdId}',
      '/api/households/{householdId}/members/{memberNo}',
      '/api/classify',
      '/api/audit',
      '/api/users/{userId}',
    ]) {
      expect(spec.paths, path).toHaveProperty([path]);
    }
  });
});
