import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { deliverDueReminders } from '../../src/server/modules/tasks/tasks.jobs.ts';
import { launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * A task's reminder reaches the browser live: with the page open, the reminder job delivers it
 * and the bell's count and a toast show it without a reload (Server-Sent Events), and the bell
 * lists it with the task's title and customer, saying 已逾期 when the task is already late.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const TITLE = '给宁波港机回电话';
const CUSTOMER = '宁波港机设备有限公司';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `reminders-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('reminders, in the browser', () => {
  it('arrive in the open page as a toast and in the bell, without reloading', async () => {
    // The page holds its live stream open before the reminder is delivered.
    const streamOpen = page.waitForResponse((r) => r.url().includes('/api/v1/notifications/stream') && r.status() === 200);
    await signInFirstTime(page, server, 'Kehu2026Secure');
    await streamOpen;
    const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: CUSTOMER });
    const task = await pageApi<{ remindAt: string }>(page, 'POST', '/tasks', { title: TITLE, type: 'call', customerId: customer.id, dueAt: new Date(Date.now() + 10 * 60_000).toISOString(), reminderMinutes: 15 });
    // Its reminder time (due less 15 minutes) has passed: the job delivers it now.
    expect(task.remindAt < new Date().toISOString()).toBe(true);
    const delivered = await deliverDueReminders(server.deps);
    expect(delivered).toBe(1);

    const toast = page.getByTestId('notification-toast-task.reminder');
    await toast.waitFor();
    expect(await toast.innerText()).toContain(`任务「${TITLE}」（客户：${CUSTOMER}）将于`);
    await expect.poll(async () => (await page.getByTestId('notifications-count').innerText()).trim()).toBe('1');

    await page.getByTestId('notifications-bell').click();
    const entry = page.getByTestId('notifications-panel').getByTestId('notification-task.reminder');
    await entry.waitFor();
    expect(await entry.innerText()).toContain(`任务「${TITLE}」（客户：${CUSTOMER}）将于`);
    const rows = await server.deps.db.execute<{ n: number }>(sql`select count(*)::int n from notifications where kind = 'task.reminder'`);
    expect(rows.rows[0]?.n).toBe(1);
  });

  it('says 已逾期 for a task already past its deadline, and opens the task from the bell', async () => {
    await pageApi(page, 'POST', '/tasks', { title: '补交报价单', type: 'call', dueAt: new Date(Date.now() - 60 * 60_000).toISOString(), reminderMinutes: 0 });
    expect(await deliverDueReminders(server.deps)).toBe(1);
    await page.reload();
    await page.getByTestId('notifications-bell').click();
    const entry = page.getByTestId('notifications-panel').getByTestId('notification-task.reminder').filter({ hasText: '补交报价单' });
    await expect.poll(() => entry.innerText()).toContain('任务「补交报价单」已逾期，截止时间');
    // The panel may still be settling when the first click lands (seen on a loaded CI machine):
    // click the entry until it has taken us to the task.
    await expect
      .poll(async () => {
        if (!/\/tasks\?taskId=/.test(page.url())) await entry.click({ timeout: 2_000 }).catch(() => undefined);
        return page.url();
      })
      .toMatch(/\/tasks\?taskId=/);
    await expect.poll(() => page.getByTestId('task-drawer').innerText()).toContain('补交报价单');
  });
});
