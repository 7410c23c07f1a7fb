// Issue #13, part 3, end to end on a phone (412×915): the enumerator `thon` takes their village's data, goes
// offline, adds a household with two members, records Phiếu B for two households and sees their class worked
// out on the device, reloads the app with no connection and still has it all, dates a survey two days on by
// the server's day counted on the device (not the day the data was taken), comes back online and the work
// is sent. One household was changed at the commune office meanwhile: the conflict waits for the commune
// officer, who keeps the device's income and the server's address; the audit shows both sides.
import { request, type APIRequestContext, type Page, type Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCHOR_KEY } from '../../web/src/lib/today.ts';
import { PASSWORD } from '../support/server.ts';
import {
  browserMissing,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- API answers read as JSON. */

/** The commune office's own API session (not the phone's): what someone else does on the server meanwhile. */
async function office(baseURL: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({ baseURL });
  const first = await (await api.get('/api/auth/csrf')).json();
  const login = await api.post('/api/auth/login', {
    data: { username: 'xa', password: PASSWORD },
    headers: { 'x-csrf-token': first.csrfToken },
  });
  return { api, csrf: (await login.json()).csrfToken };
}

describe.skipIf(browserMissing)('offline field work on a phone, synced and reconciled', () => {
  let web: WebApp;
  let phone: Browser;
  let page: Page;

  const card = (name: string) => page.getByTestId('field-household').filter({ hasText: name });
  const pending = () => page.getByTestId('pending-count').innerText();

  beforeAll(async () => {
    [web, phone] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await phone.newPage({ width: 412, height: 915 });
    await signIn(page, web.url, 'thon');
  }, 180_000);
  afterAll(async () => {
    await phone?.close();
    await web?.close();
  });

  it('takes the village data while online, and the app is kept on the device', async () => {
    await page.goto(`${web.url}/field`);
    await page.getByTestId('field-take-button').click();
    await card('Hoàng Văn Đức').waitFor();
    expect(await page.getByTestId('field-household').count()).toBe(1);
    // The service worker has kept every built file: the app can start with no connection.
    const active = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return !!reg.active;
    });
    expect(active).toBe(true);
    await expect
      .poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 30_000 })
      .toBe(true);
  });

  it('offline: adds a household with two members and records its Phiếu B, the class shown on the device', async () => {
    await phone.context.setOffline(true);
    await expect.poll(() => page.getByTestId('online-state').innerText()).toContain('Mất mạng');
    await page.getByTestId('field-add-household').click();
    const form = page.getByTestId('field-new-household');
    await form.getByLabel('Chủ hộ', { exact: true }).fill('Lò Văn Pao');
    await form.getByLabel('Địa chỉ', { exact: true }).fill('Bản trên');
    await page.getByTestId('field-create-household').click();
    await page.getByTestId('field-household-page').waitFor();
    for (const [name, sex] of [
      ['Lò Văn Pao', 'Nam'],
      ['Lò Thị Dua', 'Nữ'],
    ] as const) {
      await page.getByTestId('field-add-member').click();
      const member = page.getByTestId('field-member-form');
      await member.getByLabel('Họ và tên', { exact: true }).fill(name);
      await member.getByText(sex, { exact: true }).click();
      await page.getByTestId('field-member-save').click();
      await page.getByTestId('field-member').filter({ hasText: name }).waitFor();
    }
    await recordPhieuB('1200000', [/Nguồn nước/, /Nhà tiêu/, /viễn thông/]);
    await expect.poll(() => page.getByTestId('field-live-class').innerText()).toContain('Hộ nghèo');
    await page.getByTestId('field-record').click();
    await screenshot(page, 'vi-412-offline-phieu-b');
  });

  it('offline: changes an existing household’s address and records its Phiếu B', async () => {
    await page.goto(`${web.url}/field`).catch(() => undefined);
    await card('Hoàng Văn Đức').click();
    await page.getByTestId('field-address').fill('Số 5, Nà Phầy');
    await page.getByTestId('field-save-household').click();
    await recordPhieuB('1100000', [/Nguồn nước/]);
    await expect.poll(() => page.getByTestId('field-live-class').innerText()).toContain('Hộ cận nghèo');
    await page.getByTestId('field-record').click();
    await page.getByText('Danh sách hộ').click();
    await expect.poll(pending).toContain('2 hộ chờ gửi');
    expect(await card('Lò Văn Pao').getByTestId('device-class').getAttribute('data-class')).toBe('poor');
    expect(await card('Hoàng Văn Đức').getByTestId('device-class').getAttribute('data-class')).toBe(
      'near_poor',
    );
  });

  it('reloaded with no connection, the app starts and still holds both households', async () => {
    await page.reload();
    await card('Lò Văn Pao').waitFor();
    await expect.poll(pending).toContain('2 hộ chờ gửi');
    expect(await page.getByTestId('online-state').innerText()).toContain('Mất mạng');
    await card('Lò Văn Pao').click();
    await expect.poll(() => page.getByTestId('field-member').count()).toBe(2);
    // A re-survey starts from the answers recorded on the device, never blank.
    expect(await page.getByTestId('field-amount').inputValue()).toBe('1200000');
    // Dated by the server's day (the test server's is 22/11/2026, whatever this machine's clock says).
    const surveyDate = () => page.getByTestId('field-phieu-b').locator('.ant-picker input').inputValue();
    expect(await surveyDate()).toBe('22/11/2026');
    await screenshot(page, 'vi-412-offline-reloaded');
    await page.getByText('Danh sách hộ').click();
  });

  it('two days later, still offline: a survey is dated two days on, not the day the data was taken', async () => {
    // The device keeps the server's day with its own day when told (lib/today.ts); told two days ago by the
    // device's clock is what the device holds after two days in the village with no connection.
    const told = await page.evaluate((key) => localStorage.getItem(key), ANCHOR_KEY);
    const anchor = JSON.parse(told!) as { server: string; device: string };
    expect(anchor.server).toBe('2026-11-22');
    const twoDaysBefore = new Date(Date.parse(`${anchor.device}T00:00:00Z`) - 2 * 86_400_000);
    const earlier = { server: anchor.server, device: twoDaysBefore.toISOString().slice(0, 10) };
    await page.evaluate(
      ([key, value]) => localStorage.setItem(key!, value!),
      [ANCHOR_KEY, JSON.stringify(earlier)],
    );
    try {
      await page.reload();
      await card('Lò Văn Pao').click();
      const surveyDate = page.getByTestId('field-phieu-b').locator('.ant-picker input');
      await expect.poll(() => surveyDate.inputValue()).toBe('24/11/2026');
      // The answers are there, so that day may be recorded (not held back as a day in the future).
      expect(await page.getByTestId('field-record').isEnabled()).toBe(true);
    } finally {
      await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [ANCHOR_KEY, told!]);
      await page.reload();
      await page.getByText('Danh sách hộ').click();
      await card('Lò Văn Pao').waitFor();
    }
  });

  it('back online: the work is sent; the household changed at the office meanwhile waits for the commune', async () => {
    // At the commune office, meanwhile: the address corrected and a Phiếu B recorded for Hoàng Văn Đức.
    const { api, csrf } = await office(web.url);
    const h1 = await (await api.get(`/api/households/${web.world.h1}`)).json();
    const headers = { 'x-csrf-token': csrf };
    expect(
      (
        await api.patch(`/api/households/${web.world.h1}`, {
          data: { version: h1.version, address: 'Số 9, Nà Phầy' },
          headers,
        })
      ).status(),
    ).toBe(200);
    expect(
      (
        await api.post(`/api/households/${web.world.h1}/assessments`, {
          data: { standard: 'ND07_2021', incomePerCapita: 1_400_000, deficits: ['water'] },
          headers,
        })
      ).status(),
    ).toBe(201);

    await phone.context.setOffline(false);
    await expect.poll(pending, { timeout: 30_000 }).toContain('0 hộ chờ gửi');
    const report = await page.getByTestId('last-sync').innerText();
    expect(report).toContain('1 đã ghi');
    expect(report).toContain('1 chờ xã xử lý');
    await card('Hoàng Văn Đức').getByText('Chờ xã xử lý xung đột').waitFor();
    // The new household is on the server, with its members and its class.
    const found = await (await api.get('/api/households?name=L%C3%B2%20V%C4%83n%20Pao')).json();
    expect(found.rows).toHaveLength(1);
    const created = await (await api.get(`/api/households/${found.rows[0].householdId}`)).json();
    expect(created.members.map((m: any) => m.fullName)).toEqual(['Lò Văn Pao', 'Lò Thị Dua']);
    expect(created.assessments[0]).toMatchObject({ class: 'poor', incomePerCapita: '1200000' });
    await api.dispose();
  });

  it('the commune officer keeps the device’s income and the server’s address; the audit shows both', async () => {
    const desk = await launchBrowser();
    try {
      const officer = await desk.newPage({ width: 1280, height: 900 });
      await signIn(officer, web.url, 'xa');
      await officer.goto(`${web.url}/conflicts`);
      const conflict = officer.getByTestId('conflict-card').filter({ hasText: 'Hoàng Văn Đức' });
      await conflict.waitFor();
      expect(await conflict.innerText()).toContain('Số 5, Nà Phầy');
      expect(await conflict.innerText()).toContain('Số 9, Nà Phầy');
      const keep = (path: string, side: 'Máy' | 'Hệ thống') =>
        conflict.locator(`[data-path="${path}"]`).getByText(side, { exact: true }).click();
      await keep('household.address', 'Hệ thống');
      await keep('assessment.incomePerCapita', 'Máy');
      // Both recorded the same deficit: only the income differs in the Phiếu B.
      expect(await conflict.locator('[data-path]').count()).toBe(2);
      await screenshot(officer, 'vi-1280-sync-conflict');
      await officer.getByTestId('conflict-save').click();
      await officer.getByText('Không có xung đột nào chờ xử lý').waitFor();

      const view = await (await officer.request.get(`${web.url}/api/households/${web.world.h1}`)).json();
      expect(view.address).toBe('Số 9, Nà Phầy');
      expect(view.assessments.find((a: any) => !a.superseded)).toMatchObject({
        incomePerCapita: '1100000',
        class: 'near_poor',
      });
      const audit = await (
        await officer.request.get(`${web.url}/api/audit?householdId=${web.world.h1}&pageSize=50`)
      ).json();
      const resolved = audit.rows.find((r: any) => r.action === 'sync.conflict_resolve');
      expect(resolved.before['household.address']).toEqual({
        device: 'Số 5, Nà Phầy',
        server: 'Số 9, Nà Phầy',
      });
      expect(resolved.before['assessment.incomePerCapita']).toEqual({ device: 1_100_000, server: 1_400_000 });
      expect(resolved.after['assessment.incomePerCapita']).toMatchObject({ kept: 'device' });
      expect(resolved.after['household.address']).toMatchObject({ kept: 'server' });
      expect(audit.rows.some((r: any) => r.action === 'sync.conflict')).toBe(true);
      expect(desk.problems).toEqual([]);
    } finally {
      await desk.close();
    }
    // Offline, Chromium logs the failed requests it could not make: those are the test's doing.
    expect(
      phone.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|service worker/.test(p)),
    ).toEqual([]);
  });

  it('signing out: entries waiting stay on the device after a warning; with none, the households leave it', async () => {
    /** What the device keeps for `thon` (IndexedDB, as store.ts saves it): entries waiting, households. */
    const kept = () =>
      page.evaluate(
        () =>
          new Promise<{ outbox: number; households: number } | null>((resolve, reject) => {
            const open = indexedDB.open('giamngheo-field');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction('kv').objectStore('kv').get('field:thon');
              get.onerror = () => reject(get.error);
              get.onsuccess = () => {
                const saved = get.result as
                  { outbox: unknown[]; snapshot: { households: unknown[] } } | undefined;
                open.result.close();
                resolve(
                  saved
                    ? { outbox: saved.outbox.length, households: saved.snapshot.households.length }
                    : null,
                );
              };
            };
          }),
      );
    const signOutButton = page.getByRole('button', { name: 'Đăng xuất' });
    // Online, but the sending fails: the change waits on the device.
    const refuse = (route: Route) => route.abort();
    await page.route('**/api/field/sync', refuse);
    await page.goto(`${web.url}/field`);
    await expect.poll(pending).toContain('0 hộ chờ gửi');
    await card('Lò Văn Pao').click();
    await page.getByTestId('field-address').fill('Bản dưới');
    await page.getByTestId('field-save-household').click();
    await page.getByText('Danh sách hộ').click();
    await expect.poll(pending).toContain('1 hộ chờ gửi');

    await signOutButton.click();
    expect(await page.getByTestId('sign-out-pending').innerText()).toContain('giữ trên máy này');
    await page.getByRole('button', { name: 'Huỷ' }).click();
    await page.getByTestId('sign-out-pending').waitFor({ state: 'detached' });
    expect(await page.getByTestId('current-user').isVisible()).toBe(true);
    await signOutButton.click();
    await page.getByRole('button', { name: 'Vẫn đăng xuất' }).click();
    // The sign-in form, as /login or as /login?next=… (the session's end may send there first).
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByLabel('Tên đăng nhập').isVisible()).toBe(true);
    expect(await kept()).toEqual({ outbox: 1, households: 2 });

    // Signed in again, the kept entry is sent (on opening, or with the button); once sent, signing out asks
    // nothing and clears the device.
    await page.unroute('**/api/field/sync', refuse);
    await signIn(page, web.url, 'thon');
    await page.goto(`${web.url}/field`);
    const send = page.getByTestId('sync-now');
    await expect
      .poll(
        async () => {
          if (await send.isEnabled()) await send.click();
          return pending();
        },
        { timeout: 30_000 },
      )
      .toContain('0 hộ chờ gửi');
    const found = await (
      await page.request.get(`${web.url}/api/households?name=${encodeURIComponent('Lò Văn Pao')}`)
    ).json();
    expect(found.rows[0].address).toBe('Bản dưới');
    await signOutButton.click();
    await page.waitForURL(/\/login/);
    // Cleared once the sign-out is done (the sign-in form may come a moment before).
    await expect.poll(kept).toBeNull();
  });

  async function recordPhieuB(amount: string, deficits: RegExp[]) {
    const form = page.getByTestId('field-phieu-b');
    await page.getByTestId('field-amount').fill(amount);
    for (const d of deficits) await form.getByRole('checkbox', { name: d }).check();
  }
});
