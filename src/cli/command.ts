// What every subcommand provides, and the error for a wrong call.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface Command {
  summary: string;
  help: string;
  run(argv: string[]): Promise<number>;
}

/** A wrong call of a command (unknown option, missing argument): printed, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`Tuỳ chọn không hợp lệ / Invalid option: ${(e as Error).message}`);
  }
}

/** Writes to stdout and waits when the pipe is full, so large outputs stream at constant memory. */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text))
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}
