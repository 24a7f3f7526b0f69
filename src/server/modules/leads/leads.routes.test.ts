import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { leadSlaJob } from './leads.jobs.ts';

let h: Harness;
let admin: Client;
let east: string;
let north: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  const sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  north = await h.createDepartment('华北大区', sales);
});
afterAll(async () => h.close());

const yes = { needMatch: 'yes', budget: 'yes', authority: 'yes' };

describe('registering leads', () => {
  it('numbers them LX{year}{seq}, grades them and sends C leads to the nurture pool', async () => {
    const mkt = await h.createUser({ role: 'marketing', departmentId: east });
    const year = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(h.clock.now());
    const a = await mkt.client.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '2024 工博会', companyName: '无锡新吴精工有限公司', contactName: '钱经理', phone: '13800001111', criteria: yes });
    expect(a.status).toBe(201);
    expect(a.body.lead).toMatchObject({ number: `LX${year}001`, grade: 'A', computedGrade: 'A', status: 'new', phone: { e164: '+8613800001111' } });
    expect(a.body.lead.sla.kind).toBe('pending');
    expect(a.body.lead.sla.remainingMs).toBeGreaterThan(23 * 3_600_000);
    const c = await mkt.client.post('/api/v1/leads', { channel: 'website', contactName: '孙先生', criteria: { needMatch: 'unclear', budget: 'no', authority: 'unclear' } });
    expect(c.body.lead).toMatchObject({ number: `LX${year}002`, grade: 'C', status: 'nurture' });
    const overridden = await mkt.client.post('/api/v1/leads', { channel: 'referral', contactName: '周女士', criteria: yes, gradeOverride: { grade: 'B', reason: '客户下季度才有预算' } });
    expect(overridden.body.lead).toMatchObject({ grade: 'B', computedGrade: 'A', gradeOverrideReason: '客户下季度才有预算' });
  });

  it('merges the same prospect from a second channel into one lead that keeps both sources', async () => {
    const mkt = await h.createUser({ role: 'marketing', departmentId: east });
    const first = await mkt.client.post('/api/v1/leads', { channel: 'search_ads', sourceDetail: 'CRM 系统', contactName: '吴总', email: 'wu@jiangnan.cn' });
    const again = await mkt.client.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '上海展', contactName: '吴总', email: 'WU@jiangnan.cn', companyName: '江南丝绸有限公司', phone: '13900002222' });
    expect(again.status).toBe(200);
    expect(again.body.merged).toBe(true);
    expect(again.body.lead).toMatchObject({ id: first.body.lead.id, companyName: '江南丝绸有限公司', phone: { e164: '+8613900002222' } });
    expect(again.body.lead.sources.map((s: { channel: string; detail: string }) => [s.channel, s.detail])).toEqual([
      ['search_ads', 'CRM 系统'],
      ['trade_show', '上海展'],
    ]);
  });

  it('takes a corrected channel on edit only from the list in use, and keeps a retired one the lead already has', async () => {
    await admin.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Online ads edit' });
    await admin.post('/api/v1/source-channels', { nameZh: '行业协会', nameEn: 'Trade association' });
    const created = await admin.post('/api/v1/leads', { channel: 'online_ads_edit', sourceDetail: '信息流', contactName: '冯经理', phone: '13900003333' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const lead = created.body.lead;
    const channels = (await admin.get('/api/v1/source-channels')).body.items as { key: string; version: number }[];
    const retire = async (key: string) => {
      const c = channels.find((x) => x.key === key);
      expect((await admin.patch(`/api/v1/source-channels/${key}`, { version: c?.version, active: false })).status).toBe(200);
    };
    await retire('online_ads_edit');
    await retire('trade_association');

    // The lead's own channel, retired since, goes through an edit of something else.
    const kept = await admin.patch(`/api/v1/leads/${lead.id}`, { version: lead.version, channel: 'online_ads_edit', title: '采购经理' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    expect(kept.body).toMatchObject({ channel: 'online_ads_edit', title: '采购经理' });

    for (const channel of ['nowhere', 'trade_association']) {
      const refused = await admin.patch(`/api/v1/leads/${lead.id}`, { version: kept.body.version, channel });
      expect(refused.status, channel).toBe(400);
      expect(refused.body.error.details).toEqual([{ path: 'channel', message: 'Source channel not found' }]);
    }

    const corrected = await admin.patch(`/api/v1/leads/${lead.id}`, { version: kept.body.version, channel: 'trade_show' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.channel).toBe('trade_show');
    expect(corrected.body.sources.map((s: { channel: string; detail: string }) => [s.channel, s.detail])).toEqual([['trade_show', '信息流']]);
  });
});

describe('scope, assignment and status', () => {
  it('salespeople see only their leads; assignment needs lead:assign, stays in scope and is audited', async () => {
    const mgr = await h.createUser({ role: 'manager', departmentId: east });
    const s1 = await h.createUser({ role: 'sales', departmentId: east });
    const s2 = await h.createUser({ role: 'sales', departmentId: north });
    const created = (await mgr.client.post('/api/v1/leads', { channel: 'phone_in', contactName: '郑工', criteria: yes })).body.lead;
    expect((await s1.client.get(`/api/v1/leads/${created.id}`)).status).toBe(404);
    expect((await s1.client.post(`/api/v1/leads/${created.id}/assign`, { ownerId: s1.id, version: 1 })).status).toBe(403);
    expect((await mgr.client.post(`/api/v1/leads/${created.id}/assign`, { ownerId: s2.id, version: 1 })).status).toBe(400); // outside the manager's department
    const assigned = await mgr.client.post(`/api/v1/leads/${created.id}/assign`, { ownerId: s1.id, version: 1 });
    expect(assigned.body).toMatchObject({ ownerId: s1.id, status: 'assigned', sla: { kind: 'met' } });
    expect((await s1.client.get(`/api/v1/leads/${created.id}`)).status).toBe(200);
    expect((await s2.client.get('/api/v1/leads')).body.items.map((l: { id: string }) => l.id)).not.toContain(created.id);
    const log = (await admin.get(`/api/v1/audit-log?entityId=${created.id}`)).body.items;
    expect(log[0].changes).toEqual({ owner: [null, s1.username + ' 用户'], status: ['new', 'assigned'] });
  });

  it('follows the allowed status transitions (422 with the allowed ones) and regrades on new criteria', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const l = (await s.client.post('/api/v1/leads', { channel: 'email', contactName: '冯女士', ownerId: s.id, criteria: { needMatch: 'yes' } })).body.lead;
    expect(l).toMatchObject({ status: 'assigned', grade: 'B' });
    const jump = await s.client.patch(`/api/v1/leads/${l.id}`, { version: l.version, status: 'qualified' });
    expect(jump.status).toBe(422);
    expect(jump.body.error.message).toMatch(/contacted/);
    const contacted = await s.client.patch(`/api/v1/leads/${l.id}`, { version: l.version, status: 'contacted', criteria: yes });
    expect(contacted.body).toMatchObject({ status: 'contacted', grade: 'A' });
    expect((await s.client.patch(`/api/v1/leads/${l.id}`, { version: contacted.body.version, status: 'converted' })).status).toBe(422);
    expect((await s.client.patch(`/api/v1/leads/${l.id}`, { version: 1, needs: 'x' })).status).toBe(409);
  });

  it('shows an unassigned A lead as overdue after 24 hours', async () => {
    const mkt = await h.createUser({ role: 'marketing', departmentId: east });
    const l = (await mkt.client.post('/api/v1/leads', { channel: 'website', contactName: '褚先生', criteria: yes })).body.lead;
    h.clock.advance(25 * 3_600_000);
    const colleague = await h.createUser({ role: 'marketing', departmentId: east }); // a fresh session
    const later = await colleague.client.get(`/api/v1/leads/${l.id}`);
    expect(later.body.sla.kind).toBe('overdue');
    expect(later.body.sla.overdueMs).toBeGreaterThan(3_500_000);
    const unassigned = await colleague.client.get('/api/v1/leads?unassigned=true&grade=A');
    expect(unassigned.body.items.map((x: { id: string }) => x.id)).toContain(l.id);
    // The scheduled SLA check flags it once (a second run changes nothing), with an audit entry.
    expect(later.body.slaBreachedAt).toBeNull();
    await leadSlaJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    const flagged = (await colleague.client.get(`/api/v1/leads/${l.id}`)).body.slaBreachedAt;
    expect(flagged).not.toBeNull();
    await leadSlaJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    expect((await colleague.client.get(`/api/v1/leads/${l.id}`)).body.slaBreachedAt).toBe(flagged);
    const fresh = await h.createUser({ role: 'admin' });
    const log = (await fresh.client.get(`/api/v1/audit-log?entityId=${l.id}&action=update`)).body.items;
    expect(log).toEqual([expect.objectContaining({ actorName: 'system', changes: { slaBreached: [false, true] } })]);
  });

  it('tells everyone who may assign the lead of a breach, once: managers of every department (a marketing lead is handed over by sales), not salespeople', async () => {
    const branch = await h.createDepartment('华东二部', east);
    const mkt = await h.createUser({ role: 'marketing', departmentId: branch });
    const l = (await mkt.client.post('/api/v1/leads', { channel: 'website', contactName: '卫先生', companyName: '宁波港务物流有限公司', criteria: yes })).body.lead;
    h.clock.advance(25 * 3_600_000);
    const eastManager = await h.createUser({ role: 'manager', departmentId: east });
    const branchSales = await h.createUser({ role: 'sales', departmentId: branch });
    const northManager = await h.createUser({ role: 'manager', departmentId: north });
    const run = () => leadSlaJob.handler(h.deps, {}, { jobId: 'test', runKey: null, attempt: 1, signal: new AbortController().signal });
    await run();
    await run();
    const inbox = (await eastManager.client.get('/api/v1/notifications')).body.items.filter((n: { entityId: string }) => n.entityId === l.id);
    expect(inbox).toEqual([expect.objectContaining({ kind: 'lead.sla_breached', entityType: 'lead', params: { number: l.number, name: '宁波港务物流有限公司' }, readAt: null })]);
    expect((await branchSales.client.get('/api/v1/notifications')).body.items).toEqual([]);
    // The waiting lead is in North's manager's 待分配 list too, so the breach reaches them as well.
    expect((await northManager.client.get('/api/v1/notifications')).body.items.filter((n: { entityId: string }) => n.entityId === l.id)).toEqual([
      expect.objectContaining({ kind: 'lead.sla_breached', entityId: l.id }),
    ]);

    // Read marks: one's own only; unread count follows.
    const id = inbox[0].id as string;
    expect((await branchSales.client.post(`/api/v1/notifications/${id}/read`)).status).toBe(404);
    const before = (await eastManager.client.get('/api/v1/notifications/unread-count')).body.unread;
    expect((await eastManager.client.post(`/api/v1/notifications/${id}/read`)).status).toBe(200);
    expect((await eastManager.client.get('/api/v1/notifications/unread-count')).body.unread).toBe(before - 1);
    expect((await eastManager.client.get('/api/v1/notifications?unread=true')).body.items.map((n: { id: string }) => n.id)).not.toContain(id);
    expect((await eastManager.client.post('/api/v1/notifications/read-all')).status).toBe(200);
    expect((await eastManager.client.get('/api/v1/notifications/unread-count')).body.unread).toBe(0);
  });
});

describe('conversion', () => {
  async function qualifiedLead(client: Client, body: Record<string, unknown>) {
    let l = (await client.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '深圳高交会', criteria: yes, ...body })).body.lead;
    for (const status of ['contacted', 'qualified']) {
      l = (await client.patch(`/api/v1/leads/${l.id}`, { version: l.version, status })).body;
    }
    expect(l.status).toBe('qualified');
    return l;
  }

  it('turns a qualified lead into a customer and a contact in one transaction, keeping the link', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const l = await qualifiedLead(s.client, { companyName: '深圳前海数科有限公司', contactName: '蒋总', title: 'CTO', phone: '13600003333', email: 'jiang@qhsk.cn', needs: '数据中台', ownerId: s.id, industryCode: 'IT' });
    // A disqualified lead is reopened first (an open one converts at once: lead-handoff.routes.test.ts).
    const early = await s.client.post('/api/v1/leads', { channel: 'website', contactName: '无效的人', ownerId: s.id, criteria: yes });
    const dropped = await s.client.patch(`/api/v1/leads/${early.body.lead.id}`, { version: early.body.lead.version, status: 'disqualified' });
    expect((await s.client.post(`/api/v1/leads/${early.body.lead.id}/convert`, { version: dropped.body.version })).status).toBe(422);

    const res = await s.client.post(`/api/v1/leads/${l.id}/convert`, { version: l.version });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ createdCustomer: true, lead: { status: 'converted', customerId: res.body.customerId } });
    const customer = (await s.client.get(`/api/v1/customers/${res.body.customerId}`)).body;
    expect(customer).toMatchObject({ name: '深圳前海数科有限公司', ownerId: s.id, sourceChannel: 'trade_show', sourceDetail: '深圳高交会', needs: '数据中台', stage: 'intent', grade: 'A', industryCode: 'IT' });
    const contacts = (await s.client.get(`/api/v1/customers/${res.body.customerId}/contacts`)).body.items;
    expect(contacts).toEqual([expect.objectContaining({ id: res.body.contactId, name: '蒋总', title: 'CTO', email: 'jiang@qhsk.cn', isPrimary: true })]);
    expect(contacts[0].phones[0].e164).toBe('+8613600003333');
    expect((await s.client.patch(`/api/v1/leads/${l.id}`, { version: res.body.lead.version, needs: '改' })).status).toBe(422);
  });

  it('answers 409 with the candidates when the company exists, and can join the existing customer instead', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const existing = (await s.client.post('/api/v1/customers', { name: '杭州西溪云计算有限公司' })).body;
    const l = await qualifiedLead(s.client, { companyName: '西溪云计算（杭州）有限公司', contactName: '韩经理', ownerId: s.id });
    const dup = await s.client.post(`/api/v1/leads/${l.id}/convert`, { version: l.version });
    expect(dup.status).toBe(409);
    expect(dup.body.error.candidates[0]).toMatchObject({ id: existing.id });
    // Nothing was half-written: the lead is still qualified, no customer was made.
    expect((await s.client.get(`/api/v1/leads/${l.id}`)).body.status).toBe('qualified');
    const joined = await s.client.post(`/api/v1/leads/${l.id}/convert`, { version: l.version, customerId: existing.id });
    expect(joined.body).toMatchObject({ createdCustomer: false, customerId: existing.id });
    expect((await s.client.get(`/api/v1/customers/${existing.id}/contacts`)).body.items.map((c: { name: string }) => c.name)).toEqual(['韩经理']);
  });

  it('rolls everything back when the contact cannot be written', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const l = await qualifiedLead(s.client, { companyName: '绍兴柯桥轻纺有限公司', contactName: '卫老板', ownerId: s.id });
    // Someone else saved the lead meanwhile: the stale version fails after the customer insert.
    await s.client.patch(`/api/v1/leads/${l.id}`, { version: l.version, needs: '面料' });
    const res = await s.client.post(`/api/v1/leads/${l.id}/convert`, { version: l.version });
    expect(res.status).toBe(409);
    const found = await s.client.post('/api/v1/customers/duplicate-check', { name: '绍兴柯桥轻纺有限公司' });
    expect(found.body.items).toEqual([]);
  });
});
