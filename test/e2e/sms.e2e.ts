import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { smsSendJob } from '../../src/server/modules/sms/sms.jobs.ts';
import { startJobs, type JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { chooseOption, clickUntilGone, confirmDialog, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, signInFirstTimeAs, signOut, snap, startServer } from './server.ts';

/**
 * 短信群发, in the browser, with the real job worker and the log provider (the e2e server has no
 * SMS_URL: messages are written to the log, each accepted by the "provider"). The admin sees the
 * 短信服务 section on 销售设置: the log provider and the push URL to paste into the provider's
 * console. A marketer writes an SMS of a campaign to a static list of three contacts with mobile
 * numbers: the approved signature and template code, the template text with two variables found
 * as it is typed (${name} from the contact's name, ${url} the recipient's short link, with the
 * link's address), sees the message with sample values, its length and billed parts, saves the
 * draft and sees the server's preview (for a contact of the list too), sends it and sees the
 * three recipients reach 已提交 and the campaign's card count them. The short links' codes are
 * neither shown nor given by the API, so their clicks are left to the server's tests.
 */
let server: E2EServer;
let jobs: JobRunner;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const MARKETER = { username: 'chen.jing', displayName: '陈静', initial: 'Welcome2026a', next: 'Market2026Secure' };
const CAMPAIGN = '2027 春季新品发布会';
const LIST = '发布会短信名单';
const SMS = '发布会短信邀请';
const SIGN = '客户通';
const TEMPLATE_CODE = 'SMS_276380142';
const TEXT = '${name}您好，2027 春季新品发布会 3 月 18 日在苏州举行，报名：${url} 回T退订';
const LINK = 'https://www.kehu.example/launch-2027';
const PEOPLE = [
  { company: '苏州恒通精密机械有限公司', name: '周敏', phone: '13912345601' },
  { company: '无锡新吴精工有限公司', name: '钱伟', phone: '13912345602' },
  { company: '宁波北仑港口物流有限公司', name: '孙丽', phone: '13912345603' },
];
const quiet = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => process.stderr.write(`${msg ?? ''} ${JSON.stringify(obj)}\n`) };

beforeAll(async () => {
  server = await startServer();
  // The e2e server runs no jobs by itself: the SMS sender runs here, the real pg-boss worker on the test database.
  const url = (server.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  jobs = await startJobs(server.deps, url, [smsSendJob], { log: quiet, work: true, pollingIntervalSeconds: 0.5, tickMs: 0 });
  server.deps.jobs = jobs;
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `sms-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await jobs?.stop();
  await server?.close();
});

describe('SMS sends, in the browser', () => {
  let campaignId = '';
  let smsId = '';

  it('sets up a marketer and three customers with a contact each, with mobile numbers (as the admin, through the API)', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    const department = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '市场部' });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(page, 'GET', '/roles');
    const marketing = roles.items.find((r) => r.key === 'marketing');
    if (!marketing) throw new Error('no built-in marketing role');
    const marketer = await pageApi<{ id: string }>(page, 'POST', '/users', {
      username: MARKETER.username,
      displayName: MARKETER.displayName,
      password: MARKETER.initial,
      roleId: marketing.id,
      departmentId: department.id,
    });
    for (const p of PEOPLE) {
      const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: p.company, ownerId: marketer.id });
      await pageApi(page, 'POST', `/customers/${customer.id}/contacts`, { name: p.name, phones: [p.phone] });
    }
  });

  it('shows the SMS service on 销售设置: only logged without SMS_URL, and the push URL to copy (admin)', async () => {
    await page.goto(`${server.url}/admin/sales-settings`);
    const card = page.getByTestId('settings-sms');
    await card.waitFor();
    await expect.poll(() => page.getByTestId('settings-sms-provider').innerText()).toBe('仅记录日志');
    expect(await page.getByTestId('settings-sms-provider').getAttribute('data-provider')).toBe('log');
    const pushUrl = await page.getByTestId('settings-sms-push-url').innerText();
    expect(pushUrl).toMatch(new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/hooks/sms/[A-Za-z0-9_-]+$`));
    await card.getByText('未配置 SMS_URL').waitFor();
    await signOut(page);
  });

  it('signs in as the marketer, who keeps the three contacts as a static list and plans the campaign', async () => {
    await signInFirstTimeAs(page, server, MARKETER);
    const ids: string[] = [];
    const customers = await pageApi<{ items: { id: string }[] }>(page, 'GET', '/customers?limit=50');
    for (const c of customers.items) {
      const list = await pageApi<{ items: { id: string }[] }>(page, 'GET', `/customers/${c.id}/contacts`);
      ids.push(...list.items.map((x) => x.id));
    }
    expect(ids).toHaveLength(3);
    const list = await pageApi<{ id: string }>(page, 'POST', '/segments', { name: LIST, entity: 'contact', kind: 'static' });
    await pageApi(page, 'POST', `/segments/${list.id}/records`, { ids });
    campaignId = (await pageApi<{ id: string }>(page, 'POST', '/campaigns', { name: CAMPAIGN, type: 'other' })).id;
  });

  it('writes the SMS from the campaign page: a row per template variable as it is typed, each given its source, the link address, the message with its length and parts', async () => {
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    const card = page.getByTestId('campaign-sms');
    await card.waitFor();
    await card.getByText('此活动还没有群发短信').waitFor();
    await page.getByTestId('campaign-sms-create').click();
    await page.getByTestId('sms-form').waitFor();
    await page.getByTestId('sms-form-no-params').waitFor();

    await fillIn(page, 'sms-form-name', SMS);
    await chooseOption(page, 'sms-form-segment', LIST, { search: '短信', shown: LIST });
    await fillIn(page, 'sms-form-signName', SIGN);
    await fillIn(page, 'sms-form-templateCode', TEMPLATE_CODE);
    // Without the opt-out words the editor warns.
    await fillIn(page, 'sms-form-text', '${name}您好');
    await page.getByTestId('sms-form-param-name').waitFor();
    await page.getByTestId('sms-form-optout').waitFor();
    await fillIn(page, 'sms-form-text', TEXT);
    await page.getByTestId('sms-form-param-url').waitFor();
    await page.getByTestId('sms-form-optout').waitFor({ state: 'detached' });
    expect(await page.getByTestId('sms-form-params').locator('[data-testid^="sms-form-param-"]').count()).toBe(2);
    // Until a variable has its source it shows as written.
    await expect.poll(() => page.getByTestId('sms-form-preview-text').innerText()).toBe(`【${SIGN}】${TEXT}`);

    await chooseOption(page, 'sms-form-source-name', '联系人姓名');
    await chooseOption(page, 'sms-form-source-url', '短链接');
    // A short link needs the address it leads to.
    await page.getByTestId('sms-form-linkUrl').waitFor();
    await fillIn(page, 'sms-form-linkUrl', LINK);

    const sampleLink = `${server.url}/s/AbCdEfGh23`;
    const expected = `【${SIGN}】张三您好，2027 春季新品发布会 3 月 18 日在苏州举行，报名：${sampleLink} 回T退订`;
    await expect.poll(() => page.getByTestId('sms-form-preview-text').innerText()).toBe(expected);
    const length = [...expected].length;
    expect(await page.getByTestId('sms-form-preview-length').getAttribute('data-value')).toBe(String(length));
    expect(await page.getByTestId('sms-form-preview-parts').getAttribute('data-value')).toBe(String(length <= 70 ? 1 : Math.ceil(length / 67)));
    await snap(page, 'sms-01-form');

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/sms-sends') && r.request().method() === 'POST');
    await clickUntilGone(page.getByTestId('sms-form-submit'));
    const res = await created;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { id: string; status: string; params: unknown; linkUrl: string; signName: string; templateCode: string; text: string; provider: string };
    expect(body).toMatchObject({
      status: 'draft',
      signName: SIGN,
      templateCode: TEMPLATE_CODE,
      text: TEXT,
      params: [
        { name: 'name', source: 'contact.name' },
        { name: 'url', source: 'short_link' },
      ],
      linkUrl: LINK,
      provider: 'log',
    });
    smsId = body.id;
    await page.waitForURL(new RegExp(`/sms-sends/${smsId}$`));
    await page.getByTestId('sms-detail').waitFor();
    expect(await page.getByTestId('sms-status').innerText()).toBe('草稿');
    expect(await page.getByTestId('sms-detail-segment').innerText()).toBe(LIST);
    // Without SMS_URL the page says the messages are only logged.
    await page.getByTestId('sms-log-provider').waitFor();
  });

  it('previews the message as the server renders it, for sample values and for a contact of the list', async () => {
    const text = page.getByTestId('sms-preview-text');
    await expect.poll(() => text.innerText()).toContain(`【${SIGN}】张三您好`);
    expect(await text.innerText()).toContain('/s/');
    const parts = Number(await page.getByTestId('sms-preview-parts').getAttribute('data-value'));
    const length = Number(await page.getByTestId('sms-preview-length').getAttribute('data-value'));
    expect(length).toBe([...(await text.innerText())].length);
    expect(parts).toBe(length <= 70 ? 1 : Math.ceil(length / 67));

    await chooseOption(page, 'sms-preview-recipient', '周敏');
    await expect.poll(() => text.innerText()).toContain(`【${SIGN}】周敏您好`);
    await snap(page, 'sms-02-preview');
  });

  it('sends it: the start answers with the audience and the three recipients reach 已提交', async () => {
    await page.getByTestId('sms-action-send').click();
    const started = page.waitForResponse((r) => r.url().endsWith(`/sms-sends/${smsId}/send`));
    await confirmDialog(page);
    expect((await started).status()).toBe(200);
    await expect.poll(() => page.getByTestId('sms-send-result').innerText()).toContain('发送对象共 3 条记录，3 个号码将收到短信');
    await clickUntilGone(page.getByTestId('send-result-ok'));

    // The page asks again while it sends, until the sender is done.
    await expect.poll(() => page.getByTestId('sms-status').innerText(), { timeout: 30_000 }).toBe('已发送');
    await expect.poll(() => page.getByTestId('sms-count-sent').getAttribute('data-value'), { timeout: 15_000 }).toBe('3');
    expect(await page.getByTestId('sms-count-recipients').getAttribute('data-value')).toBe('3');
    expect(await page.getByTestId('sms-count-failed').getAttribute('data-value')).toBe('0');
    expect(await page.getByTestId('sms-delivery-rate').innerText()).toContain('0%');

    const table = page.getByTestId('sms-recipients-table');
    await expect.poll(async () => (await table.getByTestId('sms-recipient-status').allInnerTexts()).sort(), { timeout: 15_000 }).toEqual(['已提交', '已提交', '已提交']);
    await expect.poll(async () => (await table.getByTestId('sms-recipient-phone').allInnerTexts()).sort()).toEqual(PEOPLE.map((p) => `+86${p.phone}`).sort());
    // The status filter asks the server.
    await chooseOption(page, 'sms-recipients-filter-status', '发送失败');
    await table.getByText('没有符合条件的收件人').waitFor();
    await snap(page, 'sms-03-sent');

    // The campaign's card counts them too.
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    const row = page.getByTestId(`sms-row-${smsId}`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('sms-row-sent').innerText()).toBe('3');
    expect(await row.getByTestId('sms-status').innerText()).toBe('已发送');
  });
});
