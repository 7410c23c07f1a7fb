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
  // Sessions being read again in the background (one read each at a time).
  const refreshing = new Set<string>();
  return {
    set(id, session, cb) {
      const data = JSON.parse(JSON.stringify(session)) as SessionRecord;
      if (!cache.mustWrite(id, data)) {
        cache.sessionSaved(id, data, false);
        return cb();
      }
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
      sessions.writeSession(db, id, data, expires).then(
        (written) => {
          // Ended meanwhile (signed out while this request was under way): it stays ended.
          if (written) cache.sessionSaved(id, data, true);
          else cache.forgetSession(id);
          cb();
        },
        (err: unknown) => {
          // Moving the sliding expiry can wait for a calmer moment: a busy database does not fail the answer.
          if (cache.onlyTouches(id, data)) {
            cache.sessionSaved(id, data, false);
            return cb();
          }
          cb(err);
        },
      );
    },
    get(id, cb) {
      const hit = cache.session(id);
      if (hit && !hit.stale) return cb(null, hit.value as unknown as Session);
      if (hit && refreshing.has(id)) return cb(null, hit.value as unknown as Session);
      const generation = cache.generation;
      refreshing.add(id);
      // A read in the background runs apart from the request (its signal): it outlives it.
      const fetch = () => sessions.readSession(db, id);
      const reading = hit ? db.withBudget({ statementTimeoutMs: 5000 }, fetch) : fetch();
      const read = reading.then((data) => {
        cache.sessionRead(id, data as SessionRecord | undefined, generation);
        return data as Session | undefined;
      });
      void read.finally(() => refreshing.delete(id)).catch(() => undefined);
      // A stale session is served at once and read again in the background: a busy database does not
      // stall signed-in requests; one that no longer exists is gone from the next request on.
      if (hit) return cb(null, hit.value as unknown as Session);
      read.then(
        (data) => cb(null, data ?? null),
        (err) => cb(err),
      );
    },
    destroy(id, cb) {
      cache.forgetSession(id);
      sessions.deleteSession(db, id).then(() => cb(), cb);
    },
  };
}
