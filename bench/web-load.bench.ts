// The web client on a slow link: the bytes of the first load (index.html and the scripts and styles it names,
// raw and as the build's brotli twins) and the time to a usable screen in Chromium on simulated 3G (CDP
// Network.emulateNetworkConditions, 400 kbit/s each way, 400 ms latency): the sign-in form on a first visit
// (empty cache) and on a repeat visit (the same profile reopened, its disk cache kept), then the household
// search of a signed-in enumerator on a repeat visit, then the offline field screen on a repeat visit and with
// no connection at all (the app from the service worker, the village from IndexedDB). A benchmark, not a test: `npm run bench:web` (builds
// web/ when stale; BENCH_KBPS and BENCH_LATENCY_MS to change the link); record the numbers in
// docs/web-performance.md.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, startWebApp } from '../test/support/browser.ts';
import { PASSWORD } from '../test/support/server.ts';
import { ensureWebBuild, WEB_DIST } from '../test/support/web-build.ts';

const KBPS = Number(process.env.BENCH_KBPS ?? 400);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 400);

ensureWebBuild();

// ---- Bytes of the first load, from the build --------------------------------------------------------------
const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
const referenced = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
const lazyChunks = readdirSync(join(WEB_DIST, 'assets')).filter(
  (f) => f.endsWith('.js') && !referenced.includes(`/assets/${f}`),
);

function sizes(file: string): { raw: number; br: number } {
  const path = join(WEB_DIST, file);
  const raw = statSync(path).size;
  const br = existsSync(`${path}.br`)
    ? statSync(`${path}.br`).size
    : brotliCompressSync(readFileSync(path)).length;
  return { raw, br };
}

const rows = ['/index.html', ...referenced].map((f) => ({ file: f, ...sizes(f) }));
const kb = (n: number) => (n / 1024).toFixed(1).padStart(8);
console.log(`First load (from ${WEB_DIST}):`);
console.log(`${'file'.padEnd(44)} ${'raw KiB'.padStart(8)} ${'br KiB'.padStart(8)}`);
for (const r of rows) console.log(`${r.file.padEnd(44)} ${kb(r.raw)} ${kb(r.br)}`);
const total = rows.reduce((s, r) => ({ raw: s.raw + r.raw, br: s.br + r.br }), { raw: 0, br: 0 });
console.log(`${'total'.padEnd(44)} ${kb(total.raw)} ${kb(total.br)}`);
const lazy = lazyChunks.map((f) => sizes(`/assets/${f}`));
const lazyTotal = lazy.reduce((s, r) => ({ raw: s.raw + r.raw, br: s.br + r.br }), { raw: 0, br: 0 });
console.log(
  `${`loaded later (${lazyChunks.length} chunks)`.padEnd(44)} ${kb(lazyTotal.raw)} ${kb(lazyTotal.br)}`,
);

// ---- Time on simulated 3G ---------------------------------------------------------------------------------
if (!existsSync(CHROMIUM)) {
  console.log(`\nChromium not found at ${CHROMIUM}: no timings.`);
  process.exit(0);
}
const web = await startWebApp();
const profile = mkdtempSync(join(tmpdir(), 'gn-bench-chromium-'));

async function open(): Promise<{ context: BrowserContext; page: Page; transfer: () => Transfer }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
    viewport: { width: 412, height: 915 },
    locale: 'vi-VN',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LATENCY_MS,
    downloadThroughput: (KBPS * 1000) / 8,
    uploadThroughput: (KBPS * 1000) / 8,
  });
  let bytes = 0;
  let requests = 0;
  let fromCache = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  cdp.on('Network.responseReceived', (e: { response: { fromDiskCache?: boolean; status: number } }) => {
    if (e.response.fromDiskCache || e.response.status === 304) fromCache++;
  });
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
  return { context, page, transfer: () => ({ bytes, requests, fromCache }) };
}

interface Transfer {
  bytes: number;
  requests: number;
  /** Answered from the disk cache or by a 304 (checked again, not sent again). */
  fromCache: number;
}

async function timeTo(page: Page, url: string, ready: (p: Page) => Promise<void>) {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByText('Đang tải…').or(page.locator('#root > *')).first().waitFor();
  const shell = performance.now() - t0;
  await ready(page);
  return { shell, ready: performance.now() - t0 };
}

const loginForm = (p: Page) => p.getByLabel(/Tên đăng nhập|Username/).waitFor({ timeout: 120_000 });
const searchForm = (p: Page) => p.getByTestId('search-name').waitFor({ timeout: 120_000 });
const fieldScreen = (p: Page) => p.getByTestId('field-household').first().waitFor({ timeout: 120_000 });
const results: { visit: string; shell: number; ready: number; t: Transfer }[] = [];

try {
  // First visit: an empty profile.
  let s = await open();
  let r = await timeTo(s.page, `${web.url}/login`, loginForm);
  results.push({ visit: 'first visit, sign-in form', ...r, t: s.transfer() });
  await s.context.close();

  // Repeat visit: the same profile reopened (disk cache), the sign-in form again.
  s = await open();
  r = await timeTo(s.page, `${web.url}/login`, loginForm);
  results.push({ visit: 'repeat visit, sign-in form', ...r, t: s.transfer() });
  // Sign in (the session cookie stays in the profile), let the field screens prefetch, close.
  await s.page.getByLabel(/Tên đăng nhập|Username/).fill('thon');
  await s.page.getByLabel(/Mật khẩu|Password/).fill(PASSWORD);
  await s.page.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  await searchForm(s.page);
  await s.page.waitForLoadState('networkidle');
  await s.context.close();

  // Repeat visit, signed in: the household search of the enumerator.
  s = await open();
  r = await timeTo(s.page, `${web.url}/households`, searchForm);
  results.push({ visit: 'repeat visit, signed in, household search', ...r, t: s.transfer() });
  // The offline field screen: taking the village's data once (with the service worker installed by now).
  await s.page.goto(`${web.url}/field`);
  await s.page.getByTestId('field-take-button').click({ timeout: 120_000 });
  await fieldScreen(s.page);
  await s.page.waitForLoadState('networkidle');
  await s.context.close();

  // Repeat visit, signed in: the field screen, its village data from IndexedDB.
  s = await open();
  r = await timeTo(s.page, `${web.url}/field`, fieldScreen);
  results.push({ visit: 'repeat visit, signed in, field screen', ...r, t: s.transfer() });
  // No connection at all: the app from the service worker, the village from IndexedDB.
  await s.context.setOffline(true);
  r = await timeTo(s.page, `${web.url}/field`, fieldScreen);
  results.push({ visit: 'offline, field screen', ...r, t: s.transfer() });
  await s.context.close();
} finally {
  await web.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(
  `\nSimulated link: ${KBPS} kbit/s down and up, ${LATENCY_MS} ms latency (Chromium ${CHROMIUM}, viewport 412×915)`,
);
console.log(
  `${'visit'.padEnd(44)} ${'loading s'.padStart(9)} ${'usable s'.padStart(9)} ${'KiB over wire'.padStart(13)} ${'requests'.padStart(8)} ${'cached'.padStart(6)}`,
);
for (const x of results)
  console.log(
    `${x.visit.padEnd(44)} ${(x.shell / 1000).toFixed(2).padStart(9)} ${(x.ready / 1000).toFixed(2).padStart(9)} ${kb(x.t.bytes).padStart(13)} ${String(x.t.requests).padStart(8)} ${String(x.t.fromCache).padStart(6)}`,
  );
console.log(
  `\nnode ${process.version}, ${cpus()[0]?.model ?? '?'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
