import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilGone, type E2EServer, inputOf, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * Bulk transfer on the customer list, in the browser: a salesperson leaves, and the admin hands
 * two of her customers to a colleague by selecting their rows, then the rest by "select all N
 * matching" her as owner (more than a page), each time confirming a dialog that names the count
 * and reading the outcome.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const LEAVING = { username: 'wangfang', displayName: '王芳' };
const TAKING = { username: 'liqiang', displayName: '李强' };
// More than a page (20): the last ones are reached only through "select all matching".
const BRANDS = ['华信', '启明', '恒通', '博远', '天成', '瑞丰', '鼎盛', '海纳', '汇通', '永泰', '金桥', '星辰', '蓝海', '宏达', '安盛', '嘉禾', '远航', '新锐', '长风', '明德', '和信', '致远', '瀚海', '凯达'];
// The list shows the newest first: the last two are on the first page.
const [FIRST, SECOND] = [BRANDS.at(-1) ?? '', BRANDS.at(-2) ?? ''];
const OLDEST = BRANDS[0] ?? '';
const nameOf = (brand: string) => `江苏${brand}机电设备有限公司`;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `bulk-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Chooses the new owner in the dialog's user search. */
async function chooseOwner(displayName: string, username: string) {
  await chooseOption(page, 'bulk-dialog-owner', `${displayName} (${username})`, { search: displayName });
}

describe('bulk transfer on the customer list, in the browser', () => {
  let leavingId = '';

  it('signs in as the admin; two salespeople, one of them with more than a page of customers', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    const department = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '华东销售部' });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(page, 'GET', '/roles');
    const sales = roles.items.find((r) => r.key === 'sales');
    if (!sales) throw new Error('no built-in sales role');
    const users: string[] = [];
    for (const u of [LEAVING, TAKING]) {
      users.push((await pageApi<{ id: string }>(page, 'POST', '/users', { ...u, password: 'Welcome2026a', roleId: sales.id, departmentId: department.id })).id);
    }
    leavingId = users[0] ?? '';
    // One round trip for all of them (in creation order: the list shows the newest first).
    await page.evaluate(
      async ({ names, ownerId }) => {
        const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
        for (const name of names) {
          const res = await fetch('/api/v1/customers', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken }, body: JSON.stringify({ name, ownerId }) });
          if (!res.ok) throw new Error(`${name}: ${res.status} ${await res.text()}`);
        }
      },
      { names: BRANDS.map(nameOf), ownerId: leavingId },
    );
  });

  it('transfers two selected customers, confirming a dialog that names the count', async () => {
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customers-table').waitFor();
    const rowOf = (brand: string) => page.getByTestId('customers-table').locator('tr', { hasText: nameOf(brand) });
    await rowOf(FIRST).waitFor();
    await rowOf(FIRST).locator('.ant-checkbox-input').check();
    await rowOf(SECOND).locator('.ant-checkbox-input').check();
    await expect.poll(() => page.getByTestId('customers-bulk-count').innerText()).toBe('已选 2 项');
    await page.getByTestId('customers-bulk-transfer').click();
    const dialog = page.locator('.ant-modal', { has: page.getByTestId('bulk-dialog') });
    await expect.poll(() => dialog.locator('.ant-modal-title').innerText()).toBe('将 2 位客户转给新负责人');
    await chooseOwner(TAKING.displayName, TAKING.username);
    await snap(page, 'bulk-01-transfer-dialog');
    await page.getByTestId('bulk-dialog-ok').click();
    await expect.poll(() => page.getByTestId('bulk-outcome-counts').innerText()).toBe('共 2 条：已处理 2 条，跳过 0 条。');
    await snap(page, 'bulk-02-outcome');
    // A click while the outcome's modal still opens can be lost under load: click until it has closed.
    await clickUntilGone(page.getByTestId('bulk-outcome-close'));
    await page.getByTestId('bulk-outcome').waitFor({ state: 'detached' });
    await expect.poll(() => rowOf(FIRST).innerText()).toContain(TAKING.displayName);
    await expect.poll(() => rowOf(SECOND).innerText()).toContain(TAKING.displayName);
    expect(await rowOf(BRANDS.at(-3) ?? '').innerText()).toContain(LEAVING.displayName);
  });

  it('selects all customers of the leaving salesperson (more than a page) and transfers them', async () => {
    await chooseOption(page, 'customers-filter-owner', `${LEAVING.displayName} (${LEAVING.username})`, { search: LEAVING.displayName });
    await page.waitForURL(new RegExp(`ownerId=${leavingId}`));
    // The filtered list: her customers only (the two transferred ones are gone).
    await expect.poll(() => page.getByTestId('customers-table').locator('tbody tr', { hasText: nameOf(FIRST) }).count()).toBe(0);
    await page.getByTestId('customers-table').locator('.ant-table-thead .ant-checkbox-input').check();
    await expect.poll(() => page.getByTestId('customers-bulk-count').innerText()).toBe('已选 20 项');
    await page.getByTestId('customers-bulk-all').click();
    const rest = BRANDS.length - 2;
    await expect.poll(() => page.getByTestId('customers-bulk-count').innerText()).toBe(`已选择全部 ${rest} 条匹配记录`);
    await snap(page, 'bulk-03-all-matching');
    await page.getByTestId('customers-bulk-transfer').click();
    const dialog = page.locator('.ant-modal', { has: page.getByTestId('bulk-dialog') });
    await expect.poll(() => dialog.locator('.ant-modal-title').innerText()).toBe(`将 ${rest} 位客户转给新负责人`);
    await chooseOwner(TAKING.displayName, TAKING.username);
    await page.getByTestId('bulk-dialog-ok').click();
    await expect.poll(() => page.getByTestId('bulk-outcome-counts').innerText()).toBe(`共 ${rest} 条：已处理 ${rest} 条，跳过 0 条。`);
    // A click while the outcome's modal still opens can be lost under load: click until it has closed.
    await clickUntilGone(page.getByTestId('bulk-outcome-close'));
    // The list of her customers is empty now; each transfer is in a customer's history.
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('customers-filter-reset').click();
    await (await inputOf(page, 'customers-filter-q')).fill(OLDEST);
    await page.keyboard.press('Enter');
    const row = page.getByTestId('customers-table').locator('tr', { hasText: nameOf(OLDEST) });
    await expect.poll(() => row.innerText()).toContain(TAKING.displayName);
    await row.getByRole('link', { name: nameOf(OLDEST) }).click();
    await page.getByTestId('customer-tab-history').click();
    await expect.poll(() => page.getByTestId('customer-history').getByTestId('customer-history-action').allInnerTexts()).toEqual(['修改', '新建']);
  });
});
