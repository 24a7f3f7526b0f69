import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * Web-to-lead forms: built by a marketer, published at /f/<slug>, submitted by visitors without
 * a session. A submission goes through the lead rules (graded, assigned by the rules, its owner
 * told, merged with the same prospect) and marks the campaign member 已报名; bots are refused by
 * the honeypot, the time to fill the form and the rate limit.
 */

let h: Harness;
let admin: Client;
let dept: string;
let marketer: { id: string; username: string; client: Client };
let sales: { id: string; username: string; client: Client };

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  dept = await h.createDepartment('华东销售部');
  marketer = await h.createUser({ role: 'marketing', departmentId: dept });
  sales = await h.createUser({ role: 'sales', departmentId: dept });
  await admin.post('/api/v1/lead-assignment-rules', { name: '华东线索', departmentId: dept, regions: ['east'], memberIds: [sales.id], priority: 1 });
});
afterAll(async () => h.close());

async function created(res: { status: number; body: Record<string, unknown> }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as Record<string, any>;
}

const SECOND = 1000;

async function visit(slug: string, ip: string) {
  const res = await h.app.inject({ method: 'GET', url: `/f/${slug}`, remoteAddress: ip });
  const token = /name="_t" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
  return { res, token };
}

function submit(slug: string, ip: string, fields: Record<string, string>) {
  return h.app.inject({ method: 'POST', url: `/f/${slug}`, remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
}

const FIELDS = [
  { key: 'contactName', label: '您的姓名', required: true },
  { key: 'phone', label: '手机号', required: true },
  { key: 'companyName', label: '公司名称', required: false },
  { key: 'provinceCode', label: '所在省份', required: false },
  { key: 'needMatch', label: '是否有明确的采购需求', required: true },
  { key: 'budget', label: '是否已有预算', required: false },
  { key: 'authority', label: '您是否参与采购决策', required: false },
];

describe('web-to-lead forms', () => {
  it('are built by a marketer, checked, and seen in their scope only', async () => {
    const base = { name: '官网咨询', slug: 'contact-us', title: '联系我们', fields: FIELDS, channel: 'website' };
    expectError(await marketer.client.post('/api/v1/lead-forms', { ...base, fields: [{ key: 'contactName', label: '姓名', required: true }] }), 400, 'VALIDATION_FAILED', ['fields']);
    expectError(await marketer.client.post('/api/v1/lead-forms', { ...base, slug: 'A B' }), 400, 'VALIDATION_FAILED', ['slug']);
    expectError(await marketer.client.post('/api/v1/lead-forms', { ...base, allowedOrigins: ['javascript:alert(1)'] }), 400, 'VALIDATION_FAILED', ['allowedOrigins.0']);
    expectError(await marketer.client.post('/api/v1/lead-forms', { ...base, channel: 'pigeon' }), 400, 'VALIDATION_FAILED', ['channel']);
    expectError(await sales.client.post('/api/v1/lead-forms', base), 403, 'FORBIDDEN');
    const form = await created(await marketer.client.post('/api/v1/lead-forms', base));
    expect(form).toMatchObject({ status: 'draft', submissions: 0, ownerId: marketer.id });
    expectError(await marketer.client.post('/api/v1/lead-forms', { ...base, name: '另一个' }), 409, 'DUPLICATE', ['slug']);
    const outsider = await h.createUser({ role: 'marketing', departmentId: await h.createDepartment('品牌部') });
    expectError(await outsider.client.get(`/api/v1/lead-forms/${form.id}`), 404, 'NOT_FOUND');
    expect((await auditOf(admin, form.id as string))[0]).toMatchObject({ action: 'create', entityType: 'lead_form' });
    // A draft is not public.
    expect((await h.app.inject({ method: 'GET', url: '/f/contact-us' })).statusCode).toBe(404);
  });

  it('turn a visitor’s submission into a graded, assigned, attributed lead — and refuse bots', async () => {
    const campaign = await created(await marketer.client.post('/api/v1/campaigns', { name: '2027 苏州智能制造展', type: 'trade_show' }));
    const draft = await created(
      await marketer.client.post('/api/v1/lead-forms', {
        name: '展会预约',
        slug: 'expo-2027',
        title: '预约 2027 智能制造展参观',
        description: '填写信息，展会前我们会与您联系。',
        fields: FIELDS,
        channel: 'trade_show',
        campaignId: campaign.id,
        consentText: '我同意客户公司按照隐私政策处理我的个人信息',
        thankYouMessage: '预约成功！',
        allowedOrigins: ['https://www.example.com'],
      }),
    );
    const form = await created(await marketer.client.patch(`/api/v1/lead-forms/${draft.id}`, { version: draft.version, status: 'published' }), 200);
    const ip = '203.0.113.7';

    // The page: framed only by the owner's site, with a signed token and a hidden honeypot.
    const page = await visit('expo-2027', ip);
    expect(page.res.statusCode).toBe(200);
    expect(page.res.body).toContain('预约 2027 智能制造展参观');
    expect(page.res.body).toContain('江苏省');
    expect(String(page.res.headers['content-security-policy'])).toContain('frame-ancestors https://www.example.com');
    expect(page.res.headers['x-frame-options']).toBeUndefined();
    expect(page.token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{22}$/);
    const person = { contactName: '钱经理', phone: '138 1234 5678', companyName: '苏州恒远精密机械有限公司', provinceCode: '320000', needMatch: 'yes', budget: 'yes', authority: 'yes', _consent: '1' };

    // Posted at once: a script. Filled honeypot: a bot, told "thanks" and ignored. No consent: asked again.
    expect((await submit('expo-2027', ip, { ...person, _t: page.token })).body).toContain('提交太快了');
    h.clock.advance(10 * SECOND);
    const honeypot = await submit('expo-2027', ip, { ...person, _t: page.token, website: 'http://spam.example' });
    expect(honeypot.body).toContain('预约成功！');
    const { _consent: _c, ...noConsent } = person;
    const asked = await submit('expo-2027', ip, { ...noConsent, _t: page.token });
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain('请阅读并勾选同意');
    expect(asked.body).toContain('value="钱经理"');
    expect((await submit('expo-2027', ip, { ...person, _t: 'forged.AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(400);
    await marketer.client.login(marketer.username, USER_PASSWORD);
    expect((await admin.get('/api/v1/leads?q=' + encodeURIComponent('钱经理'))).body.items).toEqual([]);

    // A person: a lead graded A, assigned by the rule of 华东, attributed to the show, owner told.
    const ok = await submit('expo-2027', ip, { ...person, _t: page.token });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('预约成功！');
    admin = await h.admin();
    const [lead] = (await admin.get('/api/v1/leads?q=' + encodeURIComponent('钱经理'))).body.items as Record<string, any>[];
    expect(lead).toMatchObject({ contactName: '钱经理', grade: 'A', ownerId: sales.id, channel: 'trade_show', campaignId: campaign.id, phone: expect.objectContaining({ e164: '+8613812345678' }), region: 'east' });
    const detail = (await admin.get(`/api/v1/leads/${lead?.id}`)).body;
    expect(detail.sources).toEqual([expect.objectContaining({ channel: 'trade_show', detail: '网页表单：展会预约', campaignId: campaign.id, campaignName: '2027 苏州智能制造展' })]);
    await sales.client.login(sales.username, USER_PASSWORD);
    const notes = (await sales.client.get('/api/v1/notifications')).body.items as { kind: string }[];
    expect(notes.map((n) => n.kind)).toContain('lead.assigned');
    const members = (await marketer.client.get(`/api/v1/campaigns/${campaign.id}/members`)).body.items as { name: string; status: string; source: string }[];
    expect(members.map((m) => [m.name, m.status, m.source])).toEqual([['钱经理', 'registered', 'form']]);

    // The same prospect again (another page view): merged into the open lead, not a second one.
    h.clock.advance(10 * SECOND);
    const again = await visit('expo-2027', ip);
    h.clock.advance(10 * SECOND);
    expect((await submit('expo-2027', ip, { ...person, needs: '想看五轴加工中心', _t: again.token })).statusCode).toBe(200);
    expect((await admin.get('/api/v1/leads?q=' + encodeURIComponent('钱经理'))).body.items).toHaveLength(1);

    // One address may submit five times in ten minutes (refused ones count): the sixth is refused.
    const limited = await submit('expo-2027', ip, { ...person, contactName: '孙工', phone: '13912345678', _t: again.token });
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('提交过于频繁');
    // Another address is not limited by it.
    expect((await submit('expo-2027', '198.51.100.9', { ...person, contactName: '孙工', phone: '13912345678', _t: again.token })).statusCode).toBe(200);

    const outcomes = ((await marketer.client.get(`/api/v1/lead-forms/${form.id}/submissions`)).body.items as { outcome: string; reason: string | null }[]).map((s) => [s.outcome, s.reason]);
    expect(outcomes).toEqual([
      ['created', null],
      ['rejected', 'rate_limit'],
      ['merged', null],
      ['created', null],
      ['rejected', 'token_invalid'],
      ['rejected', 'honeypot'],
      ['rejected', 'token_too_fast'],
    ]);
    expect(await created(await marketer.client.get(`/api/v1/lead-forms/${form.id}`), 200)).toMatchObject({ submissions: 3, leadsCreated: 2 });

    // A redirect instead of the thank-you page; a closed form says so.
    const moved = await created(await marketer.client.patch(`/api/v1/lead-forms/${form.id}`, { version: form.version, redirectUrl: 'https://www.example.com/thanks' }), 200);
    h.clock.advance(10 * SECOND);
    const third = await visit('expo-2027', '192.0.2.1');
    h.clock.advance(10 * SECOND);
    const redirected = await submit('expo-2027', '192.0.2.1', { ...person, contactName: '周工', phone: '13612345678', _t: third.token });
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe('https://www.example.com/thanks');
    await created(await marketer.client.patch(`/api/v1/lead-forms/${form.id}`, { version: moved.version, status: 'closed' }), 200);
    expect((await h.app.inject({ method: 'GET', url: '/f/expo-2027' })).statusCode).toBe(410);
  });
});
