import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilGone, clickUntilShown, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * Campaigns (营销活动), in the browser: the admin plans a trade show with a goal of 200 leads and a
 * budget of ¥150,000, starts it and records two costs (¥86,500 in all, ¥63,500 of the budget
 * left); registers a lead naming the campaign (the channel follows the campaign's) and sees the
 * campaign on the lead's page; on the campaign's page the lead is a member as 已回应, is set to
 * 已参加, and a contact of an existing customer is added through the 添加成员 dialog, which says
 * what came of it (the lead picked again was a member already).
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const CAMPAIGN = '2026 上海工业博览会';
const CUSTOMER = '苏州工业园区恒通精密机械有限公司';
const CONTACT = '周敏';
const LEAD_COMPANY = '上海临港智能制造有限公司';
const LEAD_CONTACT = '陈工';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `campaigns-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (testId: string, value: string) => fillIn(page, testId, value);

/** Types both ends of a date range picker, each confirmed with Enter (the picker puts its test id on both inputs). */
async function typeRange(testId: string, from: string, to: string) {
  const el = page.getByTestId(testId);
  const inputs = (await el.first().evaluate((n) => n.tagName === 'INPUT')) ? el : el.locator('input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await inputs.nth(0).press('Enter');
  await inputs.nth(1).fill(to);
  await inputs.nth(1).press('Enter');
}

/** Records a cost in the costs dialog and waits for the row. */
async function recordCost(item: string, amountYuan: string) {
  await page.getByTestId('campaign-cost-add').click();
  await page.getByTestId('campaign-cost-form-item').waitFor();
  await fill('campaign-cost-form-item', item);
  await fill('campaign-cost-form-amount', amountYuan);
  const saved = page.waitForResponse((r) => r.url().endsWith('/costs') && r.request().method() === 'POST');
  await clickUntilGone(page.getByTestId('campaign-cost-form-submit'));
  expect((await saved).status()).toBe(201);
  await page.getByTestId('campaign-costs-table').getByTestId('campaign-cost-item').getByText(item, { exact: true }).waitFor();
}

describe('campaigns and their members, in the browser', () => {
  let campaignId = '';
  let leadId = '';
  let contactId = '';

  it('signs in as the admin; a customer with a contact exists', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: CUSTOMER });
    contactId = (await pageApi<{ id: string }>(page, 'POST', `/customers/${customer.id}/contacts`, { name: CONTACT, title: '采购经理' })).id;
  });

  it('creates the campaign from the campaign list, reached from the menu', async () => {
    await page.getByTestId('nav-campaigns').click();
    await page.getByTestId('campaigns-table').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('campaigns-create').click();
    await page.getByTestId('campaign-form').waitFor();
    await fill('campaign-form-name', CAMPAIGN);
    await chooseOption(page, 'campaign-form-type', '展会');
    await chooseOption(page, 'campaign-form-goal', '获取线索');
    await fill('campaign-form-goalTarget', '200');
    await typeRange('campaign-form-period', '2026-09-15', '2026-09-19');
    await fill('campaign-form-budget', '150000');
    await snap(page, 'campaigns-01-form');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/campaigns') && r.request().method() === 'POST');
    await page.getByTestId('campaign-form-submit').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { id: string; budgetFen: number; goal: string; goalTarget: number; startsOn: string; endsOn: string; channel: string };
    expect(body).toMatchObject({ budgetFen: 150_000_00, goal: 'leads', goalTarget: 200, startsOn: '2026-09-15', endsOn: '2026-09-19', channel: 'trade_show' });
    campaignId = body.id;

    await page.getByTestId('campaign-detail').waitFor();
    expect(await page.getByTestId('campaign-name').innerText()).toBe(CAMPAIGN);
    expect(await page.getByTestId('campaign-status').innerText()).toBe('计划中');
    expect(await page.getByTestId('campaign-detail-type').innerText()).toBe('展会');
    expect(await page.getByTestId('campaign-detail-goal').innerText()).toBe('获取线索 · 200');
    expect(await page.getByTestId('campaign-detail-period').innerText()).toBe('2026-09-15 ~ 2026-09-19');
    expect(await page.getByTestId('campaign-budget').innerText()).toContain('¥150,000.00');
    // Planned, without costs: it may still be deleted; cancelled or started are the other steps.
    expect(await page.getByTestId('campaign-delete').count()).toBe(1);
    expect(await page.getByTestId('campaign-action-cancel').count()).toBe(1);
  });

  it('starts the campaign and records two costs against its budget', async () => {
    await page.getByTestId('campaign-action-start').click();
    await expect.poll(() => page.getByTestId('campaign-status').innerText()).toBe('进行中');
    await page.getByTestId('campaign-action-complete').waitFor();
    expect(await page.getByTestId('campaign-action-start').count()).toBe(0);
    expect(await page.getByTestId('campaign-delete').count()).toBe(0);

    await page.getByTestId('campaign-costs').getByTestId('empty-state').waitFor();
    await recordCost('展位费', '80000');
    await recordCost('宣传册印刷', '6500');
    await expect.poll(() => page.getByTestId('campaign-costs-total').innerText()).toBe('¥86,500.00');
    expect(await page.getByTestId('campaign-cost').innerText()).toContain('¥86,500.00');
    expect(await page.getByTestId('campaign-remaining').innerText()).toContain('¥63,500.00');
    expect(await page.getByTestId('campaign-costs-table').getByTestId('campaign-cost-amount').allInnerTexts()).toEqual(expect.arrayContaining(['¥80,000.00', '¥6,500.00']));
    await snap(page, 'campaigns-02-costs');

    // The list shows what it cost so far, within the budget.
    await page.getByTestId('nav-campaigns').click();
    const row = page.getByTestId(`campaign-row-${campaignId}`);
    await row.waitFor();
    // The list seen before shows until its refetch lands.
    await expect.poll(() => row.getByTestId('campaign-row-cost').innerText()).toBe('¥86,500.00');
    expect(await row.getByTestId('campaign-row-budget').innerText()).toBe('¥150,000.00');
    expect(await row.getByTestId('campaign-row-status').innerText()).toBe('进行中');
  });

  it('registers a lead naming the campaign and sees the campaign on the lead page', async () => {
    await page.getByTestId('nav-leads').click();
    await page.getByTestId('leads-create').click();
    await page.getByTestId('lead-form').waitFor();
    await chooseOption(page, 'lead-form-campaign', CAMPAIGN, { search: '上海' });
    // The campaign's channel comes with it.
    await expect.poll(() => page.getByTestId('lead-form-channel').innerText()).toContain('展会');
    await fill('lead-form-companyName', LEAD_COMPANY);
    await fill('lead-form-contactName', LEAD_CONTACT);
    await fill('lead-form-phone', '13761002345');
    await snap(page, 'campaigns-03-lead-form');
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/leads') && r.request().method() === 'POST');
    await page.getByTestId('lead-form-submit').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const lead = ((await res.json()) as { lead: { id: string; campaignId: string; channel: string } }).lead;
    expect(lead).toMatchObject({ campaignId, channel: 'trade_show' });
    leadId = lead.id;
    await page.getByTestId('lead-form').waitFor({ state: 'hidden' });

    // The lead list filters by campaign.
    await chooseOption(page, 'leads-filter-campaign', CAMPAIGN, { search: '上海' });
    await expect.poll(() => page.url()).toContain(`campaignId=${campaignId}`);
    const row = page.getByTestId('leads-table').locator('tr', { hasText: LEAD_COMPANY });
    await row.waitFor();
    await clickUntilShown(row.getByRole('link', { name: LEAD_COMPANY }), page.getByTestId('lead-detail'));
    expect(await page.getByTestId('lead-detail-campaign').innerText()).toBe(CAMPAIGN);
    await snap(page, 'campaigns-04-lead-detail');
    await clickUntilShown(page.getByTestId('lead-detail-campaign-link'), page.getByTestId('campaign-detail'));
  });

  it('shows the lead among the members as 已回应 and sets it to 已参加', async () => {
    const row = page.getByTestId(`campaign-member-row-${leadId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain(LEAD_CONTACT);
    expect(await row.innerText()).toContain(LEAD_COMPANY);
    expect(await row.getByTestId('campaign-member-kind').innerText()).toBe('线索');
    const status = `campaign-member-status-${leadId}`;
    expect(await page.getByTestId(status).innerText()).toContain('已回应');
    await expect.poll(() => page.getByTestId('campaign-summary-responded').getAttribute('data-count')).toBe('1');
    // The goal counts the leads that came through the campaign.
    await expect.poll(() => page.getByTestId('campaign-progress').getAttribute('data-reached')).toBe('1');

    const changed = page.waitForResponse((r) => r.url().includes(`/campaigns/${campaignId}/members/`) && r.request().method() === 'PATCH');
    await chooseOption(page, status, '已参加');
    expect((await changed).status()).toBe(200);
    await expect.poll(() => page.getByTestId('campaign-summary-attended').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('campaign-summary-responded').getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId(status).innerText()).toContain('已参加');
  });

  it('adds a contact of an existing customer through the 添加成员 dialog and says what came of it', async () => {
    await page.getByTestId('campaign-add-members').click();
    await page.getByTestId('campaign-add-members-status').waitFor();
    // A multi-select keeps its list open; clicking the title closes it (Escape would close the dialog).
    const closeDropdown = () => page.locator('.ant-modal-title', { hasText: '添加成员' }).click();
    // The lead is picked again: it is a member already and keeps its status.
    await chooseOption(page, 'campaign-add-members-leads', LEAD_COMPANY, { search: '临港' });
    await closeDropdown();
    await chooseOption(page, 'campaign-add-members-customer', CUSTOMER, { search: '恒通' });
    await chooseOption(page, 'campaign-add-members-contacts', CONTACT);
    await closeDropdown();
    await snap(page, 'campaigns-05-add-members');
    const added = page.waitForResponse((r) => r.url().endsWith(`/campaigns/${campaignId}/members`) && r.request().method() === 'POST');
    await page.getByTestId('campaign-add-members-submit').click();
    const res = await added;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ added: 1, alreadyMembers: 1, notVisible: 0 });
    await expect.poll(() => page.getByTestId('campaign-add-members-result').innerText()).toBe('已添加 1 位成员；1 位已是成员');
    await clickUntilGone(page.getByTestId('campaign-add-members-close'));

    const row = page.getByTestId(`campaign-member-row-${contactId}`);
    await row.waitFor();
    expect(await row.innerText()).toContain(CONTACT);
    expect(await row.innerText()).toContain(CUSTOMER);
    expect(await row.getByTestId('campaign-member-kind').innerText()).toBe('联系人');
    expect(await page.getByTestId(`campaign-member-status-${contactId}`).innerText()).toContain('未触达');
    // The lead kept 已参加.
    expect(await page.getByTestId(`campaign-member-status-${leadId}`).innerText()).toContain('已参加');
    await expect.poll(() => page.getByTestId('campaign-members-total').innerText()).toContain('2');

    // Filtering by kind leaves the contact alone.
    await chooseOption(page, 'campaign-members-filter-kind', '联系人');
    await page.getByTestId(`campaign-member-row-${leadId}`).waitFor({ state: 'detached' });
    await row.waitFor();
    await snap(page, 'campaigns-06-members');
  });
});
