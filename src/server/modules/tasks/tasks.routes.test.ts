import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../db/client.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { deliverDueReminders } from './tasks.jobs.ts';

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

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function newTask(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/tasks', { title: '回访', dueAt: iso(h.clock.now().getTime() + HOUR), ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; remindAt: string | null; dueAt: string };
}

async function reminderNotifications(userId: string, taskId: string): Promise<number> {
  const r = await h.deps.db.execute<{ n: number }>(sql`select count(*)::int n from notifications where user_id = ${userId} and kind = 'task.reminder' and entity_id = ${taskId}`);
  return r.rows[0]?.n ?? 0;
}

describe('my tasks', () => {
  it('sorts open tasks into overdue, today and upcoming, and counts them', async () => {
    h.clock.set('2026-03-02T10:00:00+08:00');
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const now = h.clock.now().getTime();
    const overdue = await newTask(s.client, { title: '逾期', dueAt: iso(now - 2 * HOUR) });
    const today = await newTask(s.client, { title: '今天', dueAt: iso(now + 3 * HOUR) });
    const later = await newTask(s.client, { title: '下周', dueAt: iso(now + 7 * 24 * HOUR) });
    const done = await newTask(s.client, { title: '做完', dueAt: iso(now + HOUR) });
    expect((await s.client.patch(`/api/v1/tasks/${done.id}`, { version: done.version, status: 'done' })).body).toMatchObject({ status: 'done', doneAt: expect.any(String) });

    const ids = async (bucket: string) => (await s.client.get(`/api/v1/tasks?bucket=${bucket}`)).body.items.map((t: { id: string }) => t.id);
    expect(await ids('overdue')).toEqual([overdue.id]);
    expect(await ids('today')).toEqual([today.id]);
    expect(await ids('upcoming')).toEqual([later.id]);
    expect(await ids('done')).toEqual([done.id]);
    expect(await ids('all')).toEqual([overdue.id, done.id, today.id, later.id]);
    expect((await s.client.get(`/api/v1/tasks/${overdue.id}`)).body.overdue).toBe(true);
    expect((await s.client.get('/api/v1/tasks/counts')).body).toEqual({ overdue: 1, today: 1, upcoming: 1 });

    // The calendar asks for a range of due times.
    const week = (await s.client.get(`/api/v1/tasks?from=${encodeURIComponent(iso(now))}&to=${encodeURIComponent(iso(now + 2 * 24 * HOUR))}`)).body.items;
    expect(week.map((t: { title: string }) => t.title)).toEqual(['做完', '今天']);
  });

  it('refuses bad input with the field named', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const noTitle = await s.client.post('/api/v1/tasks', { title: ' ', dueAt: iso(h.clock.now().getTime()) });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.error.details[0].path).toBe('title');
    const badType = await s.client.post('/api/v1/tasks', { title: 'x', type: 'party', dueAt: iso(h.clock.now().getTime()) });
    expect(badType.body.error.details[0].path).toBe('type');
    const badOffset = await s.client.post('/api/v1/tasks', { title: 'x', dueAt: iso(h.clock.now().getTime()), reminderMinutes: -5 });
    expect(badOffset.body.error.details[0].path).toBe('reminderMinutes');
  });
});

describe('who sees and assigns tasks', () => {
  it('keeps a salesperson’s tasks to them and their managers; assigning needs task:assign and the assignee in scope', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const farAway = await h.createUser({ role: 'sales', departmentId: north });
    const t = await newTask(a.client, { title: 'A 的任务' });

    expect((await b.client.get(`/api/v1/tasks/${t.id}`)).status).toBe(404);
    expect((await b.client.patch(`/api/v1/tasks/${t.id}`, { version: t.version, status: 'done' })).status).toBe(404);
    expect((await b.client.get('/api/v1/tasks?view=team')).body.items.map((x: { id: string }) => x.id)).not.toContain(t.id);
    expect((await manager.client.get('/api/v1/tasks?view=team')).body.items.map((x: { id: string }) => x.id)).toContain(t.id);
    expect((await manager.client.get(`/api/v1/tasks/${t.id}`)).status).toBe(200);

    // A salesperson may not hand work to others.
    expect((await a.client.post('/api/v1/tasks', { title: '给 B', dueAt: iso(h.clock.now().getTime() + HOUR), assigneeId: b.id })).status).toBe(403);
    // A manager may, within the department, and the assignee is told.
    const given = await manager.client.post('/api/v1/tasks', { title: '拜访无锡客户', dueAt: iso(h.clock.now().getTime() + HOUR), assigneeId: b.id });
    expect(given.status).toBe(201);
    const bell = (await b.client.get('/api/v1/notifications')).body.items;
    expect(bell[0]).toMatchObject({ kind: 'task.assigned', entityType: 'task', entityId: given.body.id, params: { title: '拜访无锡客户' } });
    expect((await b.client.get('/api/v1/tasks?view=mine')).body.items.map((x: { id: string }) => x.id)).toContain(given.body.id);
    const outside = await manager.client.post('/api/v1/tasks', { title: '越权', dueAt: iso(h.clock.now().getTime() + HOUR), assigneeId: farAway.id });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe('assigneeId');

    // Reassigning moves it out of the old assignee's list; a stale version is refused.
    const moved = await manager.client.patch(`/api/v1/tasks/${given.body.id}`, { version: given.body.version, assigneeId: a.id });
    expect(moved.status).toBe(200);
    expect((await b.client.get(`/api/v1/tasks/${given.body.id}`)).status).toBe(404);
    expect((await manager.client.patch(`/api/v1/tasks/${given.body.id}`, { version: given.body.version, title: '旧版本' })).status).toBe(409);
  });

  it('does not let a task point at a customer the caller cannot see', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    const theirs = (await a.client.post('/api/v1/customers', { name: '常州武进新材料有限公司' })).body;
    const res = await b.client.post('/api/v1/tasks', { title: '偷看', dueAt: iso(h.clock.now().getTime() + HOUR), customerId: theirs.id });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('customerId');
  });
});

describe('reminders', () => {
  it('fire once at their time, not before, and again only after the task is moved', async () => {
    h.clock.set('2026-04-01T09:00:00+08:00');
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const t = await newTask(s.client, { title: '电话回访', dueAt: iso(h.clock.now().getTime() + HOUR), reminderMinutes: 15 });
    expect(t.remindAt).toBe(iso(Date.parse(t.dueAt) - 15 * 60_000));

    h.clock.advance(30 * 60_000);
    await deliverDueReminders(h.deps);
    expect(await reminderNotifications(s.id, t.id)).toBe(0);

    h.clock.advance(16 * 60_000);
    await deliverDueReminders(h.deps);
    await deliverDueReminders(h.deps);
    expect(await reminderNotifications(s.id, t.id)).toBe(1);
    const bell = (await s.client.get('/api/v1/notifications?unread=true')).body.items;
    expect(bell[0]).toMatchObject({ kind: 'task.reminder', entityType: 'task', entityId: t.id, params: { title: '电话回访', dueAt: t.dueAt } });
    // And by e-mail: without SMTP it waits in the outbox for admins to read.
    const mails = await h.deps.db.execute<{ subject: string; status: string; to_address: string }>(sql`select subject, status, to_address from mail_outbox where user_id = ${s.id}`);
    expect(mails.rows).toEqual([{ subject: expect.stringContaining('任务提醒：电话回访'), status: 'unsent', to_address: `${s.username}@example.com` }]);

    // Moved to tomorrow: its reminder is armed again and fires tomorrow, once.
    const current = (await s.client.get(`/api/v1/tasks/${t.id}`)).body;
    const moved = (await s.client.patch(`/api/v1/tasks/${t.id}`, { version: current.version, dueAt: iso(Date.parse(t.dueAt) + 24 * HOUR) })).body;
    expect(moved.remindedAt).toBeNull();
    await deliverDueReminders(h.deps);
    expect(await reminderNotifications(s.id, t.id)).toBe(1);
    h.clock.advance(24 * HOUR);
    await deliverDueReminders(h.deps);
    expect(await reminderNotifications(s.id, t.id)).toBe(2);
  });

  it('name the customer or the lead the task is for, so two tasks of the same title tell apart', async () => {
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const huaxin = (await s.client.post('/api/v1/customers', { name: '上海华信精密机械有限公司' })).body.id as string;
    const mingde = (await s.client.post('/api/v1/customers', { name: '明德设备有限公司' })).body.id as string;
    const lead = (await s.client.post('/api/v1/leads', { channel: 'website', companyName: '宁波港务物流有限公司', contactName: '卫先生', ownerId: s.id, criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } })).body.lead;
    const due = iso(h.clock.now().getTime() + HOUR);
    const forHuaxin = await newTask(s.client, { title: '发送方案和报价', customerId: huaxin, dueAt: due, reminderMinutes: 60 });
    const forMingde = await newTask(s.client, { title: '发送方案和报价', customerId: mingde, dueAt: due, reminderMinutes: 60 });
    const forLead = await newTask(s.client, { title: '发送方案和报价', leadId: lead.id, dueAt: due, reminderMinutes: 60 });
    await deliverDueReminders(h.deps);
    const bell = (await s.client.get('/api/v1/notifications?unread=true')).body.items as { entityId: string; params: Record<string, unknown> }[];
    const paramsOf = (id: string) => bell.find((n) => n.entityId === id)?.params;
    expect(paramsOf(forHuaxin.id)).toMatchObject({ title: '发送方案和报价', customerName: '上海华信精密机械有限公司', customerId: huaxin });
    expect(paramsOf(forMingde.id)).toMatchObject({ customerName: '明德设备有限公司', customerId: mingde });
    expect(paramsOf(forLead.id)).toMatchObject({ leadName: '宁波港务物流有限公司', leadId: lead.id });
    expect(paramsOf(forLead.id)).not.toHaveProperty('customerName');

    // Handed to someone else: the assignment names the customer too.
    const given = await manager.client.post('/api/v1/tasks', { title: '上门拜访', customerId: huaxin, dueAt: due, assigneeId: s.id });
    expect(given.status).toBe(201);
    const assigned = ((await s.client.get('/api/v1/notifications')).body.items as { kind: string; entityId: string; params: Record<string, unknown> }[]).find((n) => n.entityId === given.body.id);
    expect(assigned).toMatchObject({ kind: 'task.assigned', params: { title: '上门拜访', customerName: '上海华信精密机械有限公司', by: expect.any(String) } });
  });

  it('skips done and deleted tasks, and catches up on reminders that fell due while nothing ran', async () => {
    h.clock.set('2026-05-01T09:00:00+08:00');
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const done = await newTask(s.client, { title: '已完成', reminderMinutes: 0 });
    await s.client.patch(`/api/v1/tasks/${done.id}`, { version: done.version, status: 'done' });
    const gone = await newTask(s.client, { title: '已删除', reminderMinutes: 0 });
    await s.client.delete(`/api/v1/tasks/${gone.id}`);
    const missed = await newTask(s.client, { title: '停机期间到期', reminderMinutes: 30 });
    // Three days with no worker running, then one run delivers what is due, once.
    h.clock.advance(72 * HOUR);
    await deliverDueReminders(h.deps);
    expect(await reminderNotifications(s.id, missed.id)).toBe(1);
    expect(await reminderNotifications(s.id, done.id)).toBe(0);
    expect(await reminderNotifications(s.id, gone.id)).toBe(0);
  });

  it('are delivered exactly once when two workers on their own connections run at the same time', async () => {
    h.clock.set('2026-06-01T09:00:00+08:00');
    const s = await h.createUser({ role: 'sales', departmentId: east });
    const due = h.clock.now().getTime() + HOUR;
    // 2,500 reminders due in the same minute, written directly (the API path is tested above).
    await h.deps.db.execute(sql`
      insert into tasks (id, title, type, due_at, reminder_minutes, remind_at, assignee_id, department_id, created_by, created_at, updated_at)
      select gen_random_uuid(), '批量 ' || i, 'call', ${iso(due)}::timestamptz, 10, ${iso(due - 10 * 60_000)}::timestamptz, ${s.id}, ${east}, ${s.id}, now(), now()
      from generate_series(1, 2500) i`);
    h.clock.advance(HOUR);
    const other = connect(h.database.pool.options.connectionString as string, { max: 3 });
    try {
      const [one, two] = await Promise.all([deliverDueReminders(h.deps), deliverDueReminders({ ...h.deps, db: other.db })]);
      expect(one + two).toBe(2500);
    } finally {
      await other.close();
    }
    const perTask = await h.deps.db.execute<{ n: number; tasks: number }>(sql`
      select max(c)::int n, count(*)::int tasks from (select entity_id, count(*) c from notifications where user_id = ${s.id} and kind = 'task.reminder' group by entity_id) x`);
    expect(perTask.rows[0]).toEqual({ n: 1, tasks: 2500 });
  });
});
