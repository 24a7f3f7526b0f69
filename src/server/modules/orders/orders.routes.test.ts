import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { newId } from '../../db/ids.ts';
import { opportunities, opportunityItems, pipelineStages, quoteItems, quotes } from '../../db/schema/index.ts';
import { priceLines } from '../products/index.ts';

let h: Harness;
let admin: Client;
let east: string;
let west: string;
let productId: string;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  east = await h.createDepartment('华东大区');
  west = await h.createDepartment('华西大区');
  productId = (await admin.post('/api/v1/products', { sku: 'KH-PUMP-200', name: '离心泵 200 型', unit: '台', listPriceFen: 1_234_567, taxRatePercent: 13 })).body.id;
});
afterAll(async () => h.close());

type Order = { id: string; version: number; status: string; totalFen: number; paidFen: number; [k: string]: unknown };

async function customerOf(client: Client, name: string) {
  const res = await client.post('/api/v1/customers', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

/** An order of one line of the catalogue product and one free line. */
async function orderFor(client: Client, customerId: string, extra: Record<string, unknown> = {}): Promise<Order> {
  const res = await client.post('/api/v1/orders', {
    customerId,
    items: [
      { productId, quantity: 2, discountPercent: 5 },
      { name: '安装调试', quantity: 1, unitPriceFen: 80_000, taxRatePercent: 6 },
    ],
    shippingAddress: '浙江省杭州市滨江区江南大道 100 号',
    receiverName: '王工',
    receiverPhone: '13800138000',
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Order;
}

async function move(client: Client, o: Order, to: string, extra: Record<string, unknown> = {}): Promise<Order> {
  const res = await client.post(`/api/v1/orders/${o.id}/transitions`, { to, version: o.version, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Order;
}

async function pay(client: Client, o: Order, amountFen: number): Promise<Order> {
  const res = await client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-02', amountFen, method: 'bank_transfer', reference: `HD${amountFen}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Order;
}

async function paidOrder(client: Client, customerId: string): Promise<Order> {
  const o = await move(client, await orderFor(client, customerId), 'confirmed');
  return pay(client, o, o.totalFen);
}

describe('orders', () => {
  it('go created → confirmed → paid by partial payments → shipped → delivered → completed, each step recorded', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(owner.client, '杭州滨江流体设备有限公司');
    const contact = (await owner.client.post(`/api/v1/customers/${c.id}/contacts`, { name: '王建国' })).body;
    let o = await orderFor(owner.client, c.id, { contactId: contact.id });

    // Priced on the server with the money rules: 2 × 12,345.67 less 5%, 13% tax; 800 + 6%.
    const expected = await priceLines(h.deps.db, [{ productId, quantity: 2, discountPercent: 5 }, { name: '安装调试', quantity: 1, unitPriceFen: 80_000, discountPercent: 0, taxRatePercent: 6 }], { currency: 'CNY' });
    expect(o).toMatchObject({ status: 'created', currency: 'CNY', ...expected.totals, paidFen: 0, outstandingFen: expected.totals.totalFen, ownerId: owner.id, departmentId: east, contactName: '王建国', allowedTransitions: ['confirmed', 'cancelled'] });
    expect(o.number).toMatch(/^DD\d{4}\d{6}$/);
    expect((o.items as unknown[]).length).toBe(2);
    expect(o.items).toMatchObject([{ name: '离心泵 200 型', sku: 'KH-PUMP-200', quantity: 2, unitPriceFen: 1_234_567, discountPercent: 5, taxRatePercent: 13 }, { name: '安装调试', totalFen: 84_800 }]);

    // Not yet agreed: no payment; a step not allowed names the allowed ones.
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-02', amountFen: 100, method: 'cash' }), 422, 'BUSINESS_RULE');
    const illegal = await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'shipped', version: o.version, carrier: '顺丰', trackingNumber: 'SF1' });
    expectError(illegal, 422, 'BUSINESS_RULE');
    expect(illegal.body.error.message).toContain('confirmed, cancelled');
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'paid', version: o.version }), 422, 'BUSINESS_RULE');

    o = await move(owner.client, o, 'confirmed');
    expect(o.allowedTransitions).toEqual(['cancelled']);
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'cancelled', version: o.version - 1, reason: 'x' }), 409, 'VERSION_CONFLICT');
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'paid', version: o.version }), 422, 'BUSINESS_RULE');

    // Partial payments until the total is covered; never more than what is outstanding.
    const total = o.totalFen;
    const first = Math.floor(total * 0.3);
    o = await pay(owner.client, o, first);
    expect(o).toMatchObject({ status: 'confirmed', paidFen: first, outstandingFen: total - first });
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-03', amountFen: total - first + 1, method: 'cash' }), 400, 'VALIDATION_FAILED', ['amountFen']);
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-03', amountFen: 10, method: 'cash', version: o.version - 1 }), 409, 'VERSION_CONFLICT');
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-03', amountFen: 12.5, method: 'cash' }), 400, 'VALIDATION_FAILED', ['amountFen']);
    o = await pay(owner.client, o, total - first);
    expect(o).toMatchObject({ status: 'paid', paidFen: total, outstandingFen: 0, paidAt: expect.any(String), allowedTransitions: ['shipped', 'cancelled'] });
    expect((o.payments as { amountFen: number; recordedByName: string }[]).map((p) => p.amountFen)).toEqual([first, total - first]);

    // Shipping needs the carrier and the tracking number; a shipped order is no longer cancelled.
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'shipped', version: o.version }), 400, 'VALIDATION_FAILED', ['carrier', 'trackingNumber']);
    o = await move(owner.client, o, 'shipped', { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    expect(o).toMatchObject({ carrier: '顺丰速运', trackingNumber: 'SF1234567890', shippedAt: expect.any(String) });
    const late = await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'cancelled', version: o.version, reason: '不要了' });
    expectError(late, 422, 'BUSINESS_RULE');
    expect(late.body.error.message).toContain('delivered');

    // Delivery schedules the after-sales call for the owner, 7 days later by default.
    const deliveredAt = h.clock.now().getTime();
    o = await move(owner.client, o, 'delivered');
    const tasks = (await owner.client.get(`/api/v1/tasks?customerId=${c.id}&bucket=all`)).body.items as { title: string; dueAt: string; assigneeId: string; contactId: string; type: string }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ title: `售后回访：订单 ${String(o.number)}`, assigneeId: owner.id, contactId: contact.id, type: 'call' });
    const due = new Date(tasks[0]?.dueAt ?? '').getTime() - deliveredAt;
    expect(due).toBeGreaterThanOrEqual(7 * DAY);
    expect(due).toBeLessThan(7 * DAY + 1000);

    o = await move(owner.client, o, 'completed');
    expect(o.allowedTransitions).toEqual([]);
    expectError(await owner.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'cancelled', version: o.version, reason: 'x' }), 422, 'BUSINESS_RULE');

    const history = (o.history as { fromStatus: string | null; toStatus: string; changedBy: string; changedByName: string; note: string | null }[]).map((x) => `${x.fromStatus ?? '-'}→${x.toStatus}`);
    expect(history).toEqual(['-→created', 'created→confirmed', 'confirmed→paid', 'paid→shipped', 'shipped→delivered', 'delivered→completed']);
    expect((o.history as { changedBy: string }[]).every((x) => x.changedBy === owner.id)).toBe(true);
    const fetched = (await owner.client.get(`/api/v1/orders/${o.id}`)).body;
    expect(fetched).toMatchObject({ id: o.id, status: 'completed', version: o.version });

    const kinds = (await owner.client.get(`/api/v1/customers/${c.id}/timeline?kinds=order`)).body.items.map((e: { kind: string; params: { to?: string } }) => `${e.kind}${e.params.to ? `:${e.params.to}` : ''}`);
    expect(kinds).toEqual([
      'order.status_changed:completed',
      'order.status_changed:delivered',
      'order.status_changed:shipped',
      'order.status_changed:paid',
      'order.payment_recorded',
      'order.payment_recorded',
      'order.status_changed:confirmed',
      'order.created',
    ]);
    const audit = await auditOf(admin, o.id);
    expect(audit.map((a) => a.action)).toEqual([...Array(6).fill('update'), 'create']);
  });

  it('are seen by their owner and the owner’s department managers only', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const colleague = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const otherManager = await h.createUser({ role: 'manager', departmentId: west });
    const c = await customerOf(owner.client, '宁波北仑港机配件有限公司');
    // The colleague collaborates on the customer, so sees it, but not its owner's orders.
    const customer = (await owner.client.get(`/api/v1/customers/${c.id}`)).body;
    expect((await owner.client.patch(`/api/v1/customers/${c.id}`, { version: customer.version, collaboratorIds: [colleague.id] })).status).toBe(200);
    let o = await orderFor(owner.client, c.id);

    for (const outsider of [colleague.client, otherManager.client]) {
      expectError(await outsider.get(`/api/v1/orders/${o.id}`), 404, 'NOT_FOUND');
      expectError(await outsider.post(`/api/v1/orders/${o.id}/transitions`, { to: 'confirmed', version: o.version }), 404, 'NOT_FOUND');
      expectError(await outsider.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-03-02', amountFen: 100, method: 'cash' }), 404, 'NOT_FOUND');
      expectError(await outsider.patch(`/api/v1/orders/${o.id}`, { version: o.version, notes: 'x' }), 404, 'NOT_FOUND');
      expect((await outsider.get('/api/v1/orders')).body.items.map((x: { id: string }) => x.id)).not.toContain(o.id);
    }
    const seen = (await colleague.client.get(`/api/v1/customers/${c.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    expect(seen).toContain('customer.created');
    expect(seen.filter((k: string) => k.startsWith('order.'))).toEqual([]);

    // The manager of the department sees and moves it.
    expect((await manager.client.get(`/api/v1/orders?customerId=${c.id}`)).body.items.map((x: { id: string }) => x.id)).toEqual([o.id]);
    o = await move(manager.client, o, 'confirmed');
    expect((await owner.client.get(`/api/v1/orders/${o.id}`)).body.status).toBe('confirmed');

    // A direct order needs a customer in one's own scope, and an owner one may place.
    const theirs = await customerOf(otherManager.client, '成都高新精密仪器有限公司');
    expectError(await owner.client.post('/api/v1/orders', { customerId: theirs.id, items: [{ name: 'x', quantity: 1, unitPriceFen: 1 }] }), 400, 'VALIDATION_FAILED', ['customerId']);
    expectError(await owner.client.post('/api/v1/orders', { customerId: c.id, ownerId: otherManager.id, items: [{ name: 'x', quantity: 1, unitPriceFen: 1 }] }), 400, 'VALIDATION_FAILED', ['ownerId']);
    const placed = await manager.client.post('/api/v1/orders', { customerId: c.id, ownerId: owner.id, items: [{ name: '备件', quantity: 3, unitPriceFen: 1_000 }] });
    expect(placed.body).toMatchObject({ ownerId: owner.id, departmentId: east, totalFen: 3_000 });
    expectError(await owner.client.post('/api/v1/orders', { customerId: c.id }), 400, 'VALIDATION_FAILED', ['items']);
  });

  it('make the customer a customer (成交) on its first paid order, and keep its lifetime value and repurchase flag', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(owner.client, '绍兴柯桥纺织机械有限公司');
    expect((await owner.client.get(`/api/v1/customers/${c.id}`)).body).toMatchObject({ stage: 'potential', lifetimeValueFen: 0, paidOrderCount: 0, repurchase: false });

    const first = await paidOrder(owner.client, c.id);
    expect((await owner.client.get(`/api/v1/customers/${c.id}`)).body).toMatchObject({ stage: 'customer', lifetimeValueFen: first.totalFen, paidOrderCount: 1, repurchase: false });
    const second = await paidOrder(owner.client, c.id);
    expect((await owner.client.get(`/api/v1/customers/${c.id}`)).body).toMatchObject({ stage: 'customer', lifetimeValueFen: first.totalFen + second.totalFen, paidOrderCount: 2, repurchase: true });
    // An unpaid order adds nothing.
    await move(owner.client, await orderFor(owner.client, c.id), 'confirmed');
    expect((await owner.client.get(`/api/v1/customers/${c.id}`)).body.paidOrderCount).toBe(2);

    const stageChanges = (await owner.client.get(`/api/v1/customers/${c.id}/timeline?kinds=customer`)).body.items.filter((e: { kind: string }) => e.kind === 'customer.stage_changed');
    expect(stageChanges).toHaveLength(1);
    expect(stageChanges[0].params).toMatchObject({ from: 'potential', to: 'customer' });
    const customerAudit = await auditOf(admin, c.id);
    expect(customerAudit.find((a) => a.action === 'update')?.changes).toMatchObject({ stage: ['potential', 'customer'] });

    // Cancelling a paid order (before shipping, with a reason) takes it out of the figures.
    expectError(await owner.client.post(`/api/v1/orders/${second.id}/transitions`, { to: 'cancelled', version: second.version }), 400, 'VALIDATION_FAILED', ['reason']);
    const cancelled = await move(owner.client, second, 'cancelled', { reason: '客户改为下季度采购' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户改为下季度采购', cancelledAt: expect.any(String) });
    expect((await owner.client.get(`/api/v1/customers/${c.id}`)).body).toMatchObject({ stage: 'customer', lifetimeValueFen: first.totalFen, paidOrderCount: 1, repurchase: false });
  });

  it('change lines and address only while created, and are deleted only then, by those allowed', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const c = await customerOf(owner.client, '嘉兴南湖电子元件有限公司');
    let o = await orderFor(owner.client, c.id);
    const edited = await owner.client.patch(`/api/v1/orders/${o.id}`, { version: o.version, items: [{ name: '定制线缆', quantity: 1.5, unitPriceFen: 3_333, discountPercent: 10, taxRatePercent: 13 }], shippingAddress: '浙江省嘉兴市南湖区 1 号' });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    // 1.5 × 33.33 = 49.995 → 50.00; less 10% = 45.00; 13% tax 5.85.
    expect(edited.body).toMatchObject({ subtotalFen: 5_000, discountFen: 500, netFen: 4_500, taxFen: 585, totalFen: 5_085, shippingAddress: '浙江省嘉兴市南湖区 1 号' });
    expectError(await owner.client.patch(`/api/v1/orders/${o.id}`, { version: o.version, notes: 'x' }), 409, 'VERSION_CONFLICT');
    o = await move(owner.client, edited.body as Order, 'confirmed');
    expectError(await owner.client.patch(`/api/v1/orders/${o.id}`, { version: o.version, items: [{ name: 'x', quantity: 1, unitPriceFen: 1 }] }), 422, 'BUSINESS_RULE');
    expectError(await owner.client.patch(`/api/v1/orders/${o.id}`, { version: o.version, shippingAddress: '别处' }), 422, 'BUSINESS_RULE');
    const noted = await owner.client.patch(`/api/v1/orders/${o.id}`, { version: o.version, notes: '月底前发货' });
    expect(noted.body).toMatchObject({ notes: '月底前发货', totalFen: 5_085 });

    expectError(await manager.client.delete(`/api/v1/orders/${o.id}`), 422, 'BUSINESS_RULE');
    const fresh = await orderFor(owner.client, c.id);
    expectError(await owner.client.delete(`/api/v1/orders/${fresh.id}`), 403, 'FORBIDDEN');
    expect((await manager.client.delete(`/api/v1/orders/${fresh.id}`)).status).toBe(200);
    expectError(await owner.client.get(`/api/v1/orders/${fresh.id}`), 404, 'NOT_FOUND');
    expect((await auditOf(admin, fresh.id)).map((a) => a.action)).toEqual(['delete', 'create']);
  });

  it('are made from a won opportunity or an accepted quote, copying their lines', async () => {
    // The opportunities and quotes APIs are built beside this module: their rows are written here directly.
    const owner = await h.createUser({ role: 'sales', departmentId: east });
    const other = await h.createUser({ role: 'sales', departmentId: east });
    const c = await customerOf(owner.client, '温州鹿城阀门有限公司');
    const stages = new Map((await h.deps.db.select().from(pipelineStages)).map((s) => [s.key, s.id]));
    const oppId = newId();
    await h.deps.db.insert(opportunities).values({ id: oppId, customerId: c.id, name: '阀门年度采购', amountFen: 0, stageId: stages.get('negotiation') ?? '', probability: 80, ownerId: owner.id, departmentId: east });
    const priced = await priceLines(h.deps.db, [{ productId, quantity: 10, discountPercent: 12.5 }], { currency: 'CNY' });
    await h.deps.db.insert(opportunityItems).values(priced.lines.map((l) => ({ ...l, opportunityId: oppId })));

    expectError(await owner.client.post('/api/v1/orders', { opportunityId: oppId }), 422, 'BUSINESS_RULE');
    await h.deps.db.update(opportunities).set({ stageId: stages.get('won') ?? '' }).where(eq(opportunities.id, oppId));
    expectError(await other.client.post('/api/v1/orders', { opportunityId: oppId }), 400, 'VALIDATION_FAILED', ['opportunityId']);
    const fromOpp = await owner.client.post('/api/v1/orders', { opportunityId: oppId });
    expect(fromOpp.status, JSON.stringify(fromOpp.body)).toBe(201);
    expect(fromOpp.body).toMatchObject({ opportunityId: oppId, customerId: c.id, ...priced.totals });
    expect(fromOpp.body.items).toMatchObject([{ productId, quantity: 10, discountPercent: 12.5, totalFen: priced.lines[0]?.totalFen }]);

    // Without lines: one line with its name and amount.
    const bare = newId();
    await h.deps.db.insert(opportunities).values({ id: bare, customerId: c.id, name: '技术服务包', amountFen: 500_000, stageId: stages.get('won') ?? '', probability: 100, ownerId: owner.id, departmentId: east });
    const fromBare = (await owner.client.post('/api/v1/orders', { opportunityId: bare, customerId: c.id })).body;
    expect(fromBare).toMatchObject({ totalFen: 500_000, items: [{ name: '技术服务包', quantity: 1, unitPriceFen: 500_000, taxFen: 0 }] });
    const otherCustomer = await customerOf(owner.client, '温州龙湾五金有限公司');
    expectError(await owner.client.post('/api/v1/orders', { opportunityId: bare, customerId: otherCustomer.id }), 400, 'VALIDATION_FAILED', ['customerId']);

    // A quote: only once accepted.
    const quoteId = newId();
    await h.deps.db.insert(quotes).values({ id: quoteId, number: 'BJ2026901', opportunityId: oppId, customerId: c.id, title: '阀门报价', status: 'sent', quoteDate: '2026-03-01', validUntil: '2026-03-31', ownerId: owner.id, departmentId: east, ...priced.totals });
    await h.deps.db.insert(quoteItems).values(priced.lines.map((l) => ({ ...l, id: newId(), quoteId })));
    expectError(await owner.client.post('/api/v1/orders', { quoteId }), 422, 'BUSINESS_RULE');
    await h.deps.db.update(quotes).set({ status: 'accepted' }).where(eq(quotes.id, quoteId));
    const fromQuote = (await owner.client.post('/api/v1/orders', { quoteId })).body;
    expect(fromQuote).toMatchObject({ quoteId, opportunityId: oppId, customerId: c.id, totalFen: priced.totals.totalFen });
    expectError(await other.client.post('/api/v1/orders', { quoteId }), 400, 'VALIDATION_FAILED', ['quoteId']);
    // One accepted quote makes one order.
    const twice = await owner.client.post('/api/v1/orders', { quoteId });
    expectError(twice, 422, 'BUSINESS_RULE');
    expect(twice.body.error.message).toContain(fromQuote.number);
    expectError(await owner.client.post('/api/v1/orders', { quoteId, opportunityId: oppId }), 400, 'VALIDATION_FAILED', ['quoteId']);
  });

  it('schedule the after-sales call as the admin set it, and list by status, number and date', async () => {
    const sales = await h.createUser({ role: 'sales', departmentId: east });
    expectError(await sales.client.get('/api/v1/settings/orders'), 403, 'FORBIDDEN');
    expect((await admin.get('/api/v1/settings/orders')).body).toEqual({ afterSalesDays: 7 });
    expectError(await admin.put('/api/v1/settings/orders', { afterSalesDays: 0 }), 400, 'VALIDATION_FAILED', ['afterSalesDays']);
    expect((await admin.put('/api/v1/settings/orders', { afterSalesDays: 3 })).body).toEqual({ afterSalesDays: 3 });

    // The call is written in the language its owner reads the app in.
    expect((await sales.client.patch('/api/v1/auth/me', { locale: 'en' })).status).toBe(200);
    const c = await customerOf(sales.client, '湖州吴兴竹木制品有限公司');
    let o = await paidOrder(sales.client, c.id);
    o = await move(sales.client, o, 'shipped', { carrier: '中通快递', trackingNumber: 'ZT778899' });
    const at = h.clock.now().getTime();
    await move(sales.client, o, 'delivered');
    const task = (await sales.client.get(`/api/v1/tasks?customerId=${c.id}&bucket=all`)).body.items[0];
    expect(task.title).toBe(`After-sales call: order ${String(o.number)}`);
    const due = new Date(task.dueAt).getTime() - at;
    expect(due).toBeGreaterThanOrEqual(3 * DAY);
    expect(due).toBeLessThan(3 * DAY + 1000);
    await admin.put('/api/v1/settings/orders', { afterSalesDays: 7 });

    const created = await orderFor(sales.client, c.id, { orderDate: '2025-12-31' });
    const list = async (qs: string) => (await sales.client.get(`/api/v1/orders?${qs}`)).body.items.map((x: { id: string }) => x.id);
    expect(await list(`customerId=${c.id}&status=created`)).toEqual([created.id]);
    expect(await list(`customerId=${c.id}&to=2025-12-31`)).toEqual([created.id]);
    expect(await list(`customerId=${c.id}&from=2026-01-01`)).toEqual([o.id]);
    expect(await list(`q=${encodeURIComponent(String(created.number).slice(-6))}`)).toEqual([created.id]);
    const paged = await sales.client.get(`/api/v1/orders?customerId=${c.id}&limit=1`);
    expect(paged.body.items.map((x: { id: string }) => x.id)).toEqual([created.id]);
    const next = await sales.client.get(`/api/v1/orders?customerId=${c.id}&limit=1&cursor=${paged.body.nextCursor}`);
    expect(next.body.items.map((x: { id: string }) => x.id)).toEqual([o.id]);
    const rows = await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from order_status_changes where order_id = ${o.id}`);
    expect(rows.rows[0]?.n).toBe(5);
  });
});
