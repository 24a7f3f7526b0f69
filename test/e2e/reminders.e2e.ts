import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { deliverDueReminders } from '../../src/server/modules/tasks/tasks.jobs.ts';
import { launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * A task's reminder reaches the browser live: with the page open, the reminder job delivers it
 * and the bell's count and a toast show it without a reload (Server-Sent Events), and the bell
 * lists it with the task's title.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const TITLE = '给宁波港机回电话';

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
    const res = await page.evaluate(async (title) => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const due = new Date(Date.now() + 10 * 60_000).toISOString();
      const r = await fetch('/api/v1/tasks', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ title, type: 'call', dueAt: due, reminderMinutes: 15 }),
      });
      return { status: r.status, body: await r.json() };
    }, TITLE);
    expect(res.status).toBe(201);
    // Its reminder time (due less 15 minutes) has passed: the job delivers it now.
    expect(res.body.remindAt < new Date().toISOString()).toBe(true);
    const delivered = await deliverDueReminders(server.deps);
    expect(delivered).toBe(1);

    const toast = page.getByTestId('notification-toast-task.reminder');
    await toast.waitFor();
    expect(await toast.innerText()).toContain(TITLE);
    await expect.poll(async () => (await page.getByTestId('notifications-count').innerText()).trim()).toBe('1');

    await page.getByTestId('notifications-bell').click();
    const entry = page.getByTestId('notifications-panel').getByTestId('notification-task.reminder');
    await entry.waitFor();
    expect(await entry.innerText()).toContain(TITLE);
    const rows = await server.deps.db.execute<{ n: number }>(sql`select count(*)::int n from notifications where kind = 'task.reminder'`);
    expect(rows.rows[0]?.n).toBe(1);
  });
});
