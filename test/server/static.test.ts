// The built web client: client routes load index.html; a file built after the server started (a rebuild while
// it runs) is served too, and nothing outside the build directory ever is. The build's .br/.gz twins are sent
// to browsers that accept them; hashed files are cached for a year, index.html is checked on every load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { book } from '../support/rules.ts';
import { TODAY } from '../support/server.ts';

describe('serving the web client', () => {
  let dir: string;
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'gn-static-'));
    dir = join(base, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<html>v1</html>');
    writeFileSync(join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'app-1.js.br'), brotliCompressSync('console.log(1)'));
    writeFileSync(join(base, 'secret.txt'), 'not for the web');
    db = await openDatabase({ kind: 'pglite' });
    app = await buildServer({ db, book, today: () => TODAY, sessionSecret: 'x'.repeat(40), webDir: dir });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });

  it('serves the built files and index.html for client routes', async () => {
    expect((await app.inject('/assets/app-1.js')).body).toBe('console.log(1)');
    const route = await app.inject('/households/abc?x=1');
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe('<html>v1</html>');
    expect((await app.inject('/api/nothing-here')).statusCode).toBe(404);
  });

  it('serves a rebuild without a restart: the new index.html and its new assets', async () => {
    writeFileSync(join(dir, 'assets', 'app-2.js'), 'console.log(2)');
    writeFileSync(join(dir, 'index.html'), '<html>v2</html>');
    const asset = await app.inject('/assets/app-2.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(2)');
    expect((await app.inject('/')).body).toBe('<html>v2</html>');
    expect((await app.inject('/reports')).body).toBe('<html>v2</html>');
  });

  it('sends the brotli twin of a built file, cached for a year; index.html is checked on every load', async () => {
    const br = await app.inject({ url: '/assets/app-1.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log(1)');

    const plain = await app.inject('/assets/app-1.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log(1)');

    for (const url of ['/', '/households/abc']) {
      const page = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(page.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('compresses API answers for clients that accept it', async () => {
    const res = await app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(res.rawPayload).toString()).openapi).toMatch(/^3\./);
  });

  it('never serves a file outside the build directory', async () => {
    for (const url of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f..%2fsecret.txt',
    ]) {
      const res = await app.inject(url);
      expect(res.body, url).not.toContain('not for the web');
    }
  });
});
