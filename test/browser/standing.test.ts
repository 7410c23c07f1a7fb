// Issue #12 on the screens: a household recognised poor by the commune's opening list (decision 140/QĐ-UBND
// of 20/12/2025) and assessed near-poor since shows both, the recognised class with its decision and the
// provisional one marked as such, on its page and in the search; a new periodic round's board shows no step
// as done (nothing has happened yet), and lists the recognised household at once.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  settle,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

describe.skipIf(browserMissing)('recognised and provisional standing, a new round’s steps', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let h1 = '';

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    h1 = web.world.h1;
    const officer = (await actorByUsername(web.db, 'xa'))!;
    const opening = await importOpeningList(
      web.db,
      officer,
      {
        communeCode: web.world.communeA,
        decisionNumber: '140/QĐ-UBND',
        decisionDate: '2025-12-20',
        rows: [{ row: 2, householdId: h1, class: 'poor' }],
      },
      { procedure: loadProcedure(), today: '2026-08-30' },
    );
    expect(opening.ok).toBe(true);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'xa');
    // Assessed since the decision: near-poor (income under the line, fewer than three deficits).
    const csrf = (await (await page.request.get(`${web.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    const assessed = await page.request.post(`${web.url}/api/households/${h1}/assessments`, {
      headers: { 'x-csrf-token': csrf.csrfToken },
      data: { standard: 'ND07_2021', area: 'rural', incomePerCapita: 1_000_000, deficits: ['water'] },
    });
    expect(assessed.status(), await assessed.text()).toBeLessThan(300);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows the recognised class with its decision and the provisional class beside it', async () => {
    await page.goto(`${web.url}/households/${h1}`);
    const standing = page.getByTestId('standing');
    await standing.waitFor();
    expect(
      await standing.getByTestId('recognised-class').locator('[data-class]').getAttribute('data-class'),
    ).toBe('poor');
    expect(await standing.getByTestId('decision').innerText()).toBe(
      'Quyết định số 140/QĐ-UBND ngày 20/12/2025',
    );
    const provisional = standing.getByTestId('provisional-class');
    expect(await provisional.getAttribute('data-class')).toBe('near_poor');
    expect(await provisional.innerText()).toContain('Tạm thời (chưa công nhận)');
    // Side by side: on one line.
    const a = (await standing.getByTestId('recognised-class').boundingBox())!;
    const b = (await provisional.boundingBox())!;
    expect(Math.abs(a.y - b.y)).toBeLessThan(8);
    expect(b.x).toBeGreaterThan(a.x);
    await settle(page);
    await screenshot(page, 'vi-1024-household-standing');

    await page.getByTestId('lang-en').click();
    await expect.poll(() => provisional.innerText()).toContain('Provisional (not recognised)');
    expect(await standing.getByTestId('decision').innerText()).toBe('Decision no. 140/QĐ-UBND of 20/12/2025');
    await screenshot(page, 'en-1024-household-standing');
    await page.getByTestId('lang-vi').click();
  });

  it('shows the recognised class in the search, with the provisional one beside it', async () => {
    await page.goto(`${web.url}/households?name=Ho%C3%A0ng`);
    const row = page.getByRole('row', { name: /Hoàng Văn Đức/ });
    await row.waitFor();
    expect(await row.getByTestId('recognised-class').locator('[data-class]').getAttribute('data-class')).toBe(
      'poor',
    );
    expect(await row.getByTestId('provisional-class').getAttribute('data-class')).toBe('near_poor');
    await screenshot(page, 'vi-1024-search-standing');
  });

  it('opens a periodic round whose board shows no step as done', async () => {
    await page.goto(`${web.url}/rounds`);
    await expect.poll(() => page.getByTestId('rounds-commune').innerText()).toContain('01864');
    await page.getByTestId('round-new').click();
    await page.locator('#open_year').fill('2026');
    await page.getByTestId('round-open-submit').click();
    await page.waitForURL(/\/rounds\/[0-9a-f-]{36}$/);
    const steps = page.getByTestId('round-steps');
    await steps.locator('[data-step-state]').first().waitFor();
    // The recognised household is listed at once.
    await page.getByTestId('round-households').locator(`tr[data-household="${h1}"]`).waitFor();
    const states = await steps
      .locator('[data-step-state]')
      .evaluateAll((tags) => tags.map((t) => t.getAttribute('data-step-state')));
    expect(states.length).toBeGreaterThan(3);
    expect(states).not.toContain('done');
    expect(states.every((s) => s === 'pending')).toBe(true);
    expect(await steps.innerText()).not.toContain('Hoàn thành');
    await settle(page);
    await screenshot(page, 'vi-1024-round-new-steps');
  });

  it('left the pages clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
