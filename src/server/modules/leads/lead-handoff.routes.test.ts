import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/*
 * Lead hand-off (requirement 004: an A lead is assigned within 24 hours; requirement 000: channel
 * conversion can be followed). The rules are in docs/security.md, "Who sees which leads".
 */

let h: Harness;
let admin: Client;
/** 销售部 with its team 华东组; 市场部; 渠道部, where the leads under test are registered. */
let salesDept: string;
let east: string;
let marketingDept: string;
let channelDept: string;
type User = { id: string; username: string; client: Client };
let manager: User;
let rep: User;
let eastRep: User;
let service: User;
let marketing: User;
let marketingColleague: User;
let channelRep: User;
const A = { needMatch: 'yes', budget: 'yes', authority: 'yes' };
const B = { needMatch: 'yes', budget: 'unclear', authority: 'unclear' };
const C = { needMatch: 'no' };
let phone = 13900001000;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  salesDept = await h.createDepartment('销售部');
  east = await h.createDepartment('华东组', salesDept);
  marketingDept = await h.createDepartment('市场部');
  channelDept = await h.createDepartment('渠道部');
  manager = await h.createUser({ role: 'manager', departmentId: salesDept, username: 'mgr_zhao' });
  rep = await h.createUser({ role: 'sales', departmentId: salesDept, username: 'rep_qian' });
  eastRep = await h.createUser({ role: 'sales', departmentId: east, username: 'rep_sun' });
  service = await h.createUser({ role: 'service', departmentId: salesDept, username: 'svc_li' });
  marketing = await h.createUser({ role: 'marketing', departmentId: marketingDept, username: 'mkt_zhou' });
  marketingColleague = await h.createUser({ role: 'marketing', departmentId: marketingDept, username: 'mkt_wu' });
  channelRep = await h.createUser({ role: 'sales', departmentId: channelDept, username: 'ch_zheng' });
});
afterAll(async () => h.close());

type LeadBody = Record<string, unknown>;
async function register(by: Client, body: LeadBody) {
  const res = await by.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '2024中国制造业数字化转型博览会', phone: String(phone++), ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.lead;
}

async function numbersIn(client: Client, query: string): Promise<string[]> {
  const res = await client.get(`/api/v1/leads?limit=100&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items.map((l: { number: string }) => l.number);
}

describe('who sees unassigned leads', () => {
  let waiting: { id: string; number: string; version: number };
  let nurtured: { number: string };
  let taken: { id: string; number: string };

  beforeAll(async () => {
    // Registered in 渠道部 and left unassigned: no manager's department scope reaches it.
    waiting = await register(channelRep.client, { companyName: '苏州恒达电子有限公司', contactName: '王芳', title: '采购经理', criteria: A });
    nurtured = await register(channelRep.client, { companyName: '无锡低意向有限公司', contactName: '钱七', criteria: C });
    taken = await register(channelRep.client, { companyName: '常州自有客户有限公司', contactName: '孙八', criteria: A, ownerId: channelRep.id });
    expect(waiting).toMatchObject({ ownerId: null, departmentId: channelDept, status: 'new', sla: { kind: 'pending' } });
  });

  // One case per built-in role: who holds lead:assign sees the waiting lead, whatever its department.
  const cases = [
    { role: 'admin', sees: true, why: 'scope all' },
    { role: 'manager', sees: true, why: 'holds lead:assign' },
    { role: 'marketing', sees: true, why: 'holds lead:assign' },
    { role: 'sales', sees: false, why: 'no lead:assign, scope own' },
    { role: 'service', sees: false, why: 'no lead:read' },
  ] as const;
  it.each(cases)('$role: sees it $sees ($why)', async ({ role, sees }) => {
    const client = role === 'admin' ? admin : { manager, marketing, sales: rep, service }[role].client;
    if (role === 'service') {
      expectError(await client.get('/api/v1/leads'), 403, 'FORBIDDEN');
      expectError(await client.get(`/api/v1/leads/${waiting.id}`), 403, 'FORBIDDEN');
      return;
    }
    const queue = await numbersIn(client, 'queue=true&sort=assignBy');
    expect(queue.includes(waiting.number)).toBe(sees);
    expect((await numbersIn(client, '')).includes(waiting.number)).toBe(sees);
    const one = await client.get(`/api/v1/leads/${waiting.id}`);
    if (!sees) {
      expectError(one, 404, 'NOT_FOUND');
      return;
    }
    expect(one.status).toBe(200);
    expect(one.body.access).toEqual({ read: true, write: role === 'admin', assign: true });
    // The queue is the waiting leads only: not the nurture pool, nor leads that have an owner.
    if (role !== 'admin') {
      expect(queue).not.toContain(nurtured.number);
      expect(queue).not.toContain(taken.number);
      expect(await numbersIn(client, '')).not.toContain(taken.number);
    }
  });

  it('lets the queue be assigned but not edited by those who reach it only through the queue', async () => {
    // Reaching a lead through the queue is for handing it on: editing, status, conversion and
    // deletion stay with the lead's scope.
    expectError(await manager.client.patch(`/api/v1/leads/${waiting.id}`, { version: waiting.version, needs: '改' }), 404, 'NOT_FOUND');
    expectError(await manager.client.post(`/api/v1/leads/${waiting.id}/convert`, { version: waiting.version }), 404, 'NOT_FOUND');
    expectError(await manager.client.delete(`/api/v1/leads/${waiting.id}`), 404, 'NOT_FOUND');
    // A salesperson cannot assign at all; an assigned lead outside the manager's scope is not theirs to move.
    expectError(await rep.client.post(`/api/v1/leads/${waiting.id}/assign`, { ownerId: rep.id, version: waiting.version }), 403, 'FORBIDDEN');
    const lead = await register(channelRep.client, { contactName: '郑九', criteria: A, ownerId: channelRep.id });
    expectError(await manager.client.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: rep.id, version: lead.version }), 404, 'NOT_FOUND');
  });

  it('a manager assigns a waiting A lead to anyone in their scope, in time, audited, and the owner is told', async () => {
    const lead = await register(channelRep.client, { companyName: '杭州西溪云计算有限公司', contactName: '韩经理', criteria: A });
    h.clock.advance(30 * 60 * 1000);
    const res = await manager.client.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: eastRep.id, version: lead.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ ownerId: eastRep.id, departmentId: east, status: 'assigned', sla: { kind: 'met' }, access: { read: true, write: true, assign: true } });
    expect(await numbersIn(manager.client, 'queue=true')).not.toContain(lead.number);
    expect((await eastRep.client.get(`/api/v1/leads/${lead.id}`)).status).toBe(200);
    const log = await auditOf(admin, lead.id);
    expect(log.find((e) => e.action === 'update')?.changes).toMatchObject({ owner: [null, expect.any(String)], status: ['new', 'assigned'] });
    const notes = (await eastRep.client.get('/api/v1/notifications')).body.items;
    expect(notes.some((n: { kind: string }) => n.kind === 'lead.assigned')).toBe(true);
  });

  it('lists the waiting leads A first by deadline, with the countdown', async () => {
    const older = await register(channelRep.client, { contactName: '早登记的B', criteria: B });
    h.clock.advance(60 * 1000);
    const first = await register(channelRep.client, { contactName: '先到的A', criteria: A });
    h.clock.advance(60 * 1000);
    const second = await register(channelRep.client, { contactName: '后到的A', criteria: A });
    const page = (await manager.client.get('/api/v1/leads?queue=true&sort=assignBy&limit=100')).body.items as { number: string; grade: string; sla: { kind: string; deadline?: string } }[];
    const ours = page.filter((l) => [older.number, first.number, second.number].includes(l.number)).map((l) => l.number);
    expect(ours).toEqual([first.number, second.number, older.number]);
    // Every A lead comes before every other, deadlines ascending.
    const grades = page.map((l) => l.grade);
    expect(grades.lastIndexOf('A')).toBeLessThan(grades.indexOf('B'));
    const deadlines = page.filter((l) => l.grade === 'A').map((l) => l.sla.deadline ?? '');
    expect(deadlines).toEqual([...deadlines].sort());
    expect(page.find((l) => l.number === first.number)?.sla.kind).toBe('pending');

    // The cursor walks the same order, one lead a page.
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { number: string }[]; nextCursor: string | null } } = await manager.client.get(`/api/v1/leads?queue=true&sort=assignBy&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...res.body.items.map((l) => l.number));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual(page.map((l) => l.number));
  });
});

describe('handing a lead to another team', () => {
  it('lists whom the caller may hand a lead to, without user:read', async () => {
    expectError(await rep.client.get('/api/v1/leads/assignees'), 403, 'FORBIDDEN');
    expectError(await marketing.client.get('/api/v1/users'), 403, 'FORBIDDEN');
    const res = await marketing.client.get('/api/v1/leads/assignees');
    expect(res.status).toBe(200);
    const byName = new Map((res.body.items as { username: string; handover: boolean; departmentName: string | null }[]).map((u) => [u.username, u]));
    // Its own team in scope; the sales manager as a hand-over; not the salespeople, nor service.
    expect(byName.get('mkt_zhou')).toMatchObject({ handover: false, departmentName: '市场部' });
    expect(byName.get('mkt_wu')).toMatchObject({ handover: false });
    expect(byName.get('mgr_zhao')).toMatchObject({ handover: true, departmentName: '销售部' });
    for (const name of ['rep_qian', 'rep_sun', 'svc_li', 'ch_zheng']) expect(byName.has(name), name).toBe(false);

    // A manager: everyone in the department subtree who works leads, and the other lead managers.
    const mine = new Map(((await manager.client.get('/api/v1/leads/assignees')).body.items as { username: string; handover: boolean }[]).map((u) => [u.username, u.handover]));
    expect(Object.fromEntries(['mgr_zhao', 'rep_qian', 'rep_sun', 'mkt_zhou'].map((n) => [n, mine.get(n)]))).toEqual({ mgr_zhao: false, rep_qian: false, rep_sun: false, mkt_zhou: true });
    expect(mine.has('svc_li')).toBe(false);
    expect(mine.has('ch_zheng')).toBe(false);
    const found = (await manager.client.get(`/api/v1/leads/assignees?q=${encodeURIComponent('rep_s')}`)).body.items;
    expect(found.map((u: { username: string }) => u.username)).toEqual(['rep_sun']);
  });

  it('marketing hands a waiting lead to the sales manager (not past them to a salesperson), who passes it on', async () => {
    const lead = await register(channelRep.client, { companyName: '宁波港通物流有限公司', contactName: '冯总', criteria: A });
    const toRep = await marketing.client.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: rep.id, version: lead.version });
    expectError(toRep, 400, 'VALIDATION_FAILED', ['ownerId']);
    const handed = await marketing.client.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: manager.id, version: lead.version });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    // Handed away: marketing neither registered it nor reaches it any more.
    expect(handed.body).toMatchObject({ ownerId: manager.id, departmentId: salesDept, status: 'assigned', access: { read: false, write: false, assign: false } });
    expectError(await marketing.client.get(`/api/v1/leads/${lead.id}`), 404, 'NOT_FOUND');

    const passed = await manager.client.post(`/api/v1/leads/${lead.id}/assign`, { ownerId: rep.id, version: handed.body.version });
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ ownerId: rep.id, departmentId: salesDept });
    const log = await auditOf(admin, lead.id);
    expect(log.filter((e) => e.action === 'update').map((e) => e.actorId)).toEqual(expect.arrayContaining([marketing.id, manager.id]));
  });
});

describe('the registrant', () => {
  it('keeps reading the leads it registered, up to conversion, without gaining edit rights', async () => {
    const mine = [];
    for (const [i, name] of ['LX甲', 'LX乙', 'LX丙'].entries()) mine.push(await register(marketing.client, { companyName: `${name}科技有限公司`, contactName: `联系人${i}`, criteria: A }));
    // Handed on: one to the sales manager, one on by the manager to a salesperson.
    const [first, second, third] = mine as { id: string; number: string; version: number }[] as [{ id: string; number: string; version: number }, { id: string; number: string; version: number }, { id: string; number: string; version: number }];
    const toManager = (await marketing.client.post(`/api/v1/leads/${first.id}/assign`, { ownerId: manager.id, version: first.version })).body;
    const second1 = (await marketing.client.post(`/api/v1/leads/${second.id}/assign`, { ownerId: manager.id, version: second.version })).body;
    const toRep = (await manager.client.post(`/api/v1/leads/${second.id}/assign`, { ownerId: rep.id, version: second1.version })).body;
    expect(toRep.ownerId).toBe(rep.id);

    // All three stay in marketing's list and open, read only.
    const listed = await numbersIn(marketing.client, '');
    for (const l of mine) expect(listed).toContain(l.number);
    const seen = await marketing.client.get(`/api/v1/leads/${second.id}`);
    expect(seen.body).toMatchObject({ ownerId: rep.id, status: 'assigned', access: { read: true, write: false, assign: false } });
    expect((await marketing.client.get(`/api/v1/leads/${third.id}`)).body.access).toEqual({ read: true, write: true, assign: true });
    expectError(await marketing.client.patch(`/api/v1/leads/${second.id}`, { version: toRep.version, needs: '改' }), 404, 'NOT_FOUND');
    expectError(await marketing.client.post(`/api/v1/leads/${second.id}/assign`, { ownerId: marketingColleague.id, version: toRep.version }), 404, 'NOT_FOUND');
    expectError(await marketing.client.delete(`/api/v1/leads/${second.id}`), 404, 'NOT_FOUND');
    // A colleague who did not register it does not see it.
    expectError(await marketingColleague.client.get(`/api/v1/leads/${second.id}`), 404, 'NOT_FOUND');

    // The salesperson converts it; marketing sees the conversion (channel conversion can be followed).
    const converted = await rep.client.post(`/api/v1/leads/${second.id}/convert`, { version: toRep.version });
    expect(converted.status, JSON.stringify(converted.body)).toBe(200);
    const after = await marketing.client.get(`/api/v1/leads/${second.id}`);
    expect(after.body).toMatchObject({ status: 'converted', customerId: converted.body.customerId });
    expect(await numbersIn(marketing.client, 'status=converted')).toContain(second.number);
    expect(toManager.ownerId).toBe(manager.id);
  });
});

describe('conversion', () => {
  it('converts an open lead at once, taking the steps before it in the same transaction', async () => {
    const lead = await register(rep.client, { companyName: '深圳前海数科有限公司', contactName: '蒋总', criteria: A, ownerId: rep.id });
    expect(lead.status).toBe('assigned');
    const res = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { version: lead.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lead).toMatchObject({ status: 'converted', ownerId: rep.id });
    const log = await auditOf(admin, lead.id);
    expect(log.find((e) => e.action === 'update')?.changes).toMatchObject({ status: ['assigned', 'converted'], customer: [null, '深圳前海数科有限公司'] });
  });

  it('gives an unassigned lead to the one converting it', async () => {
    const lead = await register(manager.client, { companyName: '合肥新站智造有限公司', contactName: '褚工', criteria: A });
    expect(lead).toMatchObject({ ownerId: null, status: 'new', departmentId: salesDept });
    h.clock.advance(60 * 1000);
    const res = await manager.client.post(`/api/v1/leads/${lead.id}/convert`, { version: lead.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lead).toMatchObject({ status: 'converted', ownerId: manager.id, sla: { kind: 'met' } });
    const customer = (await manager.client.get(`/api/v1/customers/${res.body.customerId}`)).body;
    expect(customer.ownerId).toBe(manager.id);
    const log = await auditOf(admin, lead.id);
    expect(log.find((e) => e.action === 'update')?.changes).toMatchObject({ status: ['new', 'converted'], owner: [null, expect.any(String)] });
  });

  it('asks for a disqualified lead to be reopened first, and refuses a converted one', async () => {
    const lead = await register(rep.client, { contactName: '卫经理', criteria: A, ownerId: rep.id });
    const dropped = (await rep.client.patch(`/api/v1/leads/${lead.id}`, { version: lead.version, status: 'disqualified' })).body;
    const refused = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { version: dropped.version });
    expectError(refused, 422, 'BUSINESS_RULE');
    expect(refused.body.error.message).toContain('reopened');
    const reopened = (await rep.client.patch(`/api/v1/leads/${lead.id}`, { version: dropped.version, status: 'new' })).body;
    const done = await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { version: reopened.version });
    expect(done.status).toBe(200);
    expectError(await rep.client.post(`/api/v1/leads/${lead.id}/convert`, { version: done.body.lead.version }), 422, 'BUSINESS_RULE');
  });
});
