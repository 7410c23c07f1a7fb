// Text clean-up for official names and codes: whitespace, Unicode form, zero-padded codes, folding.

// Decomposed marks only appear in text that is not NFC; skipping normalize() otherwise halves parse time.
const COMBINING = /\p{M}/u;

/**
 * Characters that show nothing (zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft
 * hyphen): pasted from a web page or a chat they split a name in two for search and comparison (#15).
 */
const INVISIBLE_CHARS = '\\u200B-\\u200D\\u2060\\uFEFF\\u00AD';
export const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, 'gu');

/** An invisible character or a combining mark: text cleanText would change. */
const INVISIBLE_OR_COMBINING = new RegExp(`[${INVISIBLE_CHARS}\\p{M}]`, 'u');

/**
 * What tidy changes: a combining mark, a white space other than the plain space, two spaces, a space at
 * either end (\s and trim() know the same white space).
 */
const UNTIDY = /\p{M}|[^\S ]| {2}|^ | $/u;

// The two tests above run on every cell of an import. Most characters of Vietnamese text are below U+0300
// (ASCII, Latin-1, ơ ư đ…: no combining mark there, the first is U+0300) or precomposed letters of Latin
// Extended Additional (U+1E00–U+1EFF: ạ ầ ế ữ…, all letters). A loop passes over those several times faster
// than the regular expressions, and leaves any other text to them (test/domain/geography/clean-text.test.ts
// holds the results equal on every BMP character).

/** INVISIBLE_OR_COMBINING.test(text), faster. */
function mayNeedCleaning(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x300) {
      if (c === 0xad) return true;
    } else if (c < 0x1e00 || c > 0x1eff) {
      return INVISIBLE_OR_COMBINING.test(text);
    }
  }
  return false;
}

/** UNTIDY.test(text), faster. */
function untidy(text: string): boolean {
  const n = text.length;
  if (n === 0) return false;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(n - 1) === 0x20) return true;
  let space = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (space) return true;
      space = true;
      continue;
    }
    space = false;
    // Controls (tab, line ends), NBSP and the rest of Latin-1's controls, and anything beyond the letters
    // passed over: the regular expression decides.
    if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || (c >= 0x300 && (c < 0x1e00 || c > 0x1eff)))
      return UNTIDY.test(text);
  }
  return false;
}

/**
 * Text as the system stores it: NFC (a name typed with combining marks, NFD, is stored composed) and no
 * invisible characters. Applied at the edge (src/server/clean-input.ts, the import readers).
 */
export function cleanText(text: string): string {
  // Most cells have neither (plain or precomposed text): one test instead of a replace and a test.
  if (!mayNeedCleaning(text)) return text;
  const visible = text.replace(INVISIBLE, '');
  return COMBINING.test(visible) ? visible.normalize('NFC') : visible;
}

/**
 * Letters of other alphabets drawn like the Latin ones of Vietnamese names (Cyrillic а, е, о…, the Icelandic
 * eth Ð for Đ), folded to those, so a look-alike typed or pasted does not hide a name from search.
 */
export const LOOK_ALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԛ: 'q',
  ԝ: 'w',
  ð: 'd',
  ɗ: 'd',
  ɖ: 'd',
  ı: 'i',
  ο: 'o',
  α: 'a',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  ι: 'i',
  κ: 'k',
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/** Lower case, no marks, đ and look-alikes folded, invisible characters gone (the common part of the folds). */
function bare(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/gu, 'd')
    .replace(LOOK_ALIKE, (ch) => LOOK_ALIKES[ch] ?? ch);
}

/** NFC, single spaces, trimmed. */
export function tidy(text: string): string {
  // Text already tidy (no mark, no space but single inner spaces) is returned as it is, without copies.
  if (!untidy(text)) return text;
  const composed = COMBINING.test(text) ? text.normalize('NFC') : text;
  return composed.replace(/\s+/gu, ' ').trim();
}

/**
 * A key for comparing Vietnamese names loosely: lower case, no diacritics (so "Hoà" = "Hòa"),
 * đ → d, apostrophes and spaces ignored ("Ea H'đing" = "Ea Hđing"), invisible characters and look-alike
 * letters of other alphabets no obstacle.
 */
export function fold(text: string): string {
  return bare(text).replace(/['’‘`\s]+/gu, '');
}

/**
 * The name search's key, the same as the database's vn_fold (migration 0016, and 0018's fast path gives the
 * same; test/db/vn-fold.test.ts holds them equal): `fold` with every space kept as it is, because the
 * search matches whole words of the folded names; apostrophes go, so "H'Linh", "H’Linh" and "Hlinh" are
 * one word.
 */
export function searchFold(text: string): string {
  return bare(text).replace(/['’‘`]+/gu, '');
}

/** Like `fold` but keeps single spaces between words, for matching phrases such as notes and headers. */
export function foldWords(text: string): string {
  return bare(text).replace(/\s+/gu, ' ').trim();
}

/** A code of digits, left-padded with zeros to `width`; null when it is not digits or too long. */
export function padCode(raw: string, width: number): string | null {
  const digits = raw.trim();
  if (!/^\d+$/u.test(digits) || digits.length > width) return null;
  return digits.padStart(width, '0');
}

/** "Thành phố Hà Nội (01)" → { name: "Thành phố Hà Nội", code: "01" }; code null when absent. */
export function splitNameAndCode(cell: string): { name: string; code: string | null } {
  const match = /^(.*?)\s*\(\s*(\d+)\s*\)\s*$/su.exec(cell);
  if (!match) return { name: tidy(cell), code: null };
  return { name: tidy(match[1] ?? ''), code: match[2] ?? null };
}
