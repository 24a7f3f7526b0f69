import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let east: string;
let north: string;
let marketerEast: { id: string; client: Client };
let marketerNorth: { id: string; client: Client };
const ids: Record<string, string> = {};

async function ok(res: { status: number; body: any }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

/**
 * Customers of the east department (seen by its marketer) and one of the north (not): two
 * manufacturers that bought, one of them twice and tagged 重点, a retailer without orders.
 */
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  east = await h.createDepartment('华东市场部');
  north = await h.createDepartment('华北市场部');
  marketerEast = await h.createUser({ role: 'marketing', departmentId: east });
  marketerNorth = await h.createUser({ role: 'marketing', departmentId: north });
  const salesEast = await h.createUser({ role: 'sales', departmentId: east });
  const salesNorth = await h.createUser({ role: 'sales', departmentId: north });
  const tag = await ok(await admin.post('/api/v1/tags', { name: '重点' }));
  ids.tag = tag.id;
  const c = async (client: Client, body: Record<string, unknown>) => (await ok(await client.post('/api/v1/customers', body))).id as string;
  ids.suzhou = await c(salesEast.client, { name: '苏州精工机械有限公司', industryCode: 'MANU', stage: 'customer', tagIds: [tag.id] });
  ids.wuxi = await c(salesEast.client, { name: '无锡恒通制造有限公司', industryCode: 'MANU', stage: 'customer' });
  ids.shop = await c(salesEast.client, { name: '南京百汇商贸有限公司', industryCode: 'RETL', stage: 'potential' });
  ids.beijing = await c(salesNorth.client, { name: '北京京诚机械有限公司', industryCode: 'MANU', stage: 'customer' });
  // Purchase facts as the orders module keeps them.
  await h.deps.db.execute(sql`update customers set paid_order_count = 2, lifetime_value_fen = 380000000, first_paid_at = '2025-03-01' where id = ${ids.suzhou}`);
  await h.deps.db.execute(sql`update customers set paid_order_count = 1, lifetime_value_fen = 90000000, first_paid_at = '2026-06-01' where id = ${ids.wuxi}`);
  await h.deps.db.execute(sql`update customers set paid_order_count = 3, lifetime_value_fen = 500000000 where id = ${ids.beijing}`);
  const contact = await ok(await salesEast.client.post(`/api/v1/customers/${ids.suzhou}/contacts`, { name: '周工', email: 'zhou@jinggong.example' }));
  ids.zhou = contact.id;
  ids.wu = (await ok(await salesEast.client.post(`/api/v1/customers/${ids.wuxi}/contacts`, { name: '吴经理' }))).id;
});
afterAll(async () => h.close());

const MANUFACTURERS_WHO_BOUGHT = {
  match: 'all',
  conditions: [
    { field: 'industryCode', op: 'in', value: ['MANU'] },
    { field: 'stage', op: 'in', value: ['customer'] },
    { field: 'paidOrderCount', op: 'gte', value: 1 },
  ],
};

const count = async (client: Client, entity: string, definition: unknown) => ok(await client.post('/api/v1/segments/count', { entity, definition }), 200);

describe('segments', () => {
  it('are refused without a session or the permission, and a bad condition is named by its path', async () => {
    expect((await h.client().post('/api/v1/segments/count', { entity: 'customer', definition: MANUFACTURERS_WHO_BOUGHT })).status).toBe(401);
    const sales = await h.createUser({ role: 'sales', departmentId: east });
    expectError(await sales.client.post('/api/v1/segments/count', { entity: 'customer', definition: MANUFACTURERS_WHO_BOUGHT }), 403, 'FORBIDDEN');
    expectError(await sales.client.get('/api/v1/segments'), 403, 'FORBIDDEN');
    const bad = await marketerEast.client.post('/api/v1/segments/count', {
      entity: 'customer',
      definition: { match: 'all', conditions: [{ field: 'stage', op: 'in', value: ['customer'] }, { field: 'lastFollowUpAt', op: 'withinLastDays', value: -3 }, { field: 'salary', op: 'gte', value: 1 }] },
    });
    expectError(bad, 400, 'VALIDATION_FAILED', ['definition.conditions.1.value', 'definition.conditions.2.field']);
    expectError(await marketerEast.client.post('/api/v1/segments/count', { entity: 'customer', definition: { match: 'both', conditions: [] } }), 400, 'VALIDATION_FAILED');
    expectError(await marketerEast.client.post('/api/v1/segments', { name: '空', entity: 'customer' }), 400, 'VALIDATION_FAILED', ['definition']);
  });

  it('count three conditions with a purchase fact in the viewer’s scope, and preview the newest rows', async () => {
    expect((await count(marketerEast.client, 'customer', MANUFACTURERS_WHO_BOUGHT)).count).toBe(2);
    expect((await count(marketerNorth.client, 'customer', MANUFACTURERS_WHO_BOUGHT)).count).toBe(1);
    expect((await count(admin, 'customer', MANUFACTURERS_WHO_BOUGHT)).count).toBe(3);
    const preview = await ok(await marketerEast.client.post('/api/v1/segments/preview', { entity: 'customer', definition: MANUFACTURERS_WHO_BOUGHT, limit: 5 }), 200);
    expect(preview.count).toBe(2);
    expect(preview.items.map((r: { name: string }) => r.name)).toEqual(['无锡恒通制造有限公司', '苏州精工机械有限公司']);
    // OR groups, tags, money ranges, repurchase, empties.
    const any = { match: 'any', conditions: [{ field: 'tags', op: 'hasAll', value: [ids.tag] }, { field: 'industryCode', op: 'in', value: ['RETL'] }] };
    expect((await count(marketerEast.client, 'customer', any)).count).toBe(2);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'tags', op: 'hasNone', value: [ids.tag] }] })).count).toBe(2);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'lifetimeValueFen', op: 'between', value: [100_000_000, 400_000_000] }] })).count).toBe(1);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'repurchase', op: 'is', value: true }] })).count).toBe(1);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'repurchase', op: 'is', value: false }] })).count).toBe(2);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'firstPaidAt', op: 'isEmpty' }] })).count).toBe(1);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'firstPaidAt', op: 'after', value: '2026-05-31' }] })).count).toBe(1);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'createdAt', op: 'withinLastDays', value: 1 }] })).count).toBe(3);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'departmentId', op: 'in', value: [east] }] })).count).toBe(3);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [] })).count).toBe(3);
  });

  it('count contacts by their customer and themselves, and customers and leads by campaign facts', async () => {
    expect((await count(marketerEast.client, 'contact', { match: 'all', conditions: [{ field: 'customer.industryCode', op: 'in', value: ['MANU'] }, { field: 'hasEmail', op: 'is', value: true }] })).count).toBe(1);
    const campaign = await ok(await marketerEast.client.post('/api/v1/campaigns', { name: '秋季智能制造沙龙', type: 'offline_event' }));
    await ok(await marketerEast.client.post(`/api/v1/campaigns/${campaign.id}/members`, { contactIds: [ids.zhou] }), 200);
    const members = (await marketerEast.client.get(`/api/v1/campaigns/${campaign.id}/members`)).body.items;
    const memberOf = { match: 'all', conditions: [{ field: 'campaign', op: 'memberOf', value: [campaign.id] }] };
    expect((await count(marketerEast.client, 'customer', memberOf)).count).toBe(1);
    expect((await count(marketerEast.client, 'contact', memberOf)).count).toBe(1);
    const responded = { match: 'all', conditions: [{ field: 'campaign', op: 'responded', value: [] }] };
    expect((await count(marketerEast.client, 'contact', responded)).count).toBe(0);
    await ok(await marketerEast.client.patch(`/api/v1/campaigns/${campaign.id}/members/${members[0].id}`, { status: 'attended' }), 200);
    expect((await count(marketerEast.client, 'contact', responded)).count).toBe(1);
    expect((await count(marketerEast.client, 'customer', { match: 'all', conditions: [{ field: 'campaign', op: 'notMemberOf', value: [campaign.id] }] })).count).toBe(2);
    // A lead that came through the campaign responded to it.
    await ok(await marketerEast.client.post('/api/v1/leads', { channel: 'other', contactName: '郑经理', companyName: '常州联合精密有限公司', phone: '13812349999', campaignId: campaign.id }));
    expect((await count(marketerEast.client, 'lead', responded)).count).toBe(1);
    expect((await count(marketerEast.client, 'lead', { match: 'all', conditions: [{ field: 'hasPhone', op: 'is', value: true }, { field: 'status', op: 'notIn', value: ['converted', 'disqualified'] }] })).count).toBe(1);
  });

  it('are saved, shared and counted in each viewer’s scope; kept segments are changed by their keepers only', async () => {
    const saved = await ok(await marketerEast.client.post('/api/v1/segments', { name: '已成交制造业客户', entity: 'customer', definition: MANUFACTURERS_WHO_BOUGHT }));
    expect(saved).toMatchObject({ kind: 'dynamic', shared: false, ownerId: marketerEast.id, recordCount: null });
    expectError(await marketerNorth.client.get(`/api/v1/segments/${saved.id}/preview`), 404, 'NOT_FOUND');
    const shared = await ok(await marketerEast.client.patch(`/api/v1/segments/${saved.id}`, { version: saved.version, shared: true }), 200);
    expect((await ok(await marketerNorth.client.get(`/api/v1/segments/${saved.id}/preview`), 200)).count).toBe(1);
    expect((await ok(await marketerEast.client.get(`/api/v1/segments/${saved.id}/preview`), 200)).count).toBe(2);
    expect(((await marketerNorth.client.get('/api/v1/segments')).body.items as { id: string }[]).map((s) => s.id)).toContain(saved.id);
    // Shared is usable, not editable, by others.
    expectError(await marketerNorth.client.patch(`/api/v1/segments/${saved.id}`, { version: shared.version, name: '改名' }), 404, 'NOT_FOUND');
    expectError(await marketerNorth.client.delete(`/api/v1/segments/${saved.id}`), 404, 'NOT_FOUND');
    expectError(await marketerEast.client.patch(`/api/v1/segments/${saved.id}`, { version: shared.version, definition: { match: 'all', conditions: [{ field: 'stage', op: 'in', value: ['gold'] }] } }), 400, 'VALIDATION_FAILED', ['definition.conditions.0.value']);
    expect((await auditOf(admin, saved.id)).map((a) => a.action)).toEqual(['update', 'create']);
  });

  it('snapshot into a static list of the viewer’s records, which changes only by hand', async () => {
    const segment = await ok(await marketerNorth.client.post('/api/v1/segments', { name: '制造业', entity: 'customer', definition: { match: 'all', conditions: [{ field: 'industryCode', op: 'in', value: ['MANU'] }] }, shared: true }));
    // The east marketer snapshots the shared segment: east's two manufacturers, not north's.
    const list = await ok(await marketerEast.client.post(`/api/v1/segments/${segment.id}/snapshot`, { name: '沙龙邀请名单' }));
    expect(list).toMatchObject({ kind: 'static', entity: 'customer', recordCount: 2, sourceSegmentId: segment.id, ownerId: marketerEast.id, definition: null });
    const preview = await ok(await marketerEast.client.get(`/api/v1/segments/${list.id}/preview`), 200);
    expect(preview.items.map((r: { id: string }) => r.id).sort()).toEqual([ids.suzhou, ids.wuxi].sort());
    // Hand-picked additions: a record out of scope is counted, not added.
    const added = await ok(await marketerEast.client.post(`/api/v1/segments/${list.id}/records`, { ids: [ids.shop, ids.beijing, ids.suzhou] }), 200);
    expect(added).toEqual({ changed: 1, unchanged: 1, notVisible: 1 });
    const removed = await ok(await marketerEast.client.post(`/api/v1/segments/${list.id}/records/remove`, { ids: [ids.suzhou] }), 200);
    expect(removed).toEqual({ changed: 1, unchanged: 0, notVisible: 0 });
    expect((await ok(await marketerEast.client.get(`/api/v1/segments/${list.id}`), 200)).recordCount).toBe(2);
    // A dynamic segment takes no records; a static list takes no conditions.
    expectError(await marketerNorth.client.post(`/api/v1/segments/${segment.id}/records`, { ids: [ids.beijing] }), 422, 'BUSINESS_RULE');
    expectError(await marketerEast.client.patch(`/api/v1/segments/${list.id}`, { version: list.version, definition: { match: 'all', conditions: [] } }), 400, 'VALIDATION_FAILED', ['definition']);
    // A deleted customer drops out of the list.
    await admin.delete(`/api/v1/customers/${ids.shop}`);
    expect((await ok(await marketerEast.client.get(`/api/v1/segments/${list.id}/preview`), 200)).count).toBe(1);
  });
});
