// How codes read on screen: sources, projects (DA1.TDA1 → its name in the programme of the year).
import type { I18n } from '../i18n/index.tsx';
import { projectOptions } from './api.ts';
import type { Programme } from './types.ts';

export const sourceLabel = (i18n: I18n, code: string) => i18n.tOr(`finance.source.${code}`, code);

/** "DA1 — Hỗ trợ đầu tư…" or just the code when the programme does not list it. */
export function projectLabel(i18n: I18n, programmes: Programme[] | undefined, year: number, code: string) {
  const found = projectOptions(programmes ?? [], year).find((p) => p.code === code);
  return found ? `${code} — ${i18n.pick(found.name)}` : code;
}
