// The uploads read while the request waits — a commune's opening list, an ODK/KoBo export — are bounded as the
// household import is (issue #15, item 7): a file over the route's limit is refused with 413 naming the limit
// in MB in both languages, whether its size is announced or found while it arrives; and each holds a place in
// the user's upload quota, shared by the routes, until its answer: a user with every place taken gets 429 (the
// limit named) there and on the household import, another user does not, and the places come back once
// the uploads are answered.
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uploadLimits } from '../../src/services/imports/limits.ts';
import { sharedUploadQuota } from '../../src/services/imports/upload-quota.ts';
import { forEachDatabase } from '../support/databases.ts';
import { multipartForm as form, multipartHeaders } from '../support/multipart.ts';
import { buildWorld, PASSWORD, testServer, type World } from '../support/server.ts';

interface ErrorBody {
  error: { code: string; message: { vi: string; en: string } };
}

/** A signed-in session's headers, for requests whose body is a stream (the test client sends buffers). */
async function session(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const cookieOf = (set: string | string[] | undefined) =>
    [set ?? []]
      .flat()
      .find((c) => c.startsWith('gn_session='))
      ?.split(';')[0] ?? '';
  const first = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: {
      cookie: cookieOf(first.headers['set-cookie']),
      'x-csrf-token': first.json<{ csrfToken: string }>().csrfToken,
      'content-type': 'application/json',
    },
    payload: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(login.statusCode).toBe(200);
  return {
    cookie: cookieOf(login.headers['set-cookie']),
    'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken,
  };
}

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let xa: Record<string, string>;
    let xa2: Record<string, string>;
    const MB = 1024 * 1024;
    const decision = { decisionNumber: '12/QĐ-UBND', decisionDate: '2026-03-15' };
    const openingList = () => `/api/communes/${world.communeA}/opening-list`;
    const odk = () => `/api/rounds/${randomUUID()}/odk-submissions`;
    const post = (url: string, who: Record<string, string>, payload: Buffer | PassThrough, extra = {}) =>
      app.inject({ method: 'POST', url, headers: { ...who, ...multipartHeaders, ...extra }, payload });

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      xa = await session(app, 'xa');
      xa2 = await session(app, 'xa2');
    });
    afterAll(async () => {
      await app?.close();
    });

    it('refuses a file over the limit with 413 naming it in MB, announced or found while it arrives', async () => {
      expect(uploadLimits().openingListMaxFileBytes).toBe(50 * MB);
      expect(uploadLimits().odkMaxFileBytes).toBe(50 * MB);
      const small = form(decision, { name: 'ds.csv', bytes: Buffer.from('Mã hộ;Phân loại\n') });
      for (const url of [openingList(), odk()]) {
        const res = await post(url, xa, small, { 'content-length': String(60 * MB) });
        expect(res.statusCode).toBe(413);
        const { error } = res.json<ErrorBody>();
        expect(error.code).toBe('BODY_TOO_LARGE');
        expect(error.message.vi).toContain('giới hạn dung lượng tệp: 60 MB, tối đa 50 MB');
        expect(error.message.en).toContain('file size limit: 60 MB, at most 50 MB');
      }
      // Announced within the limit (the form's own bytes allowed for), larger once received.
      const large = form(decision, { name: 'ds.csv', bytes: Buffer.alloc(50 * MB + 1024, 0x61) });
      const res = await post(openingList(), xa, large);
      expect(res.statusCode).toBe(413);
      expect(res.json<ErrorBody>().error.message.vi).toContain('hơn 50 MB, tối đa 50 MB');
      expect(res.json<ErrorBody>().error.message.en).toContain('more than 50 MB, at most 50 MB');
      expect(sharedUploadQuota(app.deps, uploadLimits()).usage(world.userIds.xa!)).toEqual({
        files: 0,
        bytes: 0,
      });
    });

    it("counts a user's uploads on both routes together until each is answered", async () => {
      const quota = sharedUploadQuota(app.deps, uploadLimits());
      const places = uploadLimits().pendingUploadsPerUser;
      const userId = world.userIds.xa!;
      // Uploads still arriving: the fields and the start of the file sent, the rest held back.
      const body = form(decision, { name: 'ds.csv', bytes: Buffer.from('Mã hộ;Phân loại\n') });
      const held = Array.from({ length: places }, (_, i) => {
        const stream = new PassThrough();
        stream.write(body.subarray(0, body.length - 20));
        const answer = post(i % 2 === 0 ? openingList() : odk(), xa, stream);
        return { stream, answer };
      });
      for (let i = 0; i < 200 && quota.usage(userId).files < places; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(quota.usage(userId).files).toBe(places);

      for (const url of [openingList(), odk()]) {
        const refused = await post(url, xa, body);
        expect(refused.statusCode).toBe(429);
        const { error } = refused.json<ErrorBody>();
        expect(error.code).toBe('TOO_MANY_REQUESTS');
        expect(error.message.vi).toContain(
          `số tệp đang chờ nhập của một người: ${places + 1}, tối đa ${places}`,
        );
        expect(error.message.en).toContain(
          `one user's pending uploads limit: ${places + 1}, at most ${places}`,
        );
      }
      // The household import counts against the same places.
      const importing = await app.inject({
        method: 'POST',
        url: '/api/imports?filename=ho.csv',
        headers: { ...xa, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('ma_ho\n1\n'),
      });
      expect(importing.statusCode).toBe(429);
      // Another user's places are their own.
      expect((await post(odk(), xa2, body)).statusCode).toBe(404);

      for (const h of held) h.stream.end(body.subarray(body.length - 20));
      const answers = await Promise.all(held.map((h) => h.answer));
      expect(answers.map((a) => a.statusCode)).not.toContain(429);
      expect(quota.usage(userId)).toEqual({ files: 0, bytes: 0 });
      expect((await post(odk(), xa, body)).statusCode).toBe(404);
    });
  },
  { cleanup: false },
);
