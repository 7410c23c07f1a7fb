// The database's search fold is the application's (issue #15, item 6): vn_fold (migration 0016) computes
// searchFold of src/domain/geography/text.ts for Vietnamese text typed or pasted in any form — NFC or NFD,
// capitals, invisible characters, apostrophes, letters of other alphabets that look like Latin ones — so a
// name stored in one form is found by the same name typed in another.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { LOOK_ALIKES, searchFold } from '../../src/domain/geography/text.ts';
import { forEachDatabase } from '../support/databases.ts';

const TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const toned = VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC')));
const letters = [...toned, ...'bcdđghklmnpqrstvxfjwz'];
const lookAlikes = Object.keys(LOOK_ALIKES).flatMap((k) => [k, k.toUpperCase()]);
const invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD'];
/** A lone combining mark (as NFD text or a stray keystroke leaves one) and the other marks text carries. */
const marks = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0306', '\u0309', '\u031B', '\u0323', '\u0308'];
const other = [...'0123456789 -.,/()', "'", '’', '‘', '`', '  ', '\u00A0'];

const character = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...letters) },
  { weight: 4, arbitrary: fc.constantFrom(...letters).map((c) => c.toUpperCase()) },
  { weight: 2, arbitrary: fc.constantFrom(...other) },
  { weight: 1, arbitrary: fc.constantFrom(...lookAlikes) },
  { weight: 1, arbitrary: fc.constantFrom(...invisible) },
  { weight: 1, arbitrary: fc.constantFrom(...marks) },
);
/** A name as it may reach the database: composed, decomposed, or as it came. */
const vietnamese = fc
  .tuple(fc.array(character, { maxLength: 24 }), fc.constantFrom('NFC', 'NFD', 'as typed'))
  .map(([chars, form]) => (form === 'as typed' ? chars.join('') : chars.join('').normalize(form)));

forEachDatabase((getDb) => {
  const sqlFold = async (texts: string[]): Promise<string[]> => {
    const rows = await getDb().query<{ folded: string }>(
      'select vn_fold(t) as folded from unnest($1::text[]) with ordinality as x(t, n) order by n',
      [texts],
    );
    return rows.map((r) => r.folded);
  };

  it('vn_fold(x) is searchFold(x) for Vietnamese text in any form', async () => {
    // Batches keep it to one round trip per run (the property is about each string, not the batch).
    await fc.assert(
      fc.asyncProperty(fc.array(vietnamese, { minLength: 1, maxLength: 40 }), async (texts) => {
        expect(await sqlFold(texts)).toEqual(texts.map(searchFold));
      }),
      { numRuns: 60 },
    );
  });

  it('folds the forms of one name to one key, and spaces stay for the word search', async () => {
    const nfc = 'Hoàng Văn Đức'.normalize('NFC');
    const forms = [
      nfc,
      nfc.normalize('NFD'),
      'Hoà\u200Bng Văn Đ\u00ADức',
      'HOÀNG VĂN ĐỨC'.normalize('NFD'),
      'Hо\u0430ng Văn Ðức', // Cyrillic о and а, Icelandic Ð
    ];
    expect(await sqlFold(forms)).toEqual(forms.map(() => 'hoang van duc'));
    expect(await sqlFold(["H'Linh Niê", 'H’Linh Niê', 'Hlinh Nie'])).toEqual([
      'hlinh nie',
      'hlinh nie',
      'hlinh nie',
    ]);
  });

  it('stays usable where the generated columns and their indexes need it', async () => {
    const [fn] = await getDb().query<{ volatile: string; parallel: string }>(
      `select provolatile as volatile, proparallel as parallel from pg_proc where proname = 'vn_fold'`,
    );
    expect(fn).toEqual({ volatile: 'i', parallel: 's' });
  });

  it('a new database gets no audit entry from the cleaning of stored text (nothing was stored)', async () => {
    const [row] = await getDb().query<{ n: number }>('select count(*)::int as n from audit_log');
    expect(row?.n).toBe(0);
  });
});
