// What a browser is told beyond helmet's defaults (app.ts), and a second guard against cross-site writes:
// - Strict-Transport-Security only when the cookies are Secure (COOKIE_SECURE=true, HTTPS at the proxy):
//   communes that serve the app over plain HTTP on their own network must not be told to insist on HTTPS;
// - Permissions-Policy: the app uses no camera, microphone, location or payment; nothing it embeds may;
// - a change (POST, PATCH, PUT, DELETE under /api/) that the browser says comes from another site
//   (Sec-Fetch-Site: cross-site or same-site), or whose Origin is another host, is refused with 403
//   CSRF_INVALID before the CSRF token is even checked. A request with an API token (Authorization: Bearer)
//   carries no cookie to abuse and is not concerned. Behind a reverse proxy that does not pass the Host on,
//   browsers that send Sec-Fetch-Site (all current ones) still say same-origin and pass; the production guide
//   asks the proxy to keep the Host (proxy_set_header Host $host).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from './auth/bearer.ts';
import { AppError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()';

const CROSS_SITE = {
  vi: 'Yêu cầu thay đổi dữ liệu gửi từ một trang khác bị từ chối',
  en: 'A change sent from another site is refused',
};

/** The hosts this request may come from: its Host and, behind a proxy, the forwarded host (no default port). */
function ownHosts(req: FastifyRequest): string[] {
  return [req.headers.host, req.headers['x-forwarded-host']]
    .flatMap((h) => (Array.isArray(h) ? h : h ? h.split(',') : []))
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/:(80|443)$/, ''),
    )
    .filter(Boolean);
}

/** Why a change is refused as cross-site, or null when it is not. */
export function crossSiteReason(req: FastifyRequest): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `sec-fetch-site ${site}`;
  // The browser itself says the page is of this origin: believed (no page can set this header).
  if (site === 'same-origin') return null;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return 'origin unreadable';
  }
  return ownHosts(req).includes(host) ? null : 'origin of another host';
}

export function registerSecurityHeaders(
  app: FastifyInstance,
  options: { secureCookies?: boolean | undefined },
): void {
  app.addHook('onRequest', (req, _reply, done) => {
    if (SAFE_METHODS.has(req.method) || !req.url.startsWith('/api/') || bearerToken(req)) return done();
    const reason = crossSiteReason(req);
    if (reason) {
      req.log.warn({ csrf: reason }, 'cross-site change refused');
      return done(new AppError('CSRF_INVALID', [], undefined, CROSS_SITE));
    }
    done();
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    void reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (!options.secureCookies) reply.removeHeader('strict-transport-security');
    done(null, payload);
  });
}
