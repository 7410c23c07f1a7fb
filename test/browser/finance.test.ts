// Programme money in the browser: the province officer records a plan line for a commune, adjusts it and
// records a payment, and the line's rate and the province's disbursement sentence follow; a commune
// officer is offered only its own commune, and the API refuses a plan for another commune.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  chooseOption,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  settle,
  signIn,
  signOut,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

/** Polls longer than vitest's default second: the machine is shared and the first loads are slow. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

async function pick(page: Page, field: ReturnType<Page['getByLabel']>, text: string, option: string) {
  await field.click();
  if (text) await field.fill(text);
  await page.getByTitle(option, { exact: true }).last().click();
}

async function typeDate(field: ReturnType<Page['getByLabel']>, ddmmyyyy: string) {
  await field.click();
  await field.fill(ddmmyyyy);
  await field.press('Enter');
}

describe.skipIf(browserMissing)('programme money in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
  }, 180_000);
  afterAll(async () => {
    if (process.env.DEBUG_FINANCE) console.log(browser?.problems);
    await browser?.close();
    await web?.close();
  });

  it(
    'records a plan line, an adjustment and a payment; the rate and the sentence follow',
    { timeout: 180_000 },
    async () => {
      await signIn(page, web.url, 'tinh');
      await page.getByRole('menuitem', { name: 'Vốn và công trình' }).click();
      await page.waitForURL(/\/finance$/);
      await page.getByTestId('tile-plan').waitFor();

      // Before: the province has no plan for 2026.
      await page.goto(`${web.url}/finance/disbursement?unit=19&year=2026`);
      await poll(() => page.getByTestId('disbursement-sentence').innerText()).toBe(
        'Tính đến hết ngày 22/11/2026, tỉnh chưa có kế hoạch vốn được giao.',
      );

      await page.getByRole('menuitem', { name: 'Kế hoạch vốn' }).click();
      await page.getByTestId('plan-create').click();
      const form = page.getByTestId('plan-form');
      await pick(page, form.getByLabel('Đơn vị', { exact: true }), '01864', 'Xã Bằng Thành (01864)');
      // 2026: the two hợp phần of the merged programme and their nội dung thành phần (17 options): typed to filter.
      await pick(
        page,
        form.getByLabel('Dự án, tiểu dự án'),
        'HP2.ND2',
        'HP2.ND2 — Hỗ trợ phát triển sản xuất, sinh kế, nâng cao thu nhập',
      );
      await pick(page, form.getByLabel('Nguồn vốn'), '', 'Vốn đầu tư phát triển NSTW');
      // Digits are grouped as they are typed.
      await form.getByLabel('Số tiền').pressSequentially('1000000000');
      expect(await form.getByLabel('Số tiền').inputValue()).toBe('1.000.000.000');
      await typeDate(form.getByLabel('Ngày quyết định'), '15/01/2026');
      await form.getByLabel('Quyết định', { exact: true }).fill('12/QĐ-UBND');
      await screenshot(page, 'vi-1024-finance-plan-form');
      await page.getByTestId('plan-submit').click();
      await page.waitForURL(/\/finance\/plans\/[0-9a-f-]{36}/);
      await poll(() => page.getByTestId('plan-in-force').innerText()).toBe('1 tỷ đồng');
      expect(await page.getByTestId('plan-rate').innerText()).toBe('0,00 %');

      // An adjustment: +500 million, by decision, kept in the history.
      await page.getByTestId('plan-adjust').click();
      const adjust = page.getByTestId('adjust-form');
      await adjust.getByLabel('Số tiền điều chỉnh').fill('500000000');
      await typeDate(adjust.getByLabel('Ngày quyết định'), '01/06/2026');
      await adjust.getByLabel('Quyết định', { exact: true }).fill('345/QĐ-UBND');
      await adjust.getByLabel('Lý do').fill('Bổ sung vốn giữa năm');
      await page.getByTestId('action-submit').click();
      await poll(() => page.getByTestId('plan-in-force').innerText()).toBe('1,5 tỷ đồng');
      const history = page.getByTestId('plan-history');
      await history.getByText('345/QĐ-UBND').waitFor();
      await history.getByText('Bổ sung vốn giữa năm').waitFor();
      expect(await history.getByText('+500 triệu đồng').isVisible()).toBe(true);

      // A payment after the plan's year is refused by the server, its message shown; then a good one.
      await page.getByTestId('plan-pay').click();
      const pay = page.getByTestId('pay-form');
      await pay.getByLabel('Số tiền').fill('600000000');
      await typeDate(pay.getByLabel('Ngày giải ngân'), '15/01/2027');
      await pay.getByLabel('Quyết định', { exact: true }).fill('UNC 01');
      await page.getByTestId('action-submit').click();
      await page.getByTestId('error-alert').waitFor();
      await screenshot(page, 'vi-1024-finance-payment-refused');
      await typeDate(pay.getByLabel('Ngày giải ngân'), '15/10/2026');
      await page.getByTestId('action-submit').click();
      await poll(() => page.getByTestId('plan-rate').innerText()).toBe('40,00 %');
      expect(await page.getByTestId('plan-disbursed').innerText()).toBe('600 triệu đồng');
      await page.getByTestId('plan-payments').getByText('15/10/2026').waitFor();
      await screenshot(page, 'vi-1024-finance-plan');

      // The province's disbursement: the commune's line counts, the sentence says so.
      await page.goto(`${web.url}/finance/disbursement?unit=19&year=2026`);
      await poll(() => page.getByTestId('disbursement-sentence').innerText()).toBe(
        'Tính đến hết ngày 22/11/2026, tỉnh đã thực hiện giải ngân được 0,6/1,5 tỷ đồng, đạt 40,00% kế hoạch.',
      );
      expect(await page.getByTestId('disbursement-rate').innerText()).toBe('40,00 %');
      await page.getByTestId('disbursement-table').getByText('Xã Bằng Thành').waitFor();
      await screenshot(page, 'vi-1024-finance-disbursement');
      // The report of the catalogue downloads as xlsx for the same unit and years.
      const links = page.getByTestId('report-links-finance-disbursement');
      const xlsx = await links.locator('a[href*="format=xlsx"]').getAttribute('href');
      expect(xlsx).toContain('unit=19');
      const download = await page.request.get(`${web.url}${xlsx}`);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toContain('spreadsheetml');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      // The overview tiles.
      await page.goto(`${web.url}/finance?unit=19&year=2026`);
      await poll(() => page.getByTestId('tile-rate').innerText()).toContain('40,00 %');
      expect(await page.getByTestId('tile-plan').innerText()).toContain('1,5 tỷ đồng');
      await page.getByTestId('finance-chart').waitFor();
      await screenshot(page, 'vi-1024-finance-home');
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    },
  );

  it('computes an allocation with its working, and the counterpart check', async () => {
    await page.goto(`${web.url}/finance/allocation?unit=19&year=2026`);
    const form = page.getByTestId('allocation-form');
    await form.getByLabel('Số vốn cần phân bổ').fill('1000000000');
    await form.getByLabel('Hệ số 01864').fill('3');
    await form.getByLabel(`Hệ số ${web.world.communeB}`).fill('1');
    await page.getByTestId('allocation-submit').click();
    const result = page.getByTestId('allocation-result');
    // 1 tỷ × 3/4 and × 1/4; every other commune has coefficient 0.
    await result.getByText('750 triệu đồng').waitFor();
    await result.getByText('250 triệu đồng').waitFor();
    await result.getByText('75,00 %').waitFor();
    await result.getByText(/Xã Bằng Thành \(01864\): hệ số 3; tỷ trọng 3\/4 = 75,00%/).waitFor();
    await screenshot(page, 'vi-1024-finance-allocation');
    // From the communes' criteria: the year's coefficient set is the server's, named with its source.
    await form.getByText('Tính theo tiêu chí xã').click();
    await poll(() => page.getByTestId('coefficient-set').innerText()).toContain('Nghị quyết 257/2025/QH15');
    const criteria = form.getByLabel('Tiêu chí 01864');
    const row = page.locator('tr').filter({ has: page.getByLabel('Tiêu chí 01864') });
    await chooseOption(page, criteria, 'Xã khu vực III (50)', row);
    await form.getByLabel('Số thôn ĐBKK 01864').fill('2');
    await page.getByTestId('allocation-submit').click();
    await result.getByText(/Xã Bằng Thành \(01864\): hệ số 50 \(Xã khu vực III/).waitFor();
    await screenshot(page, 'vi-1024-finance-allocation-criteria');

    await page.goto(`${web.url}/finance/counterpart?unit=19&year=2026`);
    // Thái Nguyên's minimum share for 2026–2030 is not set in rules/ yet.
    await poll(() => page.getByTestId('counterpart-status').innerText()).toBe('Chưa có mức tối thiểu');
    await screenshot(page, 'vi-1024-finance-counterpart');
  });

  it('shows the same screens in English', async () => {
    await page.goto(`${web.url}/finance?unit=19&year=2026`);
    await page.getByTestId('lang-en').click();
    await poll(() => page.getByTestId('tile-plan').innerText()).toContain('1.5 billion VND');
    await screenshot(page, 'en-1024-finance-home');
    await page.goto(`${web.url}/finance/disbursement?unit=19&year=2026`);
    await poll(() => page.getByTestId('disbursement-sentence').innerText()).toContain(
      'had disbursed 0.6 of 1.5 billion VND, 40.00% of the plan',
    );
    await screenshot(page, 'en-1024-finance-disbursement');
    await page.goto(`${web.url}/finance/plans?unit=19&year=2026`);
    await page.getByText('Xã Bằng Thành (01864)').first().waitFor();
    await screenshot(page, 'en-1024-finance-plans');
    await page.goto(`${web.url}/finance/allocation?unit=19&year=2026`);
    await page.getByTestId('allocation-form').waitFor();
    await screenshot(page, 'en-1024-finance-allocation');
    await page.getByTestId('lang-vi').click();
    await settle(page);
  });

  it('reads a former unit typed by its code (Bắc Kạn before the 2025 reform)', async () => {
    await page.goto(`${web.url}/finance/disbursement?unit=19&year=2024`);
    const unit = page.getByTestId('finance-unit');
    await unit.click();
    await page.keyboard.type('06');
    await page.getByTitle('Tỉnh Bắc Kạn (06)', { exact: true }).click();
    await page.waitForURL(/unit=06/);
    await poll(() => page.getByTestId('disbursement-sentence').innerText()).toBe(
      'Tính đến hết ngày 22/11/2026, tỉnh chưa có kế hoạch vốn được giao.',
    );
    // After a reload the address still names it.
    await page.reload();
    await poll(() => unit.innerText()).toContain('Tỉnh Bắc Kạn (06)');
  });

  it(
    'offers a commune officer only its commune, the API refuses another, a viewer changes nothing',
    { timeout: 120_000 },
    async () => {
      await signOut(page, web.url);
      await signIn(page, web.url, 'xa');
      await page.getByTestId('lang-vi').click();
      await page.goto(`${web.url}/finance/plans?unit=01864&year=2026`);
      await page.getByTestId('plan-create').click();
      const form = page.getByTestId('plan-form');
      // The only unit the officer may write is filled in, and the list offers nothing else.
      await poll(() => form.getByTitle('Xã Bằng Thành (01864)').count()).toBe(1);
      await form.getByLabel('Đơn vị', { exact: true }).click();
      await poll(() => page.locator('.ant-select-item-option').count()).toBe(1);
      await screenshot(page, 'vi-1024-finance-commune-plan-form');
      await page.keyboard.press('Escape');

      const csrf = (await (await page.request.get(`${web.url}/api/auth/csrf`)).json()) as {
        csrfToken: string;
      };
      const refused = await page.request.post(`${web.url}/api/finance/plans`, {
        headers: { 'x-csrf-token': csrf.csrfToken },
        data: {
          unit: web.world.communeB,
          year: 2026,
          project: 'HP2.ND2',
          source: 'central_investment',
          amountVnd: '1000000',
          decision: '1/QĐ-UBND',
        },
      });
      // Another commune is outside its read scope: not found (its existence is not revealed).
      expect(refused.status()).toBe(404);
      // Its own commune is accepted.
      const accepted = await page.request.post(`${web.url}/api/finance/plans`, {
        headers: { 'x-csrf-token': csrf.csrfToken },
        data: {
          unit: web.world.communeA,
          year: 2026,
          project: 'HP1.ND2',
          source: 'people',
          amountVnd: '1000000',
          decision: '1/QĐ-UBND',
        },
      });
      expect(accepted.status()).toBe(201);

      // A viewer reads the province's plans but is offered no change.
      await signOut(page, web.url);
      await signIn(page, web.url, 'xem');
      await page.goto(`${web.url}/finance/plans?unit=19&year=2026`);
      await page.getByText('Xã Bằng Thành (01864)').first().waitFor();
      expect(await page.getByTestId('plan-create').count()).toBe(0);
      await page.getByText('Xã Bằng Thành (01864)').first().click();
      await page.getByTestId('plan-summary').waitFor();
      expect(await page.getByTestId('plan-pay').count()).toBe(0);
      expect(browser.problems).toEqual([]);
    },
  );
});
