import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { E2E_ADMIN_PASSWORD, fillIn, inputOf, launchBrowser, newPage, snap, startServer, type E2EServer } from './server.ts';

/**
 * A salesperson's follow-up, in the browser: on a customer of theirs they log a phone call with a
 * contact and a next follow-up tomorrow at 9:00, see it (and the task it created) on the
 * customer's timeline, find the task under "upcoming" on the task page and mark it done.
 */
let server: E2EServer;
let browser: Browser;
let admin: Page;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const SALES = { username: 'liuyang', displayName: '刘洋', initial: 'Welcome2026a', next: 'Suzhou2026b' };
const DEPARTMENT = '华东销售二部';
const CUSTOMER = '无锡澄光新材料有限公司';
const CONTACT = '陈静';
const NEXT_ACTION = '发送报价单并确认交期';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `followups-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
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

async function login(p: Page, username: string, password: string) {
  await p.goto(server.url);
  await p.waitForURL(/\/login/);
  await fillIn(p, 'login-username', username);
  await fillIn(p, 'login-password', password);
  await p.getByTestId('login-submit').click();
}

async function changePassword(p: Page, current: string, next: string) {
  await fillIn(p, 'change-password-current', current);
  await fillIn(p, 'change-password-new', next);
  await fillIn(p, 'change-password-confirm', next);
  await p.getByTestId('change-password-submit').click();
  await p.getByTestId('home-greeting').waitFor();
}

/** An API call from a signed-in browser session (cookie plus CSRF token), as a script would make it. */
async function apiCall<T>(p: Page, method: string, path: string, body?: unknown): Promise<T> {
  return p.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: body === undefined ? { 'X-CSRF-Token': me.csrfToken } : { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: body === undefined ? null : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

describe('follow-ups, timeline and tasks, in the browser', () => {
  let customerId = '';

  it('sets up a salesperson with a customer and a contact (as the admin, through the API)', async () => {
    await login(admin, 'admin', E2E_ADMIN_PASSWORD);
    await changePassword(admin, E2E_ADMIN_PASSWORD, ADMIN_NEW_PASSWORD);
    const department = await apiCall<{ id: string }>(admin, 'POST', '/departments', { name: DEPARTMENT });
    const roles = await apiCall<{ items: { id: string; key: string | null }[] }>(admin, 'GET', '/roles');
    const sales = roles.items.find((r) => r.key === 'sales');
    if (!sales) throw new Error('no built-in sales role');
    const user = await apiCall<{ id: string }>(admin, 'POST', '/users', {
      username: SALES.username,
      displayName: SALES.displayName,
      password: SALES.initial,
      roleId: sales.id,
      departmentId: department.id,
    });
    const customer = await apiCall<{ id: string }>(admin, 'POST', '/customers', { name: CUSTOMER, ownerId: user.id });
    customerId = customer.id;
    await apiCall(admin, 'POST', `/customers/${customerId}/contacts`, { name: CONTACT, title: '采购总监' });
  });

  it('signs in as the salesperson and finds tasks in the menu', async () => {
    await login(page, SALES.username, SALES.initial);
    await changePassword(page, SALES.initial, SALES.next);
    expect(await page.getByTestId('nav-tasks').innerText()).toContain('任务');
    await page.getByTestId('home-follow-up-summary').waitFor();
  });

  it('logs a phone call with the contact and a next follow-up tomorrow at 9:00', async () => {
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('customer-log-follow-up').click();
    await page.getByTestId('follow-up-form').waitFor();
    await pick('follow-up-form-method', '电话');
    await pick('follow-up-form-contact', CONTACT);

    // Content is required: the form says so before anything is sent.
    await page.getByTestId('follow-up-form-submit').click();
    await page.getByTestId('follow-up-form').locator('.ant-form-item-explain-error', { hasText: '必填' }).waitFor();

    await fill('follow-up-form-content', '电话沟通二期采购计划，客户关注交期和付款方式。');
    await fill('follow-up-form-feedback', '价格可以接受，交期希望缩短到四周。');
    await fill('follow-up-form-nextAction', NEXT_ACTION);
    await page.getByTestId('follow-up-form-quick-tomorrow').click();
    const nextAt = await (await inputOf(page, 'follow-up-form-nextFollowUpAt')).inputValue();
    expect(nextAt).toMatch(/ 09:00$/);
    await snap(page, 'followups-01-form');

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/follow-ups') && r.request().method() === 'POST');
    await page.getByTestId('follow-up-form-submit').click();
    expect((await saved).status()).toBe(201);
    await page.getByTestId('follow-up-form').waitFor({ state: 'hidden' });
    await page.locator('.ant-message', { hasText: `创建了任务「${NEXT_ACTION}」` }).waitFor();
  });

  it('shows the follow-up and its task on the timeline, and opens them from there', async () => {
    await page.getByTestId('customer-tab-timeline').click();
    const logged = page.getByTestId('timeline-entry').and(page.locator('[data-kind="follow_up.logged"]'));
    await logged.waitFor();
    expect(await logged.innerText()).toContain(`通过电话跟进了 ${CONTACT}`);
    expect(await logged.innerText()).toContain('电话沟通二期采购计划');
    expect(await logged.innerText()).toContain(NEXT_ACTION);
    expect(await logged.innerText()).toContain(SALES.displayName);
    const created = page.getByTestId('timeline-entry').and(page.locator('[data-kind="task.created"]'));
    expect(await created.innerText()).toContain(`创建了任务「${NEXT_ACTION}」`);
    await page.getByTestId('timeline-end').waitFor();
    await snap(page, 'followups-02-timeline');

    // Only follow-ups: the task entry goes.
    await page.getByTestId('timeline-filter-task').click();
    await page.getByTestId('timeline-filter-customer').click();
    await page.getByTestId('timeline-filter-contact').click();
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBe(1);

    await logged.getByTestId('timeline-entry-link').click();
    const details = page.getByTestId('follow-up-view-details');
    await details.waitFor();
    expect(await details.innerText()).toContain('交期希望缩短到四周');
    await page.locator('.ant-modal-close').click();
    await details.waitFor({ state: 'hidden' });

    await page.getByTestId('customer-tab-followUps').click();
    await expect.poll(() => page.getByTestId('follow-ups-table').innerText()).toContain('电话');
  });

  it('finds the task under upcoming on the task page and marks it done', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('tasks-table').waitFor();
    await expect.poll(() => page.getByTestId('tasks-count-upcoming').innerText()).toBe('1');
    expect(await page.getByTestId('tasks-count-today').innerText()).toBe('0');
    expect(await page.getByTestId('tasks-count-overdue').innerText()).toBe('0');
    await page.getByTestId('tasks-tab-upcoming').click();
    const row = page.getByTestId('tasks-table').locator('tr', { hasText: NEXT_ACTION });
    await row.waitFor();
    expect(await row.innerText()).toContain(CUSTOMER);
    expect(await row.innerText()).toContain('电话');
    expect(await row.getByTestId('task-due').innerText()).toMatch(/ 09:00$/);
    await snap(page, 'followups-03-tasks');

    // The drawer, as a notification would open it.
    await row.getByTestId('task-title').click();
    await page.waitForURL(/taskId=/);
    await page.getByTestId('task-drawer-details').waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('task-drawer').waitFor({ state: 'hidden' });

    const done = page.waitForResponse((r) => /\/api\/v1\/tasks\/[0-9a-f-]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await row.getByTestId('task-done').click();
    expect((await done).status()).toBe(200);
    await page.locator('.ant-message', { hasText: '任务已完成' }).waitFor();
    await expect.poll(() => page.getByTestId('tasks-count-upcoming').innerText()).toBe('0');
    await page.getByTestId('tasks-tab-done').click();
    const doneRow = page.getByTestId('tasks-table').locator('tr', { hasText: NEXT_ACTION });
    await expect.poll(() => doneRow.getByTestId('task-status').innerText()).toBe('已完成');
  });

  it('shows the task done on the timeline and the month calendar', async () => {
    await page.getByTestId('tasks-mode-calendar').click();
    await page.getByTestId('task-calendar').waitFor();
    await expect.poll(() => page.getByTestId('calendar-task').filter({ hasText: NEXT_ACTION }).count()).toBe(1);
    await snap(page, 'followups-04-calendar');
    await page.goto(`${server.url}/customers/${customerId}?tab=timeline`);
    const done = page.getByTestId('timeline-entry').and(page.locator('[data-kind="task.done"]'));
    await done.waitFor();
    expect(await done.innerText()).toContain(`完成了任务「${NEXT_ACTION}」`);
  });
});
