// cleanText and tidy skip their regular expressions and normalize() for text they would not change (issue
// #14: they run on every cell of an import). Their results must stay those of the plain forms below — the
// forms they had before — on every BMP character alone, between letters, next to spaces and marks, and on
// random text of any Unicode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, INVISIBLE, tidy } from '../../../src/domain/geography/text.ts';

/** cleanText without its fast path. */
const plainClean = (text: string) => {
  const visible = text.replace(INVISIBLE, '');
  return /\p{M}/u.test(visible) ? visible.normalize('NFC') : visible;
};

/** tidy without its fast path. */
const plainTidy = (text: string) =>
  (/\p{M}/u.test(text) ? text.normalize('NFC') : text).replace(/\s+/gu, ' ').trim();

/** Every UTF-16 code unit (lone surrogates too), as text. */
const UNITS = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));

/** Contexts each character is tried in: alone, inside Vietnamese words, by spaces, before a mark. */
const contexts = (ch: string) => [
  ch,
  `Nguyễn${ch}Văn`,
  `${ch}ơ`,
  `ư${ch}`,
  ` ${ch}`,
  `${ch} `,
  `a ${ch} b`,
  `a${ch}\u0301`,
  `Lò${ch}${ch}Thị`,
];

describe('cleanText', () => {
  it('gives what the plain form gives for every BMP character in every context', () => {
    const differ: string[] = [];
    for (const unit of UNITS)
      for (const text of contexts(unit)) if (cleanText(text) !== plainClean(text)) differ.push(text);
    expect(differ).toEqual([]);
  });

  it('gives what the plain form gives on random text', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(
        'Nguyễn Văn Ánh'.normalize('NFD'),
        'Đặng Thị Hà',
        '\u200b',
        '\u00ad',
        '\ufeff',
        '\u0301',
        ' ',
        '  ',
        '\t',
        '\u00a0',
      ),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(cleanText(text)).toBe(plainClean(text));
      }),
      { numRuns: 5000, seed: 1414 },
    );
  });

  it('returns text it does not change as it is, and cleans what it must', () => {
    expect(cleanText('Thôn Nà Phầy')).toBe('Thôn Nà Phầy');
    expect(cleanText('Nguyễn Văn Ánh'.normalize('NFD'))).toBe('Nguyễn Văn Ánh');
    expect(cleanText('Lò\u200d Văn\u00ad')).toBe('Lò Văn');
  });
});

describe('tidy', () => {
  it('gives what the plain form gives for every BMP character in every context', () => {
    const differ: string[] = [];
    for (const unit of UNITS)
      for (const text of contexts(unit)) if (tidy(text) !== plainTidy(text)) differ.push(text);
    expect(differ).toEqual([]);
  });

  it('gives what the plain form gives on random text', () => {
    const pieces = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 20 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\u2028', '\u0301', 'Phầy', 'ơ'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(tidy(text)).toBe(plainTidy(text));
      }),
      { numRuns: 5000, seed: 1415 },
    );
  });
});
