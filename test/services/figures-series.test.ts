// Figures of a commune formed from several, re-based onto today's unit: whole merges exact, a split
// commune by its recorded share, or left unallocated when no share is known — each said in a footnote.
import { expect, it } from 'vitest';
import { figures } from '../../src/db/index.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { figureSeries } from '../../src/services/figures-series.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, units } from '../support/units-fixture.ts';

const TODAY = '2026-11-30';

forEachDatabase((getDb) => {
  async function setup(withShare: boolean) {
    await upsertUnits(getDb(), units);
    await upsertLineage(
      getDb(),
      edges.map((e) => (e.fromCode === '01867' && !withShare ? { ...e, share: null } : e)),
    );
    const entered = (unit: string, total: number, poor: number, nearPoor: number | null) => ({
      unit,
      year: 2023,
      standard: 'ND07_2021',
      group: 'all' as const,
      totalHouseholds: total,
      poorHouseholds: poor,
      nearPoorHouseholds: nearPoor,
      poorRate: null,
      nearPoorRate: null,
      source: `Báo cáo xã ${unit} (số liệu mẫu / demo value)`,
    });
    await figures.upsertEnteredFigures(
      getDb(),
      [entered('01864', 200, 40, 10), entered('01867', 500, 100, 50), entered('01870', 300, 30, 20)],
      null,
    );
  }
  const series = (unitCode: string, basis: 'as_was' | 'today') =>
    figureSeries(getDb(), { unitCode, group: 'all', basis, today: TODAY });

  it('Bằng Thành (01864) ← Bộc Bố whole + 40 % of Nhạn Môn; Nghiên Loan (01873) ← Giáo Hiệu whole + the rest', async () => {
    await setup(true);
    expect((await series('01864', 'as_was')).figures.map((f) => [f.households, f.poor])).toEqual([[200, 40]]);
    const bangThanh = await series('01864', 'today');
    // 200 + 0,4 × 500 households; 40 + 0,4 × 100 poor; 10 + 0,4 × 50 near-poor.
    expect(bangThanh.figures.map((f) => [f.year, f.households, f.poor, f.nearPoor, f.poorRate])).toEqual([
      [2023, 400, 80, 30, 20],
    ]);
    const note = bangThanh.figures[0]!.footnote!;
    expect(note.vi).toContain('Xã Bộc Bố (01864) toàn bộ (chính xác)');
    expect(note.vi).toContain('Xã Nhạn Môn (01867) theo tỷ lệ 40 % (làm tròn đến hộ)');
    expect(note.en).toContain('Xã Nhạn Môn (01867) by a share of 40% (rounded to households)');
    expect(note.vi).not.toContain('chưa đầy đủ');
    // The split's other successor gets what is left of Nhạn Môn: 300 + 300 households, 30 + 60 poor.
    const nghienLoan = await series('01873', 'today');
    expect(nghienLoan.figures.map((f) => [f.households, f.poor, f.poorRate])).toEqual([[600, 90, 15]]);
    expect(nghienLoan.footnotes[0]!.vi).toContain('theo tỷ lệ 60 %');
  });

  it('without a recorded share the split commune is left unallocated and the figure marked incomplete', async () => {
    await setup(false);
    const nghienLoan = await series('01873', 'today');
    expect(nghienLoan.figures.map((f) => [f.households, f.poor, f.poorRate])).toEqual([[300, 30, 10]]);
    const note = nghienLoan.footnotes[0]!;
    expect(note.vi).toContain('Xã Giáo Hiệu (01870) toàn bộ (chính xác)');
    expect(note.vi).toContain('Xã Nhạn Môn (01867) chỉ nhập một phần, chưa rõ tỷ lệ: không phân bổ');
    expect(note.vi).toContain('Số liệu chưa đầy đủ');
    expect(note.en).toContain('left unallocated');
    // A unit that kept its territory: as it was and re-based are the same figures, no footnote needed.
    expect((await series('05443', 'today')).figures).toEqual([]);
  });
});
