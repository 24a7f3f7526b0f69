import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { sendDailyDigest } from './followups.jobs.ts';

let h: Harness;
let east: string;
let north: string;
beforeAll(async () => {
  h = await createHarness();
  const sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  north = await h.createDepartment('华北大区', sales);
});
afterAll(async () => h.close());

const yes = { needMatch: 'yes', budget: 'yes', authority: 'yes' };
const iso = (ms: number) => new Date(ms).toISOString();

async function customerOf(client: Client, name: string, extra: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/customers', { name, ...extra });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; lastFollowUpAt: string | null };
}

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await h.deps.db.execute(query)).rows as T[];
}

describe('logging a follow-up', () => {
  it('records it, moves the last follow-up time, and creates the next step as a task with a reminder, in one go', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(s.client, '苏州工业园区精密模具有限公司');
    const contact = (await s.client.post(`/api/v1/customers/${c.id}/contacts`, { name: '沈经理', phones: ['13912345678'] })).body;
    const now = h.clock.now().getTime();
    const happenedAt = iso(now - 3_600_000);
    const next = iso(now + 2 * 86_400_000);
    const res = await s.client.post('/api/v1/follow-ups', {
      customerId: c.id,
      contactId: contact.id,
      method: 'visit',
      happenedAt,
      content: '上门演示模具管理方案，客户关注交期',
      feedback: '对价格敏感',
      agreements: '下周提供报价',
      openQuestions: '是否需要对接 ERP',
      nextAction: '发送正式报价',
      nextFollowUpAt: next,
      reminderMinutes: 60,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ customerId: c.id, contactName: '沈经理', method: 'visit', ownerId: s.id, happenedAt, nextFollowUpAt: next });
    expect(res.body.taskId).toEqual(expect.any(String));

    const task = (await s.client.get(`/api/v1/tasks/${res.body.taskId}`)).body;
    expect(task).toMatchObject({ title: '发送正式报价', type: 'visit', dueAt: next, reminderMinutes: 60, remindAt: iso(Date.parse(next) - 3_600_000), assigneeId: s.id, customerId: c.id, contactId: contact.id, followUpId: res.body.id, status: 'open' });
    expect((await s.client.get(`/api/v1/customers/${c.id}`)).body.lastFollowUpAt).toBe(happenedAt);

    // An older visit logged late does not move "last follow-up" back.
    const older = await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'phone', happenedAt: iso(now - 5 * 86_400_000), content: '电话初次沟通' });
    expect(older.status).toBe(201);
    expect(older.body.taskId).toBeNull();
    expect((await s.client.get(`/api/v1/customers/${c.id}`)).body.lastFollowUpAt).toBe(happenedAt);

    const list = (await s.client.get(`/api/v1/follow-ups?customerId=${c.id}`)).body.items;
    expect(list.map((f: { id: string }) => f.id)).toEqual([res.body.id, older.body.id]);

    const audit = await rows<{ entity_type: string; action: string }>(sql`select entity_type, action from audit_log where entity_id in (${res.body.id}, ${res.body.taskId}) order by entity_type`);
    expect(audit).toEqual([
      { entity_type: 'follow_up', action: 'create' },
      { entity_type: 'task', action: 'create' },
    ]);
    const timeline = await rows<{ kind: string }>(sql`select kind from timeline_events where customer_id = ${c.id} order by occurred_at desc`);
    expect(timeline.map((t) => t.kind).sort()).toEqual(['contact.added', 'customer.created', 'follow_up.logged', 'follow_up.logged', 'task.created']);
  });

  it('writes nothing when a later step fails: the follow-up, the last follow-up time and the task go together', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(s.client, '无锡新区半导体封装有限公司');
    // Make the task insert fail inside the transaction (a trigger in the database, not a mock).
    await h.deps.db.execute(sql.raw(`create function fail_task() returns trigger language plpgsql as $$ begin raise exception 'task refused'; end $$`));
    await h.deps.db.execute(sql.raw(`create trigger fail_task before insert on tasks for each row execute function fail_task()`));
    try {
      const res = await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'phone', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '电话沟通', nextFollowUpAt: iso(h.clock.now().getTime() + 86_400_000) });
      expect(res.status).toBe(500);
    } finally {
      await h.deps.db.execute(sql.raw('drop trigger fail_task on tasks; drop function fail_task()'));
    }
    expect(await rows(sql`select id from follow_ups where customer_id = ${c.id}`)).toEqual([]);
    expect(await rows(sql`select kind from timeline_events where customer_id = ${c.id}`)).toEqual([{ kind: 'customer.created' }]);
    expect((await s.client.get(`/api/v1/customers/${c.id}`)).body.lastFollowUpAt).toBeNull();
  });

  it('refuses bad input field by field', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(s.client, '宁波北仑港口物流有限公司');
    const now = h.clock.now().getTime();
    const base = { customerId: c.id, method: 'phone', happenedAt: iso(now - 60_000), content: '电话' };
    const future = await s.client.post('/api/v1/follow-ups', { ...base, happenedAt: iso(now + 86_400_000) });
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: 'happenedAt' })]);
    const backwards = await s.client.post('/api/v1/follow-ups', { ...base, nextFollowUpAt: iso(now - 120_000) });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([expect.objectContaining({ path: 'nextFollowUpAt' })]);
    const noSubject = await s.client.post('/api/v1/follow-ups', { method: 'phone', happenedAt: base.happenedAt, content: '电话' });
    expect(noSubject.status).toBe(400);
    const method = await s.client.post('/api/v1/follow-ups', { ...base, method: 'carrier_pigeon' });
    expect(method.status).toBe(400);
    expect(method.body.error.details).toEqual([expect.objectContaining({ path: 'method' })]);
    const empty = await s.client.post('/api/v1/follow-ups', { ...base, content: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('content');
    const other = await customerOf(s.client, '宁波镇海石化设备有限公司');
    const otherContact = (await s.client.post(`/api/v1/customers/${other.id}/contacts`, { name: '别人家的联系人' })).body;
    const wrongContact = await s.client.post('/api/v1/follow-ups', { ...base, contactId: otherContact.id });
    expect(wrongContact.status).toBe(400);
    expect(wrongContact.body.error.details).toEqual([expect.objectContaining({ path: 'contactId' })]);
    expect(await rows(sql`select id from follow_ups where customer_id = ${c.id}`)).toEqual([]);
  });

  it('moves a new lead to contacted, and the lead’s follow-ups join the customer it converts into', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    let lead = (await s.client.post('/api/v1/leads', { channel: 'website', companyName: '合肥高新智能装备有限公司', contactName: '唐工', ownerId: s.id, criteria: yes })).body.lead;
    expect(lead.status).toBe('assigned');
    const at = iso(h.clock.now().getTime() - 60_000);
    const f = await s.client.post('/api/v1/follow-ups', { leadId: lead.id, method: 'phone', happenedAt: at, content: '电话确认需求', nextFollowUpAt: iso(h.clock.now().getTime() + 86_400_000) });
    expect(f.status).toBe(201);
    expect(f.body).toMatchObject({ leadId: lead.id, customerId: null, leadNumber: lead.number });
    lead = (await s.client.get(`/api/v1/leads/${lead.id}`)).body;
    expect(lead.status).toBe('contacted');
    lead = (await s.client.patch(`/api/v1/leads/${lead.id}`, { version: lead.version, status: 'qualified' })).body;
    const converted = await s.client.post(`/api/v1/leads/${lead.id}/convert`, { version: lead.version });
    expect(converted.status).toBe(200);
    const customerId = converted.body.customerId;
    const ofCustomer = (await s.client.get(`/api/v1/follow-ups?customerId=${customerId}`)).body.items;
    expect(ofCustomer.map((x: { id: string }) => x.id)).toEqual([f.body.id]);
    expect(ofCustomer[0]).toMatchObject({ leadId: lead.id, customerId });
    expect((await s.client.get(`/api/v1/tasks/${f.body.taskId}`)).body.customerId).toBe(customerId);
    const kinds = await rows<{ kind: string }>(sql`select kind from timeline_events where customer_id = ${customerId}`);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['follow_up.logged', 'task.created', 'lead.converted']));
  });
});

describe('who sees and changes follow-ups', () => {
  it('goes with the customer: others get 404, a collaborator reads but may not edit, the manager may', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const colleague = await h.createUser({ role: 'sales', departmentId: east });
    const stranger = await h.createUser({ role: 'sales', departmentId: north });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const northManager = await h.createUser({ role: 'manager', departmentId: north });
    const c = await customerOf(owner.client, '南京江宁生物医药有限公司', { collaboratorIds: [] });
    const f = (await owner.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'email', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '发送资料', feedback: '需要案例' })).body;

    for (const other of [colleague, stranger, northManager]) {
      expect((await other.client.get(`/api/v1/follow-ups/${f.id}`)).status).toBe(404);
      expect((await other.client.get(`/api/v1/follow-ups?customerId=${c.id}`)).status).toBe(404);
      expect((await other.client.get('/api/v1/follow-ups')).body.items.map((x: { id: string }) => x.id)).not.toContain(f.id);
      expect((await other.client.patch(`/api/v1/follow-ups/${f.id}`, { version: 1, content: '改' })).status).toBe(404);
      expect((await other.client.delete(`/api/v1/follow-ups/${f.id}`)).status).toBe(404);
      expect((await other.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'phone', happenedAt: iso(h.clock.now().getTime() - 1000), content: 'x' })).status).toBe(400);
    }

    // Shared with a colleague: the customer's history is theirs to read, not to rewrite.
    const cust = (await owner.client.get(`/api/v1/customers/${c.id}`)).body;
    expect((await owner.client.patch(`/api/v1/customers/${c.id}`, { version: cust.version, collaboratorIds: [colleague.id] })).status).toBe(200);
    expect((await colleague.client.get(`/api/v1/follow-ups/${f.id}`)).body.content).toBe('发送资料');
    expect((await colleague.client.patch(`/api/v1/follow-ups/${f.id}`, { version: 1, content: '改' })).status).toBe(403);
    expect((await colleague.client.delete(`/api/v1/follow-ups/${f.id}`)).status).toBe(403);

    const edited = await manager.client.patch(`/api/v1/follow-ups/${f.id}`, { version: 1, content: '发送资料和报价' });
    expect(edited.status).toBe(200);
    expect(edited.body.content).toBe('发送资料和报价');
    expect((await owner.client.patch(`/api/v1/follow-ups/${f.id}`, { version: 1, content: '过期版本' })).status).toBe(409);
    expect((await manager.client.get('/api/v1/follow-ups')).body.items.map((x: { id: string }) => x.id)).toContain(f.id);
  });

  it('deleting the latest follow-up moves the customer’s last follow-up back to the one before', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(s.client, '杭州滨江网络安全有限公司');
    const now = h.clock.now().getTime();
    const first = (await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'phone', happenedAt: iso(now - 86_400_000), content: '第一次' })).body;
    const second = (await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'visit', happenedAt: iso(now - 3_600_000), content: '第二次' })).body;
    expect((await s.client.get(`/api/v1/customers/${c.id}`)).body.lastFollowUpAt).toBe(second.happenedAt);
    expect((await s.client.delete(`/api/v1/follow-ups/${second.id}`)).status).toBe(200);
    expect((await s.client.get(`/api/v1/customers/${c.id}`)).body.lastFollowUpAt).toBe(first.happenedAt);
    expect((await s.client.get(`/api/v1/follow-ups/${second.id}`)).status).toBe(404);
    expect(await rows(sql`select id from timeline_events where entity_id = ${second.id}`)).toEqual([]);
    const audit = await rows<{ action: string }>(sql`select action from audit_log where entity_id = ${second.id} order by at`);
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });
});

describe('follow-up methods', () => {
  it('are a list admins extend and retire; a retired method stays on old follow-ups but is refused for new ones', async () => {
    const admin = await h.admin();
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const list = (await s.client.get('/api/v1/follow-up-methods')).body.items;
    expect(list.map((m: { code: string }) => m.code)).toEqual(['phone', 'visit', 'email', 'online_meeting', 'demo', 'other']);
    expect((await s.client.post('/api/v1/follow-up-methods', { code: 'wechat', nameZh: '微信', nameEn: 'WeChat' })).status).toBe(403);
    const added = await admin.post('/api/v1/follow-up-methods', { code: 'wechat', nameZh: '微信', nameEn: 'WeChat', sortOrder: 15 });
    expect(added.status).toBe(201);
    expect((await admin.post('/api/v1/follow-up-methods', { code: 'wechat', nameZh: '微信2', nameEn: 'WeChat 2' })).status).toBe(409);
    expect((await admin.post('/api/v1/follow-up-methods', { code: 'We Chat', nameZh: '微信', nameEn: 'WeChat' })).body.error.details[0].path).toBe('code');
    const c = await customerOf(s.client, '东莞松山湖电子有限公司');
    const f = await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'wechat', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '微信沟通' });
    expect(f.status).toBe(201);
    expect(f.body.method).toBe('wechat');
    const retired = await admin.patch('/api/v1/follow-up-methods/wechat', { version: added.body.version, active: false });
    expect(retired.body).toMatchObject({ code: 'wechat', active: false });
    expect((await s.client.post('/api/v1/follow-ups', { customerId: c.id, method: 'wechat', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '微信' })).status).toBe(400);
    expect((await s.client.get(`/api/v1/follow-ups/${f.body.id}`)).body.method).toBe('wechat');
  });
});

describe('follow-up cadence', () => {
  it('flags customers and leads past the cadence of their grade, in lists and on the home page, and follows the admin’s setting', async () => {
    h.clock.set('2026-09-01T09:00:00+08:00');
    const admin = await h.admin();
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const gradeA = await customerOf(s.client, '佛山顺德家电配件有限公司', { grade: 'A' });
    const gradeC = await customerOf(s.client, '佛山南海铝型材有限公司', { grade: 'C' });
    const lead = (await s.client.post('/api/v1/leads', { channel: 'website', contactName: '黎先生', ownerId: s.id, criteria: { needMatch: 'yes', budget: 'unclear', authority: 'unclear' } })).body.lead;
    expect(lead.grade).toBe('B');
    // Days pass: sessions expire meanwhile, so log in again after each jump.
    const days = async (n: number) => {
      h.clock.advance(n * 86_400_000);
      await s.client.login(s.username, USER_PASSWORD);
      await admin.login('admin', ADMIN_PASSWORD);
    };
    const due = async () => ({
      customers: (await s.client.get('/api/v1/customers?needsFollowUp=true')).body.items.map((c: { id: string }) => c.id),
      leads: (await s.client.get('/api/v1/leads?needsFollowUp=true')).body.items.map((l: { id: string }) => l.id),
      summary: (await s.client.get('/api/v1/me/follow-up-summary')).body,
    });

    expect(await due()).toMatchObject({ customers: [], leads: [], summary: { customersDue: 0, leadsDue: 0 } });
    await days(8); // A is weekly
    expect(await due()).toMatchObject({ customers: [gradeA.id], leads: [], summary: { customersDue: 1, leadsDue: 0 } });
    await days(7); // B every two weeks
    expect(await due()).toMatchObject({ customers: [gradeA.id], leads: [lead.id], summary: { customersDue: 1, leadsDue: 1 } });
    // A follow-up resets the clock for that customer.
    await s.client.post('/api/v1/follow-ups', { customerId: gradeA.id, method: 'phone', happenedAt: iso(h.clock.now().getTime() - 60_000), content: '例行回访' });
    expect((await due()).customers).toEqual([]);

    // The admin tightens C to 10 days: the C customer is now due too.
    expect((await s.client.put('/api/v1/settings/follow-up-cadence', { A: 7, B: 14, C: 10, ungraded: 30 })).status).toBe(403);
    const bad = await admin.put('/api/v1/settings/follow-up-cadence', { A: 0, B: 14, C: 10, ungraded: 30 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('A');
    expect((await admin.put('/api/v1/settings/follow-up-cadence', { A: 7, B: 14, C: 10, ungraded: 30 })).status).toBe(200);
    expect((await s.client.get('/api/v1/settings/follow-up-cadence')).body).toEqual({ A: 7, B: 14, C: 10, ungraded: 30 });
    expect((await due()).customers).toEqual([gradeC.id]);
    await admin.put('/api/v1/settings/follow-up-cadence', { A: 7, B: 14, C: 30, ungraded: 30 });
  });
});

describe('the morning digest', () => {
  it('tells each user once a day what is overdue, due today and past its cadence, in the bell and by e-mail', async () => {
    h.clock.set('2026-10-01T07:00:00+08:00');
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const idle = await h.createUser({ role: 'sales', departmentId: east });
    await customerOf(s.client, '厦门海沧港机设备有限公司', { grade: 'A' });
    const now = h.clock.now().getTime();
    await s.client.post('/api/v1/tasks', { title: '逾期的', dueAt: iso(now - 3_600_000) });
    await s.client.post('/api/v1/tasks', { title: '今天的', dueAt: iso(now + 3_600_000) });
    await s.client.post('/api/v1/tasks', { title: '下周的', dueAt: iso(now + 7 * 86_400_000) });
    h.clock.advance(8 * 86_400_000 - 2 * 3_600_000); // 9 October, 05:00: the A customer is due, the three tasks all overdue
    await sendDailyDigest(h.deps);
    await sendDailyDigest(h.deps); // a second run the same day adds nothing
    const digests = await rows<{ user_id: string; params: Record<string, unknown> }>(sql`select user_id, params from notifications where kind = 'followup.digest' and user_id in (${s.id}, ${idle.id})`);
    expect(digests).toEqual([{ user_id: s.id, params: { overdueTasks: 3, todayTasks: 0, customers: 1, leads: 0, date: '2026-10-09' } }]);
    const mails = await rows<{ subject: string; text: string }>(sql`select subject, text from mail_outbox where user_id = ${s.id} and subject like '今日跟进提醒%'`);
    expect(mails).toEqual([{ subject: '今日跟进提醒（2026-10-09）', text: expect.stringContaining('逾期任务 3 个') }]);
    expect(mails[0]?.text).toContain('超过跟进周期的客户 1 个');
  });
});
