// Giao diện tiếng Việt — jobs: recomputing a unit's figures as a background job (en-jobs.ts has the same keys).
export const viJobs = {
  'recompute.title': 'Tính lại số liệu tổng hợp',
  'recompute.hint':
    'Tính lại số liệu của {unit} năm {year} từ các đợt rà soát định kỳ đã công nhận của các xã — cần khi danh sách pháp lý được đính chính, địa giới thay đổi hoặc kết quả đã công nhận được sửa. Tính trọn vẹn hoặc không thay đổi gì.',
  'recompute.start': 'Tính lại năm {year}',
  'recompute.none': 'Chưa có lần tính lại nào',
  'recompute.col.unit': 'Đơn vị',
  'recompute.col.year': 'Năm',
  'recompute.col.status': 'Trạng thái',
  'recompute.col.progress': 'Tiến độ',
  'recompute.col.outcome': 'Kết quả',
  'recompute.col.started': 'Bắt đầu',
  'recompute.status.queued': 'Đang chờ',
  'recompute.status.running': 'Đang tính',
  'recompute.status.succeeded': 'Xong',
  'recompute.status.failed': 'Không thành công',
  'recompute.communes': '{n} xã; hộ nghèo {before} → {after}',
  'recompute.runAgain': 'Số liệu cũ được giữ nguyên; hãy tính lại.',
  'recompute.reconnecting': 'Đang kết nối lại máy chủ…',
} as const;
