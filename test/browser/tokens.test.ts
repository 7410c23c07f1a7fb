// The API tokens screen (issue #13, part 6): a commune officer creates a token from the header's link, sees its
// secret once (with a copy button and the warning), another system uses it against /api/v1, the officer revokes
// it and it is refused (401); the administrator sees every user's tokens and revokes another user's.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorByUsername } from '../../src/services/actor.ts';
import { createToken } from '../../src/services/tokens.ts';
import { TODAY } from '../support/server.ts';
import {
  browserMissing,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  settle,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

describe.skipIf(browserMissing)('API tokens in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let adminBrowser: Browser;
  let page: Page;
  let secret = '';

  /** A call of another system: the token in the header, no cookie. */
  const pull = (token: string, path: string) =>
    fetch(`${web.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    [web, browser, adminBrowser] = await Promise.all([startWebApp(), launchBrowser(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'xa');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await adminBrowser?.close();
    await web?.close();
  });

  it('creates a read token from the header link and shows its secret once, with a copy button', async () => {
    await page.getByRole('link', { name: 'Mã truy cập API' }).click();
    await page.getByRole('heading', { name: 'Mã truy cập API' }).waitFor();
    await page.getByText('Chưa có mã truy cập API nào').waitFor();
    await page.getByRole('button', { name: 'Tạo mã mới' }).click();
    const dialog = page.getByRole('dialog');
    // A name is required, in Vietnamese.
    await dialog.getByRole('button', { name: 'Tạo mã mới' }).click();
    await dialog.getByText('Nhập tên từ 1 đến 120 ký tự').waitFor();
    await dialog.getByLabel('Tên gợi nhớ').fill('Kho dữ liệu tỉnh');
    expect(await dialog.getByRole('radio', { name: /Chỉ đọc/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Tạo mã mới' }).click();

    const shown = page.getByTestId('token-secret');
    await shown.waitFor();
    secret = (await shown.innerText()).trim();
    expect(secret).toMatch(/^gn_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    await page.getByText('mã sẽ không được hiển thị lại').waitFor();
    expect(await shown.locator('.ant-typography-copy').isVisible()).toBe(true);
    await screenshot(page, 'vi-1024-token-created');
    await page.getByTestId('token-done').click();
    await page.getByTestId('token-secret').waitFor({ state: 'detached' });

    // Listed by its prefix only, read-only, never used, no expiry — in Vietnamese dates.
    const row = page.getByRole('row', { name: /Kho dữ liệu tỉnh/ });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(`${secret.slice(0, 15)}_…`);
    expect(text).toContain('Chỉ đọc');
    expect(text).toContain('Chưa dùng');
    expect(text).toContain('Không hết hạn');
    expect(text).toContain('Đang dùng');
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
    // The secret is gone for good: not on the page, not after a reload.
    await page.reload();
    await page.getByRole('row', { name: /Kho dữ liệu tỉnh/ }).waitFor();
    expect(await page.content()).not.toContain(secret.slice(16));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('works for another system against /api/v1, and its use shows on the screen', async () => {
    const res = await pull(secret, `/api/v1/units/${web.world.communeA}/households?limit=1`);
    expect(res.status).toBe(200);
    const page1 = (await res.json()) as { households: { householdId: string }[]; nextCursor: string | null };
    expect(page1.households).toHaveLength(1);
    expect(page1.nextCursor).not.toBeNull();
    const next = await pull(
      secret,
      `/api/v1/units/${web.world.communeA}/households?limit=1&cursor=${page1.nextCursor}`,
    );
    expect(next.status).toBe(200);
    // A read token pushes nothing.
    const push = await fetch(`${web.url}/api/v1/households/${web.world.h1}/assessments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ standard: 'ND07_2021', incomePerCapita: 2_000_000, deficits: [] }),
    });
    expect(push.status).toBe(403);
    await page.reload();
    const row = page.getByRole('row', { name: /Kho dữ liệu tỉnh/ });
    await expect.poll(() => row.innerText()).not.toContain('Chưa dùng');
  });

  it('revokes the token after a confirmation; then it is refused with 401', async () => {
    const row = page.getByRole('row', { name: /Kho dữ liệu tỉnh/ });
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Thu hồi mã «Kho dữ liệu tỉnh»?').waitFor();
    await screenshot(page, 'vi-1024-token-revoke');
    await page.locator('.ant-popconfirm').getByRole('button', { name: 'Thu hồi' }).click();
    await page.getByText('Đã thu hồi mã «Kho dữ liệu tỉnh»').waitFor();
    await expect.poll(() => row.innerText()).toContain('Đã thu hồi');
    expect(await row.getByRole('button', { name: 'Thu hồi' }).count()).toBe(0);
    const refused = await pull(secret, `/api/v1/units/${web.world.communeA}/households`);
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: { message: { vi: string; en: string } } };
    expect(body.error.message.vi).toContain('thu hồi');
  });

  it('lets the administrator see every user’s tokens and revoke another user’s', async () => {
    const thon = (await actorByUsername(web.db, 'thon'))!;
    const theirs = await createToken(web.db, thon, { name: 'Điện thoại thôn', access: 'write' }, TODAY);
    expect((await pull(theirs.token, `/api/v1/units/${web.world.communeA}/households`)).status).toBe(200);

    const admin = await adminBrowser.newPage({ width: 1280, height: 800 });
    await signIn(admin, web.url, 'admin');
    await admin.getByRole('link', { name: 'Mã truy cập API' }).click();
    const row = admin.getByRole('row', { name: /Điện thoại thôn/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('thon');
    expect(await row.innerText()).toContain('Đọc và ghi');
    // The officer's revoked token is listed too, with its owner.
    expect(await admin.getByRole('row', { name: /Kho dữ liệu tỉnh/ }).innerText()).toContain('xa');
    await admin.getByText('Quản trị viên thấy và có thể thu hồi mã của mọi người dùng.').waitFor();
    await settle(admin);
    await row.getByRole('button', { name: 'Thu hồi' }).click();
    await admin.locator('.ant-popconfirm').getByRole('button', { name: 'Thu hồi' }).click();
    await expect.poll(() => row.innerText()).toContain('Đã thu hồi');
    expect((await pull(theirs.token, `/api/v1/units/${web.world.communeA}/households`)).status).toBe(401);
    await screenshot(admin, 'vi-1280-tokens-admin');
    expect(browser.problems).toEqual([]);
    expect(adminBrowser.problems).toEqual([]);
  });
});
