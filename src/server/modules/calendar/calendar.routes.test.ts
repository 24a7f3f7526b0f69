import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeeds, followUps, tasks, users } from '../../db/schema/index.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { rfc5545Problems } from '../../../../test/helpers/icalendar.ts';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

const MINUTE = 60_000;
const DAY = 86_400_000;
const FEED = '/api/v1/me/calendar-feed';

/** A task inserted directly (the tasks module has its own tests); due `inDays` from the harness clock. */
async function insertTask(assigneeId: string, values: Partial<typeof tasks.$inferInsert> & { inDays?: number } = {}) {
  const { inDays = 1, ...rest } = values;
  const now = h.clock.now();
  const [row] = await h.database.db
    .insert(tasks)
    .values({
      title: '任务',
      dueAt: new Date(Math.round((now.getTime() + inDays * DAY) / MINUTE) * MINUTE),
      assigneeId,
      createdBy: assigneeId,
      createdAt: now,
      updatedAt: now,
      ...rest,
    })
    .returning();
  if (!row) throw new Error('task insert failed');
  return row;
}

async function customerOf(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/customers', { name });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function createFeed(client: Client): Promise<string> {
  const res = await client.post(FEED);
  expect(res.status).toBe(201);
  expect(res.body.url).toMatch(/^http:\/\/localhost(:80)?\/ical\/[A-Za-z0-9_-]{43}\.ics$/);
  return new URL(res.body.url as string).pathname;
}

/** What a calendar app does: a plain GET, no cookie, no CSRF token. */
async function fetchFeed(path: string, headers: Record<string, string> = {}) {
  return h.app.inject({ method: 'GET', url: path, headers });
}

function eventsOf(body: string) {
  const cal = new ICAL.Component(ICAL.parse(body));
  return new Map(
    cal.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return [e.uid, e] as const;
    }),
  );
}

describe('managing one’s calendar feed', () => {
  it('needs a session (and the CSRF token on writes)', async () => {
    const anon = h.client();
    expect((await anon.get(FEED)).status).toBe(401);
    expect((await anon.post(FEED)).status).toBe(401);
    expect((await anon.delete(FEED)).status).toBe(401);
    const a = await h.createUser({ role: 'sales' });
    expect((await a.client.post(FEED, {}, { 'x-csrf-token': 'wrong' })).status).toBe(403);
    expect((await a.client.get(FEED)).body).toEqual({ active: false, createdAt: null, lastFetchedAt: null });
  });

  it('shows the URL once, keeps only its SHA-256, and audits creating and revoking', async () => {
    const a = await h.createUser({ role: 'sales' });
    const path = await createFeed(a.client);
    const token = /\/ical\/(.+)\.ics$/.exec(path)![1]!;
    const status = (await a.client.get(FEED)).body;
    expect(status).toMatchObject({ active: true, lastFetchedAt: null });
    expect(JSON.stringify(status)).not.toContain(token);
    const rows = await h.database.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, a.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toHaveLength(43);

    await createFeed(a.client);
    expect((await a.client.delete(FEED)).status).toBe(200);
    expect((await a.client.delete(FEED)).status).toBe(200); // nothing left to revoke: still fine
    expect((await a.client.get(FEED)).body).toEqual({ active: false, createdAt: null, lastFetchedAt: null });

    const audit = await admin.get(`/api/v1/audit-log?entityType=calendarFeed&actorId=${a.id}&limit=10`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).sort()).toEqual(['token_create', 'token_create', 'token_revoke', 'token_revoke']);
  });
});

describe('the iCalendar feed', () => {
  it('serves the user’s tasks as RFC 5545 that ical.js parses, and nobody else’s', async () => {
    const a = await h.createUser({ role: 'sales' });
    const b = await h.createUser({ role: 'sales' });
    const customerId = await customerOf(a.client, '苏州工业园区星海电子有限公司');
    const lead = (await admin.post('/api/v1/leads', { channel: 'website', companyName: '杭州云帆科技有限公司', contactName: '李雷' })).body.lead;
    const now = h.clock.now();
    const [followUp] = await h.database.db
      .insert(followUps)
      .values({ customerId, method: 'phone', happenedAt: now, content: '电话沟通需求', ownerId: a.id, createdBy: a.id })
      .returning();

    const call = await insertTask(a.id, { title: '电话确认报价', type: 'call', priority: 'high', reminderMinutes: 15, inDays: 2, customerId, description: '带上新版报价单' });
    const done = await insertTask(a.id, { title: '发送合同', status: 'done', doneAt: now, inDays: -1, reminderMinutes: 30 });
    const cancelled = await insertTask(a.id, { title: '拜访取消', type: 'visit', status: 'cancelled', doneAt: now, inDays: 3 });
    const appointment = await insertTask(a.id, { title: '送样品', type: 'visit', inDays: 7, customerId, followUpId: followUp!.id, reminderMinutes: 60 });
    const leadTask = await insertTask(a.id, { title: '初次联系', inDays: 5, leadId: lead.id });
    const farPast = await insertTask(a.id, { title: '太早', inDays: -100 });
    const farFuture = await insertTask(a.id, { title: '太远', inDays: 400 });
    const longClosed = await insertTask(a.id, { title: '早已完成', status: 'done', doneAt: new Date(now.getTime() - 95 * DAY), inDays: -80 });
    const deleted = await insertTask(a.id, { title: '已删除', deletedAt: now });
    const others = await insertTask(b.id, { title: '别人的任务', customerId });

    const res = await fetchFeed(await createFeed(a.client));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    expect(rfc5545Problems(res.body)).toEqual([]);

    const cal = new ICAL.Component(ICAL.parse(res.body));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe(`Kehu 任务 – ${a.username} 用户`);
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');
    expect(cal.getFirstPropertyValue('method')).toBe('PUBLISH');

    const events = eventsOf(res.body);
    expect([...events.keys()].sort()).toEqual([call, done, cancelled, appointment, leadTask].map((t) => `${t.id}@kehu`).sort());
    for (const hidden of [farPast, farFuture, longClosed, deleted, others]) expect(events.has(`${hidden.id}@kehu`)).toBe(false);
    expect(res.body).not.toContain('别人的任务');

    const e = events.get(`${call.id}@kehu`)!;
    expect(e.summary).toBe('电话确认报价');
    expect(e.startDate.toJSDate().toISOString()).toBe(call.dueAt.toISOString());
    expect(e.startDate.zone.tzid).toBe('UTC');
    expect(res.body).toContain(`DTSTART:${call.dueAt.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '')}\r\n`);
    expect(e.duration.toSeconds()).toBe(30 * 60);
    expect(e.description).toBe('类型：电话\n优先级：高\n客户：苏州工业园区星海电子有限公司\n\n带上新版报价单');
    expect(e.sequence).toBe(1);
    expect(e.component.getFirstPropertyValue('status')).toBe('CONFIRMED');
    const alarm = e.component.getFirstSubcomponent('valarm')!;
    expect(alarm.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect((alarm.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-15 * 60);

    expect(events.get(`${done.id}@kehu`)!.summary).toBe('✓ 发送合同');
    expect(events.get(`${done.id}@kehu`)!.component.getFirstSubcomponent('valarm')).toBeNull();
    expect(events.get(`${cancelled.id}@kehu`)!.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    const appt = events.get(`${appointment.id}@kehu`)!;
    expect(appt.summary).toBe('跟进：苏州工业园区星海电子有限公司 · 送样品');
    expect(appt.location).toBeNull();
    expect((appt.component.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger') as ICAL.Duration).toSeconds()).toBe(-3600);
    expect(events.get(`${leadTask.id}@kehu`)!.description).toContain(`线索：${lead.number} 李雷 · 杭州云帆科技有限公司`);

    // b's own feed has b's task and nothing of a's.
    const bEvents = eventsOf((await fetchFeed(await createFeed(b.client))).body);
    expect([...bEvents.keys()]).toEqual([`${others.id}@kehu`]);
  });

  it('follows changes: a deleted task disappears, an edited one gets a higher SEQUENCE', async () => {
    const a = await h.createUser({ role: 'sales' });
    const keep = await insertTask(a.id, { title: '保留' });
    const drop = await insertTask(a.id, { title: '将被删除' });
    const path = await createFeed(a.client);
    expect([...eventsOf((await fetchFeed(path)).body).keys()].sort()).toEqual([`${keep.id}@kehu`, `${drop.id}@kehu`].sort());

    await h.database.db.update(tasks).set({ deletedAt: h.clock.now() }).where(eq(tasks.id, drop.id));
    await h.database.db.update(tasks).set({ title: '保留（改）', version: 2, updatedAt: h.clock.now() }).where(eq(tasks.id, keep.id));
    const events = eventsOf((await fetchFeed(path)).body);
    expect([...events.keys()]).toEqual([`${keep.id}@kehu`]);
    expect(events.get(`${keep.id}@kehu`)).toMatchObject({ summary: '保留（改）', sequence: 2 });
  });

  it('answers 404 with no detail to revoked, replaced, unknown and malformed tokens and to disabled users', async () => {
    const a = await h.createUser({ role: 'sales' });
    await insertTask(a.id, { title: '私密任务' });
    const first = await createFeed(a.client);
    expect((await fetchFeed(first)).statusCode).toBe(200);

    const second = await createFeed(a.client);
    expect(second).not.toBe(first);
    const replaced = await fetchFeed(first);
    expect(replaced.statusCode).toBe(404);
    expect(replaced.body).toBe('');
    expect((await fetchFeed(second)).statusCode).toBe(200);

    expect((await a.client.delete(FEED)).status).toBe(200);
    const revoked = await fetchFeed(second);
    expect(revoked.statusCode).toBe(404);
    expect(revoked.body).toBe('');

    for (const path of [`/ical/${'A'.repeat(43)}.ics`, '/ical/short.ics', `/ical/${'A'.repeat(42)}%2F.ics`]) {
      const res = await fetchFeed(path);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe('');
    }

    const third = await createFeed(a.client);
    await h.database.db.update(users).set({ status: 'disabled' }).where(eq(users.id, a.id));
    expect((await fetchFeed(third)).statusCode).toBe(404);
    await h.database.db.update(users).set({ status: 'active' }).where(eq(users.id, a.id));
    expect((await fetchFeed(third)).statusCode).toBe(200);
  });

  it('records when it was last fetched, at most once a minute, and answers 304 to an unchanged feed', async () => {
    const a = await h.createUser({ role: 'sales' });
    await insertTask(a.id, { title: '周会' });
    const path = await createFeed(a.client);
    const first = await fetchFeed(path);
    const fetchedAt = (await a.client.get(FEED)).body.lastFetchedAt as string;
    expect(fetchedAt).not.toBeNull();

    h.clock.advance(30_000);
    await fetchFeed(path);
    expect((await a.client.get(FEED)).body.lastFetchedAt).toBe(fetchedAt);
    h.clock.advance(31_000);
    await fetchFeed(path);
    const later = (await a.client.get(FEED)).body.lastFetchedAt as string;
    expect(new Date(later).getTime()).toBeGreaterThan(new Date(fetchedAt).getTime());

    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await fetchFeed(path, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await insertTask(a.id, { title: '新任务' });
    expect((await fetchFeed(path, { 'if-none-match': etag })).statusCode).toBe(200);
  });

  it('is in the user’s language', async () => {
    const a = await h.createUser({ role: 'sales' });
    await h.database.db.update(users).set({ locale: 'en' }).where(eq(users.id, a.id));
    const t = await insertTask(a.id, { title: 'Quarterly review', type: 'meeting', status: 'done', doneAt: h.clock.now() });
    const body = (await fetchFeed(await createFeed(a.client))).body;
    const cal = new ICAL.Component(ICAL.parse(body));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe(`Kehu tasks – ${a.username} 用户`);
    const e = eventsOf(body).get(`${t.id}@kehu`)!;
    expect(e.summary).toBe('✓ Quarterly review');
    expect(e.description).toBe('Type: Meeting\nPriority: Normal\nStatus: Done');
  });
});
