import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { fillIn, launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * The role editor and the profile's rights, in the browser: both read the permission catalogue the
 * server's module manifests assemble (GET /api/v1/roles/catalogue), so they show every resource
 * with its own actions. A new role made with the matrix is saved with exactly what was ticked.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `roles-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const RESOURCES = ['customer', 'contact', 'lead', 'follow_up', 'task', 'feedback', 'product', 'opportunity', 'quote', 'order', 'contract', 'campaign', 'segment', 'mailing', 'suppression', 'lead_form', 'user', 'department', 'role', 'audit', 'setting'];
const TOTAL = 97;
const ACTIONS = ['read', 'create', 'update', 'delete', 'export', 'assign', 'send'];

describe('roles and rights, in the browser', () => {
  it('signs in as the admin', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
  });

  it('lists the built-in roles with their share of the catalogue', async () => {
    await page.goto(`${server.url}/admin/roles`);
    await expect.poll(() => page.getByTestId('role-row-系统管理员').textContent()).toContain(`${TOTAL} / ${TOTAL} 项`);
    await expect.poll(() => page.getByTestId('role-row-销售').textContent()).toContain(`38 / ${TOTAL} 项`);
  });

  it('makes a role with the matrix: one row per resource, a box only where the resource has the action', async () => {
    await page.getByTestId('roles-create').click();
    await page.getByTestId('permission-matrix').waitFor();
    for (const r of RESOURCES) await page.getByTestId(`perm-row-${r}`).waitFor();
    expect(await page.locator('[data-testid^="perm-row-"]').count()).toBe(RESOURCES.length);
    expect(await page.getByTestId('perm-quote-export').count()).toBe(0); // quotes are not exported
    // One column per action, 发送 last: only mailings are sent.
    for (const a of ACTIONS) await page.getByTestId(`perm-col-${a}`).waitFor();
    expect(await page.locator('[data-testid^="perm-col-"]').count()).toBe(ACTIONS.length);
    expect((await page.getByTestId('permission-matrix').locator('th').allInnerTexts()).map((h) => h.trim())).toContain('发送');
    expect(await page.getByTestId('perm-mailing-send').count()).toBe(1);
    expect(await page.getByTestId('perm-campaign-send').count()).toBe(0);
    expect(await page.getByTestId('perm-suppression-update').count()).toBe(0);
    await expect.poll(() => page.getByTestId('perm-count').textContent()).toBe(`已选 0 / ${TOTAL} 项`);

    await page.getByTestId('perm-row-customer').click();
    // Ticking an action without read ticks read too.
    await page.getByTestId('perm-order-export').click();
    await expect.poll(() => page.getByTestId('perm-count').textContent()).toBe(`已选 8 / ${TOTAL} 项`);
    expect(await page.getByTestId('perm-order-read').isChecked()).toBe(true);

    await fillIn(page, 'role-form-name', '客户专员');
    await page.getByTestId('role-form-submit').click();
    await page.waitForURL(/\/admin\/roles$/);
    await expect.poll(() => page.getByTestId('role-row-客户专员').textContent()).toContain(`8 / ${TOTAL} 项`);

    const res = await page.request.get(`${server.url}/api/v1/roles`);
    const role = ((await res.json()) as { items: { name: string; permissions: string[] }[] }).items.find((r) => r.name === '客户专员');
    expect(role?.permissions).toEqual(['customer:assign', 'customer:create', 'customer:delete', 'customer:export', 'customer:read', 'customer:update', 'order:export', 'order:read']);
  });

  it('shows one’s own rights per resource on the profile page', async () => {
    await page.goto(`${server.url}/profile`);
    const access = page.getByTestId('profile-my-access');
    await access.waitFor();
    await expect.poll(() => access.textContent()).toContain('报价单');
    expect(await access.textContent()).toContain('基础设置');
  });
});
