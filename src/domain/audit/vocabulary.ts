// The words of the audit log: what each recorded action and each kind of record is called, in Vietnamese and
// English. One list for the server's writers and the audit browser, so an auditor never reads a raw code;
// test/quality/audit-vocabulary.test.ts fails when a writer records an action or record type not named here.
export interface AuditWords {
  vi: string;
  en: string;
}

export const AUDIT_ENTITIES = {
  household: { vi: 'Hộ', en: 'Household' },
  member: { vi: 'Thành viên', en: 'Member' },
  assessment: { vi: 'Kết quả phân loại', en: 'Assessment' },
  user: { vi: 'Người dùng', en: 'User' },
  village: { vi: 'Thôn', en: 'Village' },
  review_round: { vi: 'Đợt rà soát', en: 'Review round' },
  file: { vi: 'Tệp', en: 'File' },
  import: { vi: 'Lần nhập tệp', en: 'File import' },
  figure: { vi: 'Số liệu nhập tay', en: 'Entered figure' },
  target: { vi: 'Chỉ tiêu', en: 'Target' },
  finance_plan_line: { vi: 'Dòng kế hoạch vốn', en: 'Capital plan line' },
  work: { vi: 'Công trình', en: 'Work' },
  production_project: { vi: 'Dự án sản xuất', en: 'Production project' },
  output_record: { vi: 'Kết quả đầu ra', en: 'Output' },
  map_layer: { vi: 'Lớp bản đồ', en: 'Map layer' },
  demo: { vi: 'Dữ liệu mẫu', en: 'Demo data' },
  api_token: { vi: 'Mã truy cập API', en: 'API token' },
  backup: { vi: 'Bản sao lưu CSDL', en: 'Database backup' },
  job: { vi: 'Công việc nền', en: 'Background job' },
  rollup: { vi: 'Số liệu tổng hợp', en: 'Roll-up figures' },
} as const satisfies Record<string, AuditWords>;

export type AuditEntity = keyof typeof AUDIT_ENTITIES;

export const AUDIT_ACTIONS: Record<string, AuditWords> = {
  'household.create': { vi: 'Thêm hộ', en: 'Household created' },
  'household.update': { vi: 'Sửa thông tin hộ', en: 'Household changed' },
  'household.move': { vi: 'Chuyển thôn', en: 'Moved to another village' },
  'household.split': { vi: 'Tách hộ', en: 'Household split' },
  'household.merge': { vi: 'Nhập hộ', en: 'Households merged' },
  // Written by migration 0016 (SQL), not by a literal in src: the stored text of households and members made NFC.
  'household.clean_text': {
    vi: 'Chuẩn hoá chữ đã lưu (NFC, bỏ ký tự ẩn)',
    en: 'Stored text normalised (NFC, invisible characters removed)',
  },
  'member.create': { vi: 'Thêm thành viên', en: 'Member added' },
  'member.update': { vi: 'Sửa thành viên', en: 'Member changed' },
  'member.leave': { vi: 'Thành viên rời hộ', en: 'Member left' },
  'assessment.create': { vi: 'Ghi kết quả phân loại', en: 'Assessment recorded' },
  'field.snapshot': {
    vi: 'Tải dữ liệu thôn về thiết bị để làm ngoại tuyến',
    en: 'Village data taken to a device for offline work',
  },
  'sync.conflict': {
    vi: 'Xung đột khi đồng bộ thay đổi ngoại tuyến',
    en: 'Conflict raised by an offline change',
  },
  'sync.conflict_resolve': { vi: 'Xử lý xung đột đồng bộ', en: 'Sync conflict resolved' },
  'personal_data.read': { vi: 'Xem thông tin cá nhân', en: 'Personal data viewed' },
  'personal_data.search': {
    vi: 'Tìm hộ theo số định danh (thông tin cá nhân)',
    en: 'Household found by national ID (personal data)',
  },
  'personal_data.duplicates': {
    vi: 'Xem danh sách số định danh trùng (thông tin cá nhân)',
    en: 'Duplicate national IDs viewed (personal data)',
  },
  'personal_data.national_id_taken': {
    vi: 'Được báo số định danh đã thuộc hộ này (từ chối trùng)',
    en: 'Told this household holds a national ID (duplicate refused)',
  },
  'user.login': { vi: 'Đăng nhập', en: 'Signed in' },
  'user.login_failed': {
    vi: 'Đăng nhập sai (tài khoản này)',
    en: 'Failed sign-in (to this account)',
  },
  'user.create': { vi: 'Tạo người dùng', en: 'User created' },
  'user.update': { vi: 'Sửa người dùng', en: 'User changed' },
  'token.create': { vi: 'Tạo mã truy cập API', en: 'API token created' },
  'token.revoke': { vi: 'Thu hồi mã truy cập API', en: 'API token revoked' },
  'token.use': { vi: 'Dùng mã truy cập API', en: 'API token used' },
  'village.create': { vi: 'Thêm thôn', en: 'Village created' },
  'village.assign': { vi: 'Gán thôn cho xã', en: 'Village assigned to a commune' },
  'demo.seed': { vi: 'Nạp dữ liệu mẫu', en: 'Demo data loaded' },
  'backup.create': { vi: 'Sao lưu CSDL', en: 'Database backed up' },
  'backup.restore': { vi: 'Khôi phục CSDL từ bản sao lưu', en: 'Database restored from a backup' },
  'import.file': { vi: 'Nhập tệp hộ, thành viên, Phiếu B', en: 'Households file imported' },
  'household.import': {
    vi: 'Ghi các hộ của một lô khi nhập tệp',
    en: 'Households of an import batch written',
  },
  'odk.import': {
    vi: 'Nhập tệp phiếu ODK/KoBo vào đợt rà soát',
    en: 'ODK/KoBo submissions imported into a round',
  },
  // The review round's steps (src/domain/review/round.ts), one entry each.
  'round.open': { vi: 'Mở đợt rà soát', en: 'Review round opened' },
  'round.file_upload': { vi: 'Tải lên biên bản, quyết định', en: 'Round document uploaded' },
  'round.list_auto': { vi: 'Lập danh sách rà soát tự động', en: 'Review list drawn up' },
  'round.list': { vi: 'Đưa hộ vào danh sách rà soát', en: 'Household listed for review' },
  'round.close_listing': { vi: 'Chốt danh sách rà soát', en: 'Review list closed' },
  'round.screen': { vi: 'Nhận dạng nhanh (Phiếu A)', en: 'Quick screening (Form A)' },
  'round.survey': { vi: 'Điều tra (Phiếu B)', en: 'Survey (Form B)' },
  'round.meeting': { vi: 'Họp dân thôn', en: 'Village meeting' },
  'round.posting_start': { vi: 'Bắt đầu niêm yết', en: 'Posting started' },
  'round.posting_end': { vi: 'Kết thúc niêm yết', en: 'Posting ended' },
  'round.complaint': { vi: 'Ghi nhận khiếu nại', en: 'Complaint recorded' },
  'round.recheck': { vi: 'Phúc tra', en: 'Re-checked' },
  'round.recognise': { vi: 'Công nhận kết quả', en: 'Results recognised' },
  'round.report': { vi: 'Báo cáo cấp trên', en: 'Reported upwards' },
  'round.reopen': { vi: 'Mở lại đợt rà soát', en: 'Review round reopened' },
  'round.account': {
    vi: 'Ghi nhận hộ chuyển đi, giải thể, sáp nhập',
    en: 'Household accounted for (moved, dissolved, merged)',
  },
  'round.opening_list': { vi: 'Nhập danh sách đầu kỳ', en: 'Opening list imported' },
  'round.export': {
    vi: 'Trích xuất danh sách gửi các ngành (dữ liệu cá nhân)',
    en: 'Agency list exported (personal data)',
  },
  'figure.enter': { vi: 'Nhập số liệu', en: 'Figure entered' },
  'figure.import': { vi: 'Nhập tệp số liệu', en: 'Figures file imported' },
  'target.import': { vi: 'Nhập tệp chỉ tiêu', en: 'Targets file imported' },
  'finance.plan.create': { vi: 'Giao kế hoạch vốn', en: 'Capital plan line created' },
  'finance.plan.adjust': { vi: 'Điều chỉnh kế hoạch vốn', en: 'Capital plan adjusted' },
  'finance.plan.carry_over': { vi: 'Chuyển nguồn sang năm sau', en: 'Funds carried over' },
  'finance.payment.create': { vi: 'Ghi giải ngân', en: 'Payment recorded' },
  'work.create': { vi: 'Thêm công trình', en: 'Work recorded' },
  'work.update': { vi: 'Sửa công trình', en: 'Work changed' },
  'work.delete': { vi: 'Xoá công trình', en: 'Work deleted' },
  'work.handover': { vi: 'Bàn giao chủ đầu tư', en: 'Investor handed over' },
  'work.photo_add': { vi: 'Thêm ảnh công trình', en: 'Photo of a work added' },
  'production_project.create': { vi: 'Thêm dự án sản xuất', en: 'Production project recorded' },
  'production_project.update': { vi: 'Sửa dự án sản xuất', en: 'Production project changed' },
  'production_project.delete': { vi: 'Xoá dự án sản xuất', en: 'Production project deleted' },
  'production_project.household_add': { vi: 'Thêm hộ tham gia dự án', en: 'Household joined a project' },
  'production_project.household_remove': { vi: 'Bớt hộ tham gia dự án', en: 'Household left a project' },
  'output.upsert': { vi: 'Ghi kết quả đầu ra', en: 'Output recorded' },
  'map_layer.load': { vi: 'Nạp lớp bản đồ', en: 'Map layer loaded' },
  'figures.recompute': {
    vi: 'Tính lại số liệu tổng hợp từ các đợt rà soát đã công nhận',
    en: 'Figures recomputed from the recognised rounds',
  },
  'job.interrupted': {
    vi: 'Công việc nền bị gián đoạn do khởi động lại máy chủ',
    en: 'Background job interrupted by a restart of the server',
  },
};

/** The name of an action, or its code when it is not (yet) named. */
export function auditActionName(code: string, lang: 'vi' | 'en'): string {
  return AUDIT_ACTIONS[code]?.[lang] ?? code;
}

export function auditEntityName(code: string, lang: 'vi' | 'en'): string {
  return (AUDIT_ENTITIES as Record<string, AuditWords>)[code]?.[lang] ?? code;
}
