// A commune officer finds a household, corrects a member's name, and sees the correction in the history;
// the server's field errors land on the form item, and a stale edit shows who changed what meanwhile.
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

describe.skipIf(browserMissing)('member correction in the browser (commune officer)', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('signs in, searches "Hoàng" and opens the household', async () => {
    // A relation stored as its code (as the demo and imports store it) is shown in words.
    await web.db.query(
      `update members set relation_to_head = 'spouse' where household_id = $1 and member_no = 2`,
      [web.world.h1],
    );
    await page.goto(`${web.url}/households`);
    // Signed out: the client sends the user to the sign-in page, and back after it.
    await page.waitForURL(/\/login\?next=/);
    await screenshot(page, 'vi-1024-login');
    await signIn(page, web.url, 'xa');
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('Cán bộ xã');

    await page.getByTestId('search-name').fill('Hoàng');
    await page.getByTestId('search-submit').click();
    const row = page.getByRole('row', { name: /Hoàng Văn Đức/ });
    await row.waitFor();
    await expect.poll(() => row.innerText()).toContain('Thôn Nà Phầy');
    await screenshot(page, 'vi-1024-search');

    await row.getByText('Thôn Nà Phầy').click();
    await page.waitForURL(`${web.url}/households/${web.world.h1}`);
    await expect.poll(() => page.getByTestId('household-head').innerText()).toContain('Hoàng Văn Đức');
    await expect.poll(() => page.getByTestId('members-table').innerText()).toContain('Nông Thị Mai');
    const members = await page.getByTestId('members-table').innerText();
    expect(members).toContain('Vợ/Chồng');
    expect(members).not.toContain('spouse');
    await screenshot(page, 'vi-1024-household');
  });

  it('checks the member form inline, places the server field error, then saves the corrected name', async () => {
    await page.getByTestId('member-edit-2').click();
    const name = page.getByTestId('member-fullName');
    await expect.poll(() => name.inputValue()).toBe('Nông Thị Mai');

    // Checked in the browser before anything is sent.
    await page.getByTestId('member-nationalId').fill('12345');
    await page.getByTestId('member-phone').fill('912345678');
    await page.getByTestId('member-save').click();
    await page.getByText('Số định danh cá nhân gồm đúng 12 chữ số').waitFor();
    await page.getByText(/Số điện thoại gồm 10–11 chữ số/).waitFor();
    await screenshot(page, 'vi-1024-member-inline-errors');

    // Checked by the server: a national ID of a member of another household, placed on the same field.
    await page.getByTestId('member-nationalId').fill('006080009999');
    await page.getByTestId('member-phone').fill('0912345678');
    await page.getByTestId('member-save').click();
    await page.getByText('Số định danh đã có ở hộ khác').waitFor();
    await page.getByText('Số định danh cá nhân đã có ở một hộ khác').waitFor();
    await screenshot(page, 'vi-1024-member-server-error');

    await page.getByTestId('member-nationalId').fill('006180005678');
    await name.fill('Nông Thị Mây');
    await page.getByTestId('member-reason').fill('Sửa lỗi chính tả theo CCCD');
    await page.getByTestId('member-save').click();
    await page.getByText('Đã lưu thành viên').waitFor();
    await expect.poll(() => page.getByTestId('members-table').innerText()).toContain('Nông Thị Mây');
  });

  it('shows the correction, before → after, in the history tab', async () => {
    await page.getByRole('tab', { name: 'Lịch sử thay đổi' }).click();
    const entry = page.getByRole('row', { name: /Sửa thành viên/ });
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).toContain('Người dùng xa (xa)');
    expect(text).toContain('Họ và tên: Nông Thị Mai → Nông Thị Mây');
    expect(text).toContain('Sửa lỗi chính tả theo CCCD');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // Only the name changed: the national ID and phone, retyped as they were, are not in the entry.
    expect(text).not.toContain('Số định danh');
    await screenshot(page, 'vi-1024-history');
  });

  it('a stale edit (another tab saved first) shows who changed what, and the record is reloaded', async () => {
    await page.getByRole('tab', { name: /Thành viên/ }).click();
    const other = await browser.newPage({ width: 1024, height: 768 });
    await other.goto(`${web.url}/households/${web.world.h1}`);
    await other.getByTestId('member-edit-1').click();
    await other.getByTestId('member-fullName').fill('Hoàng Văn Đức (chủ hộ)');
    await other.getByTestId('member-save').click();
    await other.getByText('Đã lưu thành viên').waitFor();
    await other.close();

    // This tab still shows the older version.
    await page.getByTestId('member-edit-2').click();
    await page.getByTestId('member-phone').fill('0987654321');
    await page.getByTestId('member-save').click();
    const dialog = page.getByTestId('stale-changes');
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('Người dùng xa (xa)');
    expect(text).toContain('Hoàng Văn Đức → Hoàng Văn Đức (chủ hộ)');
    await screenshot(page, 'vi-1024-stale');
    await page.getByRole('button', { name: /OK|Đồng ý/ }).click();
    // Reloaded under the open form: saving again now succeeds.
    await expect
      .poll(() => page.getByTestId('members-table').innerText())
      .toContain('Hoàng Văn Đức (chủ hộ)');
    await page.getByTestId('member-save').click();
    await page.getByText('Đã lưu thành viên').waitFor();
  });

  it('left the page clean: no console errors, no request beyond the server', () => {
    expect(browser.problems).toEqual([]);
  });
});
