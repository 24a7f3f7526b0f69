import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilShown, type E2EServer, launchBrowser, newPage, pageApi, signInFirstTime, snap, startServer } from './server.ts';

/**
 * The campaign report (活动报告) and the comparison (活动效果对比), in the browser. Through the API
 * the admin plans a trade show with a goal of 10 leads, a budget of ¥100,000 and a cost of
 * ¥50,000; registers a lead from it (their own), converts it, opens an opportunity of ¥180,000
 * for the new customer (which inherits the campaign) and wins it. The campaign's page then shows
 * one lead, ¥180,000 won and a first-touch ROI of (180,000 − 50,000) ÷ 50,000 = 260 %; the
 * comparison lists the campaign with the same figures, filters by type and exports the sheet;
 * the customer's and the opportunity's pages name the campaign as 来源活动, linking to it.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;

const CAMPAIGN = '2026 苏州智能制造展';
const COMPANY = '昆山精工模具有限公司';
const COST_FEN = 50_000_00;
const DEAL_FEN = 180_000_00;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `campaign-report-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = (testId: string) => page.getByTestId(testId).innerText();
/** The figure of a key-figure card, without its title. */
const figure = (testId: string) => page.getByTestId(testId).locator('.ant-statistic-content').innerText();

describe('the campaign report and the comparison, in the browser', () => {
  let campaignId = '';
  let customerId = '';
  let opportunityId = '';
  let plainId = '';

  it('signs in as the admin; a campaign brings a lead that becomes a customer with a won deal', async () => {
    await signInFirstTime(page, server, 'Kehu2026Secure');
    const me = (await pageApi<{ user: { id: string } }>(page, 'GET', '/auth/me')).user;
    const campaign = await pageApi<{ id: string }>(page, 'POST', '/campaigns', { name: CAMPAIGN, type: 'trade_show', goal: 'leads', goalTarget: 10, budgetFen: 100_000_00 });
    campaignId = campaign.id;
    await pageApi(page, 'POST', `/campaigns/${campaignId}/costs`, { spentOn: '2026-11-02', item: '展位费', amountFen: COST_FEN });

    const { lead } = await pageApi<{ lead: { id: string; version: number } }>(page, 'POST', '/leads', {
      channel: 'trade_show',
      contactName: '吴经理',
      companyName: COMPANY,
      phone: '13912345601',
      campaignId,
      ownerId: me.id,
    });
    customerId = (await pageApi<{ customerId: string }>(page, 'POST', `/leads/${lead.id}/convert`, { version: lead.version })).customerId;

    const deal = await pageApi<{ id: string; version: number; campaignId: string | null }>(page, 'POST', '/opportunities', { customerId, name: '模具车间 MES 一期', amountFen: DEAL_FEN });
    expect(deal.campaignId).toBe(campaignId);
    opportunityId = deal.id;
    const stages = (await pageApi<{ items: { id: string; key: string }[] }>(page, 'GET', '/pipeline-stages')).items;
    const won = stages.find((s) => s.key === 'won');
    expect(won).toBeDefined();
    await pageApi(page, 'POST', `/opportunities/${deal.id}/stage`, { version: deal.version, stageId: won?.id, reason: '方案契合，价格可接受' });
    // A second deal of the customer, explicitly without a campaign, for the form below.
    plainId = (await pageApi<{ id: string }>(page, 'POST', '/opportunities', { customerId, name: '模具备件年度框架', amountFen: 1_000_00, campaignId: null })).id;
  });

  it('shows the report on the campaign page: one lead, the revenue won and the ROI', async () => {
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    const report = page.getByTestId('campaign-report');
    await report.waitFor();
    await expect.poll(() => figure('report-leads')).toBe('1');
    expect(await figure('report-members')).toBe('1');
    expect(await figure('report-customers')).toBe('1');
    expect(await figure('report-opportunities')).toBe('1');
    expect(await figure('report-revenue-first')).toBe('¥180,000.00');
    expect(await figure('report-cost')).toBe('¥50,000.00');
    expect(await report.innerText()).toContain('¥100,000.00');
    expect(await figure('report-cost-per-lead')).toBe('¥50,000.00');
    expect(await figure('report-cost-per-customer')).toBe('¥50,000.00');
    // (180,000 − 50,000) ÷ 50,000 = 2.6
    const roiFirst = Math.round(((DEAL_FEN - COST_FEN) / COST_FEN) * 100);
    expect(roiFirst).toBe(260);
    expect(await figure('report-roi-first')).toBe(`${roiFirst}%`);
    // Last touch: whatever the server counts, as a percentage of the same cost.
    const { metrics } = await pageApi<{ metrics: { lastTouchRevenueFen: number } }>(page, 'GET', `/campaigns/${campaignId}/report`);
    expect(await figure('report-roi-last')).toBe(`${Math.round(((metrics.lastTouchRevenueFen - COST_FEN) / COST_FEN) * 100)}%`);
    // The goal: 1 of 10 leads.
    expect(await page.getByTestId('campaign-progress').getAttribute('data-reached')).toBe('1');
    expect(await page.getByTestId('campaign-progress').getAttribute('data-percent')).toBe('10');
    // The chart's figures as a table too.
    await page.getByTestId('report-chart').waitFor();
    expect(await page.getByTestId('report-step-leads').getByTestId('report-step-value').innerText()).toBe('1');
    expect(await page.getByTestId('report-step-wonDeals').getByTestId('report-step-value').innerText()).toBe('1');
    await snap(page, 'campaign-report-01-report');
  });

  it('lists the campaign on the comparison page, reached from the campaign list, filters and exports it', async () => {
    await page.getByTestId('nav-campaigns').click();
    await clickUntilShown(page.getByTestId('campaigns-compare'), page.getByTestId('campaign-compare'));
    const row = page.getByTestId(`compare-row-${campaignId}`);
    await row.waitFor();
    expect(await row.getByTestId('compare-campaign-link').innerText()).toBe(CAMPAIGN);
    expect(await row.getByTestId('compare-leads').innerText()).toBe('1');
    expect(await row.getByTestId('compare-wonRevenueFen').innerText()).toBe('¥180,000.00');
    expect(await row.getByTestId('compare-costFen').innerText()).toBe('¥50,000.00');
    expect(await row.getByTestId('compare-roiFirstTouch').innerText()).toBe('260%');
    const total = page.getByTestId('compare-table').getByTestId('compare-total');
    expect(await total.getByTestId('compare-wonRevenueFen').innerText()).toBe('¥180,000.00');
    await page.getByTestId('compare-chart').waitFor();
    expect(await page.getByTestId('compare-truncated').count()).toBe(0);

    // Per channel: the trade shows.
    await page.getByTestId('compare-tab-channels').click();
    const channel = page.getByTestId('compare-channel-trade_show');
    await channel.waitFor();
    expect(await channel.getByTestId('compare-channel-name').innerText()).toBe('展会');
    expect(await channel.getByTestId('compare-leads').innerText()).toBe('1');
    await snap(page, 'campaign-report-02-compare');

    // The filters go into the URL and the query.
    await chooseOption(page, 'compare-filter-type', '线上研讨会');
    await expect.poll(() => page.url()).toContain('type=webinar');
    await page.getByTestId('campaign-compare').getByTestId('empty-state').waitFor();
    await chooseOption(page, 'compare-filter-type', '展会');
    await expect.poll(() => page.url()).toContain('type=trade_show');
    await page.getByTestId('compare-tab-campaigns').click();
    await row.waitFor();

    // 导出 Excel: the same filters as a sheet.
    const download = page.waitForEvent('download');
    await page.getByTestId('compare-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(await file.failure()).toBeNull();
  });

  it('names the campaign as 来源活动 on the customer and the opportunity, linking to it', async () => {
    await page.goto(`${server.url}/customers/${customerId}`);
    const onCustomer = page.getByTestId('customer-detail-campaign');
    await onCustomer.waitFor();
    expect(await onCustomer.innerText()).toBe(CAMPAIGN);
    await snap(page, 'campaign-report-03-customer');

    await page.goto(`${server.url}/opportunities/${opportunityId}`);
    const onDeal = page.getByTestId('opportunity-detail-campaign');
    await onDeal.waitFor();
    expect(await onDeal.innerText()).toBe(CAMPAIGN);
    await clickUntilShown(onDeal, page.getByTestId('campaign-detail'));
    expect(await text('campaign-name')).toBe(CAMPAIGN);
  });

  it('picks the 来源活动 in the opportunity form, and clears it again', async () => {
    await page.goto(`${server.url}/opportunities/${plainId}`);
    const shown = page.getByTestId('opportunity-detail-campaign');
    await shown.waitFor();
    expect(await shown.innerText()).toBe('—');

    await page.getByTestId('opportunity-edit').click();
    await page.getByTestId('opportunity-form').waitFor();
    await chooseOption(page, 'opportunity-form-campaign', CAMPAIGN, { search: '苏州' });
    await snap(page, 'campaign-report-04-opportunity-form');
    const picked = page.waitForResponse((r) => r.url().endsWith(`/opportunities/${plainId}`) && r.request().method() === 'PATCH');
    await page.getByTestId('opportunity-form-submit').click();
    const res = await picked;
    expect(res.status()).toBe(200);
    expect(res.request().postDataJSON()).toMatchObject({ campaignId });
    await expect.poll(() => shown.innerText()).toBe(CAMPAIGN);

    // Cleared on edit: null goes to the server, which removes it.
    await page.getByTestId('opportunity-form').waitFor({ state: 'hidden' });
    await page.getByTestId('opportunity-edit').click();
    const select = page.getByTestId('opportunity-form-campaign');
    await expect.poll(() => select.innerText()).toContain(CAMPAIGN);
    await select.hover();
    await select.locator('.ant-select-clear').click();
    const cleared = page.waitForResponse((r) => r.url().endsWith(`/opportunities/${plainId}`) && r.request().method() === 'PATCH');
    await page.getByTestId('opportunity-form-submit').click();
    const res2 = await cleared;
    expect(res2.status()).toBe(200);
    expect(res2.request().postDataJSON()).toMatchObject({ campaignId: null });
    await expect.poll(() => shown.innerText()).toBe('—');
  });
});
