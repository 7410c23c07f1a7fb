// A certificates document (one page per recognised household) of `households` made-up households with three
// members each, for the tests of rendering on a thread (export jobs, direct downloads).
import { certificatesDocument } from '../../src/reports/documents/round-handouts.ts';

export function certificatesOf(households: number): ReturnType<typeof certificatesDocument> {
  return certificatesDocument({
    place: { communeName: 'Xã Bằng Thành', provinceName: 'Tỉnh Thái Nguyên' },
    decision: { number: '215/QĐ-UBND', date: '2026-09-30' },
    year: 2026,
    validUntil: '2026-12-31',
    households: Array.from({ length: households }, (_, i) => ({
      householdId: `h${i}`,
      headName: `Nguyễn Văn Hộ ${i + 1}`,
      address: null,
      villageName: 'Thôn Nà Phầy',
      finalClass: i % 2 ? ('near_poor' as const) : ('poor' as const),
      transition: 'unchanged',
      members: [1, 2, 3].map((m) => ({
        householdId: `h${i}`,
        memberNo: m,
        fullName: `Thành viên ${m}`,
        dateOfBirth: '1980-01-01',
        sex: 'male',
        relationToHead: m === 1 ? 'head' : 'child',
        nationalId: null,
      })),
    })),
  });
}
