// What `giamngheo serve` checks before it starts: every missing or unsafe setting named at once, in Vietnamese
// and English, with what to do. In production (NODE_ENV=production) the unsafe ones stop the start; on a
// developer's machine they are warnings. Pure: the environment and the options are passed in.
export interface ConfigProblem {
  setting: string;
  severity: 'error' | 'warning';
  message: { vi: string; en: string };
}

export interface ServeSettings {
  env: Record<string, string | undefined>;
  host: string;
  demo: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function checkConfig({ env, host, demo }: ServeSettings): ConfigProblem[] {
  const production = env.NODE_ENV === 'production';
  const unsafe = production ? 'error' : 'warning';
  const out: ConfigProblem[] = [];
  const secret = env.SESSION_SECRET;
  if (secret !== undefined && secret.length < 32)
    out.push({
      setting: 'SESSION_SECRET',
      severity: 'error',
      message: { vi: 'phải dài ít nhất 32 ký tự', en: 'must be at least 32 characters long' },
    });
  if (secret === undefined)
    out.push({
      setting: 'SESSION_SECRET',
      severity: unsafe,
      message: {
        vi: 'chưa đặt: khoá ngẫu nhiên mỗi lần chạy, mọi người bị đăng xuất khi máy chủ khởi động lại (tạo: openssl rand -hex 32)',
        en: 'unset: a random key per start, everyone is signed out at each restart (make one: openssl rand -hex 32)',
      },
    });
  if (!env.DATABASE_URL)
    out.push({
      setting: 'DATABASE_URL',
      severity: unsafe,
      message: {
        vi: 'chưa đặt: dùng CSDL nhúng, chỉ phục vụ một yêu cầu một lúc; khi chạy thật hãy dùng PostgreSQL (postgres://…)',
        en: 'unset: the embedded database serves one request at a time; in production use PostgreSQL (postgres://…)',
      },
    });
  if (demo && production)
    out.push({
      setting: '--no-demo',
      severity: 'error',
      message: {
        vi: 'dữ liệu mẫu và người dùng mẫu (mật khẩu công khai) không được nạp khi chạy thật: thêm --no-demo',
        en: 'demo data and demo users (public password) must not be loaded in production: add --no-demo',
      },
    });
  if (!LOOPBACK.has(host) && env.COOKIE_SECURE !== 'true')
    out.push({
      setting: 'COOKIE_SECURE',
      severity: unsafe,
      message: {
        vi: 'máy chủ mở ra mạng nhưng cookie phiên không có Secure: đặt HTTPS ở reverse proxy và COOKIE_SECURE=true',
        en: 'the server listens beyond this machine but the session cookie is not Secure: put HTTPS at a reverse proxy and set COOKIE_SECURE=true',
      },
    });
  return out;
}
