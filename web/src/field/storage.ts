// The device's own storage for offline work: one IndexedDB database with a key-value store. Each signed-in
// user's snapshot and outbox are kept under their username, so a shared tablet never shows one
// enumerator's households to another. A few hundred households fit in one record well under 5 MB.
const DB_NAME = 'giamngheo-field';
const STORE = 'kv';

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const req = act(tx.objectStore(STORE));
        // Resolved when the transaction is durable, not merely when the request succeeded.
        tx.oncomplete = () => resolve(req.result as T);
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
      }),
  );
}

export const readValue = <T>(key: string): Promise<T | undefined> =>
  run<T | undefined>('readonly', (s) => s.get(key));
export const writeValue = (key: string, value: unknown): Promise<void> =>
  run<unknown>('readwrite', (s) => s.put(value, key)).then(() => undefined);
export const deleteValue = (key: string): Promise<void> =>
  run<unknown>('readwrite', (s) => s.delete(key)).then(() => undefined);
