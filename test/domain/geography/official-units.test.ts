// The vendored official lists load into the counts the reform is known by, with every problem explained.
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfficialUnits } from '../../../src/domain/geography/official-units.ts';
import {
  BEFORE_RECORDS,
  LAST_DAY_BEFORE_REFORM,
  REFORM_EFFECTIVE,
} from '../../../src/domain/geography/reform.ts';
import type { AdminUnit } from '../../../src/domain/geography/types.ts';
import { loadOfficialUnits } from '../../../src/geography-data/load-official-units.ts';

let official: OfficialUnits;
const before = (u: AdminUnit) => u.validTo === LAST_DAY_BEFORE_REFORM;
const after = (u: AdminUnit) => u.validFrom === REFORM_EFFECTIVE;
const count = (test: (u: AdminUnit) => boolean) => official.units.filter(test).length;

beforeAll(async () => {
  // How long the load takes is printed, not asserted (speed is measured in bench/, never in tests).
  const started = performance.now();
  official = await loadOfficialUnits();
  console.log(`official units loaded in ${Math.round(performance.now() - started)} ms`);
});

describe('loadOfficialUnits (vendored data/admin-units)', () => {
  it('63 provinces before the reform, 34 after', () => {
    expect(count((u) => u.level === 'province' && before(u))).toBe(63);
    expect(count((u) => u.level === 'province' && after(u))).toBe(34);
  });

  it('696 districts before the reform, none after', () => {
    expect(count((u) => u.level === 'district' && before(u))).toBe(696);
    expect(count((u) => u.level === 'district' && after(u))).toBe(0);
  });

  it('10,051 communes in the 2025-01-04 list, plus 10 known only from the conversion table', () => {
    expect(count((u) => u.level === 'commune' && before(u))).toBe(10_061);
    const interim = official.problems.filter((p) =>
      p.message.en.includes('created from the conversion table'),
    );
    expect(interim).toHaveLength(10);
  });

  it('3,321 communes from 2025-07-01: 2,621 xã, 687 phường, 13 đặc khu', () => {
    expect(count((u) => u.level === 'commune' && after(u))).toBe(3321);
    expect(count((u) => after(u) && u.kind === 'xa')).toBe(2621);
    expect(count((u) => after(u) && u.kind === 'phuong')).toBe(687);
    expect(count((u) => after(u) && u.kind === 'dac_khu')).toBe(13);
  });

  it('pre-reform kinds: 7,718 xã, 1,715 phường, 618 thị trấn in the list', () => {
    const listed = official.units.filter((u) => u.level === 'commune' && before(u));
    expect(listed.filter((u) => u.kind === 'xa')).toHaveLength(7718);
    expect(listed.filter((u) => u.kind === 'phuong')).toHaveLength(1715 + 10); // + the 10 interim phường
    expect(listed.filter((u) => u.kind === 'thi_tran')).toHaveLength(618);
  });

  it('Bắc Kạn (06): 8 districts and 108 communes before; Thái Nguyên (19): 92 communes after', () => {
    const bacKanDistricts = official.units.filter((u) => u.level === 'district' && u.parentCode === '06');
    expect(bacKanDistricts).toHaveLength(8);
    const districtCodes = new Set(bacKanDistricts.map((d) => d.code));
    expect(count((u) => u.level === 'commune' && before(u) && districtCodes.has(u.parentCode ?? ''))).toBe(
      108,
    );
    expect(count((u) => u.level === 'commune' && after(u) && u.parentCode === '19')).toBe(92);
  });

  it('urban, rural and special follow the legal type', () => {
    const areas = (test: (u: AdminUnit) => boolean) =>
      new Set(official.units.filter(test).map((u) => u.area));
    expect(areas((u) => u.kind === 'xa' || u.kind === 'huyen' || u.kind === 'tinh')).toEqual(
      new Set(['rural']),
    );
    expect(
      areas((u) => ['phuong', 'thi_tran', 'quan', 'thi_xa', 'thanh_pho', 'thanh_pho_tw'].includes(u.kind)),
    ).toEqual(new Set(['urban']));
    expect(areas((u) => u.kind === 'dac_khu')).toEqual(new Set(['special']));
    // 6 centrally-run cities both before (Huế since 2025-01-01) and after the reform
    expect(count((u) => u.kind === 'thanh_pho_tw' && before(u))).toBe(6);
    expect(count((u) => u.kind === 'thanh_pho_tw' && after(u))).toBe(6);
  });

  it('derives the 34 new province codes from the conversion table', () => {
    expect(Object.fromEntries(official.newProvinceCodes)).toEqual({
      ha_noi: '01',
      cao_bang: '04',
      tuyen_quang: '08',
      dien_bien: '11',
      lai_chau: '12',
      son_la: '14',
      lao_cai: '15',
      thai_nguyen: '19',
      lang_son: '20',
      quang_ninh: '22',
      bac_ninh: '24',
      phu_tho: '25',
      hai_phong: '31',
      hung_yen: '33',
      ninh_binh: '37',
      thanh_hoa: '38',
      nghe_an: '40',
      ha_tinh: '42',
      quang_tri: '44',
      hue: '46',
      da_nang: '48',
      quang_ngai: '51',
      gia_lai: '52',
      khanh_hoa: '56',
      dak_lak: '66',
      lam_dong: '68',
      dong_nai: '75',
      ho_chi_minh: '79',
      tay_ninh: '80',
      dong_thap: '82',
      vinh_long: '86',
      an_giang: '91',
      can_tho: '92',
      ca_mau: '96',
    });
  });

  it('province lineage: 63 edges, 11 provinces unchanged, each new code one of its predecessors', () => {
    const provinceEdges = official.edges.filter((e) => e.fromCode.length === 2);
    expect(provinceEdges).toHaveLength(63);
    expect(provinceEdges.filter((e) => e.kind === 'unchanged').map((e) => e.fromCode)).toEqual([
      '01',
      '04',
      '11',
      '12',
      '14',
      '20',
      '22',
      '38',
      '40',
      '42',
      '46',
    ]);
    expect(
      provinceEdges.every(
        (e) => e.legalBasis === 'Nghị quyết 202/2025/QH15' && e.fromValidFrom === BEFORE_RECORDS,
      ),
    ).toBe(true);
    expect(new Set(provinceEdges.map((e) => e.toCode)).size).toBe(34);
    for (const to of new Set(provinceEdges.map((e) => e.toCode))) {
      expect(provinceEdges.filter((e) => e.toCode === to).map((e) => e.fromCode)).toContain(to);
    }
    expect(provinceEdges.find((e) => e.fromCode === '06')).toMatchObject({ toCode: '19', kind: 'whole' });
  });

  it('commune lineage: 10,570 edges from 10,571 data rows; kinds as the notes say', () => {
    const communeEdges = official.edges.filter((e) => e.fromCode.length !== 2);
    expect(communeEdges).toHaveLength(10_570);
    const kinds = { whole: 0, part: 0, unchanged: 0 };
    for (const e of communeEdges) kinds[e.kind]++;
    // 9,471 whole notes less the uncoded Kim Sơn row and Kỳ Lợi's "toàn bộ diện tích" (split in people)
    expect(kinds).toEqual({ whole: 9469, part: 970, unchanged: 131 });
    expect(communeEdges.filter((e) => e.kind === 'part' && e.allPopulation)).toHaveLength(58);
    // five island districts without communes became special zones
    expect(
      communeEdges
        .filter((e) => e.fromCode.length === 3)
        .map((e) => `${e.fromCode}>${e.toCode}`)
        .sort(),
    ).toEqual(['318>11948', '471>19742', '498>20333', '536>21548', '755>26732']);
  });

  it('legal basis: Nghị quyết 1683/NQ-UBTVQH15 (verified) for Thái Nguyên; unverified elsewhere', () => {
    const intoThaiNguyen = new Set(
      official.units.filter((u) => after(u) && u.parentCode === '19').map((u) => u.code),
    );
    const communeEdges = official.edges.filter((e) => e.fromCode.length !== 2);
    for (const e of communeEdges) {
      if (intoThaiNguyen.has(e.toCode)) {
        expect(e).toMatchObject({ legalBasis: 'Nghị quyết 1683/NQ-UBTVQH15', legalBasisVerified: true });
      } else {
        expect(e.legalBasisVerified).toBe(false);
        expect(e.legalBasis).not.toMatch(/\d+\/NQ/u); // no invented numbers
      }
    }
  });

  it('reports exactly the known problems of the official files', () => {
    const summary = official.problems.map((p) => `${p.severity} ${p.file}:${p.line}`);
    const errors = official.problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.file}:${p.line}`)).toEqual(['conversion-2025-07-01-old-to-new.csv:4749']);
    expect(errors[0]?.raw.normalize('NFC')).toContain('Khu vực bãi bồi ven biển do huyện Kim Sơn quản lý');
    expect(summary).toHaveLength(44);
    const corrected = official.problems.filter((p) => p.message.en.includes('code corrected'));
    expect(corrected.map((p) => p.line)).toEqual([426, 912, 1260]);
    expect(
      official.problems.filter((p) => p.message.en.includes('has no usable row in the conversion table')),
    ).toHaveLength(26);
    expect(official.problems.filter((p) => p.message.en.startsWith('Row says old province'))).toHaveLength(3);
    expect(official.problems.filter((p) => p.message.en.includes('read as a part merge'))).toHaveLength(1);
    for (const p of official.problems) {
      expect(p.message.vi.length).toBeGreaterThan(0);
      expect(p.message.en.length).toBeGreaterThan(0);
      expect(p.line).toBeGreaterThan(0);
    }
  });

  it('a misplaced code is corrected: Xã Mỹ Hưng is 01651, not 01615 (Xã Hồng Quang)', () => {
    const fromHongQuang = official.edges.filter((e) => e.fromCode === '01615').map((e) => e.toCode);
    const fromMyHung = official.edges.filter((e) => e.fromCode === '01651').map((e) => e.toCode);
    expect(fromHongQuang).toEqual(['01636']);
    expect(fromMyHung).toEqual(['01648']);
  });

  it('every edge joins two known unit versions, and no code has overlapping versions', () => {
    const keys = new Set(official.units.map((u) => `${u.code}@${u.validFrom}`));
    for (const e of official.edges) {
      expect(keys.has(`${e.fromCode}@${e.fromValidFrom}`)).toBe(true);
      expect(keys.has(`${e.toCode}@${e.toValidFrom}`)).toBe(true);
    }
    expect(official.problems.some((p) => p.message.en.includes('overlap'))).toBe(false);
  });
});
