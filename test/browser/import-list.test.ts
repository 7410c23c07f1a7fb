// The import page lists the user's recent imports (issue #15, item 3 "the web page shows it"): a file imported
// from the page appears finished, with its time (dd/mm/yyyy HH:mm), state and counts, above an import a
// restart interrupted (failed, with the reason); another user's import is not listed; a row's link opens
// that job's result.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../web/src/lib/format.ts';
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

describe.skipIf(browserMissing)('the recent imports on the import page', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  const interrupted = '5e1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e01';
  const othersJob = '5e1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e02';

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    // As a restart leaves a job a killed process was running, an hour ago; and another officer's import.
    const at = new Date(Date.now() - 3_600_000);
    for (const [id, ownerId, filename] of [
      [interrupted, web.world.userIds.xa!, 'lon-bi-ngat.xlsx'],
      [othersJob, web.world.userIds.xa2!, 'cua-xa-khac.xlsx'],
    ] as const)
      await saveInterruptedImport(web.db, { id, ownerId, filename, at });
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'xa');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows a finished import with its time, state and counts, newest first; its link opens the result', async () => {
    const good = join(tempDir(), 'ho-thon-na-phay.xlsx');
    const { members, formB } = smallFile();
    await writeWorkbook(good, [
      { name: 'Hộ và thành viên', rows: members },
      { name: 'Phiếu B', rows: formB },
    ]);
    await page.goto(`${web.url}/households/import`);
    const recent = page.getByTestId('import-recent');
    // Before: only the interrupted one, failed with the reason; not the other officer's.
    const interruptedRow = recent.locator(`tr[data-row-key="${interrupted}"]`);
    await interruptedRow.waitFor();
    expect(await interruptedRow.innerText()).toContain('bị gián đoạn do khởi động lại máy chủ');
    expect(await interruptedRow.innerText()).toContain('Không thành công');
    expect(await recent.innerText()).not.toContain('cua-xa-khac.xlsx');

    await page.getByTestId('import-households-card').locator('input[type=file]').setInputFiles(good);
    await page.getByTestId('import-done').waitFor();
    const jobId = new URL(page.url()).searchParams.get('job')!;
    const row = recent.locator(`tr[data-row-key="${jobId}"]`);
    await row.getByText('Xong').waitFor();
    const text = await row.innerText();
    expect(text).toContain('ho-thon-na-phay.xlsx');
    expect(text).toContain('3 hộ');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    const created = (await (await page.request.get(`${web.url}/api/imports/${jobId}`)).json()) as {
      createdAt: string;
    };
    expect(text).toContain(formatDateTime(created.createdAt));
    // Newest first: the import just made, then the interrupted one.
    const keys = await recent
      .locator('tbody tr[data-row-key]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')));
    expect(keys).toEqual([jobId, interrupted]);
    await screenshot(page, 'vi-1024-import-recent');

    // The interrupted one's link opens its result on the page.
    await interruptedRow.getByRole('link', { name: 'lon-bi-ngat.xlsx' }).click();
    await page.waitForURL(new RegExp(`job=${interrupted}`));
    expect(await page.getByTestId('import-failed').innerText()).toContain('bị gián đoạn');
  });
});
