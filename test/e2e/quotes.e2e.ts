import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { confirmDialog, chooseOption, fillIn, launchBrowser, newPage, signInFirstTime, snap, startServer, type E2EServer } from './server.ts';

/**
 * A quote in the browser: the admin sets the company header, opens a quote of an opportunity
 * from the quotes page, changes a line of the draft and sees the totals follow, sends it (the PDF
 * is filed with the opportunity), downloads the PDF and marks the quote accepted.
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

/** An API call from the signed-in browser session (cookie plus CSRF token). */
async function apiCall<T>(method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
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

describe('quotes, in the browser', () => {
  let quoteId = '';
  let opportunityId = '';

  it('sets the company printed on quotes', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    await page.getByTestId('nav-company-profile').click();
    await fillIn(page, 'company-name', '苏州客户云科技有限公司');
    await fillIn(page, 'company-phone', '0512-66668888');
    await page.getByTestId('company-save').click();
    await expect.poll(async () => (await apiCall<{ name: string }>('GET', '/settings/company')).name).toBe('苏州客户云科技有限公司');
  });

  it('finds the quote of an opportunity on the quotes page and opens it', async () => {
    const customer = await apiCall<{ id: string }>('POST', '/customers', { name: '昆山精密模具有限公司' });
    const opp = await apiCall<{ id: string }>('POST', '/opportunities', {
      customerId: customer.id,
      name: '传感器年度采购',
      items: [{ name: '工业传感器', unit: '个', quantity: 10, unitPriceFen: 12_345, discountPercent: 0, taxRatePercent: 13 }],
    });
    opportunityId = opp.id;
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    quoteId = (await apiCall<{ id: string }>('POST', '/quotes', { opportunityId, validUntil, terms: '款到发货' })).id;

    await page.goto(server.url);
    await page.getByTestId('nav-quotes').click();
    await page.getByTestId(`quote-row-${quoteId}`).getByTestId('quote-number').click();
    await page.waitForURL(new RegExp(`/quotes/${quoteId}$`));
    // 10 × 123.45 = 1,234.50, + 13% tax (160.485 → 160.49) = 1,394.99
    await expect.poll(() => page.getByTestId('quote-total').innerText()).toContain('¥1,394.99');
    expect(await page.getByTestId('quote-status').innerText()).toBe('草稿');
  });

  it('changes a line of the draft, the totals following', async () => {
    await page.getByTestId('quote-edit').click();
    await fillIn(page, 'quote-line-quantity-0', '20');
    // 20 × 123.45 = 2,469.00 + 13% (320.97) = 2,789.97, previewed while typing and saved by the server.
    await expect.poll(() => page.getByTestId('quote-form-total').innerText()).toContain('¥2,789.97');
    // A second line picked from the catalogue: its name, price and tax rate fill in.
    await apiCall('POST', '/products', { sku: 'PUMP-CF80', name: '离心泵 CF80', unit: '台', listPriceFen: 100_000, taxRatePercent: 13 });
    await page.getByTestId('quote-line-add').click();
    await chooseOption(page, 'quote-line-product-1', 'PUMP-CF80', { search: 'CF80' });
    await expect.poll(() => page.getByTestId('quote-line-name-1').inputValue()).toBe('离心泵 CF80');
    // + 1 × 1,000.00 + 13% = 1,130.00
    await expect.poll(() => page.getByTestId('quote-form-total').innerText()).toContain('¥3,919.97');
    await snap(page, 'quote-draft-form');
    await page.getByTestId('quote-form-submit').click();
    await expect.poll(() => page.getByTestId('quote-total').innerText()).toContain('¥3,919.97');
  });

  it('sends it, files the PDF with the opportunity, and marks it accepted', async () => {
    await page.getByTestId('quote-send').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('quote-status').innerText()).toBe('已发送');
    const files = await apiCall<{ items: { fileName: string; contentType: string }[] }>('GET', `/attachments/opportunity/${opportunityId}`);
    expect(files.items).toEqual([expect.objectContaining({ contentType: 'application/pdf', fileName: expect.stringMatching(/^报价单-BJ\d{7}\.pdf$/) })]);

    const href = await page.getByTestId('quote-pdf').getAttribute('href');
    expect(href).toBe(`/api/v1/quotes/${quoteId}/pdf`);
    const pdf = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
    }, href ?? '');
    expect(pdf).toEqual({ type: 'application/pdf', head: '%PDF-' });

    await page.getByTestId('quote-accept').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('quote-status').innerText()).toBe('已接受');
    expect(await page.getByTestId('quote-send').count()).toBe(0);
    await snap(page, 'quote-accepted');
  });
});
