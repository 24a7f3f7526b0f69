import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/helpers/api.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { minimalPdf } from '../../../../test/helpers/office.ts';
import { expireContracts, remindOverdueInstallments, remindRenewals } from './sales-contracts.jobs.ts';
import { businessDate } from '../../platform/clock.ts';
import { addDays } from './sales-contracts.rules.ts';

let h: Harness;
let east: string;
let north: string;
beforeAll(async () => {
  h = await createHarness();
  east = await h.createDepartment('华东大区');
  north = await h.createDepartment('华北大区');
});
afterAll(async () => h.close());

const DAY = 86_400_000;
const today = () => businessDate(h.clock.now(), h.config.timeZone);

async function customerOf(client: Client, name: string): Promise<string> {
  const res = await client.post('/api/v1/customers', { name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function contractOf(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/contracts', { title: '年度维保合同', amountFen: 100_000_00, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function activate(client: Client, c: { id: string; version: number }, signedOn = today()) {
  const res = await client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'active', signedOn });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('contracts', () => {
  it('are numbered, seen by the owner and the department manager only, and move through their states', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    const manager = await h.createUser({ role: 'manager', departmentId: east });
    const farManager = await h.createUser({ role: 'manager', departmentId: north });
    const customerId = await customerOf(a.client, '苏州工业园区精密机械有限公司');
    const bCustomer = await customerOf(b.client, '无锡新吴电子有限公司');

    // A customer out of my scope cannot be put on a contract; the period must be in order.
    expectError(await a.client.post('/api/v1/contracts', { title: 'x', customerId: bCustomer, amountFen: 1 }), 400, 'VALIDATION_FAILED', ['customerId']);
    expectError(await a.client.post('/api/v1/contracts', { title: 'x', customerId, amountFen: 1, startsOn: '2026-05-01', endsOn: '2026-04-30' }), 400, 'VALIDATION_FAILED', ['endsOn']);
    expectError(await a.client.post('/api/v1/contracts', { title: 'x', customerId, amountFen: 1.5 }), 400, 'VALIDATION_FAILED', ['amountFen']);

    const c = await contractOf(a.client, { customerId, startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(c).toMatchObject({ status: 'draft', ownerId: a.id, departmentId: east, customerName: '苏州工业园区精密机械有限公司', amountFen: 100_000_00, receivedFen: 0, outstandingFen: 0, installments: [], payments: [] });
    expect(c.number).toMatch(/^HT\d{4}\d{3}$/);

    // Another salesperson: 404 on read, update, status, plan and payment; not in the list.
    expect((await b.client.get(`/api/v1/contracts/${c.id}`)).status).toBe(404);
    expect((await b.client.patch(`/api/v1/contracts/${c.id}`, { version: c.version, title: '改' })).status).toBe(404);
    expect((await b.client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'active', signedOn: today() })).status).toBe(404);
    expect((await b.client.put(`/api/v1/contracts/${c.id}/installments`, { installments: [] })).status).toBe(404);
    expect((await b.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 1, method: 'cash' })).status).toBe(404);
    expect((await b.client.get('/api/v1/contracts')).body.items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    // The manager of the department sees it; one of another department does not.
    expect((await manager.client.get(`/api/v1/contracts/${c.id}`)).status).toBe(200);
    expect((await farManager.client.get(`/api/v1/contracts/${c.id}`)).status).toBe(404);

    // Illegal steps: 422 naming the allowed ones; activating needs a signed date, terminating a reason.
    const illegal = await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'terminated', reason: '不做了' });
    expectError(illegal, 422, 'BUSINESS_RULE');
    expect(illegal.body.error.message).toContain('active');
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'active' }), 400, 'VALIDATION_FAILED', ['signedOn']);
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'expired' }), 400, 'VALIDATION_FAILED', ['status']);
    const active = await activate(a.client, c, '2025-12-20');
    expect(active).toMatchObject({ status: 'active', signedOn: '2025-12-20', outstandingFen: 100_000_00 });
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: c.version, status: 'terminated', reason: 'x' }), 409, 'VERSION_CONFLICT');
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: active.version, status: 'terminated' }), 400, 'VALIDATION_FAILED', ['reason']);
    // An active contract may not be deleted (the manager has contract:delete).
    expectError(await manager.client.delete(`/api/v1/contracts/${c.id}`), 422, 'BUSINESS_RULE');
    const ended = (await a.client.post(`/api/v1/contracts/${c.id}/status`, { version: active.version, status: 'terminated', reason: '客户业务调整' })).body;
    expect(ended).toMatchObject({ status: 'terminated', terminationReason: '客户业务调整', outstandingFen: 0 });
    expectError(await a.client.patch(`/api/v1/contracts/${c.id}`, { version: ended.version, title: '改' }), 422, 'BUSINESS_RULE');

    // A draft may be deleted: gone from reads and the timeline.
    const draft = await contractOf(a.client, { customerId, title: '草稿合同' });
    expect((await manager.client.delete(`/api/v1/contracts/${draft.id}`)).status).toBe(200);
    expect((await a.client.get(`/api/v1/contracts/${draft.id}`)).status).toBe(404);

    // The customer's timeline shows the contract's steps to those who see the contract.
    const kinds = (await a.client.get(`/api/v1/customers/${customerId}/timeline?kinds=contract`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['contract.terminated', 'contract.activated', 'contract.created']);
    const audit = await h.deps.db.execute<{ action: string }>(sql`select action from audit_log where entity_type = 'contract' and entity_id = ${c.id} order by at`);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'update', 'update']);

    // Filters: status, customer, number or title.
    expect((await a.client.get(`/api/v1/contracts?status=terminated&customerId=${customerId}`)).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await a.client.get(`/api/v1/contracts?q=${encodeURIComponent(c.number)}`)).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await a.client.get(`/api/v1/contracts?status=active&customerId=${customerId}`)).body.items).toEqual([]);

    // The scanned contract is attached to the contract, as visible as the contract.
    const up = await a.client.post(`/api/v1/attachments/contract/${c.id}?fileName=${encodeURIComponent('合同扫描件.pdf')}`, minimalPdf(), { 'content-type': 'application/octet-stream' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect((await manager.client.get(`/api/v1/attachments/contract/${c.id}`)).body.items).toHaveLength(1);
    expect((await b.client.get(`/api/v1/attachments/contract/${c.id}`)).status).toBe(404);
  });

  it('match payments to the plan exactly, and take them back', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const customerId = await customerOf(a.client, '杭州滨江软件有限公司');
    let c = await contractOf(a.client, { customerId, amountFen: 100_000_01 });
    const t = today();

    // Draft: no payments yet.
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 100, method: 'cash' }), 422, 'BUSINESS_RULE');
    // The plan may not exceed the contract amount; amounts must be positive.
    const over = await a.client.put(`/api/v1/contracts/${c.id}/installments`, {
      installments: [
        { dueOn: addDays(t, 10), amountFen: 40_000_00 },
        { dueOn: addDays(t, 40), amountFen: 60_000_02 },
      ],
    });
    expectError(over, 400, 'VALIDATION_FAILED', ['installments']);
    expectError(await a.client.put(`/api/v1/contracts/${c.id}/installments`, { installments: [{ dueOn: t, amountFen: 0 }] }), 400, 'VALIDATION_FAILED', ['installments.0.amountFen']);
    c = (
      await a.client.put(`/api/v1/contracts/${c.id}/installments`, {
        installments: [
          { dueOn: addDays(t, 40), amountFen: 60_000_01, notes: '验收后' },
          { dueOn: addDays(t, 10), amountFen: 40_000_00, notes: '预付款' },
        ],
      })
    ).body;
    expect(c.plannedFen).toBe(100_000_01);
    const [second, first] = c.installments;
    c = await activate(a.client, c);

    // 50,000.00 fills the earlier installment and 10,000.00 of the later one.
    const paid = await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 50_000_00, method: 'bank_transfer', reference: 'TX-001' });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    c = paid.body;
    expect(c).toMatchObject({ receivedFen: 50_000_00, outstandingFen: 50_000_01 });
    expect(c.installments.map((i: { id: string; receivedFen: number; outstandingFen: number }) => [i.id, i.receivedFen, i.outstandingFen])).toEqual([
      [second.id, 10_000_00, 50_000_01],
      [first.id, 40_000_00, 0],
    ]);
    expect(c.payments[0].allocations).toEqual([
      { installmentId: first.id, amountFen: 40_000_00 },
      { installmentId: second.id, amountFen: 10_000_00 },
    ]);
    // No more than is outstanding; a named installment that does not exist is refused.
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 50_000_02, method: 'cash' }), 400, 'VALIDATION_FAILED', ['amountFen']);
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 1, method: 'cash', installmentId: customerId }), 400, 'VALIDATION_FAILED', ['installmentId']);
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: addDays(t, 1), amountFen: 1, method: 'cash' }), 400, 'VALIDATION_FAILED', ['paidOn']);
    expectError(await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 1, method: 'bitcoin' }), 400, 'VALIDATION_FAILED', ['method']);

    // A received installment may be neither cut below what it received nor removed.
    expectError(
      await a.client.put(`/api/v1/contracts/${c.id}/installments`, {
        installments: [
          { id: second.id, dueOn: second.dueOn, amountFen: 9_999_99 },
          { id: first.id, dueOn: first.dueOn, amountFen: 40_000_00 },
        ],
      }),
      400,
      'VALIDATION_FAILED',
      ['installments.0.amountFen'],
    );
    const removed = await a.client.put(`/api/v1/contracts/${c.id}/installments`, { installments: [{ id: second.id, dueOn: second.dueOn, amountFen: 60_000_01 }] });
    expectError(removed, 400, 'VALIDATION_FAILED', ['installments']);
    expect(removed.body.error.details[0].message).toContain(first.dueOn);

    // The customer's figures.
    const totals = (await a.client.get(`/api/v1/customers/${customerId}/contracts-summary`)).body;
    expect(totals).toEqual({ contractCount: 1, amountFen: 100_000_01, receivedFen: 50_000_00, outstandingFen: 50_000_01, overdueFen: 0 });

    // Taking the payment back undoes its matches exactly.
    c = (await a.client.delete(`/api/v1/contracts/${c.id}/payments/${c.payments[0].id}`)).body;
    expect(c).toMatchObject({ receivedFen: 0, outstandingFen: 100_000_01, payments: [] });
    expect(c.installments.map((i: { receivedFen: number }) => i.receivedFen)).toEqual([0, 0]);
    const kinds = (await a.client.get(`/api/v1/customers/${customerId}/timeline?kinds=contract`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 2)).toEqual(['contract.payment_reversed', 'contract.payment_recorded']);

    // Without a plan a payment may go up to the contract amount; a plan made later takes it.
    let open = await activate(a.client, await contractOf(a.client, { customerId, amountFen: 30_000_00 }));
    expectError(await a.client.post(`/api/v1/contracts/${open.id}/payments`, { paidOn: t, amountFen: 30_000_01, method: 'alipay' }), 400, 'VALIDATION_FAILED', ['amountFen']);
    open = (await a.client.post(`/api/v1/contracts/${open.id}/payments`, { paidOn: t, amountFen: 12_345_67, method: 'alipay' })).body;
    expect(open).toMatchObject({ receivedFen: 12_345_67, outstandingFen: 17_654_33 });
    open = (await a.client.put(`/api/v1/contracts/${open.id}/installments`, { installments: [{ dueOn: t, amountFen: 10_000_00 }, { dueOn: addDays(t, 30), amountFen: 20_000_00 }] })).body;
    expect(open.installments.map((i: { receivedFen: number }) => i.receivedFen)).toEqual([10_000_00, 2_345_67]);
    expect(open.payments[0].allocations.map((x: { amountFen: number }) => x.amountFen)).toEqual([10_000_00, 2_345_67]);
    // The amount may not fall below the plan.
    expectError(await a.client.patch(`/api/v1/contracts/${open.id}`, { version: open.version, amountFen: 29_999_99 }), 400, 'VALIDATION_FAILED', ['amountFen']);
  });

  it('remind the owner of overdue installments and renewals once, and expire after the end date', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const customerId = await customerOf(a.client, '宁波北仑港机有限公司');
    const t = today();
    let c = await contractOf(a.client, { customerId, amountFen: 20_000_00, startsOn: t, endsOn: addDays(t, 20) });
    c = (await a.client.put(`/api/v1/contracts/${c.id}/installments`, { installments: [{ dueOn: addDays(t, 2), amountFen: 5_000_00 }, { dueOn: addDays(t, 15), amountFen: 15_000_00 }] })).body;
    c = await activate(a.client, c);
    c = (await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: t, amountFen: 1_000_00, method: 'cash' })).body;

    const notes = async (kind: string) =>
      (await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${a.id} and kind = ${kind} and entity_id = ${c.id}`)).rows[0]?.n;
    const mails = async () => (await h.deps.db.execute<{ n: number }>(sql`select count(*)::int as n from mail_outbox where user_id = ${a.id}`)).rows[0]?.n;

    // Ending within 30 days: reminded to renew, once.
    await remindRenewals(h.deps);
    await remindRenewals(h.deps);
    expect(await notes('contract.renewal_due')).toBe(1);
    expect(await mails()).toBe(1);

    // Not yet due: nothing. Three days on, the first installment is overdue: one reminder, however often the job runs.
    await remindOverdueInstallments(h.deps);
    expect(await notes('contract.installment_overdue')).toBe(0);
    h.clock.advance(3 * DAY);
    await Promise.all([remindOverdueInstallments(h.deps), remindOverdueInstallments(h.deps)]);
    await remindOverdueInstallments(h.deps);
    expect(await notes('contract.installment_overdue')).toBe(1);
    expect(await mails()).toBe(2);
    await a.client.login(a.username, USER_PASSWORD);
    const bell = (await a.client.get('/api/v1/notifications')).body.items;
    expect(bell[0]).toMatchObject({ kind: 'contract.installment_overdue', entityType: 'contract', entityId: c.id, params: { number: c.number, dueOn: addDays(t, 2), outstanding: '¥4,000.00' } });
    const detail = (await a.client.get(`/api/v1/contracts/${c.id}`)).body;
    expect(detail).toMatchObject({ overdueFen: 4_000_00, outstandingFen: 19_000_00 });
    expect(detail.installments.map((i: { overdue: boolean }) => i.overdue)).toEqual([true, false]);
    expect((await a.client.get('/api/v1/contracts?hasOverdue=true')).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await a.client.get('/api/v1/contracts?endingWithinDays=30')).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    expect((await a.client.get(`/api/v1/customers/${customerId}/contracts-summary`)).body).toMatchObject({ overdueFen: 4_000_00, outstandingFen: 19_000_00 });

    // Past the end date: expired by the system, once.
    expect(await expireContracts(h.deps)).toBe(0);
    h.clock.advance(18 * DAY);
    expect(await expireContracts(h.deps)).toBe(1);
    expect(await expireContracts(h.deps)).toBe(0);
    await a.client.login(a.username, USER_PASSWORD);
    expect((await a.client.get(`/api/v1/contracts/${c.id}`)).body.status).toBe('expired');
    const audit = await h.deps.db.execute<{ actor_name: string }>(sql`select actor_name from audit_log where entity_type = 'contract' and entity_id = ${c.id} order by at desc limit 1`);
    expect(audit.rows[0]?.actor_name).toBe('system');
    const kinds = (await a.client.get(`/api/v1/customers/${customerId}/timeline?kinds=contract`)).body.items.map((e: { kind: string }) => e.kind);
    expect(kinds[0]).toBe('contract.expired');
    // An expired contract still takes the money owed.
    expect((await a.client.post(`/api/v1/contracts/${c.id}/payments`, { paidOn: today(), amountFen: 4_000_00, method: 'wechat_pay' })).body.installments[0].overdue).toBe(false);
  });
});
