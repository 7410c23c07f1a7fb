// A commune officer imports the commune's opening list on the rounds page (a bad row is named in a table,
// then the right file gives the summary) and, on a recognised round, has the certificates made in the
// background (progress, then the PDF to download; a reload keeps the job) and an agency list, whose dialog
// asks for the purpose first.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  launchBrowser,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';
import { removeExportDirs } from '../support/export-dirs.ts';

const csv = (lines: string[]) => ({
  name: 'danh-sach-dau-ky.csv',
  mimeType: 'text/csv',
  buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8'),
});

describe.skipIf(browserMissing)('the opening list and the round documents in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    if (web) await removeExportDirs(web.db);
    await web?.close();
  });

  const modal = () => page.locator('.ant-modal-wrap:visible .ant-modal');

  async function typeDate(field: Locator, value: string) {
    await field.click();
    await field.fill(value);
    await field.press('Tab');
    await expect.poll(() => field.inputValue()).toBe(value);
  }

  it('imports the opening list: a bad row is shown by row and column, then the summary', async () => {
    const { h1 } = web.world;
    await signIn(page, web.url, 'xa');
    await page.goto(`${web.url}/rounds`);
    await page.getByTestId('opening-import').click();
    expect(await modal().innerText()).toContain('theo quyết định của Chủ tịch UBND xã');
    await page.locator('#opening_decisionNumber').fill('140/QĐ-UBND');
    await typeDate(page.locator('#opening_decisionDate'), '20/12/2025');
    const file = modal().locator('input[type=file]');
    await file.setInputFiles(
      csv(['Mã hộ;Số định danh chủ hộ;Phân loại', `${h1};;Hộ nghèo`, ';006080009999;Hộ khá giả']),
    );
    await page.getByTestId('opening-submit').click();
    const errors = page.getByTestId('opening-errors');
    await errors.waitFor();
    const bad = errors.locator('tbody tr').first();
    expect(await bad.locator('td').nth(0).innerText()).toBe('3');
    expect(await bad.locator('td').nth(1).innerText()).toBe('class');
    expect(await bad.locator('td').nth(2).innerText()).toContain('Dòng 3');

    await file.setInputFiles(
      csv(['Mã hộ;Số định danh chủ hộ;Phân loại', `${h1};;Hộ nghèo`, ';006080009999;Hộ cận nghèo']),
    );
    await page.getByTestId('opening-submit').click();
    await page.getByTestId('opening-done').waitFor();
    expect(await page.getByTestId('opening-done').innerText()).toContain(
      '140/QĐ-UBND ngày 20/12/2025: 1 hộ nghèo, 1 hộ cận nghèo',
    );
    await page.getByTestId('opening-close').click();
    await page.getByTestId('opening-card').waitFor({ state: 'detached' });
    // The rounds page now shows the commune's opening list, and keeps showing it after a reload.
    await page.reload();
    await page.getByTestId('opening-list').waitFor();
    expect(await page.getByTestId('opening-list').innerText()).toContain('140/QĐ-UBND ngày 20/12/2025');
    expect(await page.getByTestId('opening-card').count()).toBe(0);
  });

  /** The 2026 round run to recognition through the API (the screens of a round have their own test). */
  async function recognisedRound(): Promise<string> {
    const { h1, h2, villageA1, villageA2 } = web.world;
    const csrf = (await (await page.request.get(`${web.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrf.csrfToken };
    const opened = await page.request.post(`${web.url}/api/rounds`, {
      headers,
      data: { communeCode: web.world.communeA, kind: 'periodic', year: 2026 },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const round = (await opened.json()) as {
      id: string;
      eventCount: number;
      households: { householdId: string }[];
    };
    const listed = new Set(round.households.map((h) => h.householdId));
    const list = [h1, h2]
      .filter((h) => !listed.has(h))
      .map((householdId) => ({ type: 'list', date: '2026-09-03', householdId, reason: 'current_poor' }));
    const survey = (householdId: string, incomePerCapita: number, deficits: string[]) => ({
      type: 'survey',
      date: '2026-09-10',
      householdId,
      assessment: { incomePerCapita, deficits },
    });
    const events = [
      ...list,
      { type: 'close_listing', date: '2026-09-07' },
      survey(h1, 1_200_000, ['water', 'sanitation', 'housing_area', 'telecom']),
      survey(h2, 1_300_000, ['water']),
      ...[
        [villageA1, h1],
        [villageA2, h2],
      ].map(([villageId, householdId]) => ({
        type: 'meeting',
        date: '2026-09-14',
        villageId,
        attendees: 20,
        votes: [{ householdId, agree: 15 }],
      })),
      ...[villageA1, villageA2].flatMap((villageId) => [
        { type: 'posting_start', date: '2026-09-17', villageId },
        { type: 'posting_end', date: '2026-09-21', villageId },
      ]),
      { type: 'recognise', date: '2026-09-30', decisionNumber: '215/QĐ-UBND' },
    ];
    const done = await page.request.post(`${web.url}/api/rounds/${round.id}/events`, {
      headers,
      data: { expectedCount: round.eventCount, events },
    });
    expect(done.status(), await done.text()).toBe(200);
    return round.id;
  }

  it('makes the certificates of the recognised round in the background, then offers the PDF', async () => {
    await page.goto(`${web.url}/rounds/${await recognisedRound()}`);
    const certificates = page.getByTestId('document-certificates');
    await certificates.waitFor();
    expect(await page.getByTestId('document-posting-list').count()).toBe(1);
    await certificates.click();
    // The job's id is kept in the address; the card follows the job to its file.
    await expect
      .poll(() => new URL(page.url()).searchParams.get('export'), { timeout: 30_000 })
      .toMatch(/^[0-9a-f-]{36}$/);
    const link = page.getByTestId('export-download');
    // Rendered on a thread of its own (started per export): a few seconds on a busy machine.
    await link.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-status').innerText()).toContain('Tệp đã sẵn sàng');
    // 2 households, its size and expiry in Vietnamese formats (24 hours from now: dd/mm/yyyy hh:mm).
    expect(await page.getByTestId('export-ready').innerText()).toMatch(
      /\.pdf — 2 hộ, \d+ KB; tải xuống trước \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\./,
    );
    const href = (await link.getAttribute('href'))!;
    const res = await page.request.get(`${web.url}${href}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    // A reload keeps the job and its file.
    await page.reload();
    await page.getByTestId('export-download').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('export-download').getAttribute('href')).toBe(href);
  });

  it('asks the purpose before an agency list is made, then offers the workbook', async () => {
    await page.getByTestId('agency-health-insurance').click();
    // The dialog's form in place before the empty submit (a click during its opening can be lost).
    await page.getByTestId('agency-purpose').waitFor();
    await page.locator('form#agency').waitFor();
    await page.getByTestId('agency-submit').click();
    await expect.poll(() => modal().innerText()).toContain('Cần ghi mục đích sử dụng');
    await page.getByTestId('agency-purpose').fill('BHYT');
    await page.getByTestId('agency-submit').click();
    await expect.poll(() => modal().innerText()).toContain('ít nhất 5 ký tự');
    await page.getByTestId('agency-purpose').fill('Cấp thẻ BHYT năm 2026');
    await page.getByTestId('agency-submit').click();
    await page.locator('form#agency').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId('export-status').innerText(), { timeout: 60_000 })
      .toContain('Tệp đã sẵn sàng — Mục đích sử dụng: Cấp thẻ BHYT năm 2026');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(browser.problems).toEqual([]);
  });
});
