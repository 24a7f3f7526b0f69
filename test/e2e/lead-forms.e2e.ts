import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, clickUntilShown, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, signInFirstTimeAs, signOut, snap, startServer } from './server.ts';

/**
 * 表单获客, in the browser: the admin sets up an assignment rule for east China and a trade show;
 * a marketer builds a form for the show (name, mobile, company, province and the three
 * qualifying questions, a consent text), sees it in the preview and publishes it. A visitor with
 * no account opens /f/<slug>, fills it in from Jiangsu answering 是 three times and is thanked.
 * Back in the app the submission is a 新线索 on the form's page, and its lead is graded A,
 * assigned to the salesperson by the rule, and carries the campaign.
 */
let server: E2EServer;
let browser: Browser;
let page: Page;
let visitor: Page | undefined;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const SALES = { username: 'sunli', displayName: '孙丽', initial: 'Welcome2026a', next: 'Suzhou2026b' };
const MARKETING = { username: 'zhoujie', displayName: '周洁', initial: 'Welcome2026c', next: 'Xuhui2026d' };
const CAMPAIGN = '2026 南京智能制造展';
const FORM_NAME = '南京展会预约表单';
const SLUG = 'nanjing-expo-2026';
const FORM_TITLE = '预约展位参观';
const CONSENT = '我同意 Kehu 为联系我而处理以上信息';
const THANKS = '预约成功！展会期间我们会与您联系。';
const VISITOR_COMPANY = '常州恒力精工机械有限公司';
const VISITOR_NAME = '钱工';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `lead-forms-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
    if (visitor) await snap(visitor, `lead-forms-failed-visitor-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (testId: string, value: string) => fillIn(page, testId, value);

/** Adds a field through the "add a field" select (which empties itself again) and waits for its row. */
async function addField(key: string, option: string) {
  const row = page.getByTestId(`lead-form-field-${key}`);
  for (let attempt = 0; attempt < 4 && !(await row.isVisible()); attempt++) {
    try {
      await page.getByTestId('lead-form-add-field').click({ timeout: 5000 });
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click({ timeout: 4000 });
      await row.waitFor({ timeout: 4000 });
    } catch {
      if (!(await row.isVisible())) await page.keyboard.press('Escape');
    }
  }
  await row.waitFor();
}

describe('web-to-lead forms, in the browser', () => {
  let formId = '';
  let campaignId = '';

  it('the admin sets up a salesperson with a rule for east China, a marketer and a trade show', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    const sales = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '华东销售部' });
    const marketing = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '市场部' });
    const roles = (await pageApi<{ items: { id: string; key: string | null }[] }>(page, 'GET', '/roles')).items;
    const roleId = (key: string) => roles.find((r) => r.key === key)?.id;
    const salesUser = await pageApi<{ id: string }>(page, 'POST', '/users', { username: SALES.username, displayName: SALES.displayName, password: SALES.initial, roleId: roleId('sales'), departmentId: sales.id });
    const marketer = await pageApi<{ id: string }>(page, 'POST', '/users', { username: MARKETING.username, displayName: MARKETING.displayName, password: MARKETING.initial, roleId: roleId('marketing'), departmentId: marketing.id });
    await pageApi(page, 'POST', '/lead-assignment-rules', { name: '华东线索', departmentId: sales.id, regions: ['east'], memberIds: [salesUser.id], priority: 1 });
    // The marketer runs the show (a marketer sees the campaigns they own).
    campaignId = (await pageApi<{ id: string }>(page, 'POST', '/campaigns', { name: CAMPAIGN, type: 'trade_show', ownerId: marketer.id })).id;
    await signOut(page);
  });

  it('a marketer builds the form for the trade show, with a live preview, and publishes it', async () => {
    await signInFirstTimeAs(page, server, MARKETING);
    await page.getByTestId('nav-lead-forms').click();
    await page.getByTestId('lead-forms-table').waitFor();
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('lead-forms-create').click();
    await page.getByTestId('lead-form-builder').waitFor();

    await fill('lead-form-name', FORM_NAME);
    await fill('lead-form-slug', SLUG);
    await expect.poll(() => page.getByTestId('lead-form-slug-url').innerText()).toBe(`${server.url}/f/${SLUG}`);
    await fill('lead-form-page-title', FORM_TITLE);
    await expect.poll(() => page.getByTestId('lead-form-preview-title').innerText()).toBe(FORM_TITLE);
    await chooseOption(page, 'lead-form-campaign', CAMPAIGN, { search: '南京' });
    // The campaign's channel comes with it.
    await expect.poll(() => page.getByTestId('lead-form-channel').innerText()).toContain('展会');

    // A new form asks the name, the mobile (both required) and the company; the province and the three questions are added.
    for (const key of ['contactName', 'phone', 'companyName']) await page.getByTestId(`lead-form-field-${key}`).waitFor();
    await addField('provinceCode', '所在省份');
    await addField('needMatch', '是否有明确的采购需求');
    await addField('budget', '是否已有预算');
    await addField('authority', '您是否参与采购决策');
    await page.getByTestId('lead-form-field-provinceCode-required').click();
    await fill('lead-form-consent', CONSENT);
    await fill('lead-form-thanks', THANKS);

    // The preview follows the list, in its order, with the consent box.
    const preview = page.getByTestId('lead-form-preview');
    await expect
      .poll(() => preview.locator('[data-testid^="lead-form-preview-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))))
      .toEqual(['lead-form-preview-title', ...['contactName', 'phone', 'companyName', 'provinceCode', 'needMatch', 'budget', 'authority'].map((k) => `lead-form-preview-${k}`), 'lead-form-preview-consent']);
    expect(await preview.getByTestId('lead-form-preview-provinceCode').innerText()).toContain('*');
    await snap(page, 'lead-forms-01-builder');

    // Without a required mobile (or e-mail) the server refuses the form and says why, on the field list.
    await page.getByTestId('lead-form-field-phone-required').click();
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/lead-forms') && r.request().method() === 'POST');
    await page.getByTestId('lead-form-save').click();
    const refusal = await refused;
    expect(refusal.status()).toBe(400);
    const issues = ((await refusal.json()) as { error: { details: { path: string; message: string }[] } }).error.details;
    const listIssue = issues.find((d) => d.path === 'fields');
    expect(listIssue).toBeDefined();
    await expect.poll(() => page.getByTestId('lead-form-fields-error').innerText()).toContain(listIssue?.message ?? '');
    await page.getByTestId('lead-form-field-phone-required').click();
    await page.getByTestId('lead-form-fields-error').waitFor({ state: 'detached' });

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/lead-forms') && r.request().method() === 'POST');
    await page.getByTestId('lead-form-save').click();
    const res = await created;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { id: string; channel: string; campaignId: string; status: string; fields: { key: string; required: boolean }[] };
    expect(body).toMatchObject({ channel: 'trade_show', campaignId, status: 'draft', consentText: CONSENT, thankYouMessage: THANKS });
    expect(body.fields.map((f) => `${f.key}${f.required ? '*' : ''}`)).toEqual(['contactName*', 'phone*', 'companyName', 'provinceCode*', 'needMatch', 'budget', 'authority']);
    formId = body.id;
    await page.waitForURL(new RegExp(`/lead-forms/${formId}$`));
    await expect.poll(() => page.getByTestId('lead-form-status').innerText()).toBe('未发布');
    // Not published yet: no 打开表单.
    await page.getByTestId('lead-form-embed').waitFor();
    expect(await page.getByTestId('lead-form-open').count()).toBe(0);

    await page.getByTestId('lead-form-publish').click();
    await expect.poll(() => page.getByTestId('lead-form-status').innerText()).toBe('已发布');
    const open = page.getByTestId('lead-form-open');
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(`${server.url}/f/${SLUG}`);
    expect(await open.getAttribute('target')).toBe('_blank');
    expect(await page.getByTestId('lead-form-snippet').innerText()).toBe(`<iframe src="${server.url}/f/${SLUG}" width="100%" height="640" style="border:0"></iframe>`);
    expect(await page.getByTestId('lead-form-close').count()).toBe(1);
    await page.getByTestId('lead-form-submissions').getByText('还没有提交').waitFor();
    await snap(page, 'lead-forms-02-published');
  });

  it('a visitor without an account fills in the public form and is thanked', async () => {
    visitor = await newPage(browser);
    await visitor.goto(`${server.url}/f/${SLUG}`);
    await visitor.locator('h1', { hasText: FORM_TITLE }).waitFor();
    await visitor.locator('#f-contactName').fill(VISITOR_NAME);
    await visitor.locator('#f-phone').fill('13915007788');
    await visitor.locator('#f-companyName').fill(VISITOR_COMPANY);
    await visitor.locator('#f-provinceCode').selectOption({ label: '江苏省' });
    for (const key of ['needMatch', 'budget', 'authority']) await visitor.locator(`#f-${key}`).selectOption({ label: '是' });
    await visitor.getByLabel(CONSENT).check();
    await snap(visitor, 'lead-forms-03-public-form');
    // The server refuses a form sent less than 3 s after the page was served (a script, not a
    // person): real time has to pass here, nothing in the page changes to wait for.
    await visitor.waitForTimeout(3100);
    await visitor.locator('button[type="submit"]').click();
    await visitor.getByText(THANKS).waitFor();
    await snap(visitor, 'lead-forms-04-thanks');
    await visitor.context().close();
    visitor = undefined;
  });

  it('the submission is a new lead on the form page: graded A, assigned by the rule, with the campaign', async () => {
    await page.getByTestId('lead-form-submissions-refresh').click();
    const outcome = page.getByTestId('lead-form-submissions-table').getByTestId('lead-form-submission-outcome');
    await expect.poll(() => outcome.allInnerTexts()).toEqual(['新线索']);
    expect(await page.getByTestId('lead-form-submissions-table').locator('tbody tr.ant-table-row').first().innerText()).toContain(VISITOR_NAME);
    await snap(page, 'lead-forms-05-submissions');

    // The list counts it.
    await page.getByTestId('nav-lead-forms').click();
    const listRow = page.getByTestId(`lead-form-row-${formId}`);
    await listRow.waitFor();
    await expect.poll(() => listRow.getByTestId('lead-form-row-leads').innerText()).toBe('1');
    expect(await listRow.getByTestId('lead-form-row-submissions').innerText()).toBe('1');
    expect(await listRow.getByTestId('lead-form-row-status').innerText()).toBe('已发布');
    expect(await listRow.getByTestId('lead-form-row-campaign').innerText()).toBe(CAMPAIGN);

    await clickUntilShown(listRow.getByTestId('lead-form-link'), page.getByTestId('lead-form-submissions-table'));
    const lead = page.getByTestId('lead-form-submissions-table').getByTestId('lead-form-submission-lead');
    await lead.waitFor();
    await clickUntilShown(lead, page.getByTestId('lead-detail'));
    await expect.poll(() => page.getByTestId('lead-detail-title').innerText()).toBe(VISITOR_COMPANY);
    expect(await page.getByTestId('lead-detail').getByTestId('lead-grade').first().innerText()).toBe('A');
    expect(await page.getByTestId('lead-detail-owner').innerText()).toContain(SALES.displayName);
    expect(await page.getByTestId('lead-detail-campaign').innerText()).toBe(CAMPAIGN);
    await snap(page, 'lead-forms-06-lead');
  });

  it("the campaign's page lists the form and starts another one for the campaign", async () => {
    await clickUntilShown(page.getByTestId('lead-detail-campaign-link'), page.getByTestId('campaign-detail'));
    const card = page.getByTestId('campaign-lead-forms');
    await card.getByTestId('campaign-lead-form-link').getByText(FORM_NAME).waitFor();
    expect(await card.getByTestId('campaign-lead-form-leads').innerText()).toBe('1');
    expect(await card.getByTestId('campaign-lead-form-status').innerText()).toBe('已发布');
    await snap(page, 'lead-forms-07-campaign');
    await card.getByTestId('campaign-lead-forms-create').click();
    await page.getByTestId('lead-form-builder').waitFor();
    expect(new URL(page.url()).searchParams.get('campaignId')).toBe(campaignId);
    await expect.poll(() => page.getByTestId('lead-form-campaign').innerText()).toContain(CAMPAIGN);
    expect(await page.getByTestId('lead-form-channel').innerText()).toContain('展会');
  });
});
