// The relation to the head is shown in words in the user's language when it is one of the codes, as it is
// otherwise (typed by hand).
import { describe, expect, it } from 'vitest';
import { RELATION_WORDS, relationWords } from '../../../src/domain/registry/relations.ts';
import { relationWords as printedRelation } from '../../../src/domain/documents/handouts.ts';

describe('relationWords', () => {
  it('gives a code in Vietnamese or English, other text as it is, nothing for none', () => {
    expect(relationWords('spouse', 'vi')).toBe('Vợ/Chồng');
    expect(relationWords('spouse', 'en')).toBe('Spouse');
    expect(relationWords('child_in_law', 'vi')).toBe('Con dâu/Con rể');
    expect(relationWords('Chủ hộ', 'en')).toBe('Chủ hộ');
    expect(relationWords('constructor', 'vi')).toBe('constructor');
    expect(relationWords(null, 'vi')).toBe('');
    expect(relationWords('', 'en')).toBe('');
  });

  it('every code has words in both languages, and the printed handouts use the Vietnamese ones', () => {
    for (const [code, words] of Object.entries(RELATION_WORDS)) {
      expect(words.vi.length && words.en.length).toBeGreaterThan(0);
      expect(printedRelation(code)).toBe(words.vi);
    }
    expect(printedRelation('head')).toBe('Chủ hộ');
  });
});
