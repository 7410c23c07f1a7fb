// Which version (checksum) of each reference data set is loaded.
import type { Queryable } from '../database.ts';

export async function loadedChecksum(db: Queryable, name: string): Promise<string | undefined> {
  const [row] = await db.query<{ checksum: string }>(
    'select checksum from reference_data_loads where name = $1',
    [name],
  );
  return row?.checksum;
}

export async function markLoaded(db: Queryable, name: string, checksum: string): Promise<void> {
  await db.query(
    `insert into reference_data_loads (name, checksum, loaded_at) values ($1, $2, now())
     on conflict (name) do update set checksum = excluded.checksum, loaded_at = excluded.loaded_at`,
    [name, checksum],
  );
}
