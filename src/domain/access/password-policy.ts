// What a password must be to protect personal data of poor households (Nghị định 13/2023/NĐ-CP asks for
// measures fit to the risk; the numbers follow NIST SP 800-63B: length first, no composition theatre beyond
// a mix for shorter ones, and no known or guessable passwords). Checked by the account use cases, so the
// web form, the API and the CLI refuse the same passwords.
import { fold } from '../geography/text.ts';

export interface PasswordProblem {
  code: 'too_short' | 'too_long' | 'too_simple' | 'contains_username' | 'common';
  message: { vi: string; en: string };
}

export const PASSWORD_MIN = 12;
/** From this length a passphrase of plain words is long enough by itself. */
export const PASSPHRASE_MIN = 16;
export const PASSWORD_MAX = 256;

/** Passwords people choose first, in Vietnamese and English (compared without accents, case or separators). */
const COMMON = [
  'matkhau',
  'matkhau123',
  'matkhau1234',
  'matkhaumoi',
  'password',
  'password123',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'abc123',
  'admin',
  'administrator',
  'giamngheo',
  'hongheo',
  'vietnam',
  'iloveyou',
  'letmein',
  'welcome',
  'changeme',
  '123456789012',
  '1234567890',
];

/** Letters and digits only, accents and case folded: 'Mật-Khẩu 123' → 'matkhau123'. */
const lettersAndDigits = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');

const classes = (s: string) => [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(s)).length;

export function passwordProblems(password: string, username?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    problems.push({
      code: 'too_short',
      message: {
        vi: `Mật khẩu cần ít nhất ${PASSWORD_MIN} ký tự`,
        en: `A password needs at least ${PASSWORD_MIN} characters`,
      },
    });
  if (length > PASSWORD_MAX)
    problems.push({
      code: 'too_long',
      message: {
        vi: `Mật khẩu dài quá ${PASSWORD_MAX} ký tự`,
        en: `A password may not exceed ${PASSWORD_MAX} characters`,
      },
    });
  const distinct = new Set(password).size;
  if (length >= PASSWORD_MIN && ((length < PASSPHRASE_MIN && classes(password) < 3) || distinct < 6))
    problems.push({
      code: 'too_simple',
      message: {
        vi: `Mật khẩu dưới ${PASSPHRASE_MIN} ký tự cần có ít nhất ba loại: chữ thường, chữ hoa, chữ số, ký hiệu; và không lặp lại vài ký tự`,
        en: `A password under ${PASSPHRASE_MIN} characters needs three of: lower case, upper case, digits, symbols; and not a few characters repeated`,
      },
    });
  const folded = lettersAndDigits(password);
  const name = username ? lettersAndDigits(username) : '';
  if (name.length >= 3 && folded.includes(name))
    problems.push({
      code: 'contains_username',
      message: {
        vi: 'Mật khẩu không được chứa tên đăng nhập',
        en: 'A password may not contain the username',
      },
    });
  const bare = folded.replace(/\d+$/, '');
  if (
    COMMON.some(
      (c) =>
        folded === c ||
        bare === c ||
        (c.length >= 8 && folded.startsWith(c) && folded.length - c.length <= 4),
    )
  )
    problems.push({
      code: 'common',
      message: { vi: 'Mật khẩu quá phổ biến, dễ đoán', en: 'This password is too common and easy to guess' },
    });
  return problems;
}
