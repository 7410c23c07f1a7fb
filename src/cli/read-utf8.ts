// Reads a CSV file given on the command line as UTF-8, or a usage error naming the file in both languages.
import { readFileSync } from 'node:fs';
import { UsageError } from './command.ts';

export function readUtf8(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(
      `${file}: không đọc được / cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(
      `${file}: không phải UTF-8; hãy lưu dưới dạng CSV UTF-8 / not UTF-8; save it as CSV UTF-8`,
    );
  }
}
