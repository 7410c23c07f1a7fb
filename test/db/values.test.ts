// The same SQL returns the same JavaScript values on PGlite and on PostgreSQL (see src/db/values.ts).
import { expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { forEachDatabase } from '../support/databases.ts';

forEachDatabase((getDb) => {
  it('normalises scalar types', async () => {
    const [row] = await getDb().query(
      `select 42::int2 as i2, 42::int4 as i4, 42::int8 as i8, 9007199254740993::int8 as i8big,
              count(*) as counted, count(*)::int as counted_int, sum(x)::int8 as summed,
              1.50::numeric as num, 0.1::float8 as f8, true as b,
              '2025-07-01'::date as d, '2025-07-01 08:30:00+07'::timestamptz as tstz,
              '2025-07-01 08:30:00'::timestamp as ts, '1 day 02:00'::interval as iv,
              '00000000-0000-0000-0000-000000000001'::uuid as u, 'Xã Bằng Thành'::text as t,
              '{"a": [1, 2], "b": null}'::jsonb as jb, '[1, "x"]'::json as js,
              '\\x0102ff'::bytea as by, null::int8 as nothing
       from (values (1), (2)) v(x)`,
    );
    expect(row).toEqual({
      i2: 42,
      i4: 42,
      i8: 42n,
      i8big: 9007199254740993n,
      counted: 2n,
      counted_int: 2,
      summed: 3n,
      num: '1.50',
      f8: 0.1,
      b: true,
      d: '2025-07-01',
      tstz: new Date('2025-07-01T01:30:00.000Z'),
      ts: '2025-07-01 08:30:00',
      iv: '1 day 02:00:00',
      u: '00000000-0000-0000-0000-000000000001',
      t: 'Xã Bằng Thành',
      jb: { a: [1, 2], b: null },
      js: [1, 'x'],
      by: new Uint8Array([1, 2, 255]),
      nothing: null,
    });
  });

  it('normalises arrays', async () => {
    const [row] = await getDb().query(
      `select array['a', null, 'c"d']::text[] as texts, array[1, 2]::int8[] as int8s, array[1, 2]::int4[] as int4s,
              array['2025-01-01', null]::date[] as dates, array[1.5, 2]::numeric[] as nums,
              array['{"x": 1}']::jsonb[] as jsons, '{}'::text[] as empty`,
    );
    expect(row).toEqual({
      texts: ['a', null, 'c"d'],
      int8s: [1n, 2n],
      int4s: [1, 2],
      dates: ['2025-01-01', null],
      nums: ['1.5', '2'],
      jsons: [{ x: 1 }],
      empty: [],
    });
  });

  it('prepares parameters the same way', async () => {
    const [row] = await getDb().query(
      `select $1::int8 + 1 as big, $2::timestamptz as at, $3::jsonb as obj, $4::jsonb as arr,
              $5::text[] as texts, $6::date[] as dates, $7::int8[] as bigs, $8::text as missing, $9::bool as flag,
              $10::date as day`,
      [
        9007199254740993n,
        new Date('2025-07-01T00:00:00Z'),
        { tên: 'Bằng Thành', n: 1 },
        JSON.stringify([1, 2]),
        ['x', null],
        ['2025-07-01', null],
        [1n, 2n],
        undefined,
        false,
        '2025-12-31',
      ],
    );
    expect(row).toEqual({
      big: 9007199254740994n,
      at: new Date('2025-07-01T00:00:00Z'),
      obj: { tên: 'Bằng Thành', n: 1 },
      arr: [1, 2],
      texts: ['x', null],
      dates: ['2025-07-01', null],
      bigs: [1n, 2n],
      missing: null,
      flag: false,
      day: '2025-12-31',
    });
  });

  it('returns rows as arrays on request, and through drizzle', async () => {
    expect(await getDb().queryArrays(`select 1::int8 as a, 'x' as b union all select 2, 'y'`)).toEqual([
      [1n, 'x'],
      [2n, 'y'],
    ]);
    const rows = await getDb().drizzle.execute(sql`select ${'2025-07-01'}::date as d, ${5n}::int8 as n`);
    expect(rows).toEqual([{ d: '2025-07-01', n: 5n }]);
  });

  it('works in the Vietnamese time zone', async () => {
    const [row] = await getDb().query<{ tz: string; day: string }>(
      `select current_setting('TimeZone') as tz, ('2025-06-30 18:00:00+00'::timestamptz)::date as day`,
    );
    expect(row).toEqual({ tz: 'Asia/Ho_Chi_Minh', day: '2025-07-01' });
  });

  it('reports server errors as DatabaseError with the SQLSTATE', async () => {
    await expect(getDb().query('select * from no_such_table')).rejects.toMatchObject({
      name: 'DatabaseError',
      code: '42P01',
    });
    await expect(getDb().query(`select 'x'::int`)).rejects.toMatchObject({ code: '22P02' });
  });
});
