import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * The layout at a phone's width (390×844) and on a laptop (1440×900). On the phone: the menu is
 * a drawer opened from the header (no icon rail), lists are cards, the customer page stacks, the
 * follow-up form fills the screen, and no page is wider than the screen. On the laptop: every
 * column of the customer list is in view or reachable by scrolling with the first column staying
 * put, and the board shows 赢单 and 输单 beside the open stages.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1440, height: 900 };
const CUSTOMER = '上海华信精密机械有限公司';
const TASK = '发送方案和报价';
const DEAL = '明德设备联网一期';
let customer: { id: string; number: string };
let dealId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `layout-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The page is no wider than the screen: nothing to scroll sideways but inside its own boxes. */
const pageFitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Whether the element's box lies horizontally within the window. */
const inView = (testIdOrSelector: string) =>
  page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.left >= 0 && box.right <= window.innerWidth;
  }, testIdOrSelector);

describe('layout at phone width and on a laptop, in the browser', () => {
  it('signs in and finds a customer, a task and an opportunity', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    customer = await pageApi<{ id: string; number: string }>(page, 'POST', '/customers', { name: CUSTOMER });
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toISOString();
    await pageApi(page, 'POST', '/tasks', { title: TASK, dueAt: tomorrow, customerId: customer.id });
    dealId = (await pageApi<{ id: string }>(page, 'POST', '/opportunities', { customerId: customer.id, name: DEAL, amountFen: 1_280_000_00 })).id;
  });

  describe('at 390×844', () => {
    beforeAll(async () => {
      await page.setViewportSize(PHONE);
    });

    it('shows the customer list as cards, with the menu in a drawer', async () => {
      await page.goto(`${server.url}/customers`);
      const card = page.getByTestId(`customer-row-${customer.number}`);
      await page.getByTestId('customers-cards').locator(`[data-testid="customer-row-${customer.number}"]`).waitFor();
      expect(await page.getByTestId('customers-table').count()).toBe(0);
      // Name, key fields, and the customer opens from its name.
      const text = await card.innerText();
      expect(text).toContain(CUSTOMER);
      expect(text).toContain(customer.number);
      expect(text).toContain('潜在');
      // No icon rail: the content has the whole width.
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      const cardBox = await card.boundingBox();
      expect(cardBox!.width).toBeGreaterThan(PHONE.width - 60);
      expect(await pageFitsWidth()).toBe(true);
      await snap(page, 'layout-01-phone-customers');

      await page.getByTestId('sider-toggle').click();
      await page.getByTestId('nav-tasks').waitFor();
      await snap(page, 'layout-02-phone-menu');
      expect(await pageFitsWidth()).toBe(true);
    });

    it('opens tasks from the menu drawer, which closes, and shows them as cards', async () => {
      await page.getByTestId('nav-tasks').click();
      await page.getByTestId('nav-tasks').waitFor({ state: 'hidden' });
      await page.getByTestId('tasks-tab-upcoming').click();
      const cards = page.getByTestId('tasks-table-cards');
      await cards.getByText(TASK).waitFor();
      expect(await cards.innerText()).toContain(CUSTOMER);
      expect(await pageFitsWidth()).toBe(true);
      await snap(page, 'layout-03-phone-tasks');
    });

    it('stacks the customer page and opens the follow-up form full-screen', async () => {
      await page.goto(`${server.url}/customers`);
      await page.getByTestId(`customer-link-${customer.number}`).click();
      await page.getByTestId('customer-detail').waitFor();
      expect(await page.getByTestId('customer-detail-name').innerText()).toBe(CUSTOMER);
      await page.getByTestId('customer-overview').waitFor();
      expect(await pageFitsWidth()).toBe(true);
      // The overview's sections sit one under another, each as wide as the screen allows.
      const sections = await page.getByTestId('customer-overview').locator(':scope > .ant-card').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
      expect(sections.length).toBeGreaterThan(1);
      for (const box of sections) expect(box.right).toBeLessThanOrEqual(PHONE.width);
      expect(sections[1]!.top).toBeGreaterThan(sections[0]!.bottom - 1);
      await snap(page, 'layout-04-phone-customer');

      await page.getByTestId('customer-log-follow-up').click();
      const form = page.getByTestId('follow-up-form');
      await form.waitFor();
      const drawerBox = () => form.evaluate((el) => (el.closest('.ant-drawer-content-wrapper') ?? el).getBoundingClientRect().toJSON() as DOMRect);
      // Polled: the drawer slides in from the right, so it reaches x = 0 only when the motion ends.
      await expect.poll(async () => (await drawerBox()).x).toBe(0);
      expect((await drawerBox()).width).toBe(PHONE.width);
      expect(await pageFitsWidth()).toBe(true);
      await snap(page, 'layout-05-phone-follow-up');
      await page.getByTestId('follow-up-form-cancel').click();
      await form.waitFor({ state: 'hidden' });
    });

    it('shows the board one column at a time, scrolling sideways inside the board to 赢单 and 输单', async () => {
      await page.goto(`${server.url}/opportunities`);
      await page.getByTestId(`board-card-${dealId}`).waitFor();
      expect(await pageFitsWidth()).toBe(true);
      await snap(page, 'layout-06-phone-board');
      for (const stage of ['won', 'lost']) {
        await page.getByTestId(`board-column-${stage}`).scrollIntoViewIfNeeded();
        await expect.poll(() => inView(`[data-testid="board-column-${stage}"]`)).toBe(true);
      }
      expect(await pageFitsWidth()).toBe(true);
    });

    it('keeps the header search on the screen, the language switch a globe that still switches', async () => {
      const box = await page.getByTestId('global-search').boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await inView('[data-testid="user-menu"]')).toBe(true);
      // The header fits the screen, its language switch an icon named by its label (no text taking room).
      expect(await page.locator('.kehu-header').evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= window.innerWidth)).toBe(true);
      const language = page.getByTestId('language-switch');
      expect(await inView('[data-testid="language-switch"]')).toBe(true);
      expect((await language.innerText()).trim()).toBe('');
      expect(await language.getAttribute('aria-label')).toBe('Language: 简体中文');
      expect((await language.boundingBox())!.width).toBeLessThanOrEqual(40);
      await language.click();
      await page.getByTestId('language-option-en').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expect.poll(() => language.getAttribute('aria-label')).toBe('Language: English');
      // Back to Chinese for the laptop checks.
      await language.click();
      await page.getByTestId('language-option-zh-CN').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    });
  });

  describe('at 1440×900', () => {
    beforeAll(async () => {
      await page.setViewportSize(LAPTOP);
    });

    it('shows the customer list with 最近跟进 and 创建时间 in view, or a sideways scroll that keeps the first column', async () => {
      await page.goto(`${server.url}/customers`);
      const table = page.getByTestId('customers-table');
      await page.getByTestId(`customer-row-${customer.number}`).waitFor();
      expect(await page.locator('.ant-layout-sider').count()).toBe(1);
      expect(await pageFitsWidth()).toBe(true);
      const header = (title: string) => table.locator('thead th', { hasText: title }).first();
      const firstCell = page.getByTestId(`customer-row-${customer.number}`).locator('td', { hasText: customer.number }).first();
      const firstLeft = (await firstCell.boundingBox())!.x;
      for (const title of ['最近跟进', '创建时间']) {
        await header(title).scrollIntoViewIfNeeded();
        const box = (await header(title).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(LAPTOP.width);
        // Scrolled or not, the customer's number stays where it was.
        expect((await firstCell.boundingBox())!.x).toBe(firstLeft);
        expect(await firstCell.innerText()).toBe(customer.number);
      }
      await snap(page, 'layout-07-laptop-customers');
    });

    it('shows 赢单 and 输单 on the board without scrolling', async () => {
      await page.goto(`${server.url}/opportunities`);
      await page.getByTestId(`board-card-${dealId}`).waitFor();
      for (const stage of ['initial_contact', 'won', 'lost']) expect(await inView(`[data-testid="board-column-${stage}"]`)).toBe(true);
      expect(await pageFitsWidth()).toBe(true);
      await snap(page, 'layout-08-laptop-board');
    });
  });
});
