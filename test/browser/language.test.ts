// The client in English after the switch (kept across reloads), the live classification preview while an
// assessment is filled in, Vietnamese number formats, and the screens at tablet sizes in both languages.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  horizontalOverflow,
  pageLanguage,
  launchBrowser,
  screenshot,
  settle,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

const LANDSCAPE = { width: 1024, height: 768 };
const PORTRAIT = { width: 768, height: 1024 };

describe.skipIf(browserMissing)('the client in English, and at tablet sizes', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage(LANDSCAPE);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('switches the sign-in page to English', async () => {
    await page.goto(`${web.url}/login`);
    await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
    await page.getByTestId('lang-en').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await pageLanguage(page)).toBe('en');
    // A wrong password: the server's message, in English.
    await page.getByLabel('Username').fill('xa');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password').waitFor();
    await screenshot(page, 'en-1024-login-error');
  });

  it('shows the household page in English, and the choice survives a reload', async () => {
    await signIn(page, web.url, 'xa');
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('Commune officer');
    await page.goto(`${web.url}/households/${web.world.h1}`);
    await page.getByText('Household record').waitFor();
    await page.getByRole('tab', { name: 'Members (2)' }).waitFor();
    await page.getByRole('tab', { name: 'Assessments (0)' }).waitFor();
    await page.getByRole('tab', { name: 'History' }).waitFor();
    await page.getByText('Ethnic minority household').waitFor();
    await page.reload();
    await page.getByText('Household record').waitFor();
    expect(await page.getByRole('columnheader', { name: 'Date of birth' }).isVisible()).toBe(true);
    expect(await page.getByTestId('members-table').innerText()).toContain('12/03/1980');
    await screenshot(page, 'en-1024-household');
  });

  it('previews the class and its explanation live while an assessment is filled in, then records it', async () => {
    await page.getByTestId('action-assess').click();
    const preview = page.getByTestId('assess-preview');
    await preview.getByText('Enter the income or score A to see the result').waitFor();
    await page.getByTestId('assess-income').fill('1400000');
    // Two deficits: not yet poor.
    await page.getByRole('checkbox', { name: 'Employment' }).check();
    await page.getByRole('checkbox', { name: 'Drinking water source' }).check();
    const verdict = preview.locator('[data-class]');
    await expect.poll(() => verdict.getAttribute('data-class')).toBe('near_poor');
    expect(await verdict.innerText()).toBe('Near-poor household');
    await page.getByRole('checkbox', { name: 'Hygienic latrine' }).check();
    await expect.poll(() => verdict.getAttribute('data-class')).toBe('poor');
    expect(await verdict.innerText()).toBe('Poor household');
    await expect
      .poll(() => preview.innerText())
      .toContain('Income per person 1,400,000 VND/month ≤ rural poverty line');
    expect(await page.getByTestId('assess-income').inputValue()).toBe('1,400,000');
    await screenshot(page, 'en-1024-assessment-preview');

    await page.getByTestId('assess-save').click();
    await page.getByText('Assessment recorded').waitFor();
    await page.getByRole('tab', { name: 'Assessments (1)' }).click();
    const a = page.getByTestId('assessment').first();
    await a.getByText('Poor household', { exact: true }).waitFor();
    expect(await a.innerText()).toContain('Income 1,400,000 đồng/person/month');
    await screenshot(page, 'en-1024-assessments');
  });

  it('switching back shows Vietnamese labels and number formats (1.400.000)', async () => {
    await page.getByTestId('lang-vi').click();
    const a = page.getByTestId('assessment').first();
    await a.getByText('Hộ nghèo', { exact: true }).waitFor();
    const text = await a.innerText();
    expect(text).toContain('Thu nhập 1.400.000 đồng/người/tháng');
    expect(text).toContain(
      'Thu nhập bình quân 1.400.000 đồng/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đồng',
    );
    expect(text).toMatch(/Rà soát ngày \d{2}\/\d{2}\/\d{4}/);
    await screenshot(page, 'vi-1024-assessments');
  });

  it('a second assessment supersedes the first, which is greyed', async () => {
    await page.getByTestId('action-assess').click();
    // A re-survey starts from the first one's answers: its income and three deficits.
    await page.getByTestId('assess-prefilled').waitFor();
    expect(await page.getByTestId('assess-income').inputValue()).toBe('1.400.000');
    const latrine = page.getByRole('checkbox', { name: 'Nhà tiêu hợp vệ sinh' });
    expect(await latrine.isChecked()).toBe(true);
    await latrine.uncheck();
    const verdict = page.getByTestId('assess-preview').locator('[data-class]');
    await expect.poll(() => verdict.getAttribute('data-class')).toBe('near_poor');
    expect(await verdict.innerText()).toBe('Hộ cận nghèo');
    await page.getByTestId('assess-save').click();
    await page.getByText('Đã ghi kết quả phân loại').waitFor();
    await page.getByRole('tab', { name: 'Kết quả phân loại (2)' }).click();
    const items = page.getByTestId('assessment');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getAttribute('data-superseded')).toBe('false');
    expect(await items.nth(1).getAttribute('data-superseded')).toBe('true');
    expect(await items.nth(1).innerText()).toContain('Đã thay thế');
  });

  for (const [lang, viewport, tag] of [
    ['vi', PORTRAIT, '768x1024'],
    ['en', PORTRAIT, '768x1024'],
    ['vi', LANDSCAPE, '1024x768'],
  ] as const) {
    it(`fits a tablet (${tag}, ${lang}): search, household, history, member form`, async () => {
      const p = await browser.newPage(viewport);
      await p.goto(`${web.url}/households?name=Ho%C3%A0ng`);
      await p.getByTestId(`lang-${lang}`).click();
      await p.getByRole('row', { name: /Hoàng Văn Đức/ }).waitFor();
      // Nothing spills sideways: the page scrolls vertically only.
      const overflow = await horizontalOverflow(p);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(p, `${lang}-${tag}-search`);
      await p.getByRole('link', { name: 'Hoàng Văn Đức' }).click();
      await p.getByTestId('household-head').waitFor();
      await settle(p);
      expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
      await screenshot(p, `${lang}-${tag}-household`);
      await p.getByRole('tab', { name: lang === 'vi' ? 'Lịch sử thay đổi' : 'History' }).click();
      await p
        .getByRole('row', { name: /Ghi kết quả phân loại|Assessment recorded/ })
        .first()
        .waitFor();
      await screenshot(p, `${lang}-${tag}-history`);
      await p.getByRole('tab', { name: lang === 'vi' ? /Thành viên/ : /Members/ }).click();
      await p.getByTestId('member-edit-2').click();
      await p.getByTestId('member-fullName').waitFor();
      await screenshot(p, `${lang}-${tag}-member-form`);
      // Touch-sized controls: the form's inputs are at least 40 px high.
      const box = await p.getByTestId('member-fullName').boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(40);
      await p.close();
    });
  }

  it('left the pages clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
