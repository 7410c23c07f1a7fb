// `giamngheo units` end to end: a fresh embedded directory is created and loaded on first use; PostgreSQL
// through DATABASE_URL when TEST_DATABASE_URL is set.
/* eslint-disable @typescript-eslint/no-explicit-any -- the output is JSON read back in. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { createScratchPostgres } from '../support/databases.ts';

const run = runCli;

const engines: [
  string,
  () => Promise<{ args: string[]; env: Record<string, string | undefined>; done(): Promise<void> }>,
][] = [
  [
    'embedded (--db)',
    async () => ({
      args: ['--db', join(mkdtempSync(join(tmpdir(), 'gn-cli-')), 'db')],
      env: { DATABASE_URL: undefined },
      done: async () => {},
    }),
  ],
];
if (process.env.TEST_DATABASE_URL) {
  engines.push([
    'PostgreSQL (DATABASE_URL)',
    async () => {
      const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL!);
      return { args: [], env: { DATABASE_URL: scratch.url }, done: scratch.drop };
    },
  ]);
}

describe.each(engines)('giamngheo units on %s', (_name, setup) => {
  let ctx: Awaited<ReturnType<typeof setup>>;
  const units = (...args: string[]) => run(['units', ...args, ...ctx.args], ctx.env);
  beforeAll(async () => {
    ctx = await setup();
    // The first command creates, migrates and loads the database.
    const first = await units('show', '19', '--at', '2025-07-01', '--json');
    expect(first.code).toBe(0);
  }, 120_000);
  afterAll(async () => ctx.done());

  it('shows the unit of a re-used code as of each date, with its parent chain', async () => {
    const before = JSON.parse((await units('show', '01864', '--at', '2025-06-30', '--json')).stdout);
    expect(before).toMatchObject({
      code: '01864',
      name: 'Xã Bộc Bố',
      level: 'commune',
      area: 'rural',
      validTo: '2025-06-30',
    });
    expect(before.parents.map((p: any) => [p.code, p.name])).toEqual([
      ['060', 'Huyện Pác Nặm'],
      ['06', 'Tỉnh Bắc Kạn'],
    ]);
    const after = JSON.parse((await units('show', '01864', '--at', '2025-07-01', '--json')).stdout);
    expect(after).toMatchObject({ name: 'Xã Bằng Thành', validFrom: '2025-07-01', validTo: null });
    expect(after.parents).toEqual([{ code: '19', name: 'Tỉnh Thái Nguyên', level: 'province' }]);
  });

  it('gives lineage both ways with kind and date', async () => {
    const old = JSON.parse((await units('lineage', '01864', '--at', '2025-06-30', '--json')).stdout);
    expect(old.predecessors).toEqual([]);
    expect(old.successors.map((s: any) => [s.code, s.name, s.kind, s.date])).toEqual([
      ['01864', 'Xã Bằng Thành', 'whole', '2025-07-01'],
    ]);
    const now = JSON.parse((await units('lineage', '01864', '--at', '2026-01-01', '--json')).stdout);
    expect(now.predecessors.map((p: any) => p.code).sort()).toEqual(['01858', '01861', '01864', '01870']);
    const province = JSON.parse((await units('lineage', '06', '--at', '2025-06-30', '--json')).stdout);
    expect(province.successors.map((s: any) => [s.code, s.kind])).toEqual([['19', 'whole']]);
  });

  it('lists children as a JSON array', async () => {
    const districts = JSON.parse((await units('children', '06', '--at', '2025-06-30')).stdout);
    expect(districts).toHaveLength(8);
    expect(districts.find((d: any) => d.code === '060')).toMatchObject({
      name: 'Huyện Pác Nặm',
      level: 'district',
    });
    expect(JSON.parse((await units('children', '19', '--at', '2025-07-01', '--json')).stdout)).toHaveLength(
      92,
    );
  });

  it('an unknown code, or a date when no unit had it, is a clear error with exit code 1', async () => {
    const unknown = await units('show', '99999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No administrative unit has code 99999');
    const gone = await units('show', '060', '--at', '2026-01-01');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Huyện Pác Nặm (1900-01-01 → 2025-06-30)');
    const badDate = await units('show', '060', '--at', '2025-02-30');
    expect(badDate.code).toBe(2);
  });
});

describe('giamngheo units rebase', () => {
  it("expresses Bắc Kạn counts in today's units, exactly", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gn-rebase-'));
    const file = join(dir, 'counts.csv');
    writeFileSync(
      file,
      'unit,households,poor\n01864,500,120\n01858,300,50\n01861,200,40\n01870,100,10\n05467,900,30\n',
    );
    const r = await run(['units', 'rebase', file, '--at', '2024-12-31'], {});
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toBe('unit,name,households,poor,method,complete');
    expect(rows).toContain('01864,"Xã Bằng Thành",1100,220,whole,true');
    expect(r.stderr).toContain('chưa phân bổ / unallocated 05467');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'unit,households\n01864,-5\nabc,3\n');
    const b = await run(['units', 'rebase', bad, '--at', '2024-12-31'], {});
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`${bad}:2: households: "-5"`);
    expect(b.stderr).toContain(`${bad}:3: mã đơn vị không hợp lệ "abc"`);
  });
});
