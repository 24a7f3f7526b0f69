import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { mailingSendJob } from '../../src/server/modules/mailings/mailings.jobs.ts';
import { startJobs, type JobRunner } from '../../src/server/platform/jobs/runner.ts';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { chooseOption, clickUntilGone, confirmDialog, type E2EServer, fillIn, launchBrowser, newPage, pageApi, signInFirstTime, signInFirstTimeAs, signOut, snap, startServer } from './server.ts';

/**
 * 邮件群发, in the browser, through a real SMTP server and the real job worker: a marketer writes
 * a mailing of a campaign to a static list of three contacts with two subject lines (a subject
 * test: with three recipients any sample share gives one mail per subject, the third waits for
 * the winner), previews it in both variants, sends it and sees the sample arrive — two sent,
 * one held, the test's decision time. A recipient opens the received mail's unsubscribe link,
 * confirms, and the address shows on the 屏蔽名单 page as 已退订; one added there by hand is
 * removed again. The admin sets the sending rate on 销售设置 first; a misspelt merge field is
 * refused by the server and shown under its subject line. Last, the test is paused, resumed
 * and cancelled: the held recipient is never sent.
 */
let server: E2EServer;
let smtp: TestSmtp;
let jobs: JobRunner;
let browser: Browser;
let page: Page;

const ADMIN_NEW_PASSWORD = 'Kehu2026Secure';
const MARKETER = { username: 'liu.yang', displayName: '刘洋', initial: 'Welcome2026a', next: 'Market2026Secure', email: 'liu.yang@kehu.example' };
const CAMPAIGN = '2027 春季新品发布会';
const LIST = '发布会邀请名单';
const MAILING = '发布会邀请函';
const SUBJECT_A = '诚邀您参加 2027 春季新品发布会';
const SUBJECT_B = '新品抢先看：春季发布会邀请';
const PEOPLE = [
  { company: '苏州恒通精密机械有限公司', name: '周敏', email: 'zhou.min@hengtong.example' },
  { company: '无锡新吴精工有限公司', name: '钱伟', email: 'qian.wei@xinwu.example' },
  { company: '宁波北仑港口物流有限公司', name: '孙丽', email: 'sun.li@beilun.example' },
];
const quiet = { info: () => undefined, warn: () => undefined, error: (obj: object, msg?: string) => process.stderr.write(`${msg ?? ''} ${JSON.stringify(obj)}\n`) };

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await startServer({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Kehu 市场部 <marketing@kehu.example>' } });
  // The e2e server runs no jobs by itself: the sender runs here, the real pg-boss worker on the test database.
  const url = (server.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
  jobs = await startJobs(server.deps, url, [mailingSendJob], { log: quiet, work: true, pollingIntervalSeconds: 0.5, tickMs: 0 });
  server.deps.jobs = jobs;
  browser = await launchBrowser();
  page = await newPage(browser);
});

beforeEach((ctx) => {
  onTestFailed(async () => {
    await snap(page, `mailings-failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
});

afterAll(async () => {
  await browser?.close();
  await jobs?.stop();
  await server?.close();
  await smtp?.close();
});

describe('e-mail campaigns, in the browser', () => {
  let campaignId = '';
  let mailingId = '';

  it('sets up a marketer, and three customers with a contact each (as the admin, through the API)', async () => {
    await signInFirstTime(page, server, ADMIN_NEW_PASSWORD);
    const department = await pageApi<{ id: string }>(page, 'POST', '/departments', { name: '市场部' });
    const roles = await pageApi<{ items: { id: string; key: string | null }[] }>(page, 'GET', '/roles');
    const marketing = roles.items.find((r) => r.key === 'marketing');
    if (!marketing) throw new Error('no built-in marketing role');
    const marketer = await pageApi<{ id: string }>(page, 'POST', '/users', {
      username: MARKETER.username,
      displayName: MARKETER.displayName,
      email: MARKETER.email,
      password: MARKETER.initial,
      roleId: marketing.id,
      departmentId: department.id,
    });
    for (const p of PEOPLE) {
      const customer = await pageApi<{ id: string }>(page, 'POST', '/customers', { name: p.company, ownerId: marketer.id });
      await pageApi(page, 'POST', `/customers/${customer.id}/contacts`, { name: p.name, email: p.email });
    }
  });

  it('sets the sending rate on 销售设置 (admin)', async () => {
    await page.goto(`${server.url}/admin/sales-settings`);
    const card = page.getByTestId('settings-mailings');
    await card.waitFor();
    await expect.poll(() => page.getByTestId('mailings-rate').inputValue()).toBe('50');
    await fillIn(page, 'mailings-rate', '20');
    await fillIn(page, 'mailings-concurrency', '2');
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/settings/mailings') && r.request().method() === 'PUT');
    await page.getByTestId('mailings-settings-save').click();
    const res = await saved;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ ratePerSecond: 20, concurrency: 2 });
    await page.getByText('邮件群发设置已保存').waitFor();
    await signOut(page);
  });

  it('signs in as the marketer, who keeps the three contacts as a static list and plans the campaign', async () => {
    await signInFirstTimeAs(page, server, MARKETER);
    // The marketer sees the customers of the department, and their contacts.
    const ids: string[] = [];
    const customers = await pageApi<{ items: { id: string; name: string }[] }>(page, 'GET', '/customers?limit=50');
    for (const c of customers.items) {
      const list = await pageApi<{ items: { id: string }[] }>(page, 'GET', `/customers/${c.id}/contacts`);
      ids.push(...list.items.map((x) => x.id));
    }
    expect(ids).toHaveLength(3);
    const list = await pageApi<{ id: string }>(page, 'POST', '/segments', { name: LIST, entity: 'contact', kind: 'static' });
    await pageApi(page, 'POST', `/segments/${list.id}/records`, { ids });
    campaignId = (await pageApi<{ id: string }>(page, 'POST', '/campaigns', { name: CAMPAIGN, type: 'email' })).id;
  });

  it('writes the mailing from the campaign page: audience, two subject lines with the test settings, a merge field in the body', async () => {
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    const card = page.getByTestId('campaign-mailings');
    await card.waitFor();
    await card.getByText('此活动还没有群发邮件').waitFor();
    await page.getByTestId('campaign-mailings-create').click();
    await page.getByTestId('mailing-form').waitFor();
    // A new mail starts from the template with its greeting.
    // (The drawer fills its form just after it shows.)
    await expect.poll(() => page.getByTestId('mailing-form-html').inputValue()).toContain('{{contact.name|客户}}');

    await fillIn(page, 'mailing-form-name', MAILING);
    await chooseOption(page, 'mailing-form-segment', LIST, { search: '邀请', shown: LIST });
    await fillIn(page, 'mailing-form-fromName', '刘洋（市场部）');
    await fillIn(page, 'mailing-form-subject', SUBJECT_A);
    await page.getByTestId('mailing-form-add-subject').click();
    await fillIn(page, 'mailing-form-subject-B', SUBJECT_B);
    await page.getByTestId('mailing-form-abtest').waitFor();
    await fillIn(page, 'mailing-form-samplePercent', '50');
    await fillIn(page, 'mailing-form-decideAfterMinutes', '60');
    await chooseOption(page, 'mailing-form-metric', '点击率');

    // 插入合并字段 puts {{customer.name}} where the cursor is: after the greeting line.
    const html = page.getByTestId('mailing-form-html');
    await html.evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf('</p>') + 4;
      el.setSelectionRange(at, at);
    });
    await page.getByTestId('mailing-form-merge-field').click();
    await page.getByTestId('merge-field-customer.name').click();
    await expect.poll(() => html.inputValue()).toContain('</p>{{customer.name}}');
    await snap(page, 'mailings-01-form');

    // A misspelt merge field in subject B: the server's answer shows under that subject, in Chinese.
    await fillIn(page, 'mailing-form-subject-B', '新品抢先看：{{contact.nmae}}');
    const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/mailings') && r.request().method() === 'POST');
    await page.getByTestId('mailing-form-submit').click();
    expect((await refused).status()).toBe(400);
    const subjectB = page.locator('.ant-form-item', { has: page.getByTestId('mailing-form-subject-B') });
    await expect.poll(() => subjectB.locator('.ant-form-item-explain-error').innerText()).toContain('不存在的合并字段：contact.nmae');
    await fillIn(page, 'mailing-form-subject-B', SUBJECT_B);

    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/mailings') && r.request().method() === 'POST');
    await clickUntilGone(page.getByTestId('mailing-form-submit'));
    const res = await created;
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { id: string; subjects: { key: string; subject: string }[]; abTest: unknown; status: string; fromName: string };
    expect(body).toMatchObject({
      status: 'draft',
      fromName: '刘洋（市场部）',
      subjects: [
        { key: 'A', subject: SUBJECT_A },
        { key: 'B', subject: SUBJECT_B },
      ],
      abTest: { samplePercent: 50, decideAfterMinutes: 60, metric: 'click' },
    });
    mailingId = body.id;
    await page.waitForURL(new RegExp(`/mailings/${mailingId}$`));
    await page.getByTestId('mailing-detail').waitFor();
    expect(await page.getByTestId('mailing-status').innerText()).toBe('草稿');
    expect(await page.getByTestId('mailing-detail-segment').innerText()).toBe(LIST);
  });

  it('previews the mail in a sandboxed frame, for sample values and for a contact of the list, in both subjects', async () => {
    const frame = page.getByTestId('mailing-preview-frame');
    await frame.waitFor();
    // The mail is shown in a frame without any rights, never in the page itself.
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect.poll(() => page.getByTestId('mailing-preview-subject').innerText()).toBe(SUBJECT_A);
    await expect.poll(() => page.frameLocator('[data-testid="mailing-preview-frame"]').locator('body').innerText()).toContain('您好');

    await page.getByTestId('mailing-preview-variant').getByText('B', { exact: true }).click();
    await expect.poll(() => page.getByTestId('mailing-preview-subject').innerText()).toBe(SUBJECT_B);

    await chooseOption(page, 'mailing-preview-recipient', '周敏');
    await expect.poll(() => page.frameLocator('[data-testid="mailing-preview-frame"]').locator('body').innerText()).toContain('周敏，您好');
    await expect.poll(() => page.frameLocator('[data-testid="mailing-preview-frame"]').locator('body').innerText()).toContain(PEOPLE[0]?.company ?? '');
    await snap(page, 'mailings-02-preview');

    // A test mail goes to myself.
    const tested = page.waitForResponse((r) => r.url().endsWith(`/mailings/${mailingId}/test`));
    await page.getByTestId('mailing-test-send').click();
    const res = await tested;
    expect(res.status()).toBe(200);
    expect(((await res.json()) as { to: string }).to).toBe(MARKETER.email);
  });

  it('sends it: the start answers with the audience, the sample goes out and the rest waits for the winner', async () => {
    await page.getByTestId('mailing-action-send').click();
    const started = page.waitForResponse((r) => r.url().endsWith(`/mailings/${mailingId}/send`));
    await confirmDialog(page);
    expect((await started).status()).toBe(200);
    await expect.poll(() => page.getByTestId('mailing-send-result').innerText()).toContain('发送对象共 3 条记录，3 个地址将收到邮件');
    await clickUntilGone(page.getByTestId('send-result-ok'));

    // The page asks again while it sends: one mail per subject, then the subject test waits.
    await expect.poll(() => page.getByTestId('mailing-status').innerText(), { timeout: 30_000 }).toBe('主题测试中');
    await expect.poll(() => page.getByTestId('mailing-count-sent').getAttribute('data-value'), { timeout: 15_000 }).toBe('2');
    expect(await page.getByTestId('mailing-count-recipients').getAttribute('data-value')).toBe('3');
    expect(await page.getByTestId('mailing-count-held').getAttribute('data-value')).toBe('1');
    await page.getByTestId('mailing-decide-at').waitFor();
    expect(await page.getByTestId('variant-row-A').getByTestId('variant-sent').innerText()).toBe('1');
    expect(await page.getByTestId('variant-row-B').getByTestId('variant-sent').innerText()).toBe('1');

    const table = page.getByTestId('mailing-recipients-table');
    await expect.poll(() => table.getByTestId('recipient-status').count()).toBe(3);
    await expect.poll(async () => (await table.getByTestId('recipient-status').allInnerTexts()).sort()).toEqual(['已发送', '已发送', '等待测试结果'].sort());
    await snap(page, 'mailings-03-sent');

    // The campaign's card counts them too.
    await page.goto(`${server.url}/campaigns/${campaignId}`);
    const row = page.getByTestId(`mailing-row-${mailingId}`);
    await row.waitFor();
    await expect.poll(() => row.getByTestId('mailing-row-sent').innerText()).toBe('2');
    expect(await row.getByTestId('mailing-status').innerText()).toBe('主题测试中');
  });

  it('a recipient unsubscribes through the link of the mail received, and the address is on the 屏蔽名单', async () => {
    // The two sample mails reached the SMTP server (the test mail waits in the outbox).
    await expect.poll(() => smtp.received.filter((m) => m.envelopeTo.some((to) => PEOPLE.some((p) => p.email === to))).length, { timeout: 15_000 }).toBe(2);
    const mail = smtp.received.find((m) => m.envelopeTo.some((to) => PEOPLE.some((p) => p.email === to)));
    if (!mail) throw new Error('no mail received');
    const parsed = await simpleParser(mail.raw);
    const to = mail.envelopeTo[0] ?? '';
    expect([SUBJECT_A, SUBJECT_B]).toContain(parsed.subject);
    const html = typeof parsed.html === 'string' ? parsed.html : '';
    const link = [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&')).find((href) => new URL(href).pathname.startsWith('/u/'));
    if (!link) throw new Error(`no unsubscribe link in ${html}`);

    const reader = await newPage(browser);
    await reader.goto(link);
    await reader.getByTestId('unsubscribe-confirm').click();
    await reader.getByText('退订成功').waitFor();
    expect(await reader.locator('body').innerText()).toContain(to);
    await reader.context().close();

    // The mailing counts the unsubscription…
    await page.goto(`${server.url}/mailings/${mailingId}`);
    await expect.poll(() => page.getByTestId('mailing-count-unsubscribed').getAttribute('data-value')).toBe('1');
    await page.getByTestId('mailing-recipients-table').getByTestId('recipient-unsubscribed').waitFor();

    // …and the address is suppressed, found on the page reached from the menu.
    await page.getByTestId('nav-suppressions').click();
    await page.getByTestId('suppressions-table').waitFor();
    const row = page.getByTestId(`suppression-row-${to}`);
    await row.waitFor();
    expect(await row.getByTestId('suppression-reason').innerText()).toBe('已退订');
    await snap(page, 'mailings-04-suppressions');

    // An address added by hand (written twice, in two cases: once), then taken off again.
    await page.getByTestId('suppressions-create').click();
    await fillIn(page, 'suppressions-add-addresses', 'Blocked@Example.com\nblocked@example.com\n');
    await fillIn(page, 'suppressions-add-note', '客户电话要求不再发送');
    const added = page.waitForResponse((r) => r.url().endsWith('/api/v1/suppressions') && r.request().method() === 'POST');
    await clickUntilGone(page.getByTestId('suppressions-add-ok'));
    expect(await (await added).json()).toEqual({ added: 1, already: 0 });
    const manual = page.getByTestId('suppression-row-blocked@example.com');
    await manual.waitFor();
    expect(await manual.getByTestId('suppression-reason').innerText()).toBe('手动屏蔽');
    expect(await manual.innerText()).toContain('客户电话要求不再发送');
    await manual.getByTestId('suppression-remove').click();
    await confirmDialog(page);
    await manual.waitFor({ state: 'detached' });
    await row.waitFor();
  });

  it('pauses the subject test and resumes it, then cancels what is left', async () => {
    await page.goto(`${server.url}/mailings/${mailingId}`);
    await expect.poll(() => page.getByTestId('mailing-status').innerText()).toBe('主题测试中');
    await page.getByTestId('mailing-action-pause').click();
    await expect.poll(() => page.getByTestId('mailing-status').innerText()).toBe('已暂停');
    await page.getByTestId('mailing-action-resume').click();
    // Nothing is queued but the held recipient: the sender goes back to waiting for the test.
    await expect.poll(() => page.getByTestId('mailing-status').innerText(), { timeout: 30_000 }).toBe('主题测试中');
    await page.getByTestId('mailing-action-cancel').click();
    await confirmDialog(page);
    await expect.poll(() => page.getByTestId('mailing-status').innerText()).toBe('已取消');
    expect(await page.getByTestId('mailing-action-resume').count()).toBe(0);
    // The held recipient is never sent.
    expect(await page.getByTestId('mailing-count-sent').getAttribute('data-value')).toBe('2');
  });
});
