import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { chooseOption, type E2EServer, fillIn, inputOf, launchBrowser, newPage, pageApi, signInFirstTime, signInFirstTimeAs, snap, startServer } from './server.ts';

/**
 * A salesperson's follow-up, in the browser: on a customer of theirs they log a phone call with a
 * contact and a next follow-up tomorrow at 9:00, see it (and the task it created) on the
 * customer's timeline, find the task under "upcoming" on the task page and mark it done.
 */
let server: E2EServer;
let browser: Browser;
let admin: Page;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const SALES = { username: 'liuyang', displayName: '刘洋', initial: 'Welcome2026a', next: 'Suzhou2026b' };
const DEPARTMENT = '华东销售二部';
const CUSTOMER = '无锡澄光新材料有限公司';
const CONTACT = '陈静';
const NEXT_ACTION = '发送报价单并确认交期';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = await newPage(browser);
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `followups-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const fill = (testId: string, value: string) => fillIn(page, testId, value);

/** Chooses until the select shows it: a click lost while the form settles happened in CI (the follow-up went in without its contact). */
async function pick(testId: string, option: string) {
  await chooseOption(page, testId, option);
}

describe('follow-ups, timeline and tasks, in the browser', () => {
  let customerId = '';
  let salesId = '';

  it('sets up a salesperson with a customer and a contact (as the admin, through the API)', async () => {
    await signInFirstTime(admin, server, ADMIN_NEW_PASSWORD);
    const department = await pageApi<{ id: string }>(admin, 'POST', '/departments', { name: DEPARTMENT });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(admin, 'GET', '/roles');
    const sales = roles.items.find((r) => r.key === 'sales');
    if (!sales) throw new Error('no built-in sales role');
    const user = await pageApi<{ id: string }>(admin, 'POST', '/users', {
      username: SALES.username,
      displayName: SALES.displayName,
      password: SALES.initial,
      roleId: sales.id,
      departmentId: department.id,
    });
    salesId = user.id;
    const customer = await pageApi<{ id: string }>(admin, 'POST', '/customers', { name: CUSTOMER, ownerId: user.id });
    customerId = customer.id;
    await pageApi(admin, 'POST', `/customers/${customerId}/contacts`, { name: CONTACT, title: '采购总监' });
  });

  it('signs in as the salesperson and finds tasks in the menu', async () => {
    await signInFirstTimeAs(page, server, SALES);
    expect(await page.getByTestId('nav-tasks').innerText()).toContain('任务');
    await page.getByTestId('home-summary-overdue').waitFor();
    expect(await page.getByTestId('home-summary-upcoming').innerText()).toContain('0');
    await snap(page, 'followups-00-home');
  });

  it('logs a phone call with the contact and a next follow-up tomorrow at 9:00', async () => {
    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('customer-detail').waitFor();
    await page.getByTestId('customer-log-follow-up').click();
    await page.getByTestId('follow-up-form').waitFor();
    await pick('follow-up-form-method', '电话');
    await pick('follow-up-form-contact', CONTACT);

    // Content is required: the form says so before anything is sent.
    await page.getByTestId('follow-up-form-submit').click();
    await page.getByTestId('follow-up-form').locator('.ant-form-item-explain-error', { hasText: '必填' }).waitFor();

    await fill('follow-up-form-content', '电话沟通二期采购计划，客户关注交期和付款方式。');
    await fill('follow-up-form-feedback', '价格可以接受，交期希望缩短到四周。');
    await fill('follow-up-form-nextAction', NEXT_ACTION);
    await page.getByTestId('follow-up-form-quick-tomorrow').click();
    const nextAt = await (await inputOf(page, 'follow-up-form-nextFollowUpAt')).inputValue();
    expect(nextAt).toMatch(/ 09:00$/);
    await snap(page, 'followups-01-form');

    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/follow-ups') && r.request().method() === 'POST');
    await page.getByTestId('follow-up-form-submit').click();
    expect((await saved).status()).toBe(201);
    await page.getByTestId('follow-up-form').waitFor({ state: 'hidden' });
    await page.locator('.ant-message', { hasText: `创建了任务「${NEXT_ACTION}」` }).waitFor();
  });

  it('shows the follow-up and its task on the timeline, and opens them from there', async () => {
    await page.getByTestId('customer-tab-timeline').click();
    const logged = page.getByTestId('timeline-entry').and(page.locator('[data-kind="follow_up.logged"]'));
    await logged.waitFor();
    expect(await logged.innerText()).toContain(`通过电话跟进了 ${CONTACT}`);
    expect(await logged.innerText()).toContain('电话沟通二期采购计划');
    expect(await logged.innerText()).toContain(NEXT_ACTION);
    expect(await logged.innerText()).toContain(SALES.displayName);
    const created = page.getByTestId('timeline-entry').and(page.locator('[data-kind="task.created"]'));
    expect(await created.innerText()).toContain(`创建了任务「${NEXT_ACTION}」`);
    await page.getByTestId('timeline-end').waitFor();
    await snap(page, 'followups-02-timeline');

    // Only follow-ups: the task entry goes.
    await page.getByTestId('timeline-filter-task').click();
    await page.getByTestId('timeline-filter-customer').click();
    await page.getByTestId('timeline-filter-contact').click();
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBe(1);

    await logged.getByTestId('timeline-entry-link').click();
    const details = page.getByTestId('follow-up-view-details');
    await details.waitFor();
    expect(await details.innerText()).toContain('交期希望缩短到四周');
    await page.locator('.ant-modal-close').click();
    await details.waitFor({ state: 'hidden' });

    await page.getByTestId('customer-tab-followUps').click();
    await expect.poll(() => page.getByTestId('follow-ups-table').innerText()).toContain('电话');
  });

  it('finds the task under upcoming on the task page and marks it done', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('tasks-table').waitFor();
    await expect.poll(() => page.getByTestId('tasks-count-upcoming').innerText()).toBe('1');
    expect(await page.getByTestId('tasks-count-today').innerText()).toBe('0');
    expect(await page.getByTestId('tasks-count-overdue').innerText()).toBe('0');
    await page.getByTestId('tasks-tab-upcoming').click();
    const row = page.getByTestId('tasks-table').locator('tr', { hasText: NEXT_ACTION });
    await row.waitFor();
    expect(await row.innerText()).toContain(CUSTOMER);
    expect(await row.innerText()).toContain('电话');
    expect(await row.getByTestId('task-due').innerText()).toMatch(/ 09:00$/);
    await snap(page, 'followups-03-tasks');

    // The drawer, as a notification would open it.
    await row.getByTestId('task-title').click();
    await page.waitForURL(/taskId=/);
    await page.getByTestId('task-drawer-details').waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('task-drawer').waitFor({ state: 'hidden' });

    const done = page.waitForResponse((r) => /\/api\/v1\/tasks\/[0-9a-f-]+$/.test(r.url()) && r.request().method() === 'PATCH');
    await row.getByTestId('task-done').click();
    expect((await done).status()).toBe(200);
    await page.locator('.ant-message', { hasText: '任务已完成' }).waitFor();
    await expect.poll(() => page.getByTestId('tasks-count-upcoming').innerText()).toBe('0');
    await page.getByTestId('tasks-tab-done').click();
    const doneRow = page.getByTestId('tasks-table').locator('tr', { hasText: NEXT_ACTION });
    await expect.poll(() => doneRow.getByTestId('task-status').innerText()).toBe('已完成');
  });

  it('shows the task done on the timeline and the month calendar', async () => {
    await page.getByTestId('tasks-mode-calendar').click();
    await page.getByTestId('task-calendar').waitFor();
    await expect.poll(() => page.getByTestId('calendar-task').filter({ hasText: NEXT_ACTION }).count()).toBe(1);
    await snap(page, 'followups-04-calendar');
    await page.goto(`${server.url}/customers/${customerId}?tab=timeline`);
    const done = page.getByTestId('timeline-entry').and(page.locator('[data-kind="task.done"]'));
    await done.waitFor();
    expect(await done.innerText()).toContain(`完成了任务「${NEXT_ACTION}」`);
  });

  it('logs a visit from a contact row and reopens it to add files', async () => {
    await page.getByTestId('customer-tab-contacts').click();
    await page.getByTestId(`contact-follow-up-${CONTACT}`).click();
    await page.getByTestId('follow-up-form').waitFor();
    await pick('follow-up-form-method', '拜访');
    expect(await page.getByTestId('follow-up-form-contact').innerText()).toContain(CONTACT);
    await fill('follow-up-form-content', '上门拜访，参观了产线。');
    await page.getByTestId('follow-up-form-save-attach').click();
    // Saved: the same drawer now edits it and offers its attachments.
    await page.getByTestId('follow-up-attachments').waitFor();
    expect(await page.locator('.ant-drawer-title').innerText()).toBe('编辑跟进记录');
    await snap(page, 'followups-05-attach');
    await page.getByTestId('follow-up-form-cancel').click();
    await page.getByTestId('customer-tab-followUps').click();
    // Data rows only: Ant Design may add a hidden measuring row to the table body.
    await expect.poll(() => page.getByTestId('follow-ups-table').locator('tbody tr.ant-table-row').count()).toBe(2);
  });

  it('records feedback on the customer and finds it on the timeline and the feedback page', async () => {
    await page.getByTestId('customer-tab-feedback').click();
    await page.getByTestId('feedback-create').click();
    await page.getByTestId('feedback-form').waitFor();
    await page.getByTestId('feedback-form-kind').getByText('投诉').click();
    await fill('feedback-form-title', '上批货物包装破损');
    await fill('feedback-form-content', '三箱外包装受潮破损。');
    await page.getByTestId('feedback-form-submit').click();
    await page.getByTestId('feedback-form').waitFor({ state: 'hidden' });
    const row = page.getByTestId('feedback-table').locator('tr', { hasText: '上批货物包装破损' });
    await row.waitFor();
    expect(await row.getByTestId('feedback-status').innerText()).toBe('待处理');

    await page.getByTestId('customer-tab-timeline').click();
    const entry = page.getByTestId('timeline-entry').and(page.locator('[data-kind="feedback.created"]'));
    await entry.waitFor();
    expect(await entry.innerText()).toContain('登记了投诉「上批货物包装破损」');

    await page.getByTestId('nav-feedback').click();
    await page.getByTestId('feedback-table').locator('tr', { hasText: '上批货物包装破损' }).waitFor();
    await page.getByTestId('feedback-filter-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已解决' }).click();
    await page.waitForURL(/status=resolved/);
    await page.getByTestId('feedback-table').getByTestId('empty-state').waitFor();

    // Handled: resolved with its outcome, it shows under the filter and on the customer's timeline.
    await page.getByTestId('feedback-filter-reset').click();
    await page.getByTestId('feedback-table').locator('tr', { hasText: '上批货物包装破损' }).getByTestId('feedback-title').click();
    await page.getByTestId('feedback-form-status').getByText('已解决').click();
    await fill('feedback-form-outcome', '已补发三箱并更换包装供应商。');
    await page.getByTestId('feedback-form-submit').click();
    await page.getByTestId('feedback-form').waitFor({ state: 'hidden' });
    await page.getByTestId('feedback-filter-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已解决' }).click();
    const resolved = page.getByTestId('feedback-table').locator('tr', { hasText: '上批货物包装破损' });
    await expect.poll(() => resolved.getByTestId('feedback-status').innerText()).toBe('已解决');
    await page.goto(`${server.url}/customers/${customerId}?tab=timeline`);
    const changed = page.getByTestId('timeline-entry').and(page.locator('[data-kind="feedback.status_changed"]'));
    await changed.waitFor();
    expect(await changed.innerText()).toContain('将反馈「上批货物包装破损」从「待处理」改为「已解决」');
  });

  it('lets the admin set the cadence and add a follow-up method the salesperson can then use', async () => {
    await admin.goto(`${server.url}/admin/customer-settings?tab=followUp`);
    await admin.getByTestId('settings-cadence').waitFor();
    await expect.poll(async () => (await inputOf(admin, 'cadence-A')).inputValue()).toBe('7');
    await (await inputOf(admin, 'cadence-A')).fill('5');
    await admin.getByTestId('cadence-save').click();
    await admin.locator('.ant-message', { hasText: '跟进策略已保存' }).waitFor();

    await admin.getByTestId('method-row-phone').waitFor();
    await admin.getByTestId('method-create').click();
    await fillIn(admin, 'method-form-code', 'wechat');
    await fillIn(admin, 'method-form-nameZh', '微信');
    await fillIn(admin, 'method-form-nameEn', 'WeChat');
    await admin.getByTestId('method-form-submit').click();
    await admin.getByTestId('method-row-wechat').waitFor();
    // Moved up one place: it comes before the method above it.
    await admin.getByTestId('method-up-wechat').click();
    await expect.poll(async () => (await admin.locator('[data-testid^="method-row-"]').last().getAttribute('data-testid')) ?? '').not.toBe('method-row-wechat');
    await snap(admin, 'followups-06-settings');

    await page.goto(`${server.url}/customers/${customerId}`);
    await page.getByTestId('customer-log-follow-up').click();
    await page.getByTestId('follow-up-form-method').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '微信' }).waitFor();
  });

  it('logs a follow-up on a lead of theirs, which moves it to contacted', async () => {
    const created = await pageApi<{ lead: { id: string } }>(admin, 'POST', '/leads', { channel: 'referral', companyName: '常州恒锐机械有限公司', contactName: '周敏', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' }, ownerId: salesId });
    await page.goto(`${server.url}/leads/${created.lead.id}`);
    await page.getByTestId('lead-detail').waitFor();
    const header = page.locator('.kehu-page-header');
    expect(await header.getByTestId('lead-status').innerText()).toBe('已分配');
    await page.getByTestId('lead-log-follow-up').click();
    await page.getByTestId('follow-up-form').waitFor();
    // A lead has no contacts of its own: no contact field.
    expect(await page.getByTestId('follow-up-form-contact').count()).toBe(0);
    await fill('follow-up-form-content', '初次电话沟通，确认了需求。');
    await page.getByTestId('follow-up-form-submit').click();
    await page.getByTestId('follow-up-form').waitFor({ state: 'hidden' });
    await expect.poll(() => header.getByTestId('lead-status').innerText()).toBe('已联系');
    await expect.poll(() => page.getByTestId('follow-ups-table').innerText()).toContain('初次电话沟通');
    await page.getByTestId('lead-tab-timeline').click();
    await page.getByTestId('timeline-entry').and(page.locator('[data-kind="follow_up.logged"]')).waitFor();
  });

  it('loads older timeline entries as the list scrolls', async () => {
    const customer = await pageApi<{ id: string }>(admin, 'POST', '/customers', { name: '镇江远航船舶配件有限公司', ownerId: salesId });
    const start = Date.now() - 40 * 3600_000;
    for (let i = 0; i < 35; i++) {
      await pageApi(page, 'POST', '/follow-ups', {
        customerId: customer.id,
        method: 'email',
        happenedAt: new Date(start + i * 3600_000).toISOString(),
        content: `第 ${i + 1} 封邮件`,
      });
    }
    await page.goto(`${server.url}/customers/${customer.id}?tab=timeline`);
    await page.getByTestId('timeline').waitFor();
    // One page of 30 first (35 follow-ups and the customer's creation exist); scrolling to the end loads the rest.
    await expect.poll(() => page.getByTestId('timeline-entry').count()).toBeGreaterThanOrEqual(30);
    await page.getByTestId('timeline-sentinel').scrollIntoViewIfNeeded();
    await page.getByTestId('timeline-end').waitFor();
    expect(await page.getByTestId('timeline-entry').count()).toBe(36);
    // Newest first: the customer was created after the (back-dated) e-mails.
    expect(await page.getByTestId('timeline-entry').first().getAttribute('data-kind')).toBe('customer.created');
    expect(await page.getByTestId('timeline-entry').nth(1).innerText()).toContain('第 35 封邮件');
    expect(await page.getByTestId('timeline-entry').last().innerText()).toContain('第 1 封邮件');
  });

  it('shows the admin the salesperson’s task among the team’s, and their own tasks empty', async () => {
    await admin.goto(`${server.url}/tasks?tab=team`);
    const row = admin.getByTestId('tasks-table').locator('tr', { hasText: NEXT_ACTION });
    await row.waitFor();
    expect(await row.innerText()).toContain(SALES.displayName);
    expect(await row.getByTestId('task-status').innerText()).toBe('已完成');
    await admin.getByTestId('tasks-tab-upcoming').click();
    await admin.getByTestId('tasks-table').getByTestId('empty-state').waitFor();
  });

  it('lets the admin log a visit on the salesperson, whose task it then is', async () => {
    await admin.goto(`${server.url}/customers/${customerId}`);
    await admin.getByTestId('customer-log-follow-up').click();
    await admin.getByTestId('follow-up-form').waitFor();
    await expect.poll(() => admin.getByTestId('follow-up-form-owner').innerText()).toContain('系统管理员');
    await chooseOption(admin, 'follow-up-form-owner', `${SALES.displayName} (${SALES.username})`, { search: '刘', shown: SALES.displayName });
    await fillIn(admin, 'follow-up-form-content', '与刘洋一起拜访，确认了二期合同条款。');
    await fillIn(admin, 'follow-up-form-nextAction', '寄送合同');
    await admin.getByTestId('follow-up-form-quick-in3Days').click();
    const saved = admin.waitForResponse((r) => r.url().endsWith('/api/v1/follow-ups') && r.request().method() === 'POST');
    await admin.getByTestId('follow-up-form-submit').click();
    expect((await saved).status()).toBe(201);

    await page.goto(`${server.url}/tasks?tab=upcoming`);
    const row = page.getByTestId('tasks-table').locator('tr', { hasText: '寄送合同' });
    await row.waitFor();
    expect(await row.innerText()).toContain(SALES.displayName);
  });
});
