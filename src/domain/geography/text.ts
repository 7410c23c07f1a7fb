// Text clean-up for official names and codes: whitespace, Unicode form, zero-padded codes, folding.

// Decomposed marks only appear in text that is not NFC; skipping normalize() otherwise halves parse time.
const COMBINING = /\p{M}/u;

/**
 * Characters that show nothing (zero-width space, non-joiner and joiner, word joiner, byte-order mark, soft
 * hyphen): pasted from a web page or a chat they split a name in two for search and comparison (#15).
 */
export const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/gu;

/**
 * Text as the system stores it: NFC (a name typed with combining marks, NFD, is stored composed) and no
 * invisible characters. Applied at the edge (src/server/clean-input.ts, the import readers).
 */
export function cleanText(text: string): string {
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
