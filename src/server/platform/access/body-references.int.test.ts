import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness, type Response } from '../../../../test/helpers/harness.ts';

/**
 * Issue 13: every id in a request body is checked to exist and to lie in the caller's scope, with
 * one answer for both failures — a random UUID and another department's record get the same 400
 * (details: the field, NOT_FOUND), nothing is stored, and a valid id in scope still works.
 */
let h: Harness;
let me: { id: string; client: Client };
let other: { id: string; client: Client };
const mine: Record<string, string> = {};
const theirs: Record<string, string> = {};

async function count(table: string): Promise<number> {
  const res = await h.database.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`));
  return res.rows[0]?.n ?? 0;
}

/** What a client could tell apart: status and error body. */
const answer = (res: Response) => ({ status: res.status, error: res.body?.error });

/**
 * Sends the body with the field set to a random UUID and to the other department's record: the
 * same 400 naming `path`, and no row added to `table`.
 */
async function sameRefusal(table: string, path: string, send: (id: string) => Promise<Response>, outOfScope: string) {
  const before = await count(table);
  const random = await send(randomUUID());
  const foreign = await send(outOfScope);
  expect(answer(random), JSON.stringify(random.body)).toEqual(answer(foreign));
  expect(random.status).toBe(400);
  expect(random.body.error.details.map((d: { path: string }) => d.path)).toEqual([path]);
  expect(await count(table)).toBe(before);
}

async function setup(client: Client, name: string, ownerId: string) {
  const customer = await client.post('/api/v1/customers', { name: `${name}有限公司` });
  expect(customer.status, JSON.stringify(customer.body)).toBe(201);
  const lead = await client.post('/api/v1/leads', { channel: 'website', contactName: `${name}联系人`, companyName: `${name}线索公司`, ownerId });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  const opportunity = await client.post('/api/v1/opportunities', { customerId: customer.body.id, name: `${name}商机`, amountFen: 100_00 });
  expect(opportunity.status, JSON.stringify(opportunity.body)).toBe(201);
  return { customer: customer.body.id as string, lead: lead.body.lead.id as string, opportunity: opportunity.body.id as string, user: ownerId };
}

beforeAll(async () => {
  h = await createHarness();
  const east = await h.createDepartment('华东区');
  const south = await h.createDepartment('华南区');
  me = await h.createUser({ role: 'sales', departmentId: east });
  other = await h.createUser({ role: 'sales', departmentId: south });
  Object.assign(mine, await setup(me.client, '杭州', me.id));
  Object.assign(theirs, await setup(other.client, '广州', other.id));
});
afterAll(async () => {
  await h?.close();
});

describe('ids in request bodies', () => {
  it('opportunity: customerId and leadId (the lead was never checked)', async () => {
    const body = { customerId: mine.customer, name: '新商机', amountFen: 5000 };
    await sameRefusal('opportunities', 'customerId', (id) => me.client.post('/api/v1/opportunities', { ...body, customerId: id }), theirs.customer!);
    await sameRefusal('opportunities', 'leadId', (id) => me.client.post('/api/v1/opportunities', { ...body, leadId: id }), theirs.lead!);
    const ok = await me.client.post('/api/v1/opportunities', { ...body, leadId: mine.lead });
    expect(ok.status).toBe(201);
    expect(ok.body.leadId).toBe(mine.lead);
  });

  it('opportunity: a lead converted to another customer is refused', async () => {
    const second = await me.client.post('/api/v1/customers', { name: '宁波第二客户有限公司' });
    await h.database.db.execute(sql`update leads set customer_id = ${second.body.id} where id = ${mine.lead}`);
    try {
      const res = await me.client.post('/api/v1/opportunities', { customerId: mine.customer, name: '错配商机', amountFen: 5000, leadId: mine.lead });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([{ path: 'leadId', message: expect.any(String) }]);
    } finally {
      await h.database.db.execute(sql`update leads set customer_id = null where id = ${mine.lead}`);
    }
  });

  it('task: customerId and leadId', async () => {
    const body = { title: '回电', dueAt: new Date(Date.now() + 86_400_000).toISOString() };
    await sameRefusal('tasks', 'customerId', (id) => me.client.post('/api/v1/tasks', { ...body, customerId: id }), theirs.customer!);
    await sameRefusal('tasks', 'leadId', (id) => me.client.post('/api/v1/tasks', { ...body, leadId: id }), theirs.lead!);
    expect((await me.client.post('/api/v1/tasks', { ...body, customerId: mine.customer })).status).toBe(201);
  });

  it('follow-up: customerId and leadId (404 before, now the same 400 as every body id)', async () => {
    const body = { method: 'visit', happenedAt: new Date(Date.now() - 3_600_000).toISOString(), content: '拜访' };
    await sameRefusal('follow_ups', 'customerId', (id) => me.client.post('/api/v1/follow-ups', { ...body, customerId: id }), theirs.customer!);
    await sameRefusal('follow_ups', 'leadId', (id) => me.client.post('/api/v1/follow-ups', { ...body, leadId: id }), theirs.lead!);
    expect((await me.client.post('/api/v1/follow-ups', { ...body, customerId: mine.customer })).status).toBe(201);
  });

  it('feedback: customerId and handlerId', async () => {
    const body = { customerId: mine.customer, kind: 'suggestion', title: '建议' };
    await sameRefusal('customer_feedback', 'customerId', (id) => me.client.post('/api/v1/feedback', { ...body, customerId: id }), theirs.customer!);
    await sameRefusal('customer_feedback', 'handlerId', (id) => me.client.post('/api/v1/feedback', { ...body, handlerId: id }), theirs.user!);
    expect((await me.client.post('/api/v1/feedback', body)).status).toBe(201);
  });

  it('order: customerId', async () => {
    const body = { items: [{ name: '服务', quantity: 1, unitPriceFen: 100_00 }] };
    await sameRefusal('orders', 'customerId', (id) => me.client.post('/api/v1/orders', { ...body, customerId: id }), theirs.customer!);
    expect((await me.client.post('/api/v1/orders', { ...body, customerId: mine.customer })).status).toBe(201);
  });

  it('quote: opportunityId', async () => {
    const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const items = [{ name: '服务', quantity: 1, unitPriceFen: 100_00 }];
    await sameRefusal('quotes', 'opportunityId', (id) => me.client.post('/api/v1/quotes', { opportunityId: id, validUntil, items }), theirs.opportunity!);
    const ok = await me.client.post('/api/v1/quotes', { opportunityId: mine.opportunity, validUntil, items });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('contract: customerId and opportunityId', async () => {
    const body = { title: '年度合同', customerId: mine.customer, amountFen: 100_00 };
    await sameRefusal('contracts', 'customerId', (id) => me.client.post('/api/v1/contracts', { ...body, customerId: id }), theirs.customer!);
    await sameRefusal('contracts', 'opportunityId', (id) => me.client.post('/api/v1/contracts', { ...body, opportunityId: id }), theirs.opportunity!);
    expect((await me.client.post('/api/v1/contracts', { ...body, opportunityId: mine.opportunity })).status).toBe(201);
  });

  it('customer: collaboratorIds must be colleagues the caller could give the customer to', async () => {
    const body = { name: '温州协作测试有限公司' };
    await sameRefusal('customers', 'collaboratorIds.0', (id) => me.client.post('/api/v1/customers', { ...body, collaboratorIds: [id] }), theirs.user!);
    const colleague = await h.createUser({ role: 'sales', departmentId: (await h.database.db.execute<{ d: string }>(sql`select department_id as d from users where id = ${me.id}`)).rows[0]!.d });
    expect((await me.client.post('/api/v1/customers', { ...body, collaboratorIds: [colleague.id] })).status).toBe(201);
  });

  it('lead conversion: customerId (404 before)', async () => {
    const lead = await me.client.post('/api/v1/leads', { channel: 'website', contactName: '转化联系人', companyName: '嘉兴转化公司', ownerId: me.id });
    await h.database.db.execute(sql`update leads set status = 'qualified' where id = ${lead.body.lead.id}`);
    const convert = (customerId: string) => me.client.post(`/api/v1/leads/${lead.body.lead.id}/convert`, { version: lead.body.lead.version, customerId });
    await sameRefusal('contacts', 'customerId', convert, theirs.customer!);
    expect((await convert(mine.customer!)).status).toBe(200);
  });
});
