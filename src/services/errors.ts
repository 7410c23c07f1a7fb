// One catalogue of errors: stable codes, HTTP status, Vietnamese and English messages, the fields
// concerned. Services throw them; every door presents them its own way (HTTP turns them into
// `{ error: { code, message: { vi, en }, fields? } }` in src/server/errors.ts, the CLI prints them).
export const CATALOGUE = {
  VALIDATION_FAILED: { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  MALFORMED_JSON: { status: 400, vi: 'Nội dung JSON không đọc được', en: 'Malformed JSON body' },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Kiểu nội dung không được hỗ trợ',
    en: 'Unsupported content type',
  },
  BODY_TOO_LARGE: { status: 413, vi: 'Nội dung gửi lên quá lớn', en: 'Request body too large' },
  UNAUTHENTICATED: { status: 401, vi: 'Cần đăng nhập', en: 'Sign-in required' },
  // One answer for an unknown user, a wrong password and a locked account, so none reveals that a username
  // exists; the lock is told to everyone instead.
  INVALID_CREDENTIALS: {
    status: 401,
    vi: 'Sai tên đăng nhập hoặc mật khẩu (sai 5 lần liên tiếp thì tài khoản tạm khoá 15 phút)',
    en: 'Wrong username or password (5 failures in a row lock the account for 15 minutes)',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    vi: 'Quá nhiều yêu cầu; thử lại sau',
    en: 'Too many requests; try again later',
  },
  CSRF_INVALID: {
    status: 403,
    vi: 'Mã chống giả mạo (CSRF) không hợp lệ',
    en: 'Invalid or missing CSRF token',
  },
  FORBIDDEN: { status: 403, vi: 'Bạn không có quyền làm việc này', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  STALE_VERSION: {
    status: 409,
    vi: 'Hồ sơ đã được người khác sửa trong lúc bạn làm; xem thay đổi rồi thử lại',
    en: 'Someone else changed this record meanwhile; review their changes and try again',
  },
  DUPLICATE_NATIONAL_ID: {
    status: 409,
    vi: 'Số định danh cá nhân đã có ở một hộ khác',
    en: 'This national ID already belongs to a member of another household',
  },
  RULE_VIOLATION: { status: 422, vi: 'Thao tác trái quy định', en: 'The operation breaks a rule' },
  ROUND_NOT_RECOGNISED: {
    status: 409,
    vi: 'Đợt rà soát chưa được Chủ tịch UBND xã công nhận: chưa có giấy chứng nhận, danh sách công nhận hay danh sách gửi các ngành',
    en: 'The review round has not been recognised by the commune chairman yet: no certificates, recognised lists or agency lists',
  },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống; đã ghi nhận', en: 'Internal error; it has been logged' },
  DATABASE_BUSY: {
    status: 503,
    vi: 'Hệ thống đang bận; vui lòng thử lại sau ít giây',
    en: 'The server is busy; please try again in a few seconds',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    vi: 'Cơ sở dữ liệu tạm thời không truy cập được (đang khởi động lại?); vui lòng thử lại sau ít giây',
    en: 'The database cannot be reached for now (restarting?); please try again in a few seconds',
  },
  DISK_FULL: {
    status: 507,
    vi: 'Đĩa đã đầy: không ghi được tệp; hãy giải phóng dung lượng rồi thử lại',
    en: 'The disk is full: the file could not be written; free some space and try again',
  },
  QUERY_TIMEOUT: {
    status: 503,
    vi: 'Truy vấn chạy quá thời gian cho phép và đã bị dừng; hãy thu hẹp điều kiện tìm kiếm hoặc thử lại sau',
    en: 'The query ran longer than allowed and was stopped; narrow the search or try again later',
  },
  REQUEST_ABANDONED: {
    status: 503,
    vi: 'Yêu cầu đã bị huỷ vì máy khách ngắt kết nối',
    en: 'The request was cancelled because the client disconnected',
  },
} as const;

export type ErrorCode = keyof typeof CATALOGUE;

export interface FieldError {
  path: string;
  message: { vi: string; en: string };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly fields: FieldError[] = [],
    /** Extra data for the client (e.g. the current record on a 409). */
    readonly details?: Record<string, unknown>,
    message?: { vi: string; en: string },
  ) {
    super(message?.en ?? CATALOGUE[code].en);
    this.customMessage = message;
  }
  readonly customMessage: { vi: string; en: string } | undefined;
}

export function errorBody(
  code: ErrorCode,
  fields: FieldError[] = [],
  details?: Record<string, unknown>,
  message?: { vi: string; en: string },
) {
  const entry = CATALOGUE[code];
  return {
    error: {
      code,
      message: message ?? { vi: entry.vi, en: entry.en },
      ...(fields.length ? { fields } : {}),
      ...(details ?? {}),
    },
  };
}
