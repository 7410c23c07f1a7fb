// `giamngheo serve`: the web server on the configured database (embedded by default), demo loaded on first start.
import { randomBytes } from 'node:crypto';
import { buildServer } from '../../server/app.ts';
import { checkConfig } from '../../server/config-check.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import {
  DEFAULT_DATA_DIR,
  describeChoice,
  openReadyDatabase,
  poolFromEnv,
} from '../../services/open-database.ts';
import { budgetsFromEnv } from '../../server/budget.ts';
import { seedDemo } from '../../services/demo-data.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { DATABASE_HELP, todayInVietnam } from '../database-options.ts';
import { keptSessionSecret } from './serve-secret.ts';

const HELP = `giamngheo serve [--port N] [--host H] [--db DIR] [--no-demo]

Chạy máy chủ web (mặc định http://127.0.0.1:3000). CSDL mới được tạo, nạp danh mục đơn vị hành chính và
dữ liệu mẫu (tỉnh Bắc Kạn cũ, người dùng mẫu: docs/demo.md) ở lần chạy đầu, trừ khi có --no-demo.
Starts the web server (default http://127.0.0.1:3000). A new database is created, loaded with the
official units and the demo (former Bắc Kạn, demo users: docs/demo.md) on first start, unless --no-demo.
${DATABASE_HELP}
  SESSION_SECRET  khoá ký phiên (≥ 32 ký tự); nếu thiếu: với CSDL nhúng, tạo một lần và giữ trong thư mục
                  dữ liệu (giamngheo-session-secret, 0600); với PostgreSQL, ngẫu nhiên mỗi lần chạy
                  session signing key (≥ 32 chars); when unset: on the embedded database, made once and kept
                  in its data folder (giamngheo-session-secret, 0600); on PostgreSQL, random per start
  TRUST_PROXY     địa chỉ reverse proxy (vd. 127.0.0.1) được tin X-Forwarded-For; mặc định không tin ai
                  the reverse proxy's address (e.g. 127.0.0.1) whose X-Forwarded-For is believed; nobody's by default
  COOKIE_SECURE   true: cookie phiên chỉ gửi qua HTTPS (sau reverse proxy TLS; cần TRUST_PROXY)
                  true: the session cookie only over HTTPS (behind a TLS reverse proxy; needs TRUST_PROXY)
  NODE_ENV        production: thiếu SESSION_SECRET, DATABASE_URL, --no-demo hoặc COOKIE_SECURE=true thì không chạy,
                  dù --host là 127.0.0.1 / production: refuses to start without SESSION_SECRET, DATABASE_URL,
                  --no-demo or COOKIE_SECURE=true, even on --host 127.0.0.1
  DATABASE_POOL_SIZE, DATABASE_QUEUE_LIMIT, DATABASE_QUEUE_WAIT_MS
                  số kết nối PostgreSQL (10), số yêu cầu được chờ (10 × số kết nối; CSDL nhúng: 100), thời gian
                  chờ (5000 ms); quá thì trả 503 / PostgreSQL connections, requests allowed to wait (10 × the
                  connections; embedded database: 100), how long; beyond: 503
  DATABASE_PREPARED_STATEMENTS
                  off: không chuẩn bị sẵn câu lệnh (khi đi qua PgBouncer chế độ transaction, bản cũ hơn 1.21)
                  off: statements are not prepared (behind PgBouncer in transaction mode, before 1.21)
  STATEMENT_TIMEOUT_{READ,SEARCH,WRITE,REPORT,TRANSFER}_MS
                  thời gian tối đa một câu lệnh theo loại yêu cầu / statement timeout per kind of request
  SLOW_QUERY_MS   ghi nhật ký câu lệnh chậm hơn (500; không ghi tham số)
                  log statements slower than this (500; never their parameters)`;

export const serveCommand: Command = {
  summary: 'chạy máy chủ web / start the web server',
  help: HELP,
  async run(argv) {
    const { values } = parseOptions(argv, {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      db: { type: 'string' },
      'no-demo': { type: 'boolean' },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: ${values.port}`);
    // Every missing or unsafe setting at once; in production (NODE_ENV=production) they stop the start.
    const embedded = Boolean(values.db) || !process.env.DATABASE_URL;
    const problems = checkConfig({
      env: process.env,
      host: values.host,
      demo: !values['no-demo'],
      embedded,
    });
    for (const p of problems)
      process.stderr.write(
        `${p.severity === 'error' ? 'LỖI / ERROR' : 'CẢNH BÁO / WARNING'} ${p.setting}: ${p.message.vi} / ${p.message.en}\n`,
      );
    if (problems.some((p) => p.severity === 'error'))
      throw new UsageError(
        'Cấu hình chưa an toàn, máy chủ không khởi động / unsafe configuration, not starting',
      );
    const choice = {
      dbDir: values.db,
      databaseUrl: process.env.DATABASE_URL,
      pool: poolFromEnv(process.env),
    };
    const budgets = budgetsFromEnv(process.env);
    const slowQueryMs = Number(process.env.SLOW_QUERY_MS || 500);
    if (!Number.isInteger(slowQueryMs) || slowQueryMs < 0)
      throw new UsageError(`SLOW_QUERY_MS: ${process.env.SLOW_QUERY_MS}`);
    const say = (m: { vi: string; en: string }) => process.stderr.write(`${m.vi} / ${m.en}\n`);
    const db = await openReadyDatabase(choice, { onProgress: say });
    // Unset outside production (the check refuses it in production): kept in the embedded data folder, so a
    // restart of a trial machine signs no one out; random per start on PostgreSQL.
    let secret = process.env.SESSION_SECRET;
    if (secret === undefined && embedded) {
      const kept = keptSessionSecret(values.db ?? DEFAULT_DATA_DIR);
      secret = kept.secret;
      if (kept.created)
        say({
          vi: `Khoá phiên mới được tạo và giữ tại ${kept.path}`,
          en: `A new session key was made and kept in ${kept.path}`,
        });
    }
    secret ??= randomBytes(32).toString('hex');
    const book = loadRuleBook();
    if (!values['no-demo']) {
      const summary = await seedDemo(db, {
        ruleBook: book,
        onProgress: (done, total) => {
          if (done === total || done % 500 === 0)
            process.stderr.write(`\rDữ liệu mẫu / demo data: ${done}/${total}`);
        },
      });
      if (summary) process.stderr.write('\n');
      await (await import('../../services/demo-maps.ts')).loadDemoMaps(db);
    }
    const app = await buildServer({
      db,
      book,
      today: todayInVietnam,
      sessionSecret: secret,
      secureCookies: process.env.COOKIE_SECURE === 'true',
      // The reverse proxy's address (e.g. 127.0.0.1), whose X-Forwarded-For is believed; nobody's when unset.
      ...(process.env.TRUST_PROXY ? { trustProxy: process.env.TRUST_PROXY } : {}),
      logger: true,
      budgets,
      slowQueryMs,
    });
    const close = async () => {
      await app.close();
      await db.close();
      process.exit(0);
    };
    process.once('SIGINT', close);
    process.once('SIGTERM', close);
    await app.listen({ port, host: values.host });
    say({
      vi: `GiảmNghèo đang chạy tại http://${values.host}:${port} (${describeChoice(choice)}); API: /api/docs`,
      en: `GiảmNghèo is running at http://${values.host}:${port} (${describeChoice(choice)}); API: /api/docs`,
    });
    // Runs until stopped.
    return new Promise<number>(() => {});
  },
};
