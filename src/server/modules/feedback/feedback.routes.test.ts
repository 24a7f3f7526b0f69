import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let east: string;
beforeAll(async () => {
  h = await createHarness();
  east = await h.createDepartment('华东大区');
});
afterAll(async () => h.close());

describe('customer feedback', () => {
  it('is handled in a closed loop, with the handler told and every step on the timeline and in the audit log', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const service = await h.createUser({ role: 'service', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const c = (await owner.client.post('/api/v1/customers', { name: '温州瓯海电器制造有限公司' })).body;
    const created = await owner.client.post('/api/v1/feedback', { customerId: c.id, kind: 'complaint', title: '到货外壳破损', content: '第二批货有三台外壳破损', handlerId: owner.id });
    expect(created.status).toBe(201);
    let f = created.body;
    expect(f).toMatchObject({ status: 'open', kind: 'complaint', customerName: '温州瓯海电器制造有限公司', handlerId: owner.id });

    // Resolving needs an outcome; a step outside the loop is refused with the allowed ones.
    const noOutcome = await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: f.version, status: 'resolved' });
    expect(noOutcome.status).toBe(400);
    expect(noOutcome.body.error.details[0].path).toBe('outcome');
    f = (await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: f.version, status: 'in_progress', handlingNotes: '已联系物流' })).body;
    f = (await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: f.version, status: 'resolved', outcome: '补发三台新机' })).body;
    expect(f.resolvedAt).toEqual(expect.any(String));
    f = (await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: f.version, status: 'closed' })).body;
    expect(f).toMatchObject({ status: 'closed', outcome: '补发三台新机', closedAt: expect.any(String) });
    const reopen = await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: f.version, status: 'open' });
    expect(reopen.status).toBe(422);
    expect((await owner.client.patch(`/api/v1/feedback/${f.id}`, { version: 1, title: '旧' })).status).toBe(409);

    const timeline = (await owner.client.get(`/api/v1/customers/${c.id}/timeline?kinds=feedback`)).body.items.map((e: { kind: string; params: { to?: string } }) => `${e.kind}:${e.params.to ?? ''}`);
    expect(timeline).toEqual(['feedback.status_changed:closed', 'feedback.status_changed:resolved', 'feedback.status_changed:in_progress', 'feedback.created:']);
    const audit = await h.deps.db.execute<{ action: string }>(sql`select action from audit_log where entity_type = 'feedback' and entity_id = ${f.id} order by at`);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'update', 'update']);

    // Handed to someone else: they are notified (a manager may hand it within the department).
    const other = (await owner.client.post('/api/v1/feedback', { customerId: c.id, kind: 'requirement', title: '希望增加定时功能' })).body;
    const handed = await manager.client.patch(`/api/v1/feedback/${other.id}`, { version: other.version, handlerId: service.id });
    expect(handed.status).toBe(200);
    const bell = (await service.client.get('/api/v1/notifications')).body.items;
    expect(bell[0]).toMatchObject({ kind: 'feedback.assigned', entityType: 'feedback', entityId: other.id, params: { title: '希望增加定时功能' } });
  });

  it('goes with the customer: invisible to others, filtered by status and kind', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    const c = (await a.client.post('/api/v1/customers', { name: '台州黄岩模塑有限公司' })).body;
    const f = (await a.client.post('/api/v1/feedback', { customerId: c.id, kind: 'suggestion', title: '报表希望按月汇总' })).body;
    await a.client.post('/api/v1/feedback', { customerId: c.id, kind: 'objection', title: '价格高于竞品' });
    expect((await b.client.get(`/api/v1/feedback/${f.id}`)).status).toBe(404);
    expect((await b.client.get(`/api/v1/feedback?customerId=${c.id}`)).status).toBe(404);
    expect((await b.client.get('/api/v1/feedback')).body.items.map((x: { id: string }) => x.id)).not.toContain(f.id);
    // A body id out of scope gets the 400 of an unknown id (platform/access/body-references.int.test.ts).
    expect((await b.client.post('/api/v1/feedback', { customerId: c.id, kind: 'complaint', title: 'x' })).status).toBe(400);
    const objections = (await a.client.get(`/api/v1/feedback?customerId=${c.id}&kind=objection`)).body.items;
    expect(objections.map((x: { title: string }) => x.title)).toEqual(['价格高于竞品']);
    expect((await a.client.get(`/api/v1/feedback?customerId=${c.id}&status=closed`)).body.items).toEqual([]);
    const bad = await a.client.post('/api/v1/feedback', { customerId: c.id, kind: 'praise', title: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('kind');
  });
});
