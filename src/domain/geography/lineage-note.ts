// Reads the conversion table's note ("Nhập toàn bộ", "Nhập một phần", "Giữ nguyên"…) as a lineage kind.

import { foldWords } from './text.ts';
import type { LineageKind } from './types.ts';

export interface NoteMeaning {
  readonly kind: LineageKind;
  readonly allPopulation: boolean;
}

/**
 * Tolerant of case, spacing, diacritic slips ("Nhâp") and trailing text. Null when the note says
 * nothing we recognise: the caller reports the row rather than guess.
 */
export function readLineageNote(note: string): NoteMeaning | null {
  const text = foldWords(note);
  // "Nhập một phần", "… diện tích", "… dân số", "Phần còn lại sau khi tách…", "Đổi tên từ một phần…"
  if (/\bmot phan\b/u.test(text) || text.startsWith('phan con lai')) {
    return { kind: 'part', allPopulation: /\btoan bo dan so\b/u.test(text) };
  }
  // "Nhập toàn bộ", "Nhập toàn bộ diện tích", "Sắp xếp toàn bộ huyện X thành đặc khu X"
  if (text.startsWith('nhap toan bo') || text.startsWith('sap xep toan bo')) {
    return { kind: 'whole', allPopulation: true };
  }
  // "Giữ nguyên", "Đổi tên", "Đổi loại hình" (same territory, new name or type)
  if (text.startsWith('giu nguyen') || text.startsWith('doi ten') || text.startsWith('doi loai hinh')) {
    return { kind: 'unchanged', allPopulation: true };
  }
  return null;
}
