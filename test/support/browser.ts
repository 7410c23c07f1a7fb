// Browser tests: the real server (on in-memory PGlite with the test world) serving the built web client,
// driven by Debian's Chromium through playwright-core. No browser is ever downloaded.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Locator, type Page, type Request } from 'playwright-core';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { pgliteImage } from './pglite-image.ts';
import { book } from './rules.ts';
import { buildWorld, PASSWORD, TODAY, type World } from './server.ts';
import { ensureWebBuild, WEB_DIST } from './web-build.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'giamngheo-screenshots');

/**
 * Without Chromium the browser tests are skipped on a developer's machine, but fail in CI (CI=true),
 * where .ci/run installs it: a green CI must have driven a browser.
 */
export const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;

export interface WebApp {
  url: string;
  world: World;
  db: Database;
  close(): Promise<void>;
}

export async function startWebApp(): Promise<WebApp> {
  ensureWebBuild();
  const db = await openDatabase({ kind: 'pglite', image: await pgliteImage('migrated') });
  await migrate(db);
  const world = await buildWorld(db);
  const app: FastifyInstance = await buildServer({
    db,
    book,
    today: () => TODAY,
    sessionSecret: 'browser-test-secret-'.repeat(3),
    webDir: WEB_DIST,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    world,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far (a clean page has none). */
  problems: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'gn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1024, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  // Generous: CI runs browser, server and database tests side by side on two cores.
  context.setDefaultTimeout(30_000);
  const problems: string[] = [];
  // The app must never reach beyond its own server (no CDN, fonts or icons from elsewhere).
  await context.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    problems.push(`external request: ${url}`);
    return route.abort();
  });
  return {
    context,
    problems,
    async newPage(viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      trackRequests(page);
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        // Chromium logs every 4xx answer; the expected ones (401 signed out, 409…) are not the page's fault.
        if (m.text().startsWith('Failed to load resource: the server responded with a status of 4')) return;
        problems.push(`console.${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The requests of each page (made by newPage) still waiting for their answer: see signOut. */
const inFlight = new WeakMap<Page, Set<Request>>();
function trackRequests(page: Page): void {
  const open = new Set<Request>();
  inFlight.set(page, open);
  page.on('request', (r) => open.add(r));
  page.on('requestfinished', (r) => open.delete(r));
  page.on('requestfailed', (r) => open.delete(r));
}

/**
 * Signs the browser out, so that the next signIn finds the sign-in form. Clearing the cookies is not enough:
 * the session is rolling (the server sets its cookie again on every answer), so an answer to a request the
 * page sent before the cookies were cleared brings the session back, /login then finds the previous user
 * signed in and leaves for /households, and signIn waits for a form that never comes (finance.test.ts in the
 * CI rehearsal). So the page's requests are let finish, the page is left (it sends no more), the session is
 * ended on the server (a cookie that still came back would name nobody), and only then the cookies go.
 */
export async function signOut(page: Page, baseUrl: string): Promise<void> {
  const open = inFlight.get(page);
  for (let i = 0; i < 100 && open && open.size > 0; i++) await page.waitForTimeout(100);
  await page.goto('about:blank');
  const csrf = (await (await page.request.get(`${baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const out = await page.request.post(`${baseUrl}/api/auth/logout`, {
    headers: { 'x-csrf-token': csrf.csrfToken },
  });
  if (out.status() !== 204) throw new Error(`sign-out answered ${out.status()}: ${await out.text()}`);
  await page.context().clearCookies();
}

export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/Tên đăng nhập|Username/).fill(username);
  await page.getByLabel(/Mật khẩu|Password/).fill(PASSWORD);
  await page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  await page.getByTestId('current-user').waitFor();
}

/** How far the page spills sideways (≤ 0: it fits the window and scrolls only vertically). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** The language the page declares (<html lang>). */
export function pageLanguage(page: Page): Promise<string> {
  return page.evaluate<string>('document.documentElement.lang');
}

/** Waits until spinners are gone and antd's transitions (≤ 0.3 s) have run. */
export async function settle(page: Page): Promise<void> {
  // Polled from here: the app's CSP forbids the string evaluation waitForFunction would need.
  const busy = page.locator('.ant-spin-spinning, .ant-spin-blur, .ant-skeleton');
  for (let i = 0; i < 100 && (await busy.count()) > 0; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(400);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await settle(page);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Chooses `option` in an antd select (named by its label, or given as a locator) and waits until the select's
 * form item (or `shownIn`, for a select without one, e.g. in a table row) reads it back. Under a loaded CI
 * machine a click can land while the dropdown is still animating in and select nothing, so the choice is
 * retried (at most three times). In a multiple select the option is clicked again only if it did not show.
 */
export async function chooseOption(
  page: Page,
  select: string | RegExp | Locator,
  option: string,
  shownIn?: Locator,
): Promise<void> {
  const field = typeof select === 'string' || select instanceof RegExp ? page.getByLabel(select) : select;
  const item = shownIn ?? page.locator('.ant-form-item').filter({ has: field }).first();
  for (let attempt = 1; ; attempt++) {
    await field.click();
    const choice = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .first();
    await choice.waitFor();
    await choice.click();
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if ((await item.innerText()).includes(option)) {
        await closeDropdown(page);
        return;
      }
      await page.waitForTimeout(100);
    }
    if (attempt === 3)
      throw new Error(`the select ${String(select)} does not show "${option}" after 3 tries`);
    await closeDropdown(page);
  }
}

/** Closes an open select dropdown (a multiple select stays open); Escape only then, so no drawer closes. */
async function closeDropdown(page: Page): Promise<void> {
  if ((await page.locator('.ant-select-dropdown:visible').count()) > 0) await page.keyboard.press('Escape');
}
