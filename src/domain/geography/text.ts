// Text clean-up for official names and codes: whitespace, Unicode form, zero-padded codes, folding.

// Decomposed marks only appear in text that is not NFC; skipping normalize() otherwise halves parse time.
const COMBINING = /\p{M}/u;

/** NFC, single spaces, trimmed. */
export function tidy(text: string): string {
  const composed = COMBINING.test(text) ? text.normalize('NFC') : text;
  return composed.replace(/\s+/gu, ' ').trim();
}

/**
 * A key for comparing Vietnamese names loosely: lower case, no diacritics (so "Hoà" = "Hòa"),
 * đ → d, apostrophes and spaces ignored ("Ea H'đing" = "Ea Hđing").
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/gu, 'd')
    .replace(/['’‘`\s]+/gu, '');
}

/** Like `fold` but keeps single spaces between words, for matching phrases such as notes and headers. */
export function foldWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/đ/gu, 'd')
    .replace(/\s+/gu, ' ')
    .trim();
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
