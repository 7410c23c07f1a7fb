// What `giamngheo serve` checks before it starts: every missing or unsafe setting named at once, in Vietnamese
// and English, with what to do. In production (NODE_ENV=production) the unsafe ones stop the start; on a
// developer's machine they are warnings. Settings with which the server cannot work (a short SESSION_SECRET,
// COOKIE_SECURE without TRUST_PROXY, an unreadable TRUST_PROXY) stop it everywhere. Pure: the environment and
// the options are passed in.
import { isIP, isIPv4 } from 'node:net';

export interface ConfigProblem {
  setting: string;
  severity: 'error' | 'warning';
  message: { vi: string; en: string };
}

export interface ServeSettings {
  env: Record<string, string | undefined>;
  host: string;
  demo: boolean;
  /** The embedded database is used (no DATABASE_URL, or --db): an unset SESSION_SECRET is kept in its folder. */
  embedded?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** proxy-addr's names for address ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function checkConfig({ env, host, demo, embedded = false }: ServeSettings): ConfigProblem[] {
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
  if (secret === undefined && embedded && !production)
    out.push({
      setting: 'SESSION_SECRET',
      severity: 'warning',
      message: {
        vi: 'chưa đặt: dùng khoá tạo một lần, giữ trong thư mục CSDL nhúng (giamngheo-session-secret); khi chạy thật hãy đặt SESSION_SECRET (tạo: openssl rand -hex 32)',
        en: 'unset: a key made once and kept in the embedded database folder (giamngheo-session-secret); in production set SESSION_SECRET (make one: openssl rand -hex 32)',
      },
    });
  else if (secret === undefined)
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
  const secure = env.COOKIE_SECURE === 'true';
  // In production the cookie is Secure whatever the host: the documented set-up listens on 127.0.0.1 behind a
  // TLS reverse proxy (docs/production.md), and a loopback host says nothing about how users reach it.
  if (production && !secure)
    out.push({
      setting: 'COOKIE_SECURE',
      severity: 'error',
      message: {
        vi: 'khi chạy thật cookie phiên phải có Secure, kể cả khi máy chủ chỉ nghe ở 127.0.0.1 sau reverse proxy: đặt HTTPS ở reverse proxy và COOKIE_SECURE=true',
        en: 'in production the session cookie must be Secure, even when the server listens on 127.0.0.1 behind a reverse proxy: put HTTPS at the proxy and set COOKIE_SECURE=true',
      },
    });
  else if (!LOOPBACK.has(host) && !secure)
    out.push({
      setting: 'COOKIE_SECURE',
      severity: unsafe,
      message: {
        vi: 'máy chủ mở ra mạng nhưng cookie phiên không có Secure: đặt HTTPS ở reverse proxy và COOKIE_SECURE=true',
        en: 'the server listens beyond this machine but the session cookie is not Secure: put HTTPS at a reverse proxy and set COOKIE_SECURE=true',
      },
    });
  const proxy = env.TRUST_PROXY?.trim();
  // Refused in every mode, not only in production: the server does not speak TLS itself, so a Secure cookie
  // means HTTPS ends at a proxy. Without TRUST_PROXY the server takes every request for plain HTTP (it does
  // not believe X-Forwarded-Proto) and @fastify/session never sends a Secure cookie over plain HTTP: nobody
  // could sign in. And every request would come from the proxy's address, so the sign-in limit (per address)
  // would be one limit for the whole province: one attacker could block everyone's sign-in.
  if (secure && !proxy)
    out.push({
      setting: 'TRUST_PROXY',
      severity: 'error',
      message: {
        vi: 'COOKIE_SECURE=true nghĩa là HTTPS kết thúc ở reverse proxy, nhưng chưa đặt địa chỉ proxy: máy chủ coi mọi yêu cầu là HTTP nên không gửi cookie phiên (không ai đăng nhập được), và mọi người chung một địa chỉ nên một kẻ tấn công chặn được đăng nhập của cả tỉnh. Đặt TRUST_PROXY=địa chỉ của proxy (vd. 127.0.0.1)',
        en: "COOKIE_SECURE=true means HTTPS ends at a reverse proxy, but the proxy's address is not set: the server takes every request for plain HTTP and sends no session cookie (nobody can sign in), and everyone shares one address, so one attacker can block the whole province's sign-in. Set TRUST_PROXY to the proxy's address (e.g. 127.0.0.1)",
      },
    });
  const unreadable = proxy
    ? proxy
        .split(',')
        .map((p) => p.trim())
        .filter((p) => !isProxyAddress(p))
    : [];
  if (unreadable.length > 0)
    out.push({
      setting: 'TRUST_PROXY',
      severity: 'error',
      message: {
        vi: `phải là địa chỉ hoặc dải địa chỉ của reverse proxy, cách nhau bằng dấu phẩy (vd. 127.0.0.1 hoặc 10.0.0.0/8; "loopback" được chấp nhận), không phải: ${unreadable.join(', ')}`,
        en: `must be the reverse proxy's addresses or ranges, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8; "loopback" is accepted), not: ${unreadable.join(', ')}`,
      },
    });
  return out;
}

/**
 * What Fastify's trustProxy accepts as a string entry (proxy-addr): an address, an address/prefix or
 * address/netmask, or one of its named ranges. Not "true" or a hop count: those would trust any peer's
 * X-Forwarded-For, or none.
 */
function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, mask, extra] = entry.split('/');
  if (extra !== undefined || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (mask === undefined) return true;
  if (/^\d{1,3}$/.test(mask)) return Number(mask) <= (family === 4 ? 32 : 128);
  return family === 4 && isIPv4(mask);
}
