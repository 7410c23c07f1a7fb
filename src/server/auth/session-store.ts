// The @fastify/session store backed by the sessions table, with the in-memory cache of session-cache.ts in
// front: a signed-in request reads its session from memory, and saving it (the sliding expiry, every
// request) reaches the table only when something else changed or the stored expiry is minutes behind.
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Database } from '../../db/index.ts';
import { sessions } from '../../db/index.ts';
import type { SessionCache, SessionRecord } from './session-cache.ts';

const DAY = 24 * 60 * 60 * 1000;

export function databaseSessionStore(db: Database, cache: SessionCache): SessionStore {
  return {
    set(id, session, cb) {
      const data = JSON.parse(JSON.stringify(session)) as SessionRecord;
      if (!cache.mustWrite(id, data)) {
        cache.sessionSaved(id, data, false);
        return cb();
      }
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
      sessions.writeSession(db, id, data, expires).then(() => {
        cache.sessionSaved(id, data, true);
        cb();
      }, cb);
    },
    get(id, cb) {
      const cached = cache.session(id);
      if (cached) return cb(null, cached as unknown as Session);
      sessions.readSession(db, id).then(
        (data) => {
          cache.sessionRead(id, data as SessionRecord | undefined);
          cb(null, (data as Session | undefined) ?? null);
        },
        (err) => cb(err),
      );
    },
    destroy(id, cb) {
      cache.forgetSession(id);
      sessions.deleteSession(db, id).then(() => cb(), cb);
    },
  };
}
