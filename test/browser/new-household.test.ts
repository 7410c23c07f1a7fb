// A commune officer adds a household: a national ID another household holds is refused on its field,
// then the household is created and opens.
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

describe.skipIf(browserMissing)('adding a household in the browser', () => {
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

  it('creates a household in a village of the commune, refusing a duplicate national ID on its field', async () => {
    await page.getByTestId('new-household').click();
    await page.waitForURL(/\/households\/new$/);
    const form = page.getByTestId('new-household-form');
    await form.getByLabel('Xã', { exact: true }).click();
    await page.getByTitle(/Xã Bằng Thành/).click();
    await form.getByLabel('Thôn', { exact: true }).click();
    await page.getByTitle('Thôn Khuổi Trả').click();
    await form.getByLabel('Chủ hộ', { exact: true }).fill('Đàm Văn Tâm');
    await form.getByLabel('Số định danh cá nhân').fill('006080001234');
    await page.getByTestId('new-household-submit').click();
    await form.getByText('Số định danh đã có ở hộ khác').waitFor();
    await screenshot(page, 'vi-1024-new-household-duplicate');
    await form.getByLabel('Số định danh cá nhân').fill('006080007777');
    await page.getByTestId('new-household-submit').click();
    await page.waitForURL(/\/households\/[0-9a-f-]{36}$/);
    await page.getByText('Đàm Văn Tâm').first().waitFor();
    expect(await page.getByText('Thôn Khuổi Trả').first().isVisible()).toBe(true);
  });
});
