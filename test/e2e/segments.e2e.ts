import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilGone, clickUntilShown, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * Segments (客户分群) and customer value (客户价值分层), in the browser: with three customers of
 * different industries and stages, the admin builds a segment of three conditions (所属行业 is
 * 制造业, 生命周期阶段 is 成交, 成交订单数 ≥ 0) and sees the live count go 3 → 2 → 1 as they are
 * added and the one customer in the preview (a value the server refuses shows its message on the
 * condition's row); saves it, shares it, keeps it as a static list and sees (then takes out)
 * the list's record; two customers ticked on the customer list are added to it. On the
 * 客户价值分层 page the nine classes are listed, each linking to the customer list filtered by
 * it, and the RFM settings take fixed thresholds.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const SUZHOU = '苏州精工机械有限公司';
const WUXI = '无锡恒通制造有限公司';
const NANJING = '南京百汇商贸有限公司';
const SEGMENT = '华东制造业成交客户';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `segments-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the live count shows `n`, settled (no count pending or on its way). */
async function countIs(n: number) {
  await page.locator(`[data-testid="segment-count"][data-count="${n}"]:not([data-pending])`).waitFor();
}

describe('segments and customer value, in the browser', () => {
  let suzhouId = '';
  let segmentId = '';

  it('signs in as the admin; three customers of different industries and stages exist, one tagged', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    const tag = await pageApi<{ id: string }>(page, 'POST', '/tags', { name: '重点客户', color: 'red' });
    suzhouId = (await pageApi<{ id: string }>(page, 'POST', '/customers', { name: SUZHOU, industryCode: 'MANU', stage: 'customer', tagIds: [tag.id] })).id;
    await pageApi(page, 'POST', '/customers', { name: WUXI, industryCode: 'MANU', stage: 'potential' });
    await pageApi(page, 'POST', '/customers', { name: NANJING, industryCode: 'RETL', stage: 'customer' });
  });

  it('builds a segment of three conditions, the live count narrowing as each is added', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segments-table').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await clickUntilShown(page.getByTestId('segments-create'), page.getByTestId('segment-editor'));
    // No conditions: every customer.
    await countIs(3);

    await page.getByTestId('segment-group-root-add').click();
    await chooseOption(page, 'segment-condition-0-field', '所属行业');
    await chooseOption(page, 'segment-condition-0-value', '制造业');
    await page.keyboard.press('Escape');
    await countIs(2);

    await page.getByTestId('segment-group-root-add').click();
    await chooseOption(page, 'segment-condition-1-field', '生命周期阶段');
    await chooseOption(page, 'segment-condition-1-value', '成交');
    await page.keyboard.press('Escape');
    await countIs(1);

    await page.getByTestId('segment-group-root-add').click();
    await chooseOption(page, 'segment-condition-2-field', '成交订单数');
    await chooseOption(page, 'segment-condition-2-op', '≥');
    await fillIn(page, 'segment-condition-2-value', '0');
    await countIs(1);
    await expect.poll(() => page.getByTestId('segment-count-took').innerText()).toMatch(/\d+ 毫秒/);

    // A value the server refuses: its message stands on the condition's row; taking the row out brings the count back.
    await page.getByTestId('segment-group-root-add').click();
    await chooseOption(page, 'segment-condition-3-field', '最近跟进时间');
    await chooseOption(page, 'segment-condition-3-op', '最近 N 天内');
    await countIs(0);
    await fillIn(page, 'segment-condition-3-value', '40000');
    await page.getByTestId('segment-condition-3-error').waitFor();
    expect(await page.getByTestId('segment-condition-3').getAttribute('data-invalid')).toBe('true');
    await page.getByTestId('segment-condition-3-remove').click();
    await page.getByTestId('segment-condition-3').waitFor({ state: 'detached' });
    await countIs(1);

    const preview = page.getByTestId('segment-preview');
    await preview.getByTestId(`segment-record-${suzhouId}`).waitFor();
    expect(await preview.locator('tbody tr[data-testid^="segment-record-"]').count()).toBe(1);
    expect(await preview.getByTestId('segment-record-link').first().getAttribute('href')).toBe(`/customers/${suzhouId}`);
  });

  it('saves the segment, then shares it', async () => {
    await fillIn(page, 'segment-name', SEGMENT);
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/segments') && r.request().method() === 'POST');
    await page.getByTestId('segment-save').click();
    const res = await created;
    expect(res.status()).toBe(201);
    segmentId = ((await res.json()) as { id: string }).id;
    await page.waitForURL(new RegExp(`/segments/${segmentId}$`));
    await page.getByTestId('segment-title').getByText(SEGMENT).waitFor();
    // The saved tree is the one built: three conditions, the count unchanged.
    await page.getByTestId('segment-condition-2').waitFor();
    await countIs(1);

    await page.getByTestId('segment-shared').click();
    const updated = page.waitForResponse((r) => r.url().endsWith(`/segments/${segmentId}`) && r.request().method() === 'PATCH');
    await page.getByTestId('segment-save').click();
    expect((await updated).status()).toBe(200);
    await page.getByTestId('segment-shared-tag').waitFor();

    await page.getByTestId('nav-segments').click();
    const row = page.getByTestId(`segment-row-${segmentId}`);
    await row.getByTestId('segment-row-shared').waitFor();
    expect(await row.getByTestId('segment-row-kind').getAttribute('data-kind')).toBe('dynamic');
  });

  it('keeps the segment as a static list and shows its record, which can be taken out and customers added from the list page', async () => {
    await clickUntilShown(page.getByTestId(`segment-row-${segmentId}`).getByTestId('segment-link'), page.getByTestId('segment-editor'));
    await countIs(1);
    await clickUntilShown(page.getByTestId('segment-snapshot'), page.getByTestId('segment-snapshot-name'));
    await fillIn(page, 'segment-snapshot-name', `${SEGMENT} 12月名单`);
    const snapshot = page.waitForResponse((r) => r.url().endsWith(`/segments/${segmentId}/snapshot`) && r.request().method() === 'POST');
    await clickUntilGone(page.getByTestId('segment-snapshot-ok'));
    const res = await snapshot;
    expect(res.status()).toBe(201);
    const listId = ((await res.json()) as { id: string }).id;
    await page.waitForURL(new RegExp(`/segments/${listId}$`));
    await page.getByTestId('segment-static').waitFor();
    await page.getByTestId('segment-title').getByText(`${SEGMENT} 12月名单`).waitFor();
    await expect.poll(() => page.getByTestId('segment-list-count').innerText()).toBe('1');
    const records = page.getByTestId('segment-list-records');
    const record = records.getByTestId(`segment-record-${suzhouId}`);
    await record.getByText(SUZHOU).waitFor();
    expect(await page.getByTestId('segment-source-link').getAttribute('href')).toBe(`/segments/${segmentId}`);

    await record.locator('input[type="checkbox"]').check();
    const removed = page.waitForResponse((r) => r.url().endsWith(`/segments/${listId}/records/remove`));
    await page.getByTestId('segment-list-remove').click();
    expect((await removed).status()).toBe(200);
    await expect.poll(() => page.getByTestId('segment-list-count').innerText()).toBe('0');
    await record.waitFor({ state: 'detached' });

    await page.getByTestId('nav-segments').click();
    const row = page.getByTestId(`segment-row-${listId}`);
    await row.waitFor();
    expect(await row.getByTestId('segment-row-kind').getAttribute('data-kind')).toBe('static');

    // From the customer list: two ticked customers into the list.
    await page.getByTestId('nav-customers').click();
    const table = page.getByTestId('customers-table');
    for (const name of [SUZHOU, WUXI]) await table.locator('tr', { hasText: name }).locator('.ant-checkbox-input').check();
    await clickUntilShown(page.getByTestId('bulk-add-to-list'), page.getByTestId('add-to-list-select'));
    await chooseOption(page, 'add-to-list-select', `${SEGMENT} 12月名单`);
    const added = page.waitForResponse((r) => r.url().endsWith(`/segments/${listId}/records`) && r.request().method() === 'POST');
    await clickUntilGone(page.getByTestId('add-to-list-ok'));
    expect(await (await added).json()).toEqual({ changed: 2, unchanged: 0, notVisible: 0 });
    await page.getByTestId('nav-segments').click();
    await clickUntilShown(page.getByTestId(`segment-row-${listId}`).getByTestId('segment-link'), page.getByTestId('segment-static'));
    await expect.poll(() => page.getByTestId('segment-list-count').innerText()).toBe('2');
    await page.getByTestId('segment-list-records').getByText(WUXI).waitFor();
  });

  it('shows the nine value classes, each linking to its customers, and the RFM settings', async () => {
    await page.getByTestId('nav-customer-value').click();
    await page.getByTestId('rfm-classes').waitFor();
    expect(await page.getByTestId('rfm-classes').locator('tbody tr[data-testid^="rfm-class-"]').count()).toBe(9);
    // No paid orders yet: all three customers are 无交易.
    await expect.poll(() => page.getByTestId('rfm-class-none').getByTestId('rfm-class-customers').innerText()).toBe('3');
    expect(await page.getByTestId('rfm-class-important_value').getByTestId('rfm-class-customers').innerText()).toBe('0');
    await page.getByTestId('rfm-chart').waitFor();
    await page.getByTestId('rfm-last-run').waitFor();

    const settings = page.getByTestId('rfm-settings');
    await settings.waitFor();
    await expect.poll(async () => (await settings.getByTestId('rfm-settings-window').inputValue())).toBe('12');
    await settings.getByText('固定阈值').click();
    await fillIn(page, 'rfm-settings-window', '6');
    await fillIn(page, 'rfm-settings-recency', '90');
    await fillIn(page, 'rfm-settings-frequency', '3');
    await fillIn(page, 'rfm-settings-monetary', '50000');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/rfm') && r.request().method() === 'PUT');
    await page.getByTestId('rfm-settings-save').click();
    const res = await saved;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ windowMonths: 6, thresholds: { mode: 'fixed', recencyDays: 90, frequency: 3, monetaryFen: 5_000_000 } });

    // 立即重新计算 asks the server for a run: queued (202) where a job runner works; this test's
    // server runs without one and says so (503), which the page shows as an error message.
    const run = page.waitForResponse((r) => r.url().endsWith('/api/v1/customer-value/runs') && r.request().method() === 'POST');
    await page.getByTestId('rfm-run').click();
    expect([202, 503]).toContain((await run).status());

    await clickUntilShown(page.getByTestId('rfm-class-link-none'), page.getByTestId('customers-table'));
    await page.waitForURL(/\/customers\?rfmClass=none/);
    await page.getByTestId('customers-filter-rfm').getByText('无交易').waitFor();
    for (const name of [SUZHOU, WUXI, NANJING]) await page.getByTestId('customers-table').getByText(name).waitFor();
  });
});
