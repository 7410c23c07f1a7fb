// The password rules every door applies (issue #15: 10-character weak passwords were accepted).
import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../src/domain/access/password-policy.ts';

const codes = (p: string, u?: string) => passwordProblems(p, u).map((x) => x.code);

describe('passwordProblems', () => {
  it('accepts a long passphrase and a shorter mixed password', () => {
    expect(codes('mot-mat-khau-dai')).toEqual([]);
    expect(codes('Ng4n-Son!2026')).toEqual([]);
    expect(codes('đồi chè xanh trên núi cao')).toEqual([]);
  });

  it('refuses short, simple, repeated, common and username-bearing passwords, naming each reason', () => {
    expect(codes('abcdefghij')).toEqual(['too_short']);
    expect(codes('abcdefghijkl')).toEqual(['too_simple']);
    expect(codes('aaaaaaaaaaaaaaaaaaaa')).toEqual(['too_simple']);
    expect(codes('MatKhau1234!')).toContain('common');
    expect(codes('Password123!')).toContain('common');
    expect(codes('mat-khau-moi-123')).toEqual(['common']);
    expect(codes('Xa-Ngan-Son-2026', 'ngan')).toEqual(['contains_username']);
    expect(codes('x'.repeat(300))).toContain('too_long');
  });

  it('gives every reason in Vietnamese and English', () => {
    for (const p of passwordProblems('abc', 'abc')) {
      expect(p.message.vi.length).toBeGreaterThan(5);
      expect(p.message.en.length).toBeGreaterThan(5);
    }
  });
});
