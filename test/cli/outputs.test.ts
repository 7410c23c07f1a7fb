// `giamngheo outputs import FILE.csv` as a user runs it: bad rows named with their numbers and nothing written
// (exit 1), then a good file imported whole (exit 0).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'gn-outputs-'));
const db = join(dir, 'db');
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

it('imports outputs all or nothing, naming bad rows', async () => {
  const bad = file('bad.csv', [
    'unit,year,indicator,planned,achieved,source',
    '06,2024,vocational_trained,300,120,BC',
    '06,2024,unicorns,1,1,BC',
    '99999,2024,jobs_found,1,1,BC',
  ]);
  const refused = await runCli(['outputs', 'import', bad, '--db', db]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('bad.csv:3 [indicator]: Dòng 3:');
  expect(refused.stderr).toContain('bad.csv:4 [unit]');
  expect(refused.stderr).toContain('Nothing imported: 2 error(s)');
  const good = file('good.csv', [
    'unit,year,indicator,planned,achieved,source',
    '06,2024,vocational_trained,300,120,BC',
    '060,2024,houses_new,20,18,BC',
  ]);
  const ok = await runCli(['outputs', 'import', good, '--db', db]);
  expect(ok.stderr).not.toContain('Row');
  expect(ok.code).toBe(0);
  expect(ok.stdout).toContain('Imported 2 output records');
  expect((await runCli(['outputs', 'nope', '--db', db])).code).toBe(2);
}, 300_000);
