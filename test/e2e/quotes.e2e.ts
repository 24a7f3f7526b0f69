import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, confirmDialog, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * A quote in the browser: the quote page warns while the company header is not set, the admin
 * sets it, opens a quote of an opportunity from the quotes page, changes a line and the contact of
 * the draft and sees the totals follow, sends it by e-mail to another contact (the mail with the PDF
 * is in the outbox, addressed to the contact, the owner in copy), downloads the PDF, marks the
 * quote accepted and makes the order from it.
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
    await snap(page, `quotes-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('quotes, in the browser', () => {
  let quoteId = '';
  let quoteNumber = '';
  let opportunityId = '';

  it('warns on the quote page while the company printed on quotes is not set, until it is', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    // The owner (the admin) gets a copy of what is mailed: give them an address.
    const me = (await pageApi<{ user: { id: string } }>(page, 'GET', '/auth/me')).user;
    const user = await pageApi<{ version: number }>(page, 'GET', `/users/${me.id}`);
    await pageApi(page, 'PATCH', `/users/${me.id}`, { version: user.version, email: 'sales.admin@suzhou-kehu.example' });

    const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: '昆山精密模具有限公司' });
    const wu = await pageApi<{ id: string }>(page, 'POST', `/customers/${customer.id}/contacts`, { name: '吴敏', title: '采购经理', phones: ['13611114444'], email: 'wumin@kunshan-mould.example' });
    await pageApi(page, 'POST', `/customers/${customer.id}/contacts`, { name: '陈刚', title: '厂长', phones: ['0512-66668888'] });
    const opp = await pageApi<{ id: string }>(page, 'POST', '/opportunities', {
      customerId: customer.id,
      contactId: wu.id,
      name: '传感器年度采购',
      items: [{ name: '工业传感器', unit: '个', quantity: 10, unitPriceFen: 12_345, discountPercent: 0, taxRatePercent: 13 }],
    });
    opportunityId = opp.id;
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const created = await pageApi<{ id: string; number: string }>(page, 'POST', '/quotes', { opportunityId, validUntil, terms: '款到发货' });
    quoteId = created.id;
    quoteNumber = created.number;

    await page.goto(`${server.url}/quotes/${quoteId}`);
    await expect.poll(() => page.getByTestId('quote-letterhead-warning').innerText()).toContain('Kehu');

    await page.getByTestId('nav-company-profile').click();
    await fillIn(page, 'company-name', '苏州客户云科技有限公司');
    await fillIn(page, 'company-phone', '0512-66668888');
    await page.getByTestId('company-save').click();
    await expect.poll(async () => (await pageApi<{ name: string }>(page, 'GET', '/settings/company')).name).toBe('苏州客户云科技有限公司');
  });

  it('finds the quote of an opportunity on the quotes page and opens it', async () => {
    await page.goto(server.url);
    await page.getByTestId('nav-quotes').click();
    await page.getByTestId(`quote-row-${quoteId}`).getByTestId('quote-number').click();
    await page.waitForURL(new RegExp(`/quotes/${quoteId}$`));
    // 10 × 123.45 = 1,234.50, + 13% tax (160.485 → 160.49) = 1,394.99
    await expect.poll(() => page.getByTestId('quote-total').innerText()).toContain('¥1,394.99');
    expect(await page.getByTestId('quote-status').innerText()).toBe('草稿');
    expect(await page.getByTestId('quote-letterhead-warning').count()).toBe(0);
  });

  it('changes a line and the contact of the draft, the totals following', async () => {
    await page.getByTestId('quote-edit').click();
    // The opportunity's contact, taken when the quote was made; another of the customer's is chosen.
    await expect.poll(() => page.getByTestId('quote-form-contact').innerText()).toContain('吴敏');
    await chooseOption(page, 'quote-form-contact', '陈刚');
    await fillIn(page, 'quote-line-quantity-0', '20');
    // 20 × 123.45 = 2,469.00 + 13% (320.97) = 2,789.97, previewed while typing and saved by the server.
    await expect.poll(() => page.getByTestId('quote-form-total').innerText()).toContain('¥2,789.97');
    // A second line picked from the catalogue: its name, price and tax rate fill in.
    await pageApi(page, 'POST', '/products', { sku: 'PUMP-CF80', name: '离心泵 CF80', unit: '台', listPriceFen: 100_000, taxRatePercent: 13 });
    await page.getByTestId('quote-line-add').click();
    await chooseOption(page, 'quote-line-product-1', 'PUMP-CF80', { search: 'CF80' });
    await expect.poll(() => page.getByTestId('quote-line-name-1').inputValue()).toBe('离心泵 CF80');
    // + 1 × 1,000.00 + 13% = 1,130.00
    await expect.poll(() => page.getByTestId('quote-form-total').innerText()).toContain('¥3,919.97');
    await snap(page, 'quote-draft-form');
    await page.getByTestId('quote-form-submit').click();
    await expect.poll(() => page.getByTestId('quote-total').innerText()).toContain('¥3,919.97');
    expect(await page.getByTestId('quote-contact').innerText()).toBe('陈刚');
  });

  it('sends it by e-mail to a contact: the mail with the PDF is in the outbox', async () => {
    await page.getByTestId('quote-send').click();
    const modal = page.getByTestId('quote-send-modal');
    await modal.waitFor();
    // The quote's contact by default: one without an address is said at once, and the mail cannot go.
    await expect.poll(() => page.getByTestId('quote-send-no-email').innerText()).toContain('联系人“陈刚”没有邮箱地址');
    expect(await page.getByTestId('quote-send-ok').isDisabled()).toBe(true);
    // Another contact, the owner in copy, the draft's subject.
    await chooseOption(page, 'quote-send-contact', '吴敏');
    await expect.poll(() => page.getByTestId('quote-send-to').innerText()).toContain('吴敏 <wumin@kunshan-mould.example>');
    await expect.poll(() => modal.locator('.ant-checkbox-wrapper', { has: page.getByTestId('quote-send-cc') }).innerText()).toContain('抄送给负责人（sales.admin@suzhou-kehu.example）');
    expect(await page.getByTestId('quote-send-cc').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('quote-send-subject').inputValue()).toBe(`报价单 ${quoteNumber}：传感器年度采购（苏州客户云科技有限公司）`);
    await expect.poll(() => page.getByTestId('quote-send-message').inputValue()).toContain('吴敏，您好：');
    await fillIn(page, 'quote-send-message', '吴经理，您好：\n附件是传感器年度采购的报价单，请查收。');
    await snap(page, 'quote-send-dialog');
    await page.getByTestId('quote-send-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('quote-status').innerText()).toBe('已发送');
    const files = await pageApi<{ items: { fileName: string; contentType: string }[] }>(page, 'GET', `/attachments/opportunity/${opportunityId}`);
    expect(files.items).toEqual([expect.objectContaining({ contentType: 'application/pdf', fileName: `报价单-${quoteNumber}.pdf` })]);

    // The outbox: addressed to the contact, the owner in copy, the PDF attached (no SMTP here: kept unsent).
    await page.goto(`${server.url}/admin/outbox`);
    const row = page.getByTestId('outbox-table').locator('tr', { hasText: `报价单 ${quoteNumber}` });
    await expect.poll(() => row.innerText()).toContain('wumin@kunshan-mould.example');
    await row.getByTestId('outbox-open').click();
    await expect.poll(() => page.getByTestId('outbox-mail-to').innerText()).toBe('wumin@kunshan-mould.example');
    expect(await page.getByTestId('outbox-mail-cc').innerText()).toBe('sales.admin@suzhou-kehu.example');
    expect(await page.getByTestId('outbox-mail-attachments').innerText()).toContain(`报价单-${quoteNumber}.pdf`);
    expect(await page.getByTestId('outbox-mail-text').innerText()).toContain('附件是传感器年度采购的报价单，请查收。');
    await snap(page, 'quote-mail-outbox');

    await page.goto(`${server.url}/quotes/${quoteId}`);
    // The contact it went to is the quote's contact now.
    await expect.poll(() => page.getByTestId('quote-contact').innerText()).toBe('吴敏');
    const href = await page.getByTestId('quote-pdf').getAttribute('href');
    expect(href).toBe(`/api/v1/quotes/${quoteId}/pdf`);
    const pdf = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
    }, href ?? '');
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });
  });

  it('marks it accepted and makes the order from it, then links to that order', async () => {
    await page.getByTestId('quote-accept').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('quote-status').innerText()).toBe('已接受');
    expect(await page.getByTestId('quote-send').count()).toBe(0);
    await snap(page, 'quote-accepted');

    await page.getByTestId('quote-create-order').click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
    const orderId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    const order = await pageApi<{ number: string; quoteId: string; totalFen: number }>(page, 'GET', `/orders/${orderId}`);
    expect(order).toMatchObject({ quoteId, totalFen: 391_997 });

    // Back on the quote: the order instead of the button.
    await page.goto(`${server.url}/quotes/${quoteId}`);
    await expect.poll(() => page.getByTestId('quote-order').innerText()).toContain(order.number);
    expect(await page.getByTestId('quote-create-order').count()).toBe(0);
    await page.getByTestId('quote-order').click();
    await page.waitForURL(new RegExp(`/orders/${orderId}$`));
  });
});
