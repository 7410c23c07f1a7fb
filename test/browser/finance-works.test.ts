// Works, production projects and outputs in the browser: the province officer records a work in a
// commune's village, edits its progress and dates (status follows), hands it over and adds a photo; records
// a production project with a household from the registry; enters an output's plan and result.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserMissing,
  horizontalOverflow,
  launchBrowser,
  screenshot,
  signIn,
  startWebApp,
  type Browser,
  type WebApp,
} from '../support/browser.ts';

/** Polls longer than vitest's default second: the machine is shared and the first loads are slow. */
const poll = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

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

describe.skipIf(browserMissing)('works, production projects and outputs in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [web, browser] = await Promise.all([startWebApp(), launchBrowser()]);
    page = await browser.newPage({ width: 1024, height: 768 });
    await signIn(page, web.url, 'tinh');
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('records a work, edits it, hands it over and adds a photo', { timeout: 180_000 }, async () => {
    await page.goto(`${web.url}/finance/works?unit=01864&year=2026`);
    await page.getByTestId('work-create').click();
    const form = page.getByTestId('work-form');
    // The unit picked on the screen is the form's unit; its villages are offered.
    await poll(() => form.getByTitle('Xã Bằng Thành (01864)').count()).toBe(1);
    await pick(page, form.getByLabel('Thôn, bản'), '', 'Thôn Nà Phầy');
    await form.getByLabel('Tên công trình').fill('Đường bê tông thôn Nà Phầy');
    await pick(page, form.getByLabel('Loại công trình'), '', 'Giao thông (đường giao thông nông thôn)');
    await form.getByLabel('Chủ đầu tư', { exact: true }).fill('Ban quản lý dự án huyện Pác Nặm');
    await form.getByLabel('Giá trị hợp đồng').pressSequentially('2500000000');
    expect(await form.getByLabel('Giá trị hợp đồng').inputValue()).toBe('2.500.000.000');
    await form.getByLabel('Tiến độ').fill('30');
    await typeDate(form.getByLabel('Ngày khởi công'), '01/03/2026');
    // A completion date before the start: the server's message on the field.
    await typeDate(form.getByLabel('Ngày hoàn thành'), '01/02/2026');
    await page.getByTestId('work-submit').click();
    await page.getByTestId('error-alert').waitFor();
    await screenshot(page, 'vi-1024-finance-work-form-error');
    await form.getByLabel('Ngày hoàn thành').click();
    await form.locator('.ant-picker-clear').nth(1).click({ force: true });
    await page.keyboard.press('Escape');
    await page.getByTestId('work-submit').click();
    await page.waitForURL(/\/finance\/works\/[0-9a-f-]{36}\?/);
    await poll(() => page.getByTestId('work-status').innerText()).toBe('Đang thi công');
    expect(await page.getByTestId('work-contract-value').innerText()).toBe('2,5 tỷ đồng');

    // Edit: finished on 01/10/2026 → completed.
    await page.getByTestId('work-edit').click();
    const edit = page.getByTestId('work-form');
    await poll(() => edit.getByLabel('Tên công trình').inputValue()).toBe('Đường bê tông thôn Nà Phầy');
    await edit.getByLabel('Tiến độ').fill('100');
    await typeDate(edit.getByLabel('Ngày hoàn thành'), '01/10/2026');
    await page.getByTestId('work-submit').click();
    await page.waitForURL(/\/finance\/works\/[0-9a-f-]{36}\?/);
    await poll(() => page.getByTestId('work-status').innerText()).toBe('Hoàn thành');

    // Hand-over to the commune's board (the former district's board is kept as the original investor).
    await page.getByTestId('work-handover').click();
    const hand = page.getByTestId('handover-form');
    await hand.getByLabel('Chủ đầu tư mới').fill('UBND xã Bằng Thành');
    await hand.getByLabel('Mã đơn vị chủ đầu tư').fill('01864');
    await typeDate(hand.getByLabel('Ngày chuyển giao'), '01/07/2025');
    await hand.getByLabel('Căn cứ pháp lý').fill('Quyết định 99/QĐ-UBND');
    await page.getByTestId('handover-submit').click();
    await poll(() => page.getByTestId('work-investor').innerText()).toContain('UBND xã Bằng Thành');
    await page.getByText('Ban quản lý dự án huyện Pác Nặm').first().waitFor();

    // A photo, then the gallery shows it.
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'nghiem-thu.png', mimeType: 'image/png', buffer: PNG });
    await page.getByTestId('work-photos').locator('img').first().waitFor();
    await screenshot(page, 'vi-1024-finance-work');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // The list shows it with its status tag.
    await page.goto(`${web.url}/finance/works?unit=19&year=2026`);
    const table = page.getByTestId('works-table');
    await table.getByText('Đường bê tông thôn Nà Phầy').waitFor();
    expect(await table.getByText('Hoàn thành').isVisible()).toBe(true);
    await screenshot(page, 'vi-1024-finance-works');
  });

  it('records a production project with a household of the registry', async () => {
    await page.goto(`${web.url}/finance/production-projects?unit=01864&year=2026`);
    await page.getByTestId('project-create').click();
    const form = page.getByTestId('project-form');
    await form.getByLabel('Tên dự án').fill('Chuỗi giá trị gà đồi');
    await form.getByLabel('Kinh phí').fill('300000000');
    await page.getByTestId('project-submit').click();
    await page.waitForURL(/\/finance\/production-projects\/[0-9a-f-]{36}\?/);
    const search = page.getByTestId('project-household-search');
    await search.click();
    await page.keyboard.type('Hoàng Văn');
    await page.getByTitle(/Hoàng Văn Đức — Thôn Nà Phầy/).click();
    await page.getByTestId('project-households').getByText('Hoàng Văn Đức').waitFor();
    await page.getByText('Hộ tham gia (1)').waitFor();
    await screenshot(page, 'vi-1024-finance-project');
  });

  it('deletes a project entered by mistake, with the reason; the audit log names the deletion', async () => {
    await page.goto(`${web.url}/finance/production-projects?unit=01864&year=2026`);
    await page.getByTestId('project-create').click();
    const form = page.getByTestId('project-form');
    await form.getByLabel('Tên dự án').fill('Dự án nhập nhầm');
    await form.getByLabel('Kinh phí').fill('1000000');
    await page.getByTestId('project-submit').click();
    await page.waitForURL(/\/finance\/production-projects\/[0-9a-f-]{36}\?/);
    await page.getByTestId('project-delete').click();
    const dialog = page.getByTestId('delete-form');
    await page.getByText('Xoá “Dự án nhập nhầm” vì nhập nhầm?').waitFor();
    await page.getByTestId('delete-submit').click();
    await dialog.getByText('Ghi lý do, ít nhất 5 ký tự').waitFor();
    await dialog.getByLabel('Lý do xoá').fill('Trùng với dự án đã có');
    await screenshot(page, 'vi-1024-finance-project-delete');
    await page.getByTestId('delete-submit').click();
    await page.waitForURL(/\/finance\/production-projects\?/);
    await page.getByText('Chuỗi giá trị gà đồi').first().waitFor();
    expect(await page.getByText('Dự án nhập nhầm').count()).toBe(0);
    await page.goto(`${web.url}/audit?unitCode=01864`);
    const row = page.getByRole('row', { name: /Xoá dự án sản xuất/ }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('Trùng với dự án đã có');
  });

  it('enters an output indicator planned and achieved; the rate follows', async () => {
    await page.goto(`${web.url}/finance/outputs?unit=01864&year=2026`);
    await page.getByLabel('Kế hoạch vocational_trained').fill('40');
    await page.getByLabel('Thực hiện vocational_trained').fill('30');
    await page.getByTestId('outputs-save').click();
    const row = page
      .getByTestId('outputs-grid')
      .locator('tr', { hasText: 'Số người lao động được đào tạo nghề' });
    await poll(() => row.innerText()).toContain('75,00 %');
    await screenshot(page, 'vi-1024-finance-outputs');

    await page.goto(`${web.url}/finance?unit=19&year=2026`);
    await poll(() => page.getByTestId('tile-works').innerText()).toContain('1');
    expect(await page.getByTestId('tile-projects').innerText()).toContain('1 hộ tham gia');
    await screenshot(page, 'vi-1024-finance-home-works');
    await page.getByTestId('lang-en').click();
    await page.goto(`${web.url}/finance/works?unit=19&year=2026`);
    await page.getByTestId('works-table').getByText('Completed').waitFor();
    await screenshot(page, 'en-1024-finance-works');
    await page.getByTestId('lang-vi').click();
    expect(browser.problems).toEqual([]);
  });
});
