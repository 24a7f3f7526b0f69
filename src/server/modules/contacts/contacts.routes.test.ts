import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let dept: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  dept = await h.createDepartment('华南大区');
});
afterAll(async () => h.close());

async function customerOf(client: Client, name: string) {
  const res = await client.post('/api/v1/customers', { name });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('contacts', () => {
  it('stores phones as E.164, shows them formatted, and keeps one primary contact', async () => {
    const { client } = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(client, '深圳南山智造科技有限公司');
    const first = await client.post(`/api/v1/customers/${customerId}/contacts`, { name: '陈明', title: '采购经理', phones: ['138 1234 5678', '0755-86001234'], email: ' Chen.Ming@Example.COM ' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ isPrimary: true, email: 'chen.ming@example.com' });
    expect(first.body.phones.map((p: { e164: string }) => p.e164)).toEqual(['+8613812345678', '+8675586001234']);
    expect(first.body.phones[0].display).toMatch(/138/);

    const second = await client.post(`/api/v1/customers/${customerId}/contacts`, { name: '刘洁', isPrimary: true });
    expect(second.body.isPrimary).toBe(true);
    const list = (await client.get(`/api/v1/customers/${customerId}/contacts`)).body.items;
    expect(list.map((c: { name: string; isPrimary: boolean }) => [c.name, c.isPrimary])).toEqual([
      ['刘洁', true],
      ['陈明', false],
    ]);

    const bad = await client.post(`/api/v1/customers/${customerId}/contacts`, { name: '错号', phones: ['12345', '13812345678'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['phones.0']);
  });

  it('are reachable only through a customer in scope (404 otherwise), for every action', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '珠海横琴海洋科技有限公司');
    const c = (await a.client.post(`/api/v1/customers/${customerId}/contacts`, { name: '黄海' })).body;
    expect((await b.client.get(`/api/v1/customers/${customerId}/contacts`)).status).toBe(404);
    expect((await b.client.post(`/api/v1/customers/${customerId}/contacts`, { name: '偷偷加' })).status).toBe(404);
    expect((await b.client.get(`/api/v1/contacts/${c.id}`)).status).toBe(404);
    expect((await b.client.patch(`/api/v1/contacts/${c.id}`, { version: 1, name: '改名' })).status).toBe(404);
    expect((await b.client.delete(`/api/v1/contacts/${c.id}`)).status).toBe(404);
    // A service user may read contacts of their own customers but not create them.
    const svc = await h.createUser({ role: 'service', departmentId: dept });
    const svcCustomer = await customerOf(admin, '佛山顺德家电有限公司');
    await admin.patch(`/api/v1/customers/${svcCustomer}`, { version: 1, collaboratorIds: [svc.id] });
    expect((await svc.client.get(`/api/v1/customers/${svcCustomer}/contacts`)).status).toBe(200);
    expect((await svc.client.post(`/api/v1/customers/${svcCustomer}/contacts`, { name: '客服加的' })).status).toBe(403);
  });

  it('are found by the duplicate check through their phone and e-mail', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '东莞松山湖光电有限公司');
    await a.client.post(`/api/v1/customers/${customerId}/contacts`, { name: '周光', phones: ['+86 139 0000 1111'], email: 'zhou@sslight.cn' });
    const byPhone = await a.client.post('/api/v1/customers/duplicate-check', { phone: '13900001111' });
    expect(byPhone.body.items).toEqual([expect.objectContaining({ id: customerId, reasons: ['phone'], strong: true })]);
    const byEmail = await a.client.post('/api/v1/customers/duplicate-check', { email: 'ZHOU@sslight.cn' });
    expect(byEmail.body.items).toEqual([expect.objectContaining({ id: customerId, reasons: ['email'] })]);
    // Someone else learns only that it exists.
    const other = await h.createUser({ role: 'sales', departmentId: dept });
    const hidden = await other.client.post('/api/v1/customers/duplicate-check', { phone: '139-0000-1111' });
    expect(hidden.body.items).toEqual([expect.objectContaining({ id: null, name: null, ownedBySomeoneElse: true })]);
  });

  it('use versions, audit their changes, and soft-delete', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const customerId = await customerOf(a.client, '中山小榄五金制品有限公司');
    const c = (await a.client.post(`/api/v1/customers/${customerId}/contacts`, { name: '梁工', title: '工程师' })).body;
    const up = await a.client.patch(`/api/v1/contacts/${c.id}`, { version: 1, title: '技术总监', phones: ['13712345678'] });
    expect(up.body).toMatchObject({ title: '技术总监', version: 2 });
    expect((await a.client.patch(`/api/v1/contacts/${c.id}`, { version: 1, title: 'x' })).status).toBe(409);
    const log = (await admin.get(`/api/v1/audit-log?entityId=${c.id}`)).body.items;
    expect(log[0].changes).toEqual({ title: ['工程师', '技术总监'], phones: [[], ['+8613712345678']] });
    expect((await a.client.delete(`/api/v1/contacts/${c.id}`)).status).toBe(200);
    expect((await a.client.get(`/api/v1/customers/${customerId}/contacts`)).body.items).toEqual([]);
  });
});
