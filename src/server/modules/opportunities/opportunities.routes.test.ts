import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let east: string;
let west: string;
let stages: Record<string, { id: string; version: number; probability: number }>;
beforeAll(async () => {
  h = await createHarness();
  h.clock.set('2026-12-02T02:00:00Z');
  east = await h.createDepartment('华东大区');
  west = await h.createDepartment('华西大区');
  const admin = await h.admin();
  const list = (await admin.get('/api/v1/pipeline-stages')).body.items as { key: string; id: string; version: number; probability: number }[];
  stages = Object.fromEntries(list.map((s) => [s.key, s]));
});
afterAll(async () => h.close());

const DAY = 86_400_000;

/** Moves the clock on; sessions idle that long have expired, so the users log in again. */
async function later(ms: number, ...users: { username: string; client: { login: (u: string, p: string) => Promise<unknown> } }[]) {
  h.clock.advance(ms);
  for (const u of users) await u.client.login(u.username, USER_PASSWORD);
}

describe('opportunities', () => {
  it('are priced from their lines, start in the first stage and keep every stage move with its time', async () => {
    const admin = await h.admin();
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const product = (await admin.post('/api/v1/products', { sku: 'ERP-PRO', name: '智能制造 ERP 专业版', unit: '套', listPriceFen: 12_800_000, taxRatePercent: 13 })).body;
    const customer = (await owner.client.post('/api/v1/customers', { name: '苏州工业园区精工科技有限公司' })).body;
    const created = await owner.client.post('/api/v1/opportunities', {
      customerId: customer.id,
      name: 'ERP 一期',
      expectedCloseDate: '2027-01-20',
      items: [
        { productId: product.id, quantity: 2, discountPercent: 5 },
        { name: '实施服务', unit: '人天', quantity: 10.5, unitPriceFen: 250_000, taxRatePercent: 6 },
      ],
    });
    expect(created.status).toBe(201);
    const o = created.body;
    // 2 × 128,000.00 = 256,000.00 − 5% 12,800.00 = 243,200.00 + 13% 31,616.00 = 274,816.00
    // 10.5 × 2,500.00 = 26,250.00 + 6% 1,575.00 = 27,825.00
    expect(o).toMatchObject({ amountFen: 30_264_100, amountFromItems: true, currency: 'CNY', stageId: stages.initial_contact?.id, probability: 10, weightedFen: 3_026_410, stageKind: 'open', customerName: '苏州工业园区精工科技有限公司', ownerId: owner.id });
    expect(o.items.map((i: { totalFen: number }) => i.totalFen)).toEqual([27_481_600, 2_782_500]);
    expect(o).toMatchObject({ subtotalFen: 28_225_000, discountFen: 1_280_000, taxFen: 3_319_100 });

    // Product on a line: it can no longer be deleted.
    expectError(await admin.delete(`/api/v1/products/${product.id}`), 422, 'BUSINESS_RULE');

    await later(3 * DAY, owner);
    const moved = await owner.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: o.version, stageId: stages.proposal?.id });
    expect(moved.body).toMatchObject({ stageId: stages.proposal?.id, probability: 60, weightedFen: 18_158_460 });
    await later(2 * DAY, owner);
    // Won needs a reason; then it is 100% and closed.
    expectError(await owner.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: moved.body.version, stageId: stages.won?.id }), 400, 'VALIDATION_FAILED', ['reason']);
    const won = await owner.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: moved.body.version, stageId: stages.won?.id, reason: '方案契合，价格有优势' });
    expect(won.body).toMatchObject({ stageKind: 'won', probability: 100, closeReason: '方案契合，价格有优势', closedAt: expect.any(String) });
    expect(won.body.stageHistory.map((c: { toStageId: string; durationSeconds: number }) => [c.toStageId, c.durationSeconds])).toEqual([
      [stages.initial_contact?.id, 3 * 86400],
      [stages.proposal?.id, 2 * 86400],
      [stages.won?.id, 0],
    ]);
    // A won deal keeps 100%.
    expectError(await owner.client.patch(`/api/v1/opportunities/${o.id}`, { version: won.body.version, probability: 50 }), 400, 'VALIDATION_FAILED', ['probability']);

    const timeline = (await owner.client.get(`/api/v1/customers/${customer.id}/timeline?kinds=opportunity`)).body.items.map((e: { kind: string }) => e.kind);
    expect(timeline).toEqual(['opportunity.won', 'opportunity.stage_changed', 'opportunity.created']);
    expect((await auditOf(await h.admin(), o.id)).map((a) => a.action)).toEqual(['update', 'update', 'create']);
  });

  it('board moves answer 409 on a stale version and nothing changes', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const customer = (await owner.client.post('/api/v1/customers', { name: '无锡新区华光电子有限公司' })).body;
    const o = (await owner.client.post('/api/v1/opportunities', { customerId: customer.id, name: '产线改造', amountFen: 5_000_000 })).body;
    const first = await owner.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: o.version, stageId: stages.needs_analysis?.id });
    expect(first.status).toBe(200);
    // A second tab still holding the old version drags the card elsewhere.
    expectError(await owner.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: o.version, stageId: stages.negotiation?.id }), 409, 'VERSION_CONFLICT');
    const now = (await owner.client.get(`/api/v1/opportunities/${o.id}`)).body;
    expect(now).toMatchObject({ stageId: stages.needs_analysis?.id, version: first.body.version });
    expect(now.stageHistory).toHaveLength(2);
    // Amount without lines is entered; with none given it is refused.
    expectError(await owner.client.post('/api/v1/opportunities', { customerId: customer.id, name: '没有金额' }), 400, 'VALIDATION_FAILED', ['amountFen']);
  });

  it('are seen by their owner and the managers above, not by other salespeople', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const other = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const westManager = await h.createUser({ role: 'manager', departmentId: west });
    const customer = (await owner.client.post('/api/v1/customers', { name: '常州武进恒泰机械有限公司' })).body;
    const o = (await owner.client.post('/api/v1/opportunities', { customerId: customer.id, name: '设备采购', amountFen: 800_000 })).body;
    for (const c of [other.client, westManager.client]) {
      expectError(await c.get(`/api/v1/opportunities/${o.id}`), 404, 'NOT_FOUND');
      expectError(await c.patch(`/api/v1/opportunities/${o.id}`, { version: o.version, name: 'x' }), 404, 'NOT_FOUND');
      expectError(await c.post(`/api/v1/opportunities/${o.id}/stage`, { version: o.version, stageId: stages.proposal?.id }), 404, 'NOT_FOUND');
      expect((await c.get('/api/v1/opportunities')).body.items.map((x: { id: string }) => x.id)).not.toContain(o.id);
      const board = (await c.get('/api/v1/opportunities/board')).body;
      expect(board.columns.flatMap((col: { items: { id: string }[] }) => col.items.map((i) => i.id))).not.toContain(o.id);
    }
    expect((await manager.client.get(`/api/v1/opportunities/${o.id}`)).status).toBe(200);
    // Nobody else's customer: an opportunity cannot be opened on it.
    expectError(await other.client.post('/api/v1/opportunities', { customerId: customer.id, name: 'x', amountFen: 1 }), 400, 'VALIDATION_FAILED', ['customerId']);
    // Giving it to someone needs the assign right, and someone in scope.
    expectError(await owner.client.patch(`/api/v1/opportunities/${o.id}`, { version: o.version, ownerId: other.id }), 403, 'FORBIDDEN');
    expectError(await manager.client.patch(`/api/v1/opportunities/${o.id}`, { version: o.version, ownerId: westManager.id }), 400, 'VALIDATION_FAILED', ['ownerId']);
    const handed = await manager.client.patch(`/api/v1/opportunities/${o.id}`, { version: o.version, ownerId: other.id });
    expect(handed.body).toMatchObject({ ownerId: other.id });
    expect((await other.client.get(`/api/v1/opportunities/${o.id}`)).status).toBe(200);
    expect((await other.client.get('/api/v1/notifications')).body.items[0]).toMatchObject({ kind: 'opportunity.assigned', entityType: 'opportunity', entityId: o.id });
    // The former owner no longer sees it, nor its timeline entries.
    expectError(await owner.client.get(`/api/v1/opportunities/${o.id}`), 404, 'NOT_FOUND');
    expect((await owner.client.get(`/api/v1/customers/${customer.id}/timeline?kinds=opportunity`)).body.items).toEqual([]);
  });

  it('board columns total the amount and the weighted amount of every card in scope', async () => {
    const dept = await h.createDepartment('华南大区');
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const ca = (await a.client.post('/api/v1/customers', { name: '深圳南山云帆软件有限公司' })).body;
    const cb = (await b.client.post('/api/v1/customers', { name: '广州天河海鸥贸易有限公司' })).body;
    for (const [c, amount] of [[a, 100_005], [a, 200_000]] as const) await c.client.post('/api/v1/opportunities', { customerId: ca.id, name: `A-${amount}`, amountFen: amount, stageId: stages.proposal?.id });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'B-1', amountFen: 300_000, stageId: stages.proposal?.id });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'B-usd', amountFen: 10_000, currency: 'USD', stageId: stages.proposal?.id });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'B-lost', amountFen: 50_000, stageId: stages.lost?.id, closeReason: '预算取消' });

    const column = (board: { columns: { stage: { id: string }; count: number; totals: unknown[]; items: { name: string }[] }[] }, id: string | undefined) => board.columns.find((c) => c.stage.id === id);
    const mine = (await a.client.get('/api/v1/opportunities/board')).body;
    // 100,005 × 60% = 60,003; 200,000 × 60% = 120,000
    expect(column(mine, stages.proposal?.id)).toMatchObject({ count: 2, totals: [{ currency: 'CNY', count: 2, amountFen: 300_005, weightedFen: 180_003 }] });
    // A card carries what it shows and what a move needs, not the opportunity's long texts.
    const card = column(mine, stages.proposal?.id)?.items[0];
    expect(card).toMatchObject({ name: 'A-200000', customerName: '深圳南山云帆软件有限公司', amountFen: 200_000, probability: 60, weightedFen: 120_000, stageKind: 'open', version: 1 });
    expect(Object.keys(card ?? {}).sort()).toEqual(
      ['amountFen', 'currency', 'customerId', 'customerName', 'expectedCloseDate', 'id', 'name', 'ownerId', 'ownerName', 'probability', 'stageId', 'stageKind', 'updatedAt', 'version', 'weightedFen'].sort(),
    );
    const team = (await manager.client.get(`/api/v1/opportunities/board?departmentId=${dept}`)).body;
    expect(column(team, stages.proposal?.id)).toMatchObject({ count: 4, totals: [{ currency: 'CNY', count: 3, amountFen: 600_005, weightedFen: 360_003 }, { currency: 'USD', count: 1, amountFen: 10_000, weightedFen: 6_000 }] });
    expect(column(team, stages.lost?.id)?.items.map((i) => i.name)).toEqual(['B-lost']);
    // A search matches the opportunity's name or its customer's, in the totals as in the cards.
    const byCustomer = (await manager.client.get(`/api/v1/opportunities/board?departmentId=${dept}&q=${encodeURIComponent('海鸥')}`)).body;
    expect(column(byCustomer, stages.proposal?.id)).toMatchObject({ count: 2, totals: [{ currency: 'CNY', count: 1, amountFen: 300_000 }, { currency: 'USD', count: 1 }] });
    const byName = (await manager.client.get(`/api/v1/opportunities/board?departmentId=${dept}&q=A-1`)).body;
    expect(column(byName, stages.proposal?.id)).toMatchObject({ count: 1, totals: [{ currency: 'CNY', count: 1, amountFen: 100_005 }] });
    expect(column(byName, stages.proposal?.id)?.items.map((i) => i.name)).toEqual(['A-100005']);
    const funnel = (await manager.client.get(`/api/v1/opportunities/funnel?departmentId=${dept}&q=${encodeURIComponent('海鸥')}`)).body;
    expect(funnel.lost).toBe(1);
    expect(funnel.stages.find((s: { stage: { key: string } }) => s.stage.key === 'proposal')).toMatchObject({ current: 2, amountFen: 300_000 });
    // Closed long ago: off the board.
    await later(40 * DAY, manager);
    expect(column((await manager.client.get(`/api/v1/opportunities/board?departmentId=${dept}`)).body, stages.lost?.id)?.count).toBe(0);
  });

  it('forecast by month and owner within the viewer scope, weighted by probability, with what was won', async () => {
    h.clock.set('2026-12-02T02:00:00Z');
    const dept = await h.createDepartment('华北大区');
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    const outsider = await h.createUser({ role: 'sales', departmentId: west });
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const ca = (await a.client.post('/api/v1/customers', { name: '北京海淀中关村智联科技有限公司' })).body;
    const cb = (await b.client.post('/api/v1/customers', { name: '天津滨海新区远航物流有限公司' })).body;
    const co = (await outsider.client.post('/api/v1/customers', { name: '成都高新区蓝鲸数据有限公司' })).body;
    await a.client.post('/api/v1/opportunities', { customerId: ca.id, name: 'a1', amountFen: 1_000_000, stageId: stages.needs_analysis?.id, expectedCloseDate: '2026-12-15' });
    await a.client.post('/api/v1/opportunities', { customerId: ca.id, name: 'a2', amountFen: 333, stageId: stages.negotiation?.id, expectedCloseDate: '2026-12-31' });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'b1', amountFen: 2_000_000, stageId: stages.proposal?.id, expectedCloseDate: '2027-01-10' });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'b-won', amountFen: 700_000, stageId: stages.won?.id, closeReason: '老客户复购', expectedCloseDate: '2026-12-01' });
    await b.client.post('/api/v1/opportunities', { customerId: cb.id, name: 'b-far', amountFen: 9_000_000, stageId: stages.proposal?.id, expectedCloseDate: '2028-01-10' });
    await outsider.client.post('/api/v1/opportunities', { customerId: co.id, name: 'o1', amountFen: 5_000_000, stageId: stages.proposal?.id, expectedCloseDate: '2026-12-20' });

    const res = await manager.client.get(`/api/v1/opportunities/forecast?departmentId=${dept}&from=2026-12&months=3`);
    expect(res.status).toBe(200);
    expect(res.body.months).toEqual(['2026-12', '2027-01', '2027-02']);
    const row = (month: string, owner: string) => res.body.rows.find((r: { month: string; ownerId: string }) => r.month === month && r.ownerId === owner);
    // 1,000,000 × 30% + 333 × 80% (266.4 → 266)
    expect(row('2026-12', a.id)).toMatchObject({ openCount: 2, pipelineFen: 1_000_333, weightedFen: 300_266, wonFen: 0 });
    expect(row('2026-12', b.id)).toMatchObject({ openCount: 0, pipelineFen: 0, wonCount: 1, wonFen: 700_000 });
    expect(row('2027-01', b.id)).toMatchObject({ openCount: 1, pipelineFen: 2_000_000, weightedFen: 1_200_000 });
    expect(res.body.rows.map((r: { ownerId: string }) => r.ownerId)).not.toContain(outsider.id);
    expect(res.body.totals).toEqual([
      { month: '2026-12', openCount: 2, pipelineFen: 1_000_333, weightedFen: 300_266, wonCount: 1, wonFen: 700_000 },
      { month: '2027-01', openCount: 1, pipelineFen: 2_000_000, weightedFen: 1_200_000, wonCount: 0, wonFen: 0 },
      { month: '2027-02', openCount: 0, pipelineFen: 0, weightedFen: 0, wonCount: 0, wonFen: 0 },
    ]);
    // A salesperson's forecast is their own.
    const own = (await a.client.get('/api/v1/opportunities/forecast?from=2026-12&months=3')).body;
    expect(new Set(own.rows.map((r: { ownerId: string }) => r.ownerId))).toEqual(new Set([a.id]));
    expectError(await a.client.get('/api/v1/opportunities/forecast?from=2026-13'), 400, 'VALIDATION_FAILED', ['from']);

    const funnel = (await manager.client.get(`/api/v1/opportunities/funnel?departmentId=${dept}`)).body;
    const reached = Object.fromEntries(funnel.stages.map((s: { stage: { key: string }; reached: number }) => [s.stage.key, s.reached]));
    // Created in their stages: needs_analysis (a1), negotiation (a2), proposal (b1, b-far), won (b-won)
    expect(reached).toEqual({ initial_contact: 5, needs_analysis: 5, proposal: 4, negotiation: 2, won: 1 });
  });

  it('pipeline stages are shaped by admins within the rules', async () => {
    const admin = await h.admin();
    const sales = await h.createUser({ role: 'sales', departmentId: east });
    expectError(await sales.client.post('/api/v1/pipeline-stages', { nameZh: '试用', nameEn: 'Trial', probability: 50 }), 403, 'FORBIDDEN');
    const trial = await admin.post('/api/v1/pipeline-stages', { nameZh: '试用', nameEn: 'Trial', probability: 50, sortOrder: 35 });
    expect(trial.status).toBe(201);
    expectError(await admin.post('/api/v1/pipeline-stages', { nameZh: '尾', nameEn: 'Tail', probability: 50, sortOrder: 95 }), 400, 'VALIDATION_FAILED', ['sortOrder']);
    const won = stages.won;
    expectError(await admin.patch(`/api/v1/pipeline-stages/${won?.id}`, { version: won?.version, probability: 90 }), 400, 'VALIDATION_FAILED', ['probability']);
    const customer = (await sales.client.post('/api/v1/customers', { name: '杭州滨江启明软件有限公司' })).body;
    const o = (await sales.client.post('/api/v1/opportunities', { customerId: customer.id, name: '试用转化', amountFen: 10_000, stageId: trial.body.id })).body;
    expect(o.probability).toBe(50);
    expectError(await admin.patch(`/api/v1/pipeline-stages/${trial.body.id}`, { version: trial.body.version, active: false }), 422, 'BUSINESS_RULE');
    await sales.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: o.version, stageId: stages.negotiation?.id });
    const retired = await admin.patch(`/api/v1/pipeline-stages/${trial.body.id}`, { version: trial.body.version, active: false });
    expect(retired.body.active).toBe(false);
    const again = (await sales.client.get(`/api/v1/opportunities/${o.id}`)).body;
    expectError(await sales.client.post(`/api/v1/opportunities/${o.id}/stage`, { version: again.version, stageId: trial.body.id }), 400, 'VALIDATION_FAILED', ['stageId']);
  });
});
