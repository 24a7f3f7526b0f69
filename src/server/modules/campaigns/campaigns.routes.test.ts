import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let marketingDept: string;
let eastSales: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  marketingDept = await h.createDepartment('市场部');
  eastSales = await h.createDepartment('华东销售部');
});
afterAll(async () => h.close());

const EXPO = { name: '2026 上海工业博览会', type: 'trade_show', goal: 'leads', goalTarget: 200, startsOn: '2026-09-15', endsOn: '2026-09-19', budgetFen: 150_000_00 };

async function campaignOf(client: Client, body: Record<string, unknown> = EXPO) {
  const res = await client.post('/api/v1/campaigns', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('campaigns', () => {
  it('are refused without a session or the permission, and checked field by field', async () => {
    expect((await h.client().get('/api/v1/campaigns')).status).toBe(401);
    const sales = await h.createUser({ role: 'sales', departmentId: eastSales });
    expectError(await sales.client.get('/api/v1/campaigns'), 403, 'FORBIDDEN');
    expectError(await sales.client.post('/api/v1/campaigns', EXPO), 403, 'FORBIDDEN');

    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, type: 'roadshow' }), 400, 'VALIDATION_FAILED', ['type']);
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, goalTarget: undefined }), 400, 'VALIDATION_FAILED', ['goalTarget']);
    expectError(await marketer.client.post('/api/v1/campaigns', { name: '无目标', type: 'other', goalTarget: 10 }), 400, 'VALIDATION_FAILED', ['goal']);
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, endsOn: '2026-09-01' }), 400, 'VALIDATION_FAILED', ['endsOn']);
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, budgetFen: 12.5 }), 400, 'VALIDATION_FAILED', ['budgetFen']);
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, channel: 'no_such_channel' }), 400, 'VALIDATION_FAILED', ['channel']);
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, name: '  ' }), 400, 'VALIDATION_FAILED', ['name']);
    // An owner outside the marketer's department is not one the marketer may name.
    const farUser = await h.createUser({ role: 'sales', departmentId: eastSales });
    expectError(await marketer.client.post('/api/v1/campaigns', { ...EXPO, ownerId: farUser.id }), 400, 'VALIDATION_FAILED', ['ownerId']);
    expect((await marketer.client.get('/api/v1/campaigns')).body.items).toEqual([]);
  });

  it('are created planned with the type’s lead channel, seen by the owner’s department only, and audited', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const colleague = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const otherDept = await h.createDepartment('品牌部');
    const outsider = await h.createUser({ role: 'marketing', departmentId: otherDept });
    const manager = await h.createUser({ role: 'manager', departmentId: marketingDept });

    const c = await campaignOf(marketer.client);
    expect(c).toMatchObject({ name: EXPO.name, type: 'trade_show', status: 'planned', channel: 'trade_show', goal: 'leads', goalTarget: 200, budgetFen: 150_000_00, costFen: 0, ownerId: marketer.id, departmentId: marketingDept, costs: [] });
    const webinar = await campaignOf(marketer.client, { name: '智能制造线上研讨会', type: 'webinar' });
    expect(webinar.channel).toBe('website');

    // The department (scope department) sees it; another department's marketer does not.
    expect((await colleague.client.get(`/api/v1/campaigns/${c.id}`)).status).toBe(200);
    expect((await manager.client.get(`/api/v1/campaigns/${c.id}`)).status).toBe(200);
    expectError(await outsider.client.get(`/api/v1/campaigns/${c.id}`), 404, 'NOT_FOUND');
    expectError(await outsider.client.patch(`/api/v1/campaigns/${c.id}`, { version: c.version, name: '改' }), 404, 'NOT_FOUND');
    expectError(await outsider.client.post(`/api/v1/campaigns/${c.id}/costs`, { spentOn: '2026-09-01', item: '展位费', amountFen: 1 }), 404, 'NOT_FOUND');
    expect((await outsider.client.get('/api/v1/campaigns')).body.items).toEqual([]);
    // The manager reads but may not edit (campaign:read only by default).
    expectError(await manager.client.patch(`/api/v1/campaigns/${c.id}`, { version: c.version, name: '改' }), 403, 'FORBIDDEN');

    const list = await marketer.client.get('/api/v1/campaigns?type=trade_show');
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect(list.body.total).toBe(1);
    expect((await marketer.client.get(`/api/v1/campaigns?q=${encodeURIComponent('研讨')}`)).body.items.map((x: { id: string }) => x.id)).toEqual([webinar.id]);
    expect((await marketer.client.get('/api/v1/campaigns?activeOn=2026-09-16')).body.items.map((x: { id: string }) => x.id)).toContain(c.id);
    expect((await marketer.client.get('/api/v1/campaigns?activeOn=2026-10-01')).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);

    const audit = await auditOf(admin, c.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('move through their statuses, refusing steps that skip one, with optimistic versions', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const c = await campaignOf(marketer.client);
    const skip = await marketer.client.post(`/api/v1/campaigns/${c.id}/status`, { version: c.version, status: 'completed' });
    expectError(skip, 422, 'BUSINESS_RULE');
    expect(skip.body.error.message).toContain('active, cancelled');
    const active = (await marketer.client.post(`/api/v1/campaigns/${c.id}/status`, { version: c.version, status: 'active' })).body;
    expect(active.status).toBe('active');
    expectError(await marketer.client.post(`/api/v1/campaigns/${c.id}/status`, { version: c.version, status: 'completed' }), 409, 'VERSION_CONFLICT');
    const done = (await marketer.client.post(`/api/v1/campaigns/${c.id}/status`, { version: active.version, status: 'completed' })).body;
    expect(done.status).toBe('completed');
    // A completed campaign may be reopened, not deleted.
    expectError(await marketer.client.delete(`/api/v1/campaigns/${c.id}`), 422, 'BUSINESS_RULE');
    const edited = await marketer.client.patch(`/api/v1/campaigns/${c.id}`, { version: done.version, goal: null, goalTarget: null, notes: '展位 E3-112' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ goal: null, goalTarget: null, notes: '展位 E3-112', status: 'completed' });
    // Only the target, without the goal it belongs to, is refused.
    expectError(await marketer.client.patch(`/api/v1/campaigns/${c.id}`, { version: edited.body.version, goalTarget: 5 }), 400, 'VALIDATION_FAILED', ['goal']);
    expect((await auditOf(admin, c.id)).map((a) => a.action)).toEqual(['update', 'update', 'update', 'create']);
  });

  it('keep their cost total as the sum of the recorded costs, and a campaign with costs is not deleted', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const c = await campaignOf(marketer.client);
    expectError(await marketer.client.post(`/api/v1/campaigns/${c.id}/costs`, { spentOn: '2026-09-01', item: '展位费', amountFen: 0 }), 400, 'VALIDATION_FAILED', ['amountFen']);
    expectError(await marketer.client.post(`/api/v1/campaigns/${c.id}/costs`, { spentOn: '2026-13-01', item: '展位费', amountFen: 1 }), 400, 'VALIDATION_FAILED', ['spentOn']);
    const booth = (await marketer.client.post(`/api/v1/campaigns/${c.id}/costs`, { spentOn: '2026-08-20', item: '展位费', amountFen: 80_000_00, supplier: '上海国际展览中心' })).body;
    expect(booth.costFen).toBe(80_000_00);
    const printed = (await marketer.client.post(`/api/v1/campaigns/${c.id}/costs`, { spentOn: '2026-09-10', item: '宣传册印刷', amountFen: 6_500_00 })).body;
    expect(printed.costFen).toBe(86_500_00);
    expect(printed.costs.map((x: { item: string }) => x.item)).toEqual(['展位费', '宣传册印刷']);
    expect(printed.costs[0]).toMatchObject({ supplier: '上海国际展览中心', recordedBy: marketer.id });
    const printId = printed.costs[1].id as string;
    const corrected = (await marketer.client.put(`/api/v1/campaigns/${c.id}/costs/${printId}`, { spentOn: '2026-09-10', item: '宣传册印刷', amountFen: 7_000_00 })).body;
    expect(corrected.costFen).toBe(87_000_00);
    // A cost of another campaign is not found through this one.
    const other = await campaignOf(marketer.client, { name: '秋季客户答谢会', type: 'offline_event' });
    expectError(await marketer.client.delete(`/api/v1/campaigns/${other.id}/costs/${printId}`), 404, 'NOT_FOUND');
    expectError(await marketer.client.delete(`/api/v1/campaigns/${c.id}`), 422, 'BUSINESS_RULE');
    const removed = (await marketer.client.delete(`/api/v1/campaigns/${c.id}/costs/${printId}`)).body;
    expect(removed.costFen).toBe(80_000_00);
    expect(removed.costs).toHaveLength(1);
    const costAudit = await auditOf(admin, printId);
    expect(costAudit.map((a) => a.action)).toEqual(['delete', 'update', 'create']);
    // The other campaign, untouched, is deleted and gone from the list.
    expect((await marketer.client.delete(`/api/v1/campaigns/${other.id}`)).status).toBe(200);
    expectError(await marketer.client.get(`/api/v1/campaigns/${other.id}`), 404, 'NOT_FOUND');
  });

  it('offer their names to those who register leads, never cancelled ones', async () => {
    const marketer = await h.createUser({ role: 'marketing', departmentId: marketingDept });
    const sales = await h.createUser({ role: 'sales', departmentId: eastSales });
    const c = await campaignOf(marketer.client, { name: '春季新品发布会', type: 'offline_event' });
    const gone = await campaignOf(marketer.client, { name: '取消的路演', type: 'offline_event' });
    await marketer.client.post(`/api/v1/campaigns/${gone.id}/status`, { version: gone.version, status: 'cancelled' });
    const options = await sales.client.get(`/api/v1/campaign-options?q=${encodeURIComponent('发布会')}`);
    expect(options.status).toBe(200);
    expect(options.body.items).toEqual([{ id: c.id, name: '春季新品发布会', type: 'offline_event', status: 'planned', channel: 'other' }]);
    expect((await sales.client.get(`/api/v1/campaign-options?q=${encodeURIComponent('路演')}`)).body.items).toEqual([]);
    // The salesperson sees the name, not the campaign.
    expectError(await sales.client.get(`/api/v1/campaigns/${c.id}`), 403, 'FORBIDDEN');
    // 客服 neither reads campaigns nor works with leads.
    const service = await h.createUser({ role: 'service', departmentId: eastSales });
    expectError(await service.client.get('/api/v1/campaign-options'), 403, 'FORBIDDEN');
  });
});
