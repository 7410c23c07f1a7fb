// A commune officer imports a file from the browser: a bad file shows its errors and writes nothing; the
// good one shows the counts once the job is done.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';
import { smallFile, tempDir, writeWorkbook } from '../support/import-files.ts';
import { saveInterruptedImport } from '../support/interrupted-import.ts';

describe.skipIf(browserMissing)('importing a file in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'xa');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('reports the errors of a bad file, then imports the good one with progress and counts', async () => {
    const dir = tempDir();
    const bad = join(dir, 'sai-tieu-de.csv');
    writeFileSync(bad, 'Mã hộ,Tên lạ\nNP-1,x\n');
    const { members, formB } = smallFile();
    const good = join(dir, 'rasoat-2026.xlsx');
    await writeWorkbook(good, [
      { name: 'Hộ và thành viên', rows: members },
      { name: 'Phiếu B', rows: formB },
    ]);

    await page.getByTestId('import-households').click();
    await page.waitForURL(/\/households\/import$/);
    // The households' own upload (the page also takes ODK exports below).
    const file = page.getByTestId('import-households-card').locator('input[type=file]');
    await file.setInputFiles(bad);
    await page.getByTestId('import-failed').waitFor();
    expect(await page.getByText('Không có dữ liệu nào được ghi.').isVisible()).toBe(true);
    expect(await page.getByRole('row').count()).toBeGreaterThan(1);
    await screenshot(page, 'vi-1024-import-errors');

    await file.setInputFiles(good);
    await page.getByTestId('import-done').waitFor();
    await screenshot(page, 'vi-1024-import-done');
    expect(await page.getByTestId('import-done').innerText()).toContain('3 + 0');
  });

  it('shows a job a restart interrupted as failed, with the reason, from its address', async () => {
    // As the server's start leaves a job a killed process was running (src/jobs/registry.ts recover()).
    const jobId = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
    await saveInterruptedImport(web.db, { id: jobId, ownerId: web.world.userIds.xa!, filename: 'lon.xlsx' });
    await page.goto(`${web.url}/households/import?job=${jobId}`);
    const failed = page.getByTestId('import-failed');
    await failed.waitFor();
    const text = await failed.innerText();
    expect(text).toContain('bị gián đoạn do khởi động lại máy chủ');
    expect(text).toContain('Hãy nhập lại cùng tệp');
    // Named in the job's card, and in the recent imports listed below it.
    expect(await page.getByText('lon.xlsx').first().isVisible()).toBe(true);
    expect(await page.getByText('lon.xlsx').count()).toBe(2);
    // The ODK forms below offer this year's standard first (the server's inForce), not the 2016–2020 one.
    expect(await page.getByTestId('odk-standard').innerText()).toContain('2022–2025');
    await screenshot(page, 'vi-1024-import-interrupted');
  });
  it('keeps asking while the server cannot be reached, says so, then shows the job', async () => {
    const jobId = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    await saveInterruptedImport(web.db, {
      id: jobId,
      ownerId: web.world.userIds.xa!,
      filename: 'tam-dung.xlsx',
    });
    // The job's address answers 503 (a server restarting, its database unreachable) until let through.
    let refused = 0;
    let through = false;
    await page.route(`**/api/imports/${jobId}`, async (route) => {
      if (through) return route.continue();
      refused++;
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'retry-after': '2' },
        body: JSON.stringify({
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: { vi: 'Tạm thời không phục vụ', en: 'Unavailable' },
            fields: [],
          },
        }),
      });
    });
    try {
      await page.goto(`${web.url}/households/import?job=${jobId}`);
      await page.getByTestId('import-reconnecting').waitFor();
      expect(await page.getByTestId('import-failed').count()).toBe(0);
      // It asks again (every two seconds), not once.
      await expect.poll(() => refused, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
      through = true;
      await page.getByTestId('import-failed').waitFor({ timeout: 15_000 });
      await page.getByTestId('import-reconnecting').waitFor({ state: 'detached' });
      expect(await page.getByTestId('import-failed').innerText()).toContain('bị gián đoạn');
    } finally {
      await page.unroute(`**/api/imports/${jobId}`);
    }
  });
});
