// The database's search fold is the application's (issue #15, item 6): vn_fold (migration 0016) computes
// searchFold of src/domain/geography/text.ts for Vietnamese text typed or pasted in any form — NFC or NFD,
// capitals, invisible characters, apostrophes, letters of other alphabets that look like Latin ones — so a
// name stored in one form is found by the same name typed in another.
// Migration 0018 replaced it by a faster form (a translate() alone for text of ASCII and precomposed
// letters) that must give what the 0016 form gives for every text: the folded names stored in generated
// columns under 0016 were not recomputed. Checked here against the 0016 form, read from its migration.
import { readFileSync } from 'node:fs';
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

/** The CREATE OR REPLACE FUNCTION vn_fold statement of a migration, and its body. */
function foldOf(migration: string): { statement: string; body: string } {
  const file = new URL(`../../src/db/migrations/${migration}`, import.meta.url);
  const m = /CREATE OR REPLACE FUNCTION vn_fold\(t text\)[^$]*\$\$([\s\S]*?)\$\$;/.exec(
    readFileSync(file, 'utf8'),
  );
  if (!m) throw new Error(`vn_fold of migration ${migration} not found`);
  return { statement: m[0], body: m[1]!.trim() };
}
const MIGRATION_0016 = foldOf('0016_search_fold_and_clean_text.sql');
const MIGRATION_0018 = foldOf('0018_faster_vn_fold.sql');
/** vn_fold as migration 0016 defined it: a SELECT of one expression over t. */
const FOLD_0016 = MIGRATION_0016.body;
/**
 * Any text: the characters 0018 folds by translate() alone (above), marks of other blocks and combining
 * classes (Hebrew accents of class 220 and 230, the iota subscript of class 240, the grapheme joiner of
 * class 0) beside the Vietnamese ones, so NFD's reordering has something to reorder, and arbitrary Unicode
 * (no NUL, which text cannot hold), as typed or normalized.
 */
const otherMarks = ['\u0591', '\u0592', '\u0345', '\u034F', '\u1AB0', '\u1DC0', '\u20D0', '\uFE20', '\u0653'];
const anyCharacter = fc.oneof(
  { weight: 6, arbitrary: character },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...otherMarks) },
  { weight: 1, arbitrary: fc.constantFrom('Ё', 'ё', 'Ǹ', 'ǹ', 'Å', 'ﬁ', 'Ω', 'ǅ', 'ẞ', 'İ', 'Σ', 'ς', '가') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
const anyText = fc
  .tuple(
    fc.array(anyCharacter, { maxLength: 24 }),
    fc.constantFrom('NFC', 'NFD', 'NFKC', 'as typed', 'as typed', 'as typed'),
  )
  .map(([chars, form]) => (form === 'as typed' ? chars.join('') : chars.join('').normalize(form)))
  .map((text) => text.replace(/\0/gu, ''));
/** Text as it is stored (NFC, letters precomposed), of the characters 0018 folds by translate() alone. */
const composed = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...letters, ...letters.map((c) => c.toUpperCase())) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constantFrom(...lookAlikes, 'Ё', ...invisible, '’', '‘') },
    ),
    { maxLength: 24 },
  )
  .map((chars) => chars.join(''));

forEachDatabase((getDb, kind) => {
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

  /** [text, vn_fold, the 0016 form] of each text that the two fold differently. */
  const differences = async (texts: (string | null)[]): Promise<(string | null)[][]> => {
    const rows = await getDb().query<{ t: string | null; now: string | null; then: string | null }>(
      `select t, vn_fold(t) as now, (${FOLD_0016}) as then
       from unnest($1::text[]) as x(t) where vn_fold(t) is distinct from (${FOLD_0016})`,
      [texts],
    );
    return rows.map((r) => [r.t, r.now, r.then]);
  };

  it('vn_fold(x) is the fold of migration 0016 for any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(anyText, composed), { minLength: 1, maxLength: 40 }),
        async (texts) => {
          expect(await differences(texts)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
    expect(await differences([null, '', ' ', "''", '\u200B'])).toEqual([]);
  });

  it('vn_fold(c) is the fold of migration 0016 for every character of the BMP, and some beyond', async () => {
    // Each alone, between letters (Đ a capital that folds, ệ a letter with two marks) and before a mark of
    // another class (which NFD moves before the marks of ệ-like letters); the BMP but the surrogates, and
    // planes 1 and 2 sampled.
    const rows = await getDb().query<{ c: number; context: string }>(
      `with chars as (
         select chr(i) as c, i from generate_series(1, 65535) i where i not between 55296 and 57343
         union all
         select chr(i), i from generate_series(65536, 196607, 97) i
       ), texts as (
         select i, 'alone' as context, c as t from chars
         union all select i, 'between letters', 'aĐ' || c || 'ệB' from chars
         union all select i, 'before a mark', c || E'\u0591' from chars
       )
       select i as c, context from texts where vn_fold(t) is distinct from (${FOLD_0016}) order by i limit 20`,
    );
    expect(rows).toEqual([]);
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

  it.runIf(kind === 'citus')(
    'on Citus, replacing vn_fold in a transaction (as a migration does) reaches the workers',
    async () => {
      // The workers compute the generated folded columns of the shards they hold, with their own vn_fold.
      const sources = async () => {
        const [here] = await getDb().query<{ src: string }>(
          `select md5(prosrc) as src from pg_proc where proname = 'vn_fold'`,
        );
        const workers = await getDb().query<{ src: string }>(
          `select result as src from run_command_on_workers(
             $$select md5(prosrc) from pg_proc where proname = 'vn_fold'$$)`,
        );
        return { here: here!.src, workers: workers.map((w) => w.src) };
      };
      const seen: string[] = [];
      for (const { statement } of [MIGRATION_0016, MIGRATION_0018]) {
        await getDb().transaction((tx) => tx.exec(statement));
        const { here, workers } = await sources();
        expect(workers.length).toBeGreaterThan(0);
        expect(workers).toEqual(workers.map(() => here));
        seen.push(here);
      }
      expect(new Set(seen).size).toBe(2);
    },
  );

  it('a new database gets no audit entry from the cleaning of stored text (nothing was stored)', async () => {
    const [row] = await getDb().query<{ n: number }>('select count(*)::int as n from audit_log');
    expect(row?.n).toBe(0);
  });
});
