// The directories the export jobs of a test made (their files are kept 24 hours for their owner, so a test
// run would otherwise leave them in the temporary directory): removed at the end of a test file.
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Queryable } from '../../src/db/index.ts';

export async function removeExportDirs(db: Queryable): Promise<void> {
  const rows = await db.query<{ dir: string | null }>(
    `select meta->>'dir' as dir from jobs where kind = 'export'`,
  );
  for (const { dir } of rows)
    if (dir && basename(dir).startsWith('giamngheo-export-')) await rm(dir, { recursive: true, force: true });
}
