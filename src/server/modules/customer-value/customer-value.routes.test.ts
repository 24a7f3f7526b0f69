import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { runRfm } from './customer-value.service.ts';

let h: Harness;
let admin: Client;
let sales: { id: string; username: string; client: Client };
let east: string;
const DAY = 86_400_000;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  east = await h.createDepartment('华东销售部');
  sales = await h.createUser({ role: 'sales', departmentId: east });
});
afterAll(async () => h.close());

async function ok(res: { status: number; body: any }, status = 201) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body;
}

const customer = async (name: string) => (await ok(await sales.client.post('/api/v1/customers', { name }))).id as string;

/** An order of `yuan` for the customer, confirmed and paid in full now (by the harness clock). */
async function paidOrder(customerId: string, yuan: number) {
  const o = await ok(await sales.client.post('/api/v1/orders', { customerId, items: [{ name: '数控机床配件', quantity: 1, unitPriceFen: yuan * 100, taxRatePercent: 0 }] }));
  const confirmed = await ok(await sales.client.post(`/api/v1/orders/${o.id}/transitions`, { to: 'confirmed', version: o.version }), 200);
  return ok(await sales.client.post(`/api/v1/orders/${o.id}/payments`, { paidOn: '2026-01-05', amountFen: confirmed.totalFen, method: 'bank_transfer' }));
}

const classOf = async (id: string) => (await ok(await sales.client.get(`/api/v1/customers/${id}`), 200)).rfmClass as string;
const marked = async () => (await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from customer_rfm_marks`)).rows[0]?.n;

describe('customer value classes (RFM)', () => {
  it('class customers within a minute of a paid order, against the means of the buyers, and keep the history', async () => {
    const big = await customer('苏州精工机械有限公司');
    const small = await customer('无锡小件五金商行');
    const never = await customer('南京百汇商贸有限公司');
    expect(await classOf(never)).toBe('none');

    await paidOrder(big, 300_000);
    await paidOrder(big, 200_000);
    await paidOrder(small, 5_000);
    // The orders marked the two buyers; the minute's run classes them (no nightly run yet: fresh means).
    expect(await marked()).toBe(2);
    const first = await runRfm(h.deps, 'changed', h.clock.now());
    expect(first.customers).toBe(2);
    expect(first.changed).toBe(2);
    expect(first.thresholds.frequency).toBe(1.5);
    expect(await marked()).toBe(0);
    expect(await classOf(big)).toBe('important_value');
    expect(await classOf(small)).toBe('general_develop');
    expect(await classOf(never)).toBe('none');
    const detail = await ok(await sales.client.get(`/api/v1/customers/${big}`), 200);
    expect(detail).toMatchObject({ paidOrderCount: 2, lifetimeValueFen: 500_000_00, repurchase: true });
    expect(detail.lastPaidAt).not.toBeNull();

    // Filterable in the list, usable in segments, counted in the summary of those who see them.
    const list = await ok(await sales.client.get('/api/v1/customers?rfmClass=important_value'), 200);
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([big]);
    const summary = await ok(await sales.client.get('/api/v1/customer-value/summary'), 200);
    expect(Object.fromEntries(summary.classes.filter((c: { customers: number }) => c.customers > 0).map((c: { rfmClass: string; customers: number }) => [c.rfmClass, c.customers]))).toEqual({ important_value: 1, general_develop: 1, none: 1 });
    const other = await h.createUser({ role: 'sales', departmentId: await h.createDepartment('华北销售部') });
    const elsewhere = await ok(await other.client.get('/api/v1/customer-value/summary'), 200);
    expect(elsewhere.classes.reduce((s: number, c: { customers: number }) => s + c.customers, 0)).toBe(0);
    expectError(await other.client.get(`/api/v1/customers/${big}/rfm-history`), 404, 'NOT_FOUND');

    // Half a year later a new buyer arrives: the old ones are no longer recent against the mean.
    h.clock.advance(200 * DAY);
    // Sessions do not last half a year.
    await sales.client.login(sales.username, USER_PASSWORD);
    admin = await h.admin();
    const fresh = await customer('常州新锐自动化有限公司');
    await paidOrder(fresh, 8_000);
    const night = await runRfm(h.deps, 'full', h.clock.now(), { batch: 2 });
    expect(night.customers).toBe(4);
    expect(await classOf(big)).toBe('important_keep');
    expect(await classOf(small)).toBe('general_retain');
    expect(await classOf(fresh)).toBe('general_develop');
    const history = await ok(await sales.client.get(`/api/v1/customers/${big}/rfm-history`), 200);
    expect(history.items.map((e: { rfmClass: string; previousClass: string | null }) => [e.previousClass, e.rfmClass])).toEqual([
      ['important_value', 'important_keep'],
      ['none', 'important_value'],
    ]);
    expect(history.items[0]).toMatchObject({ frequency: 2, monetaryFen: 500_000_00, recencyDays: 200 });
    // A second run changes nothing: runs are idempotent.
    expect((await runRfm(h.deps, 'full', h.clock.now())).changed).toBe(0);
    const segment = await ok(await admin.post('/api/v1/segments/count', { entity: 'customer', definition: { match: 'all', conditions: [{ field: 'rfmClass', op: 'in', value: ['important_keep', 'general_retain'] }] } }), 200);
    expect(segment.count).toBe(2);
  });

  it('take their window and thresholds from the settings admins keep', async () => {
    expectError(await sales.client.put('/api/v1/settings/rfm', { windowMonths: 6, thresholds: { mode: 'mean' } }), 403, 'FORBIDDEN');
    expectError(await admin.put('/api/v1/settings/rfm', { windowMonths: 0, thresholds: { mode: 'mean' } }), 400, 'VALIDATION_FAILED', ['windowMonths']);
    expectError(await admin.put('/api/v1/settings/rfm', { windowMonths: 12, thresholds: { mode: 'fixed', recencyDays: 90 } }), 400, 'VALIDATION_FAILED');
    expect(await ok(await admin.get('/api/v1/settings/rfm'), 200)).toEqual({ windowMonths: 12, thresholds: { mode: 'mean' } });
    const fixed = { windowMonths: 12, thresholds: { mode: 'fixed', recencyDays: 365, frequency: 1, monetaryFen: 1_000_000 } };
    expect(await ok(await admin.put('/api/v1/settings/rfm', fixed), 200)).toEqual(fixed);
    expect((await auditOf(admin, 'rfm.settings')).map((a) => a.action)).toEqual(['update']);
    // Within a year, once, 10,000 元: the 500,000 元 buyer is 重要价值, the 5,000 and 8,000 元 ones 一般价值.
    const run = await runRfm(h.deps, 'full', h.clock.now());
    expect(run.thresholds).toEqual({ recencyDays: 365, frequency: 1, monetaryFen: 1_000_000 });
    const summary = await ok(await admin.get('/api/v1/customer-value/summary'), 200);
    const counts = Object.fromEntries(summary.classes.map((c: { rfmClass: string; customers: number }) => [c.rfmClass, c.customers]));
    expect(counts).toMatchObject({ important_value: 1, general_value: 2, general_develop: 0, none: 1 });
    expect(summary.lastRun).toMatchObject({ kind: 'full', windowMonths: 12, recencyDays: 365, frequency: 1, monetaryFen: 1_000_000 });
    // A run now, in the background: admins only; without a job runner, 503.
    expectError(await sales.client.post('/api/v1/customer-value/runs'), 403, 'FORBIDDEN');
    expectError(await admin.post('/api/v1/customer-value/runs'), 503, 'UNAVAILABLE');
    const sent: unknown[] = [];
    h.deps.jobs = { send: async (_job, data) => (sent.push(data), 'job') };
    expect(await ok(await admin.post('/api/v1/customer-value/runs'), 202)).toEqual({ queued: true });
    expect(sent).toEqual([{ kind: 'full' }]);
  });
});
