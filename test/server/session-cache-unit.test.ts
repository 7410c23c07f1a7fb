// The in-memory sessions and users (src/server/auth/session-cache.ts) on a clock of our own.
import { describe, expect, it } from 'vitest';
import { SessionCache } from '../../src/server/auth/session-cache.ts';
import type { Actor } from '../../src/services/actor.ts';

const record = (userId: string, expires: number, extra: Record<string, unknown> = {}) => ({
  userId,
  cookie: { expires: new Date(expires).toISOString(), originalExpires: null, path: '/' },
  ...extra,
});

const actor = (userId: string): Actor => ({
  userId,
  username: userId,
  displayName: userId,
  role: 'viewer',
  read: { all: false, units: [], villageIds: [] },
  write: { all: false, units: [], villageIds: [] },
});

describe('SessionCache', () => {
  it('trusts a record for ttlMs, then asks the table again', () => {
    let now = 1_000_000;
    const cache = new SessionCache({ ttlMs: 100, now: () => now });
    cache.sessionRead('s1', record('u1', now + 8 * 3600_000));
    expect(cache.session('s1')?.userId).toBe('u1');
    now += 99;
    expect(cache.session('s1')).toBeDefined();
    now += 1;
    expect(cache.session('s1')).toBeUndefined();
  });

  it('writes a save only when something besides the expiry changed, or the stored expiry is touchMs behind', () => {
    let now = 0;
    const cache = new SessionCache({ ttlMs: 60_000, touchMs: 1000, now: () => now });
    expect(cache.mustWrite('s1', record('u1', 10_000))).toBe(true); // unknown here
    cache.sessionSaved('s1', record('u1', 10_000), true);
    now = 500;
    expect(cache.mustWrite('s1', record('u1', 10_500))).toBe(false);
    cache.sessionSaved('s1', record('u1', 10_500), false);
    expect(cache.session('s1')?.cookie?.expires).toBe(new Date(10_500).toISOString());
    now = 999;
    expect(cache.mustWrite('s1', record('u1', 10_999))).toBe(false);
    now = 1000;
    expect(cache.mustWrite('s1', record('u1', 11_000))).toBe(true);
    expect(cache.mustWrite('s1', record('u1', 10_600, { _csrf: 'new' }))).toBe(true);
  });

  it('forgets every session and the actor of a changed user, and nothing of others', () => {
    const cache = new SessionCache();
    const far = Date.now() + 3600_000;
    cache.sessionRead('a1', record('a', far));
    cache.sessionRead('a2', record('a', far));
    cache.sessionRead('b1', record('b', far));
    cache.actorLoaded(actor('a'));
    cache.actorLoaded(actor('b'));
    cache.forgetUser('a');
    expect(cache.session('a1')).toBeUndefined();
    expect(cache.session('a2')).toBeUndefined();
    expect(cache.actor('a')).toBeUndefined();
    expect(cache.session('b1')?.userId).toBe('b');
    expect(cache.actor('b')?.userId).toBe('b');
  });

  it('keeps at most maxEntries, dropping the oldest; a copy is handed out, not the record kept', () => {
    const cache = new SessionCache({ maxEntries: 2 });
    const far = Date.now() + 3600_000;
    cache.sessionRead('s1', record('u1', far));
    cache.sessionRead('s2', record('u2', far));
    cache.sessionRead('s3', record('u3', far));
    expect(cache.size.sessions).toBe(2);
    expect(cache.session('s1')).toBeUndefined();
    const copy = cache.session('s2')!;
    copy.userId = 'someone-else';
    expect(cache.session('s2')?.userId).toBe('u2');
  });
});
