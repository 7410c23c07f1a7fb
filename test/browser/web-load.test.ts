// The built client is light on the network (#13, part 4): index.html names only the first screens' code (no
// ECharts), every script and style it names has a brotli twin that the server sends to a browser accepting
// it, cached for a year, and index.html itself (with its loading screen) is checked again on every load.
// Needs web/dist, hence in the browser project (its globalSetup builds it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { book } from '../support/rules.ts';
import { TODAY } from '../support/server.ts';
import { WEB_DIST } from '../support/web-build.ts';

describe('the built client over the network', () => {
  let db: Database;
  let app: FastifyInstance;
  const html = () => readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const firstLoad = () =>
    [...html().matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite' });
    app = await buildServer({
      db,
      book,
      today: () => TODAY,
      sessionSecret: 'x'.repeat(40),
      webDir: WEB_DIST,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  it('loads the first screens without ECharts, behind a loading screen', () => {
    const files = firstLoad();
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    expect(files.filter((f) => /echarts/i.test(f))).toEqual([]);
    for (const f of files)
      expect(readFileSync(join(WEB_DIST, f), 'utf8')).not.toMatch(/zrender|echarts\.apache/i);
    expect(html()).toContain('Đang tải…');
  });

  it('sends the brotli twin of each file of the first load, cached for a year', async () => {
    for (const file of firstLoad()) {
      const raw = readFileSync(join(WEB_DIST, file));
      const res = await app.inject({ url: file, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(res.statusCode, file).toBe(200);
      expect(res.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      // Under 1 KiB the build writes no twin (the server may still compress it as it goes).
      if (raw.length < 1024) continue;
      expect(existsSync(join(WEB_DIST, `${file}.br`)), file).toBe(true);
      expect(res.headers['content-encoding'], file).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).equals(raw), file).toBe(true);
    }
  });

  it('checks index.html again on every load, at / and at a client route', async () => {
    for (const url of ['/', '/login', '/households/abc']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(html());
    }
  });
});
