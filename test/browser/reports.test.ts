// The report viewer: open the review results of the province for 2025 from the catalogue, see its table with
// Vietnamese headers and number formats, and download it as a real xlsx workbook (read back with exceljs).
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '../../src/db/index.ts';
import {
  browserMissing,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

describe.skipIf(browserMissing)('the reports', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let first: { code: string; name: string };

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    // Two communes' 2025 roll-ups: 1.234 households with 123 poor (9,97 %), 400 with 100 poor (25,00 %).
    const communes = (await units.children(web.db, '19', '2025-12-31')).slice(0, 2);
    first = communes[0]!;
    for (const [i, [households, poor, nearPoor]] of [
      [1234, 123, 45],
      [400, 100, 20],
    ].entries()) {
      await web.db.query(
        `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, communes)
         values ($1, $2, 2025, 'ND07_2021', 'all', $3, $4, $5, 1)`,
        [communes[i]!.code, communes[i]!.validFrom, households, poor, nearPoor],
      );
    }
    page = await browser.newPage({ width: 1024, height: 768 });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opens the review results, shows the table and downloads a real workbook', async () => {
    await signIn(page, web.url, 'tinh');
    await page.goto(`${web.url}/reports`);
    await page.getByTestId('report-link-review-results').click();
    await page.waitForURL(/\/reports\/review-results/);
    const form = page.getByTestId('report-params');
    await form.waitFor();
    await form.getByLabel(/Mã đơn vị/).fill('19');
    await form.getByLabel(/^Năm/).fill('2025');
    await page.getByTestId('report-show').click();
    const table = page.getByTestId('report-document').locator('table').first();
    await table.waitFor();
    await page.getByRole('columnheader', { name: 'Tổng số hộ dân cư' }).first().waitFor();
    const row = page.getByRole('row').filter({ hasText: first.name }).first();
    await expect.poll(() => row.innerText()).toContain('1.234');
    expect(await row.innerText()).toContain('9,97');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'vi-1024-report');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-download-xlsx').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells: unknown[] = [];
    sheet.eachRow((r) => r.eachCell((c) => cells.push(c.value)));
    expect(cells).toContain('Tổng số hộ dân cư');
    expect(cells).toContain(1234);
    expect(cells).toContain(first.name);
  });

  it('shows the report in English', async () => {
    await page.getByTestId('lang-en').click();
    await page.getByRole('columnheader', { name: 'Total households' }).first().waitFor();
    const row = page.getByRole('row').filter({ hasText: first.name }).first();
    await expect.poll(() => row.innerText()).toContain('1,234');
    await screenshot(page, 'en-1024-report');
    expect(browser.problems).toEqual([]);
  });
});
