import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * 团队概况 (GET /api/v1/home/team): each figure of the East manager counts East's reps and records
 * only. North has the same kinds of records, so a figure that leaked the scope would be off.
 */
let h: Harness;
let manager: Client;
let eastRep1: { id: string; client: Client };
let eastRep2: { id: string; client: Client };
let northRep: { id: string; client: Client };
const stages: Record<string, string> = {};

const yes = { needMatch: 'yes', budget: 'yes', authority: 'yes' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function ok(res: Promise<{ status: number; body: any }>) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}

beforeAll(async () => {
  h = await createHarness();
  const sales = await h.createDepartment('销售部');
  const east = await h.createDepartment('华东大区', sales);
  const north = await h.createDepartment('华北大区', sales);
  manager = (await h.createUser({ role: 'manager', departmentId: east, username: 'east_manager' })).client;
  eastRep1 = await h.createUser({ role: 'sales', departmentId: east, username: 'east_rep1' });
  eastRep2 = await h.createUser({ role: 'sales', departmentId: east, username: 'east_rep2' });
  northRep = await h.createUser({ role: 'sales', departmentId: north, username: 'north_rep' });
  const list = await ok(manager.get('/api/v1/pipeline-stages'));
  for (const s of list.items as { id: string; key: string }[]) stages[s.key] = s.id;
});
afterAll(async () => h.close());

describe('who gets the team figures', () => {
  it('refuses anonymous callers, and salespeople (their scope is their own records)', async () => {
    expect((await h.client().get('/api/v1/home/team')).status).toBe(401);
    const res = await eastRep1.client.get('/api/v1/home/team');
    expect(res.status).toBe(403);
  });

  it('gives a manager empty figures before anything happened', async () => {
    const res = await manager.get('/api/v1/home/team');
    expect(res.status).toBe(200);
    expect(res.body.leadsPastSla).toEqual({ count: 0 });
    expect(res.body.followUpsDue).toEqual([]);
    expect(res.body.pipeline.map((s: { key: string }) => s.key)).not.toContain('won');
    expect(res.body.pipeline.every((s: { count: number; amountFen: number }) => s.count === 0 && s.amountFen === 0)).toBe(true);
    expect(res.body.wonThisMonth).toMatchObject({ count: 0, amountFen: 0 });
  });
});

describe('the figures, within the manager’s department', () => {
  beforeAll(async () => {
    // Day 0: unassigned A leads registered in East (two) and North (one); a B lead in East; and
    // customers and an owned lead that will be past their follow-up cadence.
    await ok(eastRep1.client.post('/api/v1/leads', { channel: 'trade_show', companyName: '无锡新吴精工有限公司', contactName: '钱经理', criteria: yes }));
    await ok(eastRep2.client.post('/api/v1/leads', { channel: 'website', companyName: '苏州工业园区智造有限公司', contactName: '孙经理', criteria: yes }));
    await ok(eastRep1.client.post('/api/v1/leads', { channel: 'website', contactName: '周女士', criteria: yes, gradeOverride: { grade: 'B', reason: '客户下季度才有预算' } }));
    await ok(northRep.client.post('/api/v1/leads', { channel: 'trade_show', companyName: '天津滨海重工有限公司', contactName: '赵经理', criteria: yes }));
    await ok(eastRep1.client.post('/api/v1/leads', { channel: 'referral', contactName: '吴先生', criteria: yes, ownerId: eastRep1.id }));
    await ok(eastRep1.client.post('/api/v1/customers', { name: '宁波北仑港口物流有限公司' }));
    await ok(eastRep1.client.post('/api/v1/customers', { name: '杭州钱塘新材料有限公司' }));
    await ok(eastRep2.client.post('/api/v1/customers', { name: '南京江宁精密机械有限公司' }));
    await ok(northRep.client.post('/api/v1/customers', { name: '北京中关村软件有限公司' }));
    await ok(northRep.client.post('/api/v1/customers', { name: '天津港保税物流有限公司' }));

    // 40 days later every one of them is past its cadence (30 days at most) and the A leads past
    // their 24 hours; an A lead registered now is not.
    h.clock.advance(40 * DAY);
    // Sessions have ended by then: sign in again.
    for (const [c, name] of [[manager, 'east_manager'], [eastRep1.client, 'east_rep1'], [eastRep2.client, 'east_rep2'], [northRep.client, 'north_rep']] as const) {
      expect((await c.login(name, USER_PASSWORD)).status).toBe(200);
    }
    await ok(eastRep2.client.post('/api/v1/leads', { channel: 'website', companyName: '常州武进电子有限公司', contactName: '李经理', criteria: yes }));

    // Opportunities now: East's open ones in two stages and one won; North's alike.
    const customerOf = async (c: Client, name: string) => (await ok(c.post('/api/v1/customers', { name }))).id as string;
    const e1 = await customerOf(eastRep1.client, '上海浦东电气有限公司');
    const e2 = await customerOf(eastRep2.client, '合肥高新光电有限公司');
    const n1 = await customerOf(northRep.client, '石家庄装备制造有限公司');
    const first = 'initial_contact';
    const second = 'proposal';
    await ok(eastRep1.client.post('/api/v1/opportunities', { customerId: e1, name: '变频器采购', amountFen: 1_000_000, stageId: stages[first] }));
    await ok(eastRep2.client.post('/api/v1/opportunities', { customerId: e2, name: '光电模组', amountFen: 250_050, stageId: stages[first] }));
    await ok(eastRep2.client.post('/api/v1/opportunities', { customerId: e2, name: '产线改造', amountFen: 3_000_000, stageId: stages[second] }));
    await ok(eastRep1.client.post('/api/v1/opportunities', { customerId: e1, name: '配电柜', amountFen: 880_000, stageId: stages.won, closeReason: '方案契合，价格有优势' }));
    await ok(northRep.client.post('/api/v1/opportunities', { customerId: n1, name: '北方项目', amountFen: 9_990_000, stageId: stages[first] }));
    await ok(northRep.client.post('/api/v1/opportunities', { customerId: n1, name: '北方赢单', amountFen: 5_550_000, stageId: stages.won, closeReason: '老客户复购' }));
    // Customers created today are not yet due; the customers of day 0 are.
  });

  it('counts the open A leads past their assignment deadline that the manager may assign: East’s and, waiting for an owner, North’s (not the fresh one, not the B lead)', async () => {
    const res = await ok(manager.get('/api/v1/home/team'));
    expect(res.leadsPastSla).toEqual({ count: 3 });
    // The list the figure stands for: 待分配 shows the same three late A leads.
    const queue = await ok(manager.get('/api/v1/leads?queue=true&grade=A&limit=50'));
    expect((queue.items as { sla: { kind: string } | null }[]).filter((l) => l.sla?.kind === 'overdue')).toHaveLength(3);
  });

  it('lists follow-ups overdue per East rep, most first (North’s rep absent)', async () => {
    const res = await ok(manager.get('/api/v1/home/team'));
    expect(res.followUpsDue).toEqual([
      { ownerId: eastRep1.id, ownerName: 'east_rep1 用户', customersDue: 2, leadsDue: 1 },
      { ownerId: eastRep2.id, ownerName: 'east_rep2 用户', customersDue: 1, leadsDue: 0 },
    ]);
  });

  it('sums East’s open pipeline by stage, amount and count', async () => {
    const res = await ok(manager.get('/api/v1/home/team'));
    expect(res.pipeline.map((s: { key: string; count: number; amountFen: number }) => [s.key, s.count, s.amountFen])).toEqual([
      ['initial_contact', 2, 1_250_050],
      ['needs_analysis', 0, 0],
      ['proposal', 1, 3_000_000],
      ['negotiation', 0, 0],
    ]);
  });

  it('gives East’s won amount of this month', async () => {
    const res = await ok(manager.get('/api/v1/home/team'));
    expect(res.wonThisMonth).toMatchObject({ count: 1, amountFen: 880_000, month: expect.stringMatching(/^\d{4}-\d{2}$/) });
  });

  it('gives the admin (scope: all) both departments', async () => {
    const admin = await h.admin();
    const res = await ok(admin.get('/api/v1/home/team'));
    expect(res.leadsPastSla).toEqual({ count: 3 });
    expect(res.wonThisMonth).toMatchObject({ count: 1 + 1, amountFen: 880_000 + 5_550_000 });
    expect((res.followUpsDue as { ownerId: string }[]).map((r) => r.ownerId)).toContain(northRep.id);
  });
});
