// Unit kinds from official names, their urban/rural/special area, and canonical name prefixes.

import { tidy } from './text.ts';
import type { UnitArea, UnitKind, UnitLevel } from './types.ts';

interface Prefix {
  /** Lower case, as written; names differ in case ("Thị Xã", "xã") but not in spelling of the prefix. */
  readonly lower: string;
  readonly canonical: string;
  readonly kinds: Partial<Record<UnitLevel, UnitKind>>;
}

// Longest first, so "thành phố" wins over shorter prefixes; "xã" needs a following space ("Xuân").
const PREFIXES: readonly Prefix[] = [
  { lower: 'thành phố', canonical: 'Thành phố', kinds: { province: 'thanh_pho_tw', district: 'thanh_pho' } },
  { lower: 'thị trấn', canonical: 'Thị trấn', kinds: { commune: 'thi_tran' } },
  { lower: 'đặc khu', canonical: 'Đặc khu', kinds: { commune: 'dac_khu' } },
  { lower: 'thị xã', canonical: 'Thị xã', kinds: { district: 'thi_xa' } },
  { lower: 'phường', canonical: 'Phường', kinds: { commune: 'phuong' } },
  { lower: 'huyện', canonical: 'Huyện', kinds: { district: 'huyen' } },
  { lower: 'quận', canonical: 'Quận', kinds: { district: 'quan' } },
  { lower: 'tỉnh', canonical: 'Tỉnh', kinds: { province: 'tinh' } },
  { lower: 'xã', canonical: 'Xã', kinds: { commune: 'xa' } },
];

function matchPrefix(name: string): { prefix: Prefix; rest: string } | null {
  const clean = tidy(name);
  const firstSpace = clean.indexOf(' ');
  if (firstSpace === -1) return null;
  const secondSpace = clean.indexOf(' ', firstSpace + 1);
  const oneWord = clean.slice(0, firstSpace).toLowerCase();
  const twoWords = secondSpace === -1 ? null : clean.slice(0, secondSpace).toLowerCase();
  for (const prefix of PREFIXES) {
    if (prefix.lower.includes(' ')) {
      if (twoWords === prefix.lower) return { prefix, rest: clean.slice(secondSpace + 1) };
    } else if (oneWord === prefix.lower) {
      return { prefix, rest: clean.slice(firstSpace + 1) };
    }
  }
  return null;
}

/** The kind a name's prefix gives at a level ("Thị xã Sơn Tây" → thi_xa), or null. */
export function kindFromName(name: string, level: UnitLevel): UnitKind | null {
  return matchPrefix(name)?.prefix.kinds[level] ?? null;
}

/** The commune kind from the "Cấp" column ("Xã", "Phường", "Thị trấn", "Đặc khu"), or null. */
export function communeKindFromLabel(label: string): UnitKind | null {
  const lower = tidy(label).toLowerCase();
  const prefix = PREFIXES.find((p) => p.lower === lower);
  return prefix?.kinds.commune ?? null;
}

/** Tidied name with the type prefix in its canonical case: "Thị Xã Kỳ Anh" → "Thị xã Kỳ Anh". */
export function canonicalName(name: string): string {
  const match = matchPrefix(name);
  return match ? `${match.prefix.canonical} ${match.rest}` : tidy(name);
}

/**
 * Urban, rural or special, by legal type, following the law's split of local government into rural
 * (tỉnh, huyện, xã) and urban (thành phố trực thuộc TW, quận, thị xã, thành phố, phường, thị trấn);
 * đặc khu are special administrative-economic units. A tỉnh counts as rural although it contains towns:
 * the area describes the unit's legal type, not its population.
 */
export function areaOfKind(kind: UnitKind): UnitArea {
  switch (kind) {
    case 'tinh':
    case 'huyen':
    case 'xa':
      return 'rural';
    case 'thanh_pho_tw':
    case 'quan':
    case 'thi_xa':
    case 'thanh_pho':
    case 'phuong':
    case 'thi_tran':
      return 'urban';
    case 'dac_khu':
      return 'special';
  }
}
