// An officer of another commune cannot find, nor open by its address, a household outside their scope.
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

describe.skipIf(browserMissing)('scopes in the browser (officer of another commune)', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'xa2');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('searching "Hoàng" finds nothing in their commune', async () => {
    await page.getByTestId('search-name').fill('Hoàng');
    await page.getByTestId('search-submit').click();
    await page.waitForURL(/name=Ho%C3%A0ng/);
    await page.getByTestId('search-empty').waitFor();
    expect(await page.getByText('Không tìm thấy hộ nào phù hợp').isVisible()).toBe(true);
    expect(await page.getByRole('row', { name: /Hoàng Văn Đức/ }).count()).toBe(0);
    await screenshot(page, 'vi-1024-xa2-search-empty');
  });

  it('finds the household of their own commune', async () => {
    await page.getByTestId('search-name').fill('Lý Thị');
    await page.getByTestId('search-submit').click();
    await page.getByRole('row', { name: /Lý Thị Hoa/ }).waitFor();
  });

  it('opening the household by its address shows "không tìm thấy"', async () => {
    await page.goto(`${web.url}/households/${web.world.h1}`);
    await page.getByText('Không tìm thấy', { exact: true }).first().waitFor();
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('Hoàng Văn Đức');
    expect(body).not.toContain('Nông Thị Mai');
    await screenshot(page, 'vi-1024-xa2-not-found');
  });

  it('in English it reads "Not found"', async () => {
    await page.getByTestId('lang-en').click();
    await page.getByText('Not found', { exact: true }).first().waitFor();
  });

  it('has no user administration: no menu entry, and the address says "không có quyền"', async () => {
    await page.getByTestId('lang-vi').click();
    expect(await page.getByRole('link', { name: 'Người dùng' }).count()).toBe(0);
    await page.goto(`${web.url}/users`);
    await page.getByText('Không có quyền').waitFor();
  });

  it('a viewer sees masked personal data as given, no national-ID search and no change buttons', async () => {
    await page.goto(`${web.url}/households`);
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL(/\/login/);
    await signIn(page, web.url, 'xem');
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('Người xem');
    expect(await page.getByLabel('Số định danh cá nhân').count()).toBe(0);
    await page.getByTestId('search-name').fill('Hoàng');
    await page.getByTestId('search-submit').click();
    await page.getByRole('link', { name: 'Hoàng Văn Đức' }).click();
    const members = page.getByTestId('members-table');
    await expect.poll(() => members.innerText()).toContain('*********234');
    expect(await members.innerText()).not.toContain('006080001234');
    expect(await page.getByTestId('action-edit').count()).toBe(0);
    expect(await page.getByTestId('member-edit-1').count()).toBe(0);
    // Viewers do not read the audit: no history tab.
    expect(await page.getByRole('tab', { name: 'Lịch sử thay đổi' }).count()).toBe(0);
    await page.getByText(/được che một phần/).waitFor();
    await screenshot(page, 'vi-1024-viewer-household');
  });

  it('left the page clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
