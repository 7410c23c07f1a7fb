// Building parse problems, and the line number of a character offset.

import type { Message, Problem } from './types.ts';

export function problem(
  file: string,
  line: number,
  severity: Problem['severity'],
  message: Message,
  raw: string,
): Problem {
  return { file, line, severity, message, raw };
}

/** 1-based line of a character offset in `text`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
