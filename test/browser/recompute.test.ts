// The recompute of a province's figures on the figures page (issue #15, durable jobs), as the province
// officer uses it: started from the card, followed to its end with the communes rebuilt and the poor
// households before and after; the same card in English.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRecognisedRounds } from '../faults/recognised-rounds.ts';
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

describe.skipIf(browserMissing)('recomputing figures in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    await seedRecognisedRounds(web.db, {
      communes: [web.world.communeA, web.world.communeB],
      year: 2026,
      householdsPerCommune: 9,
      date: '2026-10-20',
    });
    page = await browser.newPage({ width: 1024, height: 768 });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('starts a recompute of the province and shows its outcome, in Vietnamese and in English', async () => {
    await signIn(page, web.url, 'tinh');
    await page.goto(`${web.url}/figures?unit=19&year=2026`);
    const table = page.getByTestId('figures-table');
    await table.waitFor();
    expect(await table.innerText()).not.toContain('Tổng hợp từ kết quả rà soát');
    const card = page.getByTestId('recompute-card');
    await card.getByTestId('recompute-start').click();
    const jobs = card.getByTestId('recompute-jobs');
    await expect.poll(() => jobs.innerText(), { timeout: 60_000 }).toMatch(/Xong[\s\S]*2 xã; hộ nghèo/);
    // The page's figures follow: the year's figure derived from the rounds, without a reload.
    await expect.poll(() => table.innerText()).toMatch(/2026[\s\S]*Tổng hợp từ kết quả rà soát/);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'vi-1024-recompute');
    await page.getByTestId('lang-en').click();
    await expect.poll(() => jobs.innerText()).toMatch(/Done[\s\S]*2 communes; poor households/);
    await screenshot(page, 'en-1024-recompute');
    await page.getByTestId('lang-vi').click();
  });
});
