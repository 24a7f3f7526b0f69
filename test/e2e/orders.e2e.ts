import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, confirmDialog, type E2EServer, fillIn, inputOf, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * A salesperson's order, in the browser: on their customer's page they create an order of a
 * catalogue product and a free line (the total previewed as they type), confirm it, record a
 * payment covering the total, see it paid, and find the customer now shown as 成交 with its
 * lifetime value.
 */
let server: E2EServer;
let browser: Browser;
let admin: Page;
let page: Page;

const SALES = { username: 'zhoujie', displayName: '周杰', initial: 'Welcome2026a', next: 'Ningbo2026b' };
const CUSTOMER = '宁波镇海精工机械有限公司';
const PRODUCT = { sku: 'KH-VALVE-50', name: '不锈钢球阀 DN50', listPriceFen: 123_456, taxRatePercent: 13 };
// 2 × 1,234.56 + 13% tax = 2,790.11; 800.00 + 6% = 848.00.
const CREATED_TOTAL = '¥3,638.11';
/** After the installation line's price is changed from 800 to 900 (+ 6%: 954.00). */
const TOTAL = '¥3,744.11';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `orders-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('an order, from creation to payment, in the browser', () => {
  let customerId = '';

  it('sets up a salesperson, their customer and a product (as the admin, through the API)', async () => {
    await signInFirstTime(admin, server, 'Kehu2026Secure');
    const department = await pageApi<{ id: string }>(admin, 'POST', '/departments', { name: '华东销售三部' });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(admin, 'GET', '/roles');
    const sales = roles.items.find((r) => r.key === 'sales');
    if (!sales) throw new Error('no built-in sales role');
    const user = await pageApi<{ id: string }>(admin, 'POST', '/users', { username: SALES.username, displayName: SALES.displayName, password: SALES.initial, roleId: sales.id, departmentId: department.id });
    customerId = (await pageApi<{ id: string }>(admin, 'POST', '/customers', { name: CUSTOMER, ownerId: user.id })).id;
    await pageApi(admin, 'POST', '/products', { ...PRODUCT, unit: '个' });
  });

  it('creates an order on the customer’s page, the total previewed as the lines are typed', async () => {
    await page.goto(server.url);
    await page.waitForURL(/\/login/);
    await fillIn(page, 'login-username', SALES.username);
    await fillIn(page, 'login-password', SALES.initial);
    await page.getByTestId('login-submit').click();
    await fillIn(page, 'change-password-current', SALES.initial);
    await fillIn(page, 'change-password-new', SALES.next);
    await fillIn(page, 'change-password-confirm', SALES.next);
    await page.getByTestId('change-password-submit').click();
    await page.getByTestId('home-greeting').waitFor();
    expect(await page.getByTestId('nav-orders').innerText()).toContain('订单');

    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('customer-detail').waitFor();
    expect(await page.getByTestId('customer-stage').innerText()).toBe('潜在');
    await page.getByTestId('customer-tab-orders').click();
    await page.getByTestId('orders-tab').waitFor();
    await page.getByTestId('customer-order-create').click();
    await page.getByTestId('order-form').waitFor();

    await chooseOption(page, 'order-line-0-product', PRODUCT.sku, { search: 'VALVE' });
    await expect.poll(async () => (await page.getByTestId('order-line-0-name').inputValue())).toBe(PRODUCT.name);
    await fillIn(page, 'order-line-0-quantity', '2');
    await expect.poll(() => page.getByTestId('order-line-0-total').innerText()).toBe('¥2,790.11');
    await page.getByTestId('order-form-add-line').click();
    await fillIn(page, 'order-line-1-name', '安装服务');
    await fillIn(page, 'order-line-1-unitPrice', '800');
    await fillIn(page, 'order-line-1-tax', '6');
    await expect.poll(() => page.getByTestId('order-form-total').innerText()).toBe(CREATED_TOTAL);
    await fillIn(page, 'order-form-address', '浙江省宁波市镇海区骆驼街道 18 号');
    await fillIn(page, 'order-form-receiver', '孙工');
    await snap(page, 'orders-01-form');

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
    await page.getByTestId('order-form-submit').click();
    expect((await saved).status()).toBe(201);
    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    await page.getByTestId('order-detail').waitFor();
    expect(await page.getByTestId('order-total').innerText()).toBe(CREATED_TOTAL);
    expect(await page.getByTestId('order-status').first().innerText()).toBe('新建');
  });

  it('edits the lines while the order is new, the server pricing them again', async () => {
    await page.getByTestId('order-edit').click();
    await page.getByTestId('order-form').waitFor();
    await expect.poll(() => page.getByTestId('order-line-1-name').inputValue()).toBe('安装服务');
    expect(await page.getByTestId('order-line-0-product').innerText()).toContain(PRODUCT.sku);
    await fillIn(page, 'order-line-1-unitPrice', '900');
    await expect.poll(() => page.getByTestId('order-form-total').innerText()).toBe(TOTAL);
    const saved = page.waitForResponse((r) => /\/api\/v1\/orders\/[0-9a-f-]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await page.getByTestId('order-form-submit').click();
    expect((await saved).status()).toBe(200);
    await page.getByTestId('order-form').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('order-total').innerText()).toBe(TOTAL);
  });

  it('confirms the order and records a payment covering the total: the order is paid', async () => {
    await page.getByTestId('order-confirm').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('已确认');
    await expect.poll(() => page.getByTestId('order-steps').getAttribute('data-status')).toBe('confirmed');

    await page.getByTestId('order-pay').click();
    await page.getByTestId('order-payment-amount').waitFor();
    // The outstanding amount is offered; a wrong amount is refused before anything is sent.
    expect(await (await inputOf(page, 'order-payment-amount')).inputValue()).toBe('3744.11');
    await fillIn(page, 'order-payment-amount', '3744.111');
    await page.getByTestId('order-action-ok').click();
    await page.locator('.ant-modal .ant-form-item-explain-error', { hasText: '最多两位小数' }).waitFor();
    await fillIn(page, 'order-payment-amount', '3744.11');
    await fillIn(page, 'order-payment-reference', 'HD20260302001');
    const paid = page.waitForResponse((r) => /\/api\/v1\/orders\/[0-9a-f-]+\/payments$/.test(r.url()));
    await page.getByTestId('order-action-ok').click();
    expect((await paid).status()).toBe(201);
    await page.getByTestId('order-payment-amount').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('order-status').first().innerText()).toBe('已付款');
    await expect.poll(() => page.getByTestId('order-steps').getAttribute('data-status')).toBe('paid');
    expect(await page.getByTestId('order-outstanding').innerText()).toBe('¥0.00');
    expect(await page.getByTestId('order-payments').innerText()).toContain('HD20260302001');
    await page.getByTestId('order-ship').waitFor();
    await snap(page, 'orders-02-paid');
  });

  it('shows the customer as 成交, with its lifetime value', async () => {
    await page.getByTestId('order-customer').click();
    await page.getByTestId('customer-detail').waitFor();
    await expect.poll(() => page.getByTestId('customer-stage').innerText()).toBe('成交');
    expect(await page.getByTestId('customer-detail-lifetime').innerText()).toContain(TOTAL);
    await page.getByTestId('customer-tab-timeline').click();
    await page.getByTestId('timeline-entry').and(page.locator('[data-kind="customer.stage_changed"]')).waitFor();
    await page.getByTestId('timeline-entry').and(page.locator('[data-kind="order.payment_recorded"]')).waitFor();
    await snap(page, 'orders-03-customer');
  });

  it('finds the order on the orders page, filters it out by status and clears the filter', async () => {
    await page.getByTestId('nav-orders').click();
    const rows = page.getByTestId('orders-table').locator('tbody tr[data-testid^="order-row-"]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getByTestId('order-total').innerText()).toBe(TOTAL);

    await chooseOption(page, 'orders-filter-status', '新建');
    await page.waitForURL(/[?&]status=created\b/);
    await page.getByTestId('orders-table').getByText('没有符合条件的订单').waitFor();
    await page.getByTestId('orders-filter-reset').click();
    await page.waitForURL((u) => u.pathname === '/orders' && u.search === '');
    await rows.first().waitFor();
    expect(await page.getByTestId('orders-filter-reset').count()).toBe(0);
  });
});
