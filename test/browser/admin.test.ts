// The administrator's screens: users (create with a scope, the server's field error inline, change role and
// deactivate) and the audit browser (filter by user, before → after in words).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  chooseOption,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

describe.skipIf(browserMissing)('administration in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'admin');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('lists the users with their roles and scopes in words', async () => {
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('Quản trị hệ thống');
    await page.getByRole('link', { name: 'Người dùng' }).click();
    const xa = page.getByRole('row', { name: /Người dùng xa\b/ }).first();
    await xa.waitFor();
    await expect.poll(() => xa.innerText()).toContain('Sửa · Xã Bằng Thành (01864)');
    expect(await xa.innerText()).toContain('Cán bộ xã');
    // A village scope reads as the village and its commune, not an id.
    const thon = page.getByRole('row', { name: /Người dùng thon\b/ }).first();
    expect(await thon.innerText()).toContain('Sửa · Thôn Nà Phầy (xã 01864)');
    await screenshot(page, 'vi-1024-users');
  });

  it('creates a user with a commune scope; a taken username is reported on the field', async () => {
    await page.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.getByLabel('Tên đăng nhập').fill('xa2');
    await page.getByLabel('Họ tên hiển thị').fill('Cán bộ Xã Ba');
    await page.getByLabel('Mật khẩu').fill('Xa-Ba-dang-nhap-2026');
    await page.getByRole('button', { name: 'Thêm phạm vi' }).click();
    await page.getByPlaceholder('Mã tỉnh hoặc xã').fill('01864');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.locator('.ant-form-item-explain-error', { hasText: 'Tên đăng nhập đã có' }).waitFor();
    await screenshot(page, 'vi-1024-user-taken');

    await page.getByLabel('Tên đăng nhập').fill('xa3');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã tạo người dùng').waitFor();
    const row = page.getByRole('row', { name: /xa3/ });
    await expect.poll(() => row.innerText()).toContain('Xem · Xã Bằng Thành (01864)');
  });

  it('changes the role and deactivates the user', async () => {
    await page.getByTestId('user-edit-xa3').click();
    await chooseOption(page, 'Vai trò', 'Người xem');
    await page.getByRole('switch').click();
    await screenshot(page, 'vi-1024-user-edit');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu người dùng').waitFor();
    const row = page.getByRole('row', { name: /xa3/ });
    await expect.poll(() => row.innerText()).toContain('Ngừng hoạt động');
    expect(await row.innerText()).toContain('Người xem');
  });

  it('the audit browser shows the changes by this administrator, before → after', async () => {
    await page.getByRole('link', { name: 'Nhật ký' }).click();
    await page.getByRole('heading', { name: 'Nhật ký thay đổi' }).waitFor();
    await chooseOption(page, 'Người dùng', 'Người dùng admin (admin)');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/actorId=/);
    const update = page.getByRole('row', { name: /Sửa người dùng/ }).first();
    await update.waitFor();
    const text = await update.innerText();
    expect(text).toContain('Vai trò: Cán bộ xã → Người xem');
    expect(text).toContain('Đang hoạt động: Có → Không');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    await page
      .getByRole('row', { name: /Tạo người dùng/ })
      .first()
      .waitFor();
    await screenshot(page, 'vi-1024-audit');
  });

  it('reads the same in English on a portrait tablet', async () => {
    const p = await browser.newPage({ width: 768, height: 1024 });
    await p.goto(`${web.url}/audit`);
    await p.getByTestId('lang-en').click();
    await p.getByRole('heading', { name: 'Audit log' }).waitFor();
    await p
      .getByRole('row', { name: /User changed/ })
      .first()
      .waitFor();
    expect(
      await p
        .getByRole('row', { name: /User changed/ })
        .first()
        .innerText(),
    ).toContain('Role: Commune officer → Viewer');
    expect(await horizontalOverflow(p)).toBeLessThanOrEqual(0);
    await screenshot(p, 'en-768x1024-audit');
    await p.goto(`${web.url}/users`);
    await p.getByRole('row', { name: /xa3/ }).waitFor();
    await screenshot(p, 'en-768x1024-users');
    await p.close();
  });

  it('gives a user a village scope by the commune’s code and the village’s name', async () => {
    await page.goto(`${web.url}/users`);
    await page.getByTestId('lang-vi').click(); // the tablet test above left the session in English
    await page.getByTestId('user-edit-xa3').click();
    await page.getByRole('button', { name: 'Thêm phạm vi' }).click();
    // The new row's target (the drawer's last select): a village; then the commune code and the village.
    // Held by its position now: the village fields appear after it once it reads "Thôn".
    const selects = page.locator('.ant-drawer .ant-form-item').filter({ has: page.getByRole('combobox') });
    const target = selects.nth((await selects.count()) - 1);
    await chooseOption(page, target.getByRole('combobox'), 'Thôn', target);
    await page.getByLabel('Mã xã').fill('01864');
    await chooseOption(page, 'Chọn thôn', 'Thôn Khuổi Trả');
    await page.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu người dùng').waitFor();
    const row = page.getByRole('row', { name: /xa3/ });
    await expect.poll(() => row.innerText()).toContain('Thôn Khuổi Trả (xã 01864)');
    await screenshot(page, 'vi-1024-user-village-scope');
  });

  it('left the pages clean', () => {
    expect(browser.problems).toEqual([]);
  });
});
