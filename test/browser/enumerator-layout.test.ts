// The enumerator's existing screens on a phone (412×915) and a tablet (800×1280), issue #13: a re-survey
// starts from the last answers, the live class never covers the income being typed, search results are on
// the first screen, touch targets are at least 44 px, the round board shows an enumerator their villages'
// part only and offers "use the recorded forms" to one of several villages, and its action buttons are on
// screen at 800 px. Positions are read from bounding boxes.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../src/cli/database-options.ts';
import { users } from '../../src/db/index.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { recordAssessment } from '../../src/services/assessments.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { openReviewRound, recordRoundEvents } from '../../src/services/rounds.ts';
import { book } from '../support/rules.ts';
import { PASSWORD, TODAY } from '../support/server.ts';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  settle,
  signIn,
  signOut,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

const PHONE = { width: 412, height: 915 };
/** The day after a day (YYYY-MM-DD). */
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const TABLET = { width: 800, height: 1280 };

type Box = { x: number; y: number; width: number; height: number };

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on the page');
  return b;
}

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Every visible element of `l` is at least 44 px high (and wide, for a button). */
async function fingerSized(l: Locator, what: string) {
  const n = await l.count();
  expect(n, what).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const el = l.nth(i);
    if (!(await el.isVisible())) continue;
    const b = await box(el);
    expect(b.height, `${what} #${i} height`).toBeGreaterThanOrEqual(44);
    expect(b.width, `${what} #${i} width`).toBeGreaterThanOrEqual(44);
  }
}

describe.skipIf(browserMissing)("the enumerator's screens on a phone and a tablet", () => {
  let web: WebApp;
  let browser: Browser;
  let roundId = '';

  /**
   * A page signed in as `username`: the test browser has one cookie jar, so the last page's user is signed
   * out first (cleared cookies alone come back with a late answer of that page, signed in).
   */
  let last: Page | undefined;
  async function pageAs(username: string, viewport: { width: number; height: number }) {
    if (last && !last.isClosed()) await signOut(last, web.url);
    else await browser.context.clearCookies();
    const page = await browser.newPage(viewport);
    await signIn(page, web.url, username);
    last = page;
    return page;
  }

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    const { db, world } = web;
    const xa = (await actorByUsername(db, 'xa'))!;
    const procedure = loadProcedure();
    // The commune's list names both villages' households poor; both have a Phiếu B of the round's year.
    const opening = await importOpeningList(
      db,
      xa,
      {
        communeCode: world.communeA,
        decisionNumber: '140/QĐ-UBND',
        decisionDate: '2025-12-20',
        rows: [
          { row: 2, householdId: world.h1, class: 'poor' },
          { row: 3, householdId: world.h2, class: 'poor' },
        ],
      },
      { procedure, today: TODAY },
    );
    expect(opening.ok).toBe(true);
    for (const householdId of [world.h1, world.h2])
      await recordAssessment(
        db,
        xa,
        {
          householdId,
          answers: {
            standard: 'ND07_2021',
            incomePerCapita: 1_000_000,
            deficits: ['water', 'sanitation', 'housing_area'],
            surveyDate: '2026-10-05',
          } as never,
        },
        { book, today: TODAY },
      );
    const ctx = { procedure, today: TODAY, book };
    const round = await openReviewRound(
      db,
      xa,
      { communeCode: world.communeA, kind: 'periodic', year: 2026 },
      ctx,
    );
    roundId = round.id;
    await recordRoundEvents(
      db,
      xa,
      { roundId, expectedCount: round.eventCount, events: [{ type: 'close_listing', date: TODAY }] },
      ctx,
    );
    // An enumerator of both villages of the commune.
    await users.createUser(db, {
      username: 'thon2',
      displayName: 'Điều tra viên hai thôn',
      passwordHash: await hashPassword(PASSWORD),
      role: 'village_enumerator',
      scopes: [
        { access: 'write', villageId: world.villageA1 },
        { access: 'write', villageId: world.villageA2 },
      ],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  describe('on a phone (412×915)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await browser.newPage(PHONE);
      await signIn(page, web.url, 'thon');
    }, 60_000);

    it('a re-survey starts from the last answers, dated today, and says from which', async () => {
      await page.goto(`${web.url}/households/${web.world.h1}`);
      await page.getByTestId('action-assess').click();
      const prefilled = page.getByTestId('assess-prefilled');
      await prefilled.waitFor();
      expect(await prefilled.innerText()).toContain('Điền sẵn từ kết quả phân loại ngày 05/10/2026');
      const income = page.getByTestId('assess-income');
      expect(await income.inputValue()).toBe('1.000.000');
      for (const name of ['Nguồn nước sinh hoạt', 'Nhà tiêu hợp vệ sinh'])
        expect(await page.getByRole('checkbox', { name }).isChecked(), name).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Việc làm' }).isChecked()).toBe(false);
      const surveyDate = page.locator('.ant-drawer .ant-picker input');
      // Today as the server counts it (its clock, in Vietnam; the test server's day is TODAY, 22/11/2026),
      // not the day of the device's clock (this machine's).
      expect(TODAY).not.toBe(todayInVietnam());
      const [y, m, d] = TODAY.split('-');
      expect(await surveyDate.inputValue()).toBe(`${d}/${m}/${y}`);
      // The days after it cannot be picked: the server would refuse a survey dated in the future.
      await surveyDate.click();
      const tomorrow = page.locator(`.ant-picker-dropdown td[title="${nextDay(TODAY)}"]`);
      expect(await tomorrow.getAttribute('class')).toContain('ant-picker-cell-disabled');
      const todayCell = page.locator(`.ant-picker-dropdown td[title="${TODAY}"]`);
      expect(await todayCell.getAttribute('class')).not.toContain('ant-picker-cell-disabled');
      await page.keyboard.press('Escape');
      // The live class of the prefilled answers shows at once (no field to type first).
      const compact = page.getByTestId('assess-preview-compact');
      await expect.poll(() => compact.locator('[data-class]').getAttribute('data-class')).toBe('poor');
    });

    it('the live result never covers the income field being typed', async () => {
      const income = page.getByTestId('assess-income');
      // Above the poverty line, under the near-poor one's 2 000 000 đ is "middle" with these deficits.
      await income.fill('1800000');
      await income.focus();
      const compact = page.getByTestId('assess-preview-compact');
      await expect.poll(() => compact.locator('[data-class]').getAttribute('data-class')).toBe('middle');
      await settle(page);
      const field = await box(page.locator('.ant-input-number').filter({ has: income }));
      const card = await box(page.getByTestId('assess-preview'));
      const footer = await box(compact);
      // The field is on screen, and neither the result card nor the class in the footer lies over it.
      expect(field.y).toBeGreaterThanOrEqual(0);
      expect(field.y + field.height).toBeLessThanOrEqual(PHONE.height);
      expect(overlap(field, card), 'result card over the income').toBe(false);
      expect(overlap(field, footer), 'footer class over the income').toBe(false);
      // The card comes after the fields, not over them.
      expect(card.y).toBeGreaterThanOrEqual(field.y + field.height);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'assess-income',
      );
      await screenshot(page, 'vi-412-thon-assess-prefilled');
    });

    it("the form's controls are finger-sized (44 px)", async () => {
      const drawer = page.locator('.ant-drawer.gn-touch');
      await fingerSized(drawer.locator('.ant-btn'), 'button');
      await fingerSized(drawer.locator('.ant-input-number'), 'number input');
      await fingerSized(drawer.locator('.ant-picker'), 'date picker');
      await fingerSized(drawer.locator('.ant-radio-button-wrapper'), 'radio button');
      const checks = drawer.locator('.ant-checkbox-wrapper');
      for (let i = 0; i < (await checks.count()); i++)
        expect((await box(checks.nth(i))).height, `checkbox #${i}`).toBeGreaterThanOrEqual(44);
      await page.locator('.ant-drawer-footer').getByRole('button', { name: 'Huỷ' }).click();
    });

    it('search results are on the first screen: the filters fold, and open on demand', async () => {
      await page.goto(`${web.url}/households`);
      await page.waitForURL(/villageId=/);
      const row = page.getByRole('row', { name: /Hoàng Văn Đức/ });
      await row.waitFor();
      await settle(page);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      const r = await box(row);
      expect(r.y).toBeGreaterThanOrEqual(0);
      expect(r.y + r.height, 'the first result row within the viewport').toBeLessThanOrEqual(PHONE.height);
      // The folded filters say what they hold; the village select is out of the way until asked for.
      const summary = page.getByTestId('search-filters-summary');
      expect(await summary.innerText()).toContain('Thôn Nà Phầy');
      expect(await page.getByLabel('Thôn', { exact: true }).isVisible()).toBe(false);
      await fingerSized(page.locator('.gn-touch .ant-card .ant-btn'), 'search button');
      await fingerSized(
        page.locator('.ant-input-affix-wrapper').filter({ has: page.getByTestId('search-name') }),
        'name input',
      );
      await screenshot(page, 'vi-412-thon-search-folded');
      await page.getByTestId('search-filters-toggle').click();
      await page.getByLabel('Thôn', { exact: true }).waitFor();
      await fingerSized(page.locator('.gn-touch .ant-card .ant-select'), 'select');
    });
  });

  describe('the round board', () => {
    it("shows a village's enumerator their part only, with no commune readiness or steps", async () => {
      const page = await pageAs('thon', PHONE);
      await page.goto(`${web.url}/rounds/${roundId}`);
      await page.getByTestId('round-title').waitFor();
      const part = page.getByTestId('round-village-part');
      await part.waitFor();
      expect(await part.innerText()).toContain('Thôn Nà Phầy');
      expect(await page.getByTestId('readiness').count()).toBe(0);
      expect(await page.getByTestId('round-steps').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain('Chưa thể công nhận');
      expect(await page.locator('body').innerText()).not.toContain('Triệu Văn Sơn');
      // Their village's own steps stay, in its card.
      await page.getByTestId(`village-${web.world.villageA1}`).waitFor();
      await screenshot(page, 'vi-412-thon-round-part');
      // Their household's Phiếu B in the round starts from its last answers too, the result below the fields.
      await page.getByTestId(`hh-survey-${web.world.h1}`).click();
      await page.getByTestId('survey-prefilled').waitFor();
      expect(await page.getByTestId('survey-prefilled').innerText()).toContain('05/10/2026');
      const income = page.getByTestId('survey-income');
      expect(await income.inputValue()).toBe('1.000.000');
      expect(await page.getByTestId('deficit-water').getByRole('checkbox').isChecked()).toBe(true);
      await income.focus();
      const compact = page.getByTestId('survey-preview-compact');
      await expect.poll(() => compact.locator('[data-class]').getAttribute('data-class')).toBe('poor');
      await settle(page);
      const field = await box(page.locator('.ant-input-number').filter({ has: income }));
      expect(overlap(field, await box(page.getByTestId('survey-preview')))).toBe(false);
      expect(overlap(field, await box(compact))).toBe(false);
      await page.close();
    });

    it('offers "use the recorded forms" to an enumerator of two villages, for both', async () => {
      const page = await pageAs('thon2', TABLET);
      await page.goto(`${web.url}/rounds/${roundId}`);
      const part = page.getByTestId('round-village-part');
      await part.waitFor();
      expect(await part.innerText()).toContain('Thôn Khuổi Trả');
      expect(await part.innerText()).toContain('Thôn Nà Phầy');
      await page.getByTestId('round-from-recorded').click();
      const applied = page.getByTestId('round-from-recorded-applied');
      await applied.waitFor();
      expect(await applied.innerText()).toBe('Đã dùng 2 Phiếu B đã ghi');
      await page.close();
    });

    for (const who of ['xa', 'thon'] as const)
      it(`at 800 px (${who}), a household's action button is on screen`, async () => {
        const page = await pageAs(who, TABLET);
        await page.goto(`${web.url}/rounds/${roundId}`);
        const button = page.getByTestId(`hh-survey-${web.world.h1}`);
        await button.waitFor();
        await settle(page);
        await button.scrollIntoViewIfNeeded();
        const b = await box(button);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, 'the action button inside the 800 px viewport').toBeLessThanOrEqual(
          TABLET.width,
        );
        // Nothing to scroll sideways to reach it.
        const scrolled = await page
          .getByTestId('round-households')
          .locator('.ant-table-content, .ant-table-body')
          .first()
          .evaluate((el) => el.scrollWidth - el.clientWidth);
        expect(scrolled).toBeLessThanOrEqual(0);
        await screenshot(page, `vi-800-${who}-round`);
        await page.close();
      });
  });

  it('left the pages clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
