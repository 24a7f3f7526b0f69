import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * The header's global search, in the browser: typing a number fragment, a contact's phone digits
 * or a name shows the matches grouped by kind; Enter opens the first, "查看全部" the kind's list,
 * and Ctrl+K or "/" puts the cursor in the box from anywhere.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;
let customer: { id: string; number: string };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `search-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const box = () => page.getByTestId('global-search');

async function typeSearch(text: string) {
  await box().fill('');
  await box().fill(text);
}

describe('global search, in the browser', () => {
  it('signs in as the admin and sets up customers, a contact and an opportunity', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    for (let i = 1; i <= 5; i++) await pageApi(page, 'POST', '/customers', { name: `常州第${i}精密制造有限公司`, industryCode: 'MANU' });
    customer = await pageApi(page, 'POST', '/customers', { name: '北京明德设备有限公司', industryCode: 'MANU' });
    expect(customer.number).toMatch(/-MANU-006$/);
    await pageApi(page, 'POST', `/customers/${customer.id}/contacts`, { name: '张伟', title: '采购经理', phones: ['136 1111 4444'] });
    await pageApi(page, 'POST', '/opportunities', { customerId: customer.id, name: '明德设备联网一期', amountFen: 5_000_000 });
  });

  it('finds a customer by a fragment of its number and opens it with Enter', async () => {
    await typeSearch('MANU-006');
    await expect.poll(() => page.getByTestId('search-hit-customer').count()).toBe(1);
    await expect.poll(() => page.getByTestId('search-hit-customer').innerText()).toContain('北京明德设备有限公司');
    await snap(page, 'search-number');
    await box().press('Enter');
    await page.waitForURL(`**/customers/${customer.id}`);
    await expect.poll(() => box().inputValue()).toBe('');
  });

  it('finds the contact by phone digits and opens the customer’s contacts tab', async () => {
    // Typed again when a click did not take: on a loaded machine the list may still be sliding
    // open, and the click lands beside the hit.
    for (let attempt = 0; ; attempt++) {
      await typeSearch('1111 4444');
      await page.getByTestId('search-group-contact').waitFor();
      await page.getByTestId('search-hit-contact').click();
      try {
        await page.waitForURL(`**/customers/${customer.id}?tab=contacts`, { timeout: attempt < 2 ? 5000 : 15000 });
        break;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  });

  it('groups a name’s matches by kind, and says when nothing matches', async () => {
    await typeSearch('明德');
    await page.getByTestId('search-group-customer').waitFor();
    await page.getByTestId('search-group-opportunity').waitFor();
    await expect.poll(() => page.getByTestId('search-hit-opportunity').innerText()).toContain('明德设备联网一期');
    await snap(page, 'search-groups');
    await typeSearch('没有这个客户');
    await expect.poll(() => page.getByTestId('search-empty').innerText()).toContain('没有找到');
    await box().press('Escape');
  });

  it('shows all of a kind’s matches in its list', async () => {
    // Six customers match, five are shown.
    await typeSearch('有限公司');
    await expect.poll(() => page.getByTestId('search-hit-customer').count()).toBe(5);
    await page.getByTestId('search-more-customer').click();
    await page.waitForURL(/\/customers\?q=/);
    expect(new URL(page.url()).searchParams.get('q')).toBe('有限公司');
  });

  it('is reached with Ctrl+K and with "/" from any page', async () => {
    await page.goto(`${server.url}/tasks`);
    await page.getByTestId('global-search').waitFor();
    await page.locator('body').click();
    await page.keyboard.press('Control+k');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('global-search');
    await box().blur();
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('global-search');
    // The "/" opened the search instead of being typed into it.
    expect(await box().inputValue()).toBe('');
  });
});
