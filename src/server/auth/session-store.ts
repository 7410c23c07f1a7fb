// The @fastify/session store backed by the sessions table.
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Database } from '../../db/index.ts';
import { sessions } from '../../db/index.ts';

const DAY = 24 * 60 * 60 * 1000;

export function databaseSessionStore(db: Database): SessionStore {
  return {
    set(id, session, cb) {
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : new Date(Date.now() + DAY);
      sessions.writeSession(db, id, session, expires).then(() => cb(), cb);
    },
    get(id, cb) {
      sessions.readSession(db, id).then(
        (data) => cb(null, (data as Session | undefined) ?? null),
        (err) => cb(err),
      );
    },
    destroy(id, cb) {
      sessions.deleteSession(db, id).then(() => cb(), cb);
    },
  };
}
