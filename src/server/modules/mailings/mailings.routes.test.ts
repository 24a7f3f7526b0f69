import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../../../../test/helpers/smtp.ts';
import type { JobContext } from '../../platform/jobs/define.ts';
import { mailingSendJob } from './mailings.jobs.ts';

/**
 * E-mail campaigns end to end against a real SMTP server (smtp-server in the test process,
 * mailparser reading what arrived): the audience snapshot, merge fields, tracked links and the
 * pixel, one-click unsubscribe and the suppression list, hard bounces, subject tests.
 */

let h: Harness;
let admin: Client;
let smtp: TestSmtp;
let received: ReceivedMail[] = [];
let dept: string;
let marketer: { id: string; username: string; client: Client };
let sales: { id: string; username: string; client: Client };

const HUMAN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const MINUTE = 60_000;

beforeAll(async () => {
  smtp = await startTestSmtp({ rejects: (address) => address.startsWith('nobody') });
  received = smtp.received;
  h = await createHarness({ SMTP_URL: smtp.url, MAIL_FROM: '客户 Kehu <crm@example.com>' });
  admin = await h.admin();
  dept = await h.createDepartment('市场部');
  marketer = await h.createUser({ role: 'marketing', departmentId: dept });
  sales = await h.createUser({ role: 'sales', departmentId: dept });
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});
beforeEach(() => {
  received.length = 0;
});

async function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

async function relogin() {
  admin = await h.admin();
  await marketer.client.login(marketer.username, USER_PASSWORD);
  await sales.client.login(sales.username, USER_PASSWORD);
}

const job = (): JobContext => ({ jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
const runSender = () => mailingSendJob.handler(h.deps, {}, job());

async function contactsOf(people: { company: string; name: string; email: string | null }[]) {
  const ids: string[] = [];
  for (const p of people) {
    const customer = await created(await sales.client.post('/api/v1/customers', { name: p.company }));
    const contact = await created(await sales.client.post(`/api/v1/customers/${customer.id}/contacts`, { name: p.name, ...(p.email ? { email: p.email } : {}) }));
    ids.push(contact.id as string);
  }
  return ids;
}

async function staticList(name: string, ids: string[]) {
  const list = await created(await marketer.client.post('/api/v1/segments', { name, entity: 'contact', kind: 'static' }));
  await created(await marketer.client.post(`/api/v1/segments/${list.id}/records`, { ids }), 200);
  return list.id as string;
}

async function parsed(): Promise<ParsedMail[]> {
  return Promise.all(received.map((m) => simpleParser(m.raw)));
}

const pathOf = (url: string) => new URL(url).pathname;
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '');
const pixelOf = (html: string) => /src="([^"]+\.gif)"/.exec(html)?.[1] ?? '';
const raw = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: string) => h.app.inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });

const HTML =
  '<html><head><style>.cta{background:#1677ff;color:#ffffff}</style></head><body>' +
  '<p>尊敬的{{contact.name|客户}}：</p><p>诚邀 {{customer.name}} 参加{{campaign.name}}。</p>' +
  '<p><a class="cta" href="https://kehu.example/expo/register?from=mail&amp;c=1">立即报名</a></p>' +
  '<p>负责人：{{owner.name}} <script>alert(1)</script></p></body></html>';

describe('mailings', () => {
  let campaignId: string;
  beforeAll(async () => {
    const c = await created(await marketer.client.post('/api/v1/campaigns', { name: '2027 新品发布会', type: 'email' }));
    campaignId = c.id as string;
  });

  it('refuse bad templates with the field and the reason, and callers without the right or outside the scope', async () => {
    const list = await staticList('空名单', await contactsOf([{ company: '无锡测试有限公司', name: '测试', email: 'test0@example.com' }]));
    const body = { campaignId, name: '邀请函', subject: '邀请 {{contact.nmae}}', html: '<p>{{foo}}</p><a href="https://x.cn/?e={{contact.email}}">x</a>', segmentId: list };
    const bad = await marketer.client.post('/api/v1/mailings', body);
    expectError(bad, 400, 'VALIDATION_FAILED', ['html', 'html', 'subject']);
    expect(JSON.stringify(bad.body)).toContain('contact.nmae');
    expectError(await marketer.client.post('/api/v1/mailings', { ...body, subject: 'A', html: '<p>x</p>', otherSubjects: ['B'] }), 400, 'VALIDATION_FAILED', ['abTest']);
    expectError(await sales.client.post('/api/v1/mailings', { ...body, subject: 'ok', html: '<p>x</p>' }), 403, 'FORBIDDEN');
    const draft = await created(await marketer.client.post('/api/v1/mailings', { ...body, subject: 'ok', html: '<p>x</p>' }));
    const outsider = await h.createUser({ role: 'marketing', departmentId: await h.createDepartment('品牌部') });
    expectError(await outsider.client.get(`/api/v1/mailings/${draft.id}`), 404, 'NOT_FOUND');
    expectError(await outsider.client.post(`/api/v1/mailings/${draft.id}/send`, { version: draft.version }), 404, 'NOT_FOUND');
    // The campaign's target segment (目标人群): set on the campaign, taken by a mailing that names none.
    const campaign = await created(await marketer.client.get(`/api/v1/campaigns/${campaignId}`), 200);
    expectError(await marketer.client.put(`/api/v1/campaigns/${campaignId}/target`, { version: campaign.version, segmentId: '0190a000-0000-7000-8000-000000000099' }), 400, 'VALIDATION_FAILED', ['segmentId']);
    expectError(await sales.client.put(`/api/v1/campaigns/${campaignId}/target`, { version: campaign.version, segmentId: list }), 403, 'FORBIDDEN');
    const targeted = await created(await marketer.client.put(`/api/v1/campaigns/${campaignId}/target`, { version: campaign.version, segmentId: list }), 200);
    expect(targeted).toMatchObject({ targetSegmentId: list, targetSegmentName: '空名单' });
    const defaulted = await created(await marketer.client.post('/api/v1/mailings', { campaignId, name: '默认人群', subject: 'ok', html: '<p>x</p>' }));
    expect(defaulted).toMatchObject({ segmentId: list, segmentName: '空名单' });
    const cleared = await created(await marketer.client.put(`/api/v1/campaigns/${campaignId}/target`, { version: targeted.version, segmentId: null }), 200);
    expect(cleared.targetSegmentId).toBeNull();
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    expect((await manager.client.get(`/api/v1/mailings/${draft.id}`)).status).toBe(200);
    expectError(await manager.client.post(`/api/v1/mailings/${draft.id}/send`, { version: draft.version }), 403, 'FORBIDDEN');
    expect((await auditOf(admin, draft.id as string))[0]).toMatchObject({ action: 'create', entityType: 'mailing' });
  });

  it('send a personalised mail to a segment: merge fields escaped, tracked links, pixel, one-click unsubscribe, bounces suppressed', async () => {
    const ids = await contactsOf([
      { company: '苏州精工机械有限公司', name: '周<b>工</b>', email: 'zhou@example.com' },
      { company: '杭州远景科技有限公司', name: '吴总', email: 'WU@Example.com' },
      { company: '南京无邮箱有限公司', name: '无邮箱', email: null },
      { company: '宁波已退订有限公司', name: '郑经理', email: 'zheng@example.com' },
      { company: '上海查无此人有限公司', name: '查无此人', email: 'nobody@example.com' },
    ]);
    await created(await marketer.client.post('/api/v1/suppressions', { addresses: ['zheng@example.com'], note: '电话中要求不再发送' }), 200);
    const list = await staticList('发布会邀请名单', ids);
    const draft = await created(await marketer.client.post('/api/v1/mailings', { campaignId, name: '发布会邀请', subject: '{{contact.name|您好}}，诚邀参加新品发布会', html: HTML, segmentId: list, fromName: '客户 市场部' }));
    expect(draft).toMatchObject({ status: 'draft', segmentName: '发布会邀请名单', tracking: true, counts: { recipients: 0 } });

    // The preview for one contact, with its values; scripts are gone.
    const preview = await created(await marketer.client.get(`/api/v1/mailings/${draft.id}/preview?contactId=${ids[0]}`), 200);
    expect(preview.subject).toBe('周<b>工</b>，诚邀参加新品发布会');
    expect(preview.html).toContain('尊敬的周&lt;b&gt;工&lt;/b&gt;：');
    expect(preview.html).not.toContain('<script');
    expect(preview.to).toBe('zhou@example.com');

    // Start: five contacts, one without an address, one suppressed.
    const start = await created(await marketer.client.post(`/api/v1/mailings/${draft.id}/send`, { version: draft.version }), 200);
    expect(start).toMatchObject({ audience: 5, recipients: 3, suppressed: 1, noAddress: 1, mailing: { status: 'sending' } });
    expectError(await marketer.client.patch(`/api/v1/mailings/${draft.id}`, { version: start.mailing.version, name: 'x' }), 422, 'BUSINESS_RULE');
    await runSender();

    const mails = await parsed();
    expect(mails.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : '')).sort()).toEqual(['wu@example.com', 'zhou@example.com']);
    const zhou = mails.find((m) => m.subject?.startsWith('周'))!;
    expect(zhou.subject).toBe('周<b>工</b>，诚邀参加新品发布会');
    expect(zhou.from?.text).toBe('"客户 市场部" <crm@example.com>');
    expect(zhou.html).toContain('尊敬的周&lt;b&gt;工&lt;/b&gt;：');
    expect(zhou.html).toContain('苏州精工机械有限公司');
    expect(zhou.html).toContain('2027 新品发布会');
    expect(zhou.html).not.toContain('<script');
    expect(zhou.html).toMatch(/class="cta"[^>]*style="background: ?#1677ff; ?color: ?#ffffff;?"/);
    expect(zhou.text).toContain('尊敬的周<b>工</b>：');
    const unsubscribeHeader = /<([^>]+)>/.exec(zhou.headerLines.find((l) => l.key === 'list-unsubscribe')?.line ?? '')?.[1] ?? '';
    expect(zhou.headerLines.find((l) => l.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(unsubscribeHeader).toMatch(/\/u\/[A-Za-z0-9_-]{38}$/);
    const links = hrefs(String(zhou.html));
    const tracked = links.find((l) => l.includes('/t/c/'))!;
    expect(links).not.toContain('https://kehu.example/expo/register?from=mail&c=1');
    expect(links.some((l) => l.includes('/u/'))).toBe(true);

    // Delivery: the unknown mailbox bounced and is suppressed now.
    const report = await created(await marketer.client.get(`/api/v1/mailings/${draft.id}/report`), 200);
    expect(report.counts).toMatchObject({ recipients: 4, sent: 2, bounced: 1, skipped: 1, queued: 0 });
    expect((await created(await marketer.client.get(`/api/v1/mailings/${draft.id}`), 200)).status).toBe('sent');
    const bounced = (await marketer.client.get(`/api/v1/mailings/${draft.id}/recipients?status=bounced`)).body.items;
    expect(bounced).toEqual([expect.objectContaining({ email: 'nobody@example.com', error: expect.stringContaining('550') })]);
    const suppressed = (await marketer.client.get('/api/v1/suppressions')).body.items.map((s: { address: string; reason: string }) => [s.address, s.reason]);
    expect(suppressed).toEqual(expect.arrayContaining([['nobody@example.com', 'hard_bounce'], ['zheng@example.com', 'manual']]));
    const members = (await marketer.client.get(`/api/v1/campaigns/${campaignId}/members?kind=contact`)).body.items.map((m: { name: string; status: string; source: string }) => [m.name, m.status, m.source]);
    expect(members).toEqual(expect.arrayContaining([['周<b>工</b>', 'sent', 'mailing'], ['吴总', 'sent', 'mailing'], ['查无此人', 'added', 'mailing']]));

    // A scanner fetching the link at once is a bot; a person a minute later counts, and is redirected.
    const scan = await raw('GET', pathOf(tracked), { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' });
    expect(scan.statusCode).toBe(302);
    expect(scan.headers.location).toBe('https://kehu.example/expo/register?from=mail&c=1');
    h.clock.advance(MINUTE);
    expect((await raw('GET', pathOf(pixelOf(String(zhou.html))), { 'user-agent': HUMAN })).headers['content-type']).toBe('image/gif');
    expect((await raw('GET', pathOf(tracked), { 'user-agent': HUMAN })).statusCode).toBe(302);
    // No open redirect, no forged token.
    expect((await raw('GET', pathOf(tracked).replace(/\/0$/, '/7'), { 'user-agent': HUMAN })).statusCode).toBe(404);
    const forged = pathOf(tracked).replace(/\/t\/c\/(.)/, (_a, c: string) => `/t/c/${c === 'A' ? 'B' : 'A'}`);
    expect((await raw('GET', forged, { 'user-agent': HUMAN })).statusCode).toBe(404);
    await relogin();
    const after = await created(await marketer.client.get(`/api/v1/mailings/${draft.id}/report`), 200);
    expect(after).toMatchObject({ counts: { opened: 1, clicked: 1 }, openRate: 0.5, clickRate: 0.5, botEvents: 1, links: [{ index: 0, url: 'https://kehu.example/expo/register?from=mail&c=1', clicks: 1, recipients: 1 }] });
    const zhouMember = (await marketer.client.get(`/api/v1/campaigns/${campaignId}/members?q=${encodeURIComponent('苏州精工')}`)).body.items[0];
    expect(zhouMember.status).toBe('clicked');

    // Unsubscribe: a GET only asks; the one-click POST unsubscribes (no session, no CSRF token).
    const unsub = pathOf(unsubscribeHeader);
    const page = await raw('GET', unsub, { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel)' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('确认退订');
    expect((await marketer.client.get('/api/v1/suppressions?reason=unsubscribed')).body.items).toEqual([]);
    const oneClick = await raw('POST', unsub, { 'content-type': 'application/x-www-form-urlencoded' }, 'List-Unsubscribe=One-Click');
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('退订成功');
    expect((await marketer.client.get('/api/v1/suppressions?reason=unsubscribed')).body.items.map((s: { address: string }) => s.address)).toEqual(['zhou@example.com']);
    expect((await raw('POST', unsub.slice(0, -2) + 'xx', { 'content-type': 'application/x-www-form-urlencoded' }, 'List-Unsubscribe=One-Click')).statusCode).toBe(404);

    // The next mailing to the same list skips the unsubscribed and the bounced addresses.
    received.length = 0;
    const next = await created(await marketer.client.post('/api/v1/mailings', { campaignId, name: '发布会提醒', subject: '明天见', html: '<p>{{contact.name}}，明天见。</p>', segmentId: list, tracking: false }));
    expect(await created(await marketer.client.post(`/api/v1/mailings/${next.id}/send`, { version: next.version }), 200)).toMatchObject({ recipients: 1, suppressed: 3 });
    await runSender();
    const second = await parsed();
    expect(second.map((m) => m.subject)).toEqual(['明天见']);
    expect(String(second[0]?.html)).not.toContain('/t/o/');
    expect(hrefs(String(second[0]?.html)).some((l) => l.includes('/u/'))).toBe(true);
  });

  it('test subject lines on a sample, then send the winner to the rest', async () => {
    const people = Array.from({ length: 20 }, (_v, i) => ({ company: `测试客户${i}有限公司`, name: `联系人${i}`, email: `ab${i}@example.com` }));
    const list = await staticList('主题测试名单', await contactsOf(people));
    const draft = await created(
      await marketer.client.post('/api/v1/mailings', { campaignId, name: '主题测试', subject: '新品发布会邀请', otherSubjects: ['{{contact.name}}，您的专属席位已预留'], abTest: { samplePercent: 40, decideAfterMinutes: 60, metric: 'open' }, html: '<p>内容</p>', segmentId: list }),
    );
    expect(draft.subjects).toEqual([{ key: 'A', subject: '新品发布会邀请' }, { key: 'B', subject: '{{contact.name}}，您的专属席位已预留' }]);
    await created(await marketer.client.post(`/api/v1/mailings/${draft.id}/send`, { version: draft.version }), 200);
    await runSender();
    const sample = await parsed();
    expect(sample).toHaveLength(8);
    expect(sample.filter((m) => m.subject === '新品发布会邀请')).toHaveLength(4);
    const mine = await created(await marketer.client.get(`/api/v1/mailings/${draft.id}`), 200);
    expect(mine).toMatchObject({ status: 'testing', counts: { sent: 8, held: 12 }, winner: null });

    // B's readers open it; the decision waits for its time.
    h.clock.advance(5 * MINUTE);
    for (const m of sample.filter((x) => x.subject !== '新品发布会邀请').slice(0, 3)) await raw('GET', pathOf(pixelOf(String(m.html))), { 'user-agent': HUMAN });
    await runSender();
    expect(received).toHaveLength(8);
    h.clock.advance(60 * MINUTE);
    await runSender();
    const all = await parsed();
    expect(all).toHaveLength(20);
    expect(all.slice(8).every((m) => m.subject?.endsWith('您的专属席位已预留'))).toBe(true);
    await relogin();
    const report = await created(await marketer.client.get(`/api/v1/mailings/${draft.id}/report`), 200);
    expect(report.variants).toEqual([
      expect.objectContaining({ key: 'A', sent: 4, opened: 0, winner: false }),
      expect.objectContaining({ key: 'B', sent: 16, opened: 3, winner: true }),
    ]);
    expect((await created(await marketer.client.get(`/api/v1/mailings/${draft.id}`), 200)).status).toBe('sent');
  });

  it('pause and cancel: what was not sent is never sent', async () => {
    const list = await staticList('取消名单', await contactsOf([{ company: '取消测试有限公司', name: '取消', email: 'cancel@example.com' }]));
    const draft = await created(await marketer.client.post('/api/v1/mailings', { campaignId, name: '取消测试', subject: 'x', html: '<p>x</p>', segmentId: list }));
    const started = await created(await marketer.client.post(`/api/v1/mailings/${draft.id}/send`, { version: draft.version }), 200);
    const paused = await created(await marketer.client.post(`/api/v1/mailings/${draft.id}/pause`, { version: started.mailing.version }), 200);
    await runSender();
    expect(received).toHaveLength(0);
    const cancelled = await created(await marketer.client.post(`/api/v1/mailings/${draft.id}/cancel`, { version: paused.version }), 200);
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { queued: 0, skipped: 1 } });
    expectError(await marketer.client.post(`/api/v1/mailings/${draft.id}/resume`, { version: cancelled.version }), 422, 'BUSINESS_RULE');
    await runSender();
    expect(received).toHaveLength(0);
  });
});
