// Vietnamese typed either way (issue #15, item 7c), on both engines: a household whose head's name comes in
// NFD (combining marks, as some phones and macOS send it) with zero-width characters pasted in is stored in
// NFC without them, and is found by its name typed in NFC, in NFD, without accents, or with invisible
// characters — input strings are cleaned at the edge (src/server/clean-input.ts) before validation.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fold, foldWords } from '../../src/domain/geography/text.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

const NFC = 'Nguyễn Thị Ánh Tuyết';
const NFD = NFC.normalize('NFD');

it('folds names typed in NFD, with invisible characters or look-alike letters, as the plain name', () => {
  expect(NFD).not.toBe(NFC);
  const key = fold(NFC);
  for (const typed of [
    NFD,
    'Nguy\u200bễn Thị\u200c Ánh\u200d Tuyết\ufeff',
    'Nguyễn Thị Ánh Tuyết'.replace('e', '\u0435'), // Cyrillic е
    'NGUYEN THI ANH TUYET',
    '\u00adNguyễn Thị Ánh Tuyết',
  ])
    expect(fold(typed)).toBe(key);
  expect(foldWords(`Nguy\u200bễn  Thị\u2060 Ánh Tuyết`)).toBe('nguyen thi anh tuyet');
  expect(fold('Ðặng')).toBe(fold('Đặng'));
});

forEachDatabase((getDb) => {
  let app: FastifyInstance;
  let world: World;
  let xa: Client;

  beforeAll(async () => {
    world = await buildWorld(getDb());
    app = await testServer(getDb());
    xa = await signedInAs(app, 'xa');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('stores a name sent in NFD with zero-width characters in NFC without them, and finds it typed either way', async () => {
    const created = await xa.post('/api/households', {
      villageId: world.villageA1,
      headName: `\u200b${NFD}\ufeff`,
      address: `Thôn Nà Phầy\u200d`.normalize('NFD'),
      members: [{ fullName: `${NFD.slice(0, 8)}\u200c${NFD.slice(8)}` }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { householdId } = created.json<{ householdId: string }>();

    const [stored] = await getDb().query<{ head_name: string; address: string }>(
      'select head_name, address from households where household_id = $1',
      [householdId],
    );
    expect(stored!.head_name).toBe(NFC);
    expect(stored!.address).toBe('Thôn Nà Phầy');
    const [member] = await getDb().query<{ full_name: string }>(
      'select full_name from members where household_id = $1',
      [householdId],
    );
    expect(member!.full_name).toBe(NFC);

    for (const typed of [
      NFC,
      NFD,
      'nguyen thi anh tuyet',
      'Nguy\u200bễn Thị Ánh',
      `\ufeff${'Ánh Tuyết'.normalize('NFD')}\u200d`,
    ]) {
      const found = await xa.get(`/api/households?name=${encodeURIComponent(typed)}`);
      expect(found.statusCode, `${JSON.stringify(typed)}: ${found.body}`).toBe(200);
      const ids = found.json<{ rows: { householdId: string }[] }>().rows.map((h) => h.householdId);
      expect(ids, JSON.stringify(typed)).toContain(householdId);
    }
  });
});
