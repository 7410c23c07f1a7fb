// The enumerator's offline work as one store: the snapshot of their villages and the entries waiting to be
// sent, both kept in IndexedDB (storage.ts) under the username, so they survive a reload or a flat battery
// with no connection. Sending goes through POST /api/field/sync — the server applies each entry through the
// same use cases as every other write — and the answer replaces the device's copy of each household.
import { useSyncExternalStore } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { newId } from './ids.ts';
import { forSending, type Pending, type Snapshot } from './model.ts';
import { deleteValue, readValue, writeValue } from './storage.ts';
import type { paths } from '../api/schema.d.ts';
import { setServerToday } from '../lib/today.ts';

type SyncBody = paths['/api/field/sync']['post']['requestBody']['content']['application/json'];

export interface SyncReport {
  at: string;
  applied: number;
  conflicts: number;
  rejected: number;
}

export interface FieldState {
  username: string | null;
  loaded: boolean;
  snapshot: Snapshot | null;
  /** When the snapshot was taken (device clock) and for which villages ([] = the user's own). */
  takenAt: string | null;
  villageIds: string[];
  outbox: Pending[];
  lastSync: SyncReport | null;
  busy: 'download' | 'sync' | null;
  error: ApiError | null;
}

interface Saved {
  snapshot: Snapshot | null;
  takenAt: string | null;
  villageIds: string[];
  outbox: Pending[];
  lastSync: SyncReport | null;
}

const EMPTY: FieldState = {
  username: null,
  loaded: false,
  snapshot: null,
  takenAt: null,
  villageIds: [],
  outbox: [],
  lastSync: null,
  busy: null,
  error: null,
};

let state: FieldState = EMPTY;
const listeners = new Set<() => void>();

function set(next: Partial<FieldState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

const keyOf = (username: string) => `field:${username}`;

async function persist() {
  if (!state.username) return;
  const saved: Saved = {
    snapshot: state.snapshot,
    takenAt: state.takenAt,
    villageIds: state.villageIds,
    outbox: state.outbox,
    lastSync: state.lastSync,
  };
  await writeValue(keyOf(state.username), saved);
}

/** Opens the user's saved work (once per user). */
export async function openFieldStore(username: string): Promise<void> {
  if (state.username === username && state.loaded) return;
  set({ ...EMPTY, username });
  const saved = await readValue<Saved>(keyOf(username));
  if (state.username !== username) return;
  set({ ...(saved ?? {}), loaded: true });
}

/** How many of the user's entries wait on this device to be sent (0 when nothing is saved or storage fails). */
export async function pendingOnDevice(username: string): Promise<number> {
  if (state.username === username && state.loaded) return state.outbox.length;
  try {
    return (await readValue<Saved>(keyOf(username)))?.outbox.length ?? 0;
  } catch {
    return 0;
  }
}

/**
 * At sign-out: the households taken to the device (names, dates of birth, national ID numbers) leave it —
 * a tablet is often shared, and signing in again needs a connection, which takes them again. Unless
 * entries still wait to be sent: then all is kept for the next sign-in, as the user was told before
 * confirming. A session that merely expires keeps everything (the enumerator may be offline for days).
 */
export async function leaveDevice(username: string): Promise<'cleared' | 'kept'> {
  if ((await pendingOnDevice(username)) > 0) return 'kept';
  await deleteValue(keyOf(username));
  if (state.username === username) set({ ...EMPTY });
  return 'cleared';
}

async function deviceId(): Promise<string> {
  const known = await readValue<string>('device');
  if (known) return known;
  const id = newId();
  await writeValue('device', id);
  return id;
}

/** Takes (again) the snapshot of the user's villages, or of the chosen ones. Pending entries are kept. */
export async function download(villageIds: string[] = state.villageIds): Promise<void> {
  set({ busy: 'download', error: null });
  try {
    const snapshot = await call(() =>
      api.GET('/api/field/snapshot', {
        params: { query: villageIds.length ? { villages: villageIds.join(',') } : {} },
      }),
    );
    // The server's day comes with the village data: the days an enumerator then works offline count on from it.
    setServerToday(snapshot.today);
    set({ snapshot, takenAt: new Date().toISOString(), villageIds });
    await persist();
  } catch (e) {
    set({ error: e instanceof ApiError ? e : new ApiError(0, undefined) });
  } finally {
    set({ busy: null });
  }
}

/** Saves a new outbox (every edit on the device goes through here, durably, before the screen moves on). */
export async function saveOutbox(outbox: Pending[]): Promise<void> {
  set({ outbox });
  await persist();
}

/** Sends the waiting entries; applied and conflicting ones leave the device, refused ones stay with the reason. */
export async function sync(): Promise<SyncReport | null> {
  if (state.busy || !state.outbox.length) return null;
  set({ busy: 'sync', error: null });
  try {
    const sent = state.outbox;
    const id = await deviceId();
    const { outcomes } = await call(() =>
      api.POST('/api/field/sync', {
        // The domain's entry types values loosely (any field value); the forms put only valid ones in.
        body: { deviceId: id, changes: forSending(sent) as unknown as SyncBody['changes'] },
      }),
    );
    const households = [...(state.snapshot?.households ?? [])];
    let outbox = [...state.outbox];
    const report: SyncReport = { at: new Date().toISOString(), applied: 0, conflicts: 0, rejected: 0 };
    for (const o of outcomes) {
      const at = outbox.findIndex((e) => e.changeId === o.changeId);
      if (o.status === 'rejected') {
        report.rejected++;
        if (at >= 0)
          outbox[at] = {
            ...outbox[at]!,
            error: o.error && { message: o.error.message, fields: o.error.fields },
          };
        continue;
      }
      if (o.status === 'applied') report.applied++;
      else report.conflicts++;
      if (at >= 0) outbox = outbox.filter((_, i) => i !== at);
      if (o.household) {
        const i = households.findIndex((h) => h.householdId === o.household!.householdId);
        if (i >= 0) households[i] = o.household;
        else households.push(o.household);
      }
    }
    set({
      outbox,
      snapshot: state.snapshot ? { ...state.snapshot, households } : state.snapshot,
      lastSync: report,
    });
    await persist();
    return report;
  } catch (e) {
    set({ error: e instanceof ApiError ? e : new ApiError(0, undefined) });
    return null;
  } finally {
    set({ busy: null });
  }
}

export function useFieldStore(): FieldState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

export const currentFieldState = (): FieldState => state;
