// One import of the import benchmark, alone, to profile it:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import-profile.ts csv 10000
// (format, member rows; --postgres URL as for bench/run.ts, default the local server).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure } from './import.bench.ts';

const [format = 'csv', rows = '10000'] = process.argv.slice(2);
if (format !== 'csv' && format !== 'xlsx') throw new Error('format: csv or xlsx');
const tmp = mkdtempSync(join(tmpdir(), 'gn-import-profile-'));
chmodSync(tmp, 0o755); // the PostgreSQL server reads the COPY files
try {
  await measure(
    {
      quick: true,
      postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
      tmp,
      log: (line) => console.error(line),
    },
    format,
    Number(rows),
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
