// The interface dictionaries: the same keys in Vietnamese and English, the same placeholders, no empty
// text, and role names as the access rules name them.
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES, ROLES } from '../../src/domain/access/roles.ts';
import { en } from '../../web/src/i18n/en.ts';
import { vi } from '../../web/src/i18n/vi.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web dictionaries', () => {
  it('Vietnamese and English have the same key set', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('each message has the same placeholders in both languages, and none is empty', () => {
    for (const [key, text] of Object.entries(vi)) {
      const english = en[key as keyof typeof vi];
      expect(text.trim(), key).not.toBe('');
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(text));
    }
  });

  it('names every role as src/domain/access/roles.ts does', () => {
    for (const role of ROLES) {
      expect(vi[`role.${role}`]).toBe(ROLE_NAMES[role].vi);
      expect(en[`role.${role}`]).toBe(ROLE_NAMES[role].en);
    }
  });

  it('names the household classes with their legal Vietnamese terms', () => {
    expect([vi['class.poor'], vi['class.near_poor'], vi['class.middle'], vi['class.not_poor']]).toEqual([
      'Hộ nghèo',
      'Hộ cận nghèo',
      'Hộ có mức sống trung bình',
      'Hộ không nghèo',
    ]);
  });
});
