// What the server keeps in memory so that a signed-in request costs no database round trip: the session
// records (read from the sessions table at most once per `ttlMs`, their sliding expiry written back at
// most once per `touchMs`) and each user's role and scopes (the Actor, at most `ttlMs` old). Sign-out
// removes a session here and in the table at once; a change of account in this process (deactivation,
// password, role, scopes: src/services/account-events.ts) drops the user's entries at once. Changes made
// by another process reach this one within `ttlMs`. The server runs as one process (docs/adr/0011-…).
import type { Actor } from '../../services/actor.ts';

export interface SessionCacheOptions {
  /** How long a record read from the database is trusted (default 15 s). */
  ttlMs?: number;
  /**
   * After ttlMs a record is still served while it is read again in the background (so a saturated
   * database does not stall signed-in requests), up to this age (default 10 min).
   */
  maxStaleMs?: number;
  /** A session whose stored expiry is less than this behind is not written again (default 5 min). */
  touchMs?: number;
  /** At most this many sessions and as many users are kept; the oldest go first (default 20.000). */
  maxEntries?: number;
  now?: () => number;
}

export interface SessionRecord {
  userId?: string;
  cookie?: { expires?: string | null; originalExpires?: string | null } | undefined;
  [key: string]: unknown;
}

interface CachedSession {
  data: SessionRecord;
  /** When it was read from or written to the table. */
  at: number;
  /** The record without its expiry, to see whether anything but the expiry changed. */
  shape: string;
  /** The expiry stored in the table (ms since epoch), NaN when unknown. */
  storedExpiry: number;
}

const expiryOf = (data: SessionRecord): number => {
  const e = data.cookie?.expires;
  return e ? new Date(e).getTime() : Number.NaN;
};

// @fastify/session moves `expires` on every request and keeps the previous one as `originalExpires`. Keys
// are sorted: a record read back from the jsonb column has them in another order than the one saved.
// Kept per record (a record is never changed once given here: session() hands out copies), since a request's
// save asks it twice (mustWrite, then sessionSaved).
const shapes = new WeakMap<SessionRecord, string>();
const shapeOf = (data: SessionRecord): string => {
  let shape = shapes.get(data);
  if (shape === undefined) {
    shape = canonical({ ...data, cookie: { ...data.cookie, expires: null, originalExpires: null } });
    shapes.set(data, shape);
  }
  return shape;
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A kept record, and whether it is past ttlMs (to be served while it is read again). */
export interface Hit<T> {
  value: T;
  stale: boolean;
}

export class SessionCache {
  readonly ttlMs: number;
  readonly maxStaleMs: number;
  /**
   * Moves on every forget: a read that started before a sign-out or a change of account must not put
   * back what was just dropped (sessionRead and actorLoaded take the generation seen when they began).
   */
  private gen = 0;
  readonly touchMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly sessions = new Map<string, CachedSession>();
  private readonly actors = new Map<string, { actor: Actor; at: number }>();

  constructor(options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.maxStaleMs = Math.max(this.ttlMs, options.maxStaleMs ?? 10 * 60_000);
    this.touchMs = options.touchMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  get generation(): number {
    return this.gen;
  }

  /** The session as last read or written (a copy the caller may change); stale after ttlMs. */
  session(id: string): Hit<SessionRecord> | undefined {
    const hit = this.sessions.get(id);
    if (!hit) return undefined;
    const age = this.now() - hit.at;
    if (age >= this.maxStaleMs) {
      this.sessions.delete(id);
      return undefined;
    }
    return { value: structuredClone(hit.data), stale: age >= this.ttlMs };
  }

  /**
   * Remembers a session just read from the table (`undefined`: there is none, nothing is kept), unless
   * something was forgotten since `generation` was taken, before the read began.
   */
  sessionRead(id: string, data: SessionRecord | undefined, generation = this.gen): void {
    if (generation !== this.gen) return;
    if (!data) {
      this.sessions.delete(id);
      return;
    }
    this.keep(this.sessions, id, {
      data,
      at: this.now(),
      shape: shapeOf(data),
      storedExpiry: expiryOf(data),
    });
  }

  /**
   * Whether saving `data` must reach the table: something besides the expiry changed, the session is not
   * known here, or the stored expiry is `touchMs` or more behind the new one.
   */
  mustWrite(id: string, data: SessionRecord): boolean {
    const hit = this.sessions.get(id);
    if (!hit || hit.shape !== shapeOf(data)) return true;
    const next = expiryOf(data);
    if (Number.isNaN(next) || Number.isNaN(hit.storedExpiry)) return true;
    return next - hit.storedExpiry >= this.touchMs;
  }

  /** Whether saving `data` would only move the expiry of the session kept here. */
  onlyTouches(id: string, data: SessionRecord): boolean {
    const hit = this.sessions.get(id);
    return !!hit && hit.shape === shapeOf(data);
  }

  /** After a save: `written` says whether it reached the table (else only the expiry moved, here). */
  sessionSaved(id: string, data: SessionRecord, written: boolean): void {
    const hit = this.sessions.get(id);
    const storedExpiry = written || !hit ? expiryOf(data) : hit.storedExpiry;
    const at = written || !hit ? this.now() : hit.at;
    this.keep(this.sessions, id, { data, at, shape: shapeOf(data), storedExpiry });
  }

  forgetSession(id: string): void {
    this.gen++;
    this.sessions.delete(id);
  }

  /** The user's role and scopes as last loaded; stale after ttlMs. */
  actor(userId: string): Hit<Actor> | undefined {
    const hit = this.actors.get(userId);
    if (!hit) return undefined;
    const age = this.now() - hit.at;
    if (age >= this.maxStaleMs) {
      this.actors.delete(userId);
      return undefined;
    }
    return { value: hit.actor, stale: age >= this.ttlMs };
  }

  /** Remembers the user just loaded, unless something was forgotten since `generation` was taken. */
  actorLoaded(actor: Actor, generation = this.gen): void {
    if (generation !== this.gen) return;
    this.keep(this.actors, actor.userId, { actor, at: this.now() });
  }

  /** Drops everything kept for the user: their role and scopes and every session of theirs. */
  forgetUser(userId: string): void {
    this.gen++;
    this.actors.delete(userId);
    for (const [id, s] of this.sessions) if (s.data.userId === userId) this.sessions.delete(id);
  }

  get size(): { sessions: number; actors: number } {
    return { sessions: this.sessions.size, actors: this.actors.size };
  }

  private keep<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxEntries) map.delete(map.keys().next().value!);
  }
}
