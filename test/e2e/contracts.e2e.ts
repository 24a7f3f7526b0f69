import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilGone, type E2EServer, fillIn, inputOf, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * A contract and its money, in the browser: on a customer's 合同 tab a contract of ¥100,000.00 is
 * created, given a plan of two installments, signed, and paid ¥40,000.50; the contract and the
 * customer's tab then show ¥40,000.50 received and ¥59,999.50 outstanding.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const CUSTOMER = '常州天宁精工机械有限公司';
const TITLE = '数控设备年度维保合同';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `contracts-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** YYYY-MM-DD of today plus n days, in the browser's (and the server's) calendar. */
function dayPlus(n: number): string {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function typeDate(testId: string, value: string) {
  const input = await inputOf(page, testId);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

describe('contracts and payments, in the browser', () => {
  let customerId = '';

  it('creates a contract from the customer page', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    customerId = (await pageApi<{ id: string }>(page, 'POST', '/customers', { name: CUSTOMER })).id;
    await pageApi(page, 'POST', '/opportunities', { customerId, name: TITLE, amountFen: 100_000_00 });
    await page.goto(`${server.url}/customers/${customerId}?tab=contracts`);
    await page.getByTestId('contracts-tab').waitFor();
    await page.getByTestId('contract-create').click();
    await page.getByTestId('contract-form').waitFor();
    // The contract is for a won deal: picking it fills the title and the amount.
    await chooseOption(page, 'contract-form-opportunity', TITLE);
    await expect.poll(() => page.getByTestId('contract-form-title').inputValue()).toBe(TITLE);
    await expect.poll(async () => (await inputOf(page, 'contract-form-amount')).inputValue()).toBe('100000.00');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/contracts') && r.request().method() === 'POST');
    await page.getByTestId('contract-form-submit').click();
    const res = await created;
    expect(res.status()).toBe(201);
    expect(((await res.json()) as { amountFen: number }).amountFen).toBe(100_000_00);
    await page.getByTestId('contract-detail').waitFor();
    expect(await page.getByTestId('contract-number').innerText()).toMatch(/^HT\d{7}$/);
    expect(await page.getByTestId('contract-opportunity').innerText()).toBe(TITLE);
  });

  it('adds a plan of two installments', async () => {
    await page.getByTestId('contract-plan-edit').click();
    await page.getByTestId('contract-plan-add').click();
    await page.getByTestId('contract-plan-add').click();
    await typeDate('plan-dueOn-0', dayPlus(10));
    await fillIn(page, 'plan-amount-0', '40000.5');
    await typeDate('plan-dueOn-1', dayPlus(60));
    await fillIn(page, 'plan-amount-1', '59999.5');
    await expect.poll(() => page.getByTestId('contract-plan-sum').innerText()).toContain('¥100,000.00 / 合同金额 ¥100,000.00');
    await snap(page, 'contracts-01-plan');
    const saved = page.waitForResponse((r) => r.url().endsWith('/installments') && r.request().method() === 'PUT');
    await page.getByTestId('contract-plan-save').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('installment-row-1').waitFor();
  });

  it('signs the contract and records a payment', async () => {
    await page.getByTestId('contract-activate').click();
    await clickUntilGone(page.getByTestId('contract-status-submit'));
    await page.getByTestId('contract-record-payment').waitFor();
    expect(await page.getByTestId('contract-status').innerText()).toBe('生效');

    await page.getByTestId('contract-record-payment').click();
    await page.getByTestId('payment-amount').waitFor();
    await fillIn(page, 'payment-amount', '40000.50');
    await fillIn(page, 'payment-reference', 'ICBC-20260305-001');
    const paid = page.waitForResponse((r) => r.url().endsWith('/payments') && r.request().method() === 'POST');
    await page.getByTestId('payment-submit').click();
    expect((await paid).status()).toBe(201);
    await expect.poll(() => page.getByTestId('contract-received').innerText()).toContain('¥40,000.50');
    expect(await page.getByTestId('contract-outstanding').innerText()).toContain('¥59,999.50');
    expect(await page.getByTestId('installment-row-0').getByTestId('installment-outstanding').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('installment-row-1').getByTestId('installment-received').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('contract-payments').innerText()).toContain('ICBC-20260305-001');
    await snap(page, 'contracts-02-paid');
  });

  it('shows received and outstanding on the customer tab', async () => {
    await page.goto(`${server.url}/customers/${customerId}?tab=contracts`);
    await page.getByTestId('contracts-tab').waitFor();
    const row = page.getByTestId('contracts-table').locator('tr', { hasText: TITLE });
    await row.waitFor();
    expect(await row.getByTestId('contract-row-received').innerText()).toBe('¥40,000.50');
    expect(await row.getByTestId('contract-row-outstanding').innerText()).toBe('¥59,999.50');
    const totals = page.getByTestId('contracts-totals');
    await expect.poll(() => totals.innerText()).toContain('¥59,999.50');
    expect(await totals.innerText()).toContain('¥40,000.50');
    await snap(page, 'contracts-03-customer-tab');
  });
});
