// "This account changed" within this process: the HTTP server keeps signed-in users' sessions and role and
// scopes in memory (src/server/auth/session-cache.ts) and forgets a user's the moment a change commits.
// Another process changing the database directly is seen when the cached entries expire (seconds).
type Listener = (userId: string) => void;

const listeners = new Set<Listener>();

/** Calls `listener` after each committed change of an account; returns the function that stops it. */
export function onAccountChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Announces a committed change of the account (role, scopes, active, password, name). */
export function accountChanged(userId: string): void {
  for (const listener of listeners) listener(userId);
}
