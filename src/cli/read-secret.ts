// Reads a password for the CLI without it ever being an argument (arguments show in `ps` and shell history):
// typed at a terminal with nothing echoed, and twice to catch a typo; or the first line of stdin when piped
// (`printf '%s\n' "$PW" | giamngheo admin create …`), for scripted installs.
import { createInterface } from 'node:readline';
import { UsageError } from './command.ts';

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('Không đọc được mật khẩu từ stdin / no password on stdin');
}

function typed(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    let value = '';
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new UsageError('Đã huỷ / cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const first = await typed('Mật khẩu mới / new password: ');
  const again = await typed('Nhập lại / again: ');
  if (first !== again) throw new UsageError('Hai lần nhập không khớp / the two entries differ');
  return first;
}
