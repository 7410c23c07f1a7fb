// A village's enumerator (`thon`, scoped to one village) on a phone: the household search lands on their
// village with its commune preselected and lists only its households; a new household goes to their
// village; the rounds page shows their commune and offers no commune-wide action.
import { request, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, TODAY } from '../support/server.ts';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

describe.skipIf(browserMissing)("a village enumerator's scope on a phone (412×915)", () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let communeName = '';

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 412, height: 915 });
    await signIn(page, web.url, 'thon');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('is told its village and commune by /api/auth/me', async () => {
    const me = (await (await page.request.get(`${web.url}/api/auth/me`)).json()) as {
      scopes: {
        villages: { villageId: string; villageName: string; communeCode: string; communeName: string }[];
      };
    };
    expect(me.scopes.villages).toHaveLength(1);
    expect(me.scopes.villages[0]).toMatchObject({
      villageId: web.world.villageA1,
      villageName: 'Thôn Nà Phầy',
      communeCode: web.world.communeA,
    });
    communeName = me.scopes.villages[0]!.communeName;
  });

  it('the household search lands on their village, commune preselected, and lists only its households', async () => {
    await page.goto(`${web.url}/households`);
    await page.waitForURL(new RegExp(`communeCode=${web.world.communeA}.*villageId=${web.world.villageA1}`));
    // On a phone the filters other than the name are folded once a search is shown: opened to read them.
    await page.getByTestId('search-filters-toggle').click();
    const commune = page.locator('.ant-form-item').filter({ has: page.getByLabel('Xã', { exact: true }) });
    await expect.poll(() => commune.innerText()).toContain(communeName);
    const village = page.locator('.ant-form-item').filter({ has: page.getByLabel('Thôn', { exact: true }) });
    await expect.poll(() => village.innerText()).toContain('Thôn Nà Phầy');
    await page.getByRole('row', { name: /Hoàng Văn Đức/ }).waitFor();
    // Khuổi Trả is a village of the same commune, not theirs: neither its household nor the village is offered.
    expect(await page.getByRole('row', { name: /Triệu Văn Sơn/ }).count()).toBe(0);
    await page.getByLabel('Thôn', { exact: true }).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    // The dropdown may open before the commune's villages have loaded (then it lists none for a moment).
    await expect.poll(() => options.allInnerTexts()).toEqual(['Thôn Nà Phầy']);
    await page.keyboard.press('Escape');
    await screenshot(page, 'vi-412-thon-search');
  });

  it('searching the whole commune still shows none of another village', async () => {
    await page.goto(`${web.url}/households?communeCode=${web.world.communeA}`);
    await page.getByRole('row', { name: /Hoàng Văn Đức/ }).waitFor();
    expect(await page.getByRole('row', { name: /Triệu Văn Sơn/ }).count()).toBe(0);
  });

  it('a new household has their commune and village preselected, and is added there', async () => {
    await page.goto(`${web.url}/households/new`);
    const form = page.getByTestId('new-household-form');
    const item = (label: string) =>
      form.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
    await expect.poll(() => item('Xã').innerText()).toContain(communeName);
    await expect.poll(() => item('Thôn').innerText()).toContain('Thôn Nà Phầy');
    await screenshot(page, 'vi-412-thon-new-household');
    await form.getByLabel('Chủ hộ', { exact: true }).fill('Ma Văn Lực');
    await page.getByTestId('new-household-submit').click();
    await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
    await page.getByText('Ma Văn Lực').first().waitFor();
    expect(await page.locator('body').innerText()).toContain('Thôn Nà Phầy');
  });

  it('the menu reaches the rounds of their commune, with no "open round", opening-list import nor statistics', async () => {
    await page.goto(`${web.url}/households`);
    const link = page.getByRole('link', { name: 'Rà soát' });
    const more = page.locator('.gn-main-menu .ant-menu-overflow-item-rest');
    // At 412 px the menu folds what does not fit under "…" once it has measured itself: the link may be on
    // screen at first and folded a moment later (a full browser run once waited 30 s for it to show).
    const showLink = async () => {
      if (!(await link.isVisible()) && (await more.isVisible())) await more.click();
    };
    await showLink();
    // Statistics are figures of units: not offered to a user scoped to villages only.
    expect(await page.getByText('Thống kê', { exact: true }).count()).toBe(0);
    for (let attempt = 1; ; attempt++) {
      try {
        await link.click({ timeout: 3_000 });
        break;
      } catch (e) {
        if (attempt === 5) throw e;
        await showLink();
      }
    }
    await page.waitForURL(/\/rounds/);
    await expect.poll(() => page.getByTestId('rounds-commune').innerText()).toContain(communeName);
    await page.getByText('Xã chưa có đợt rà soát nào').waitFor();
    expect(await page.getByTestId('round-new').count()).toBe(0);
    expect(await page.getByTestId('opening-import').count()).toBe(0);
    await screenshot(page, 'vi-412-thon-rounds');
  });

  it("a round of their commune shows their village only, with none of the commune's steps", async () => {
    // The commune officer opens the round (over the API, in a session of its own).
    const xa = await request.newContext({ baseURL: web.url });
    const csrf = async () =>
      ((await (await xa.get('/api/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
    const login = await xa.post('/api/auth/login', {
      data: { username: 'xa', password: PASSWORD },
      headers: { 'x-csrf-token': await csrf() },
    });
    expect(login.status()).toBe(200);
    const token = ((await login.json()) as { csrfToken: string }).csrfToken;
    const opened = await xa.post('/api/rounds', {
      data: { communeCode: web.world.communeA, kind: 'periodic', year: 2026 },
      headers: { 'x-csrf-token': token },
    });
    expect(opened.status(), await opened.text()).toBe(201);
    const { id: roundId, eventCount } = (await opened.json()) as { id: string; eventCount: number };
    // An applicant in their village and one in another village of the commune.
    const applicant = (householdId: string) => ({
      type: 'list',
      date: TODAY,
      householdId,
      reason: 'applicant',
      applicationDate: TODAY,
    });
    const listed = await xa.post(`/api/rounds/${roundId}/events`, {
      data: { expectedCount: eventCount, events: [applicant(web.world.h1), applicant(web.world.h2)] },
      headers: { 'x-csrf-token': token },
    });
    expect(listed.status(), await listed.text()).toBe(200);
    await xa.dispose();

    await page.goto(`${web.url}/rounds/${roundId}`);
    await page.getByTestId('round-title').waitFor();
    await page.getByTestId(`village-${web.world.villageA1}`).waitFor();
    expect(await page.getByTestId(`village-${web.world.villageA2}`).count()).toBe(0);
    // Their applicant may be screened; the other village's household is not shown at all.
    await page.getByTestId(`hh-screen-${web.world.h1}`).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('Triệu Văn Sơn');
    for (const action of [
      'round-auto',
      'round-applicant',
      'round-close-listing',
      'round-recognise',
      'round-reopen',
    ])
      expect(await page.getByTestId(action).count(), action).toBe(0);
    await screenshot(page, 'vi-412-thon-round');
  });

  it('left the page clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
