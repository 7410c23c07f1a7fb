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
  it('trusts a record for ttlMs, then hands it out as stale until maxStaleMs', () => {
    let now = 1_000_000;
    const cache = new SessionCache({ ttlMs: 100, maxStaleMs: 1000, now: () => now });
    cache.sessionRead('s1', record('u1', now + 8 * 3600_000));
    expect(cache.session('s1')).toMatchObject({ value: { userId: 'u1' }, stale: false });
    now += 99;
    expect(cache.session('s1')?.stale).toBe(false);
    now += 1;
    expect(cache.session('s1')).toMatchObject({ value: { userId: 'u1' }, stale: true });
    now += 900;
    expect(cache.session('s1')).toBeUndefined();
  });

  it('a read that began before a sign-out or a change of account does not put back what was dropped', () => {
    const cache = new SessionCache();
    const far = Date.now() + 3600_000;
    const before = cache.generation;
    cache.forgetUser('u1');
    cache.sessionRead('s1', record('u1', far), before);
    cache.actorLoaded(actor('u1'), before);
    expect(cache.session('s1')).toBeUndefined();
    expect(cache.actor('u1')).toBeUndefined();
    cache.sessionRead('s1', record('u1', far), cache.generation);
    expect(cache.session('s1')?.value.userId).toBe('u1');
  });

  it('writes a save only when something besides the expiry changed, or the stored expiry is touchMs behind', () => {
    let now = 0;
    const cache = new SessionCache({ ttlMs: 60_000, touchMs: 1000, now: () => now });
    expect(cache.mustWrite('s1', record('u1', 10_000))).toBe(true); // unknown here
    cache.sessionSaved('s1', record('u1', 10_000), true);
    now = 500;
    expect(cache.mustWrite('s1', record('u1', 10_500))).toBe(false);
    cache.sessionSaved('s1', record('u1', 10_500), false);
    expect(cache.session('s1')?.value.cookie?.expires).toBe(new Date(10_500).toISOString());
    now = 999;
    expect(cache.mustWrite('s1', record('u1', 10_999))).toBe(false);
    now = 1000;
    expect(cache.mustWrite('s1', record('u1', 11_000))).toBe(true);
    expect(cache.mustWrite('s1', record('u1', 10_600, { _csrf: 'new' }))).toBe(true);
    // The same record with its keys in another order (as read back from jsonb) is the same record.
    const reordered = Object.fromEntries(Object.entries(record('u1', 10_500)).reverse());
    cache.sessionRead('s2', reordered);
    expect(cache.mustWrite('s2', record('u1', 10_600))).toBe(false);
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
    expect(cache.session('b1')?.value.userId).toBe('b');
    expect(cache.actor('b')?.value.userId).toBe('b');
  });

  it('keeps at most maxEntries, dropping the oldest; a copy is handed out, not the record kept', () => {
    const cache = new SessionCache({ maxEntries: 2 });
    const far = Date.now() + 3600_000;
    cache.sessionRead('s1', record('u1', far));
    cache.sessionRead('s2', record('u2', far));
    cache.sessionRead('s3', record('u3', far));
    expect(cache.size.sessions).toBe(2);
    expect(cache.session('s1')).toBeUndefined();
    const copy = cache.session('s2')!.value;
    copy.userId = 'someone-else';
    expect(cache.session('s2')?.value.userId).toBe('u2');
  });
});
