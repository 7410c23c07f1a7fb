// An import job as the server's start leaves one a killed process was running (src/jobs/registry.ts
// recover()): failed, "interrupted by a restart", 300 of 2.000 households done — saved straight into the
// job store, for the pages that show it.
import type { Database } from '../../src/db/index.ts';
import { INTERRUPTED } from '../../src/jobs/registry.ts';
import { databaseJobStore } from '../../src/jobs/store.ts';

export async function saveInterruptedImport(
  db: Database,
  job: { id: string; ownerId: string; filename: string; at?: Date },
): Promise<void> {
  const at = job.at ?? new Date();
  await databaseJobStore(db).save(
    {
      id: job.id,
      kind: 'import',
      ownerId: job.ownerId,
      status: 'failed',
      progress: { phase: 'interrupted', done: 300, total: 2000 },
      meta: { filename: job.filename, size: 123456 },
      result: null,
      errors: [],
      errorCount: 0,
      failure: INTERRUPTED,
      createdAt: at,
      startedAt: at,
      finishedAt: at,
    },
    [],
  );
}
