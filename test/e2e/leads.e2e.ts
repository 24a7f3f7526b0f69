import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, confirmDialog, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * A lead's way to a customer, in the browser: register an A lead, watch its assignment SLA count
 * down in the list, assign it, work it to qualified and convert it into a new customer. Then the
 * public pool: claim a customer nobody owns, give it back from the customer page, and be told
 * the daily claim limit when claiming again.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const COMPANY = '苏州恒达精密电子有限公司';
const CONTACT = '王芳';
const POOL_CUSTOMER = '杭州远帆物流有限公司';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `leads-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (testId: string, value: string) => fillIn(page, testId, value);

async function pick(testId: string, option: string | RegExp) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

describe('leads and the public pool, in the browser', () => {
  it('signs in as the admin and finds leads and the pool in the menu', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    expect(await page.getByTestId('nav-leads').innerText()).toBe('线索');
    expect(await page.getByTestId('nav-pool').innerText()).toBe('公海');
  });

  it('registers an A lead, the grade shown while answering, and sees its SLA count down in the list', async () => {
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('leads-table').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('leads-create').click();
    await page.getByTestId('lead-form').waitFor();
    await pick('lead-form-channel', '展会');
    await fill('lead-form-sourceDetail', '2026 工业自动化展');
    await fill('lead-form-companyName', COMPANY);
    await fill('lead-form-contactName', CONTACT);
    await fill('lead-form-title', '采购经理');
    await fill('lead-form-phone', '13812345678');
    await fill('lead-form-needs', '产线设备数据采集与 MES 对接');
    const preview = page.getByTestId('lead-grade-preview');
    expect(await preview.getAttribute('data-grade')).toBe('C');
    for (const key of ['needMatch', 'budget', 'authority']) {
      await page.getByTestId(`lead-form-${key}`).getByText('是', { exact: true }).click();
    }
    await expect.poll(() => preview.innerText()).toContain('A级(高意向)');
    await snap(page, 'leads-01-form');
    await page.getByTestId('lead-form-submit').click();
    await page.getByTestId('lead-form').waitFor({ state: 'hidden' });

    const row = page.getByTestId('leads-table').locator('tr', { hasText: COMPANY });
    await row.waitFor();
    expect(await row.getByTestId('lead-grade').innerText()).toBe('A');
    expect(await row.getByTestId('lead-status').innerText()).toBe('新线索');
    expect(await row.innerText()).toContain('未分配');
    const sla = row.getByTestId('lead-sla');
    await expect.poll(() => sla.innerText()).toMatch(/剩余 23:59:\d\d/);
    const first = await sla.innerText();
    // The countdown runs in the browser: a moment later it shows less time left.
    await expect.poll(() => sla.innerText(), { timeout: 5000 }).not.toBe(first);
    await snap(page, 'leads-02-list');
  });

  it('tells the user when the same prospect from another channel merges into the lead', async () => {
    await page.getByTestId('leads-create').click();
    await page.getByTestId('lead-form').waitFor();
    await pick('lead-form-channel', '官网');
    await fill('lead-form-contactName', CONTACT);
    await fill('lead-form-phone', '138 1234 5678');
    await page.getByTestId('lead-form-submit').click();
    const dialog = page.locator('.ant-modal-confirm', { hasText: '已合并到现有线索' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('官网');
    await page.getByTestId('lead-merged-open').click();
    await page.getByTestId('lead-detail').waitFor();
    await expect.poll(() => page.getByTestId('lead-sources').innerText()).toContain('官网');
    expect(await page.getByTestId('lead-sources').innerText()).toContain('2026 工业自动化展');
  });

  it('overrides the grade with a reason, marked as such, and removes the override again', async () => {
    expect(await page.getByTestId('lead-detail-title').innerText()).toBe(COMPANY);
    const header = page.locator('.kehu-page-header');
    await page.getByTestId('lead-override').click();
    await page.getByTestId('lead-override-grade').getByText('B级(中意向)').click();
    await fill('lead-override-reason', '预算需下季度才能确认');
    await page.getByTestId('lead-override-submit').click();
    await expect.poll(() => header.getByTestId('lead-grade-overridden').innerText()).toContain('已调整');
    expect(await header.getByTestId('lead-grade').innerText()).toBe('B');
    expect(await page.getByTestId('lead-override-reason-text').innerText()).toBe('预算需下季度才能确认');
    await page.getByTestId('lead-override-remove').click();
    await confirmDialog(page);
    await expect.poll(() => header.getByTestId('lead-grade-overridden').count()).toBe(0);
    expect(await header.getByTestId('lead-grade').innerText()).toBe('A');
  });

  it('assigns the lead, works it to qualified and converts it into a new customer', async () => {
    await page.getByTestId('lead-assign').click();
    await chooseOption(page, 'lead-assign-owner', '系统管理员');
    await page.getByTestId('lead-assign-submit').click();
    await page.getByTestId('lead-assign-owner').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('lead-detail-owner').innerText()).toContain('系统管理员');
    const header = page.locator('.kehu-page-header');
    await expect.poll(() => header.getByTestId('lead-status').innerText()).toBe('已分配');
    await expect.poll(() => header.getByTestId('lead-sla').innerText()).toBe('按时分配');

    for (const [status, label] of [['contacted', '已联系'], ['qualified', '已确认']] as const) {
      await page.getByTestId('lead-status-change').click();
      await page.getByTestId(`lead-status-to-${status}`).click();
      await expect.poll(() => header.getByTestId('lead-status').innerText()).toBe(label);
    }

    await page.getByTestId('lead-convert').click();
    await page.getByTestId('lead-convert-no-duplicates').waitFor();
    expect(await page.getByTestId('lead-convert-name').inputValue()).toBe(COMPANY);
    await snap(page, 'leads-03-convert');
    await page.getByTestId('lead-convert-submit').click();
    await page.getByTestId('lead-convert-target').waitFor({ state: 'hidden' });

    await expect.poll(() => header.getByTestId('lead-status').innerText()).toBe('已转化');
    const link = page.getByTestId('lead-customer-link');
    await expect.poll(() => link.innerText()).toContain(COMPANY);
    // A converted lead is history: no more editing, assigning or converting.
    expect(await page.getByTestId('lead-edit').count()).toBe(0);
    expect(await page.getByTestId('lead-convert').count()).toBe(0);
    await snap(page, 'leads-04-converted');

    await link.click();
    await page.getByTestId('customer-detail').waitFor();
    expect(await page.getByTestId('customer-detail-name').innerText()).toBe(COMPANY);
    await page.getByTestId('customer-tab-contacts').click();
    await page.getByTestId(`contact-row-${CONTACT}`).waitFor();
  });

  it('shows the converted lead in the list with its status', async () => {
    await page.getByTestId('nav-leads').click();
    const row = page.getByTestId('leads-table').locator('tr', { hasText: COMPANY });
    await expect.poll(() => row.getByTestId('lead-status').innerText()).toBe('已转化');
    expect(await row.getByTestId('lead-sla').innerText()).toBe('按时分配');
  });

  it('exports the lead list as CSV', async () => {
    await page.getByTestId('leads-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('leads-export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.split('\r\n')[0]).toContain('线索编号');
    expect(text).toContain(COMPANY);
    expect(text).toContain('已转化');
  });

  it('claims a customer from the public pool, releases it, and is told the daily limit', async () => {
    await pageApi(page, 'PUT', '/settings/pool-rules', { reclaimDays: { potential: 30, intent: 60, customer: null, lost: 90 }, warnDaysBefore: 3, claimsPerDay: 1, maxOwned: 500 });
    const created = await pageApi<{ number: string; ownerId: string | null }>(page, 'POST', '/customers', { name: POOL_CUSTOMER, ownerId: null });
    expect(created.ownerId).toBeNull();

    await page.getByTestId('nav-pool').click();
    await page.getByTestId('pool-table').waitFor();
    const row = page.getByTestId(`pool-row-${created.number}`);
    await row.waitFor();
    expect(await row.innerText()).toContain(POOL_CUSTOMER);
    await snap(page, 'leads-05-pool');
    await page.getByTestId(`pool-claim-${created.number}`).click();
    await page.locator('.ant-message', { hasText: `已领取“${POOL_CUSTOMER}”` }).waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('empty-state').waitFor();

    // Now it is the admin's: open it among the customers and give it back.
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-table').getByRole('link', { name: POOL_CUSTOMER }).click();
    await expect.poll(() => page.getByTestId('customer-detail-owner').innerText()).toContain('系统管理员');
    await page.getByTestId('customer-release').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('customer-detail-owner').innerText()).toContain('公海');
    expect(await page.getByTestId('customer-release').count()).toBe(0);

    // One claim a day: the second one is refused, with the reason in the user's language.
    await page.getByTestId('nav-pool').click();
    await page.getByTestId(`pool-claim-${created.number}`).click();
    await page.locator('.ant-message', { hasText: '今天已从公海领取 1 个客户，达到每日上限' }).waitFor();
    await page.getByTestId(`pool-row-${created.number}`).waitFor();
    await snap(page, 'leads-06-pool-limit');
  });
});
