// The embedded engine's one connection held by a transaction without a budget (as the CLI's) until let go:
// what a queue of waiting requests forms behind in the tests of the pool's limits.
import type { Database } from '../../src/db/index.ts';

export async function holdTheConnection(db: Database): Promise<{ letGo(): Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const holder = db.transaction(async (tx) => {
    await tx.query('select 1');
    await held;
  });
  // The transaction has its connection before anything else asks.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    async letGo() {
      release();
      await holder;
    },
  };
}
