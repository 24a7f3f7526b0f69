import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * Issue 13: a role without the sensitive-field right is refused (403, nothing stored) whenever it
 * sends a sensitive field, on every write path — not only on PATCH.
 */
let h: Harness;
let admin: Client;
let sales: Client;
let manager: Client;
let departmentId: string;

async function count(table: string, where: string): Promise<number> {
  const res = await h.database.db.execute<{ n: number }>(sql.raw(`select count(*)::int as n from ${table} where ${where}`));
  return res.rows[0]?.n ?? 0;
}

async function roleUser(name: string, permissions: string[], canViewSensitive = false) {
  const role = await admin.post('/api/v1/roles', { name, permissions, dataScope: 'all', canViewSensitive });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  return h.createUser({ role: role.body.id, departmentId });
}

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  departmentId = await h.createDepartment('华东销售部');
  sales = (await h.createUser({ role: 'sales', departmentId })).client;
  manager = (await h.createUser({ role: 'manager', departmentId })).client;
});
afterAll(async () => {
  await h?.close();
});

describe('customer create', () => {
  it('refuses budget or decision notes from a salesperson with 403 naming the field, and stores nothing', async () => {
    const res = await sales.post('/api/v1/customers', { name: '苏州敏感字段测试有限公司', budgetNotes: '预算 80 万' });
    expectError(res, 403, 'FORBIDDEN', ['budgetNotes']);
    const res2 = await sales.post('/api/v1/customers', { name: '苏州敏感字段测试有限公司', decisionNotes: null });
    expectError(res2, 403, 'FORBIDDEN', ['decisionNotes']);
    expect(await count('customers', `name = '苏州敏感字段测试有限公司'`)).toBe(0);
    // Without the fields the same create goes through.
    expect((await sales.post('/api/v1/customers', { name: '苏州敏感字段测试有限公司' })).status).toBe(201);
  });

  it('stores them for a manager with the right', async () => {
    const res = await manager.post('/api/v1/customers', { name: '无锡敏感字段测试有限公司', budgetNotes: '预算 80 万', decisionNotes: '总经理拍板' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ budgetNotes: '预算 80 万', decisionNotes: '总经理拍板' });
    expect(await count('customers', `name = '无锡敏感字段测试有限公司' and budget_notes = '预算 80 万'`)).toBe(1);
  });

  it('answers PATCH the same way as before', async () => {
    const created = await sales.post('/api/v1/customers', { name: '常州敏感字段测试有限公司' });
    const res = await sales.patch(`/api/v1/customers/${created.body.id}`, { version: created.body.version, budgetNotes: 'x' });
    expectError(res, 403, 'FORBIDDEN', ['budgetNotes']);
  });
});

describe('customer merge', () => {
  it('refuses taking the merged record’s notes without the right, and merges nothing', async () => {
    const merger = (await roleUser('合并员', ['customer:read', 'customer:update', 'customer:delete'])).client;
    const a = await admin.post('/api/v1/customers', { name: '南通合并甲有限公司', budgetNotes: '甲的预算' });
    const b = await admin.post('/api/v1/customers', { name: '南通合并乙有限公司', budgetNotes: '乙的预算' });
    const refused = await merger.post('/api/v1/customers/merge', { survivorId: a.body.id, mergedId: b.body.id, take: { budgetNotes: 'merged' } });
    expectError(refused, 403, 'FORBIDDEN', ['take.budgetNotes']);
    expect(await count('customers', `id = '${b.body.id}' and merged_into_id is null`)).toBe(1);
    // Keeping the survivor's notes writes nothing sensitive.
    expect((await merger.post('/api/v1/customers/merge', { survivorId: a.body.id, mergedId: b.body.id, take: { budgetNotes: 'survivor' } })).status).toBe(200);
  });
});

describe('user phone', () => {
  it('refuses a phone on create and update from a user manager without the right (it was stored, and silently dropped on PATCH)', async () => {
    const helpdesk = await roleUser('服务台', ['user:read', 'user:create', 'user:update', 'role:read', 'department:read']);
    const roleId = (await h.database.db.execute<{ role_id: string }>(sql`select role_id from users where id = ${helpdesk.id}`)).rows[0]?.role_id;
    const body = { username: 'phoneless', displayName: '新同事', password: 'NewUserPass2026', roleId, departmentId };
    expectError(await helpdesk.client.post('/api/v1/users', { ...body, phone: '13800002222' }), 403, 'FORBIDDEN', ['phone']);
    expect(await count('users', `username = 'phoneless'`)).toBe(0);
    const created = await helpdesk.client.post('/api/v1/users', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expectError(await helpdesk.client.patch(`/api/v1/users/${created.body.id}`, { version: created.body.version, phone: '13800002222' }), 403, 'FORBIDDEN', ['phone']);
    expect(await count('users', `username = 'phoneless' and phone is null`)).toBe(1);
    // The admin has the right.
    const byAdmin = await admin.patch(`/api/v1/users/${created.body.id}`, { version: created.body.version, phone: '13800002222' });
    expect(byAdmin.status).toBe(200);
    expect(await count('users', `username = 'phoneless' and phone = '13800002222'`)).toBe(1);
  });
});

describe('import', () => {
  const csv = '客户名称,预算说明\n镇江导入测试有限公司,预算 50 万\n';
  const upload = (c: Client) => c.request('POST', `/api/v1/imports?entity=customer&fileName=${encodeURIComponent('客户.csv')}`, Buffer.from(csv), { 'content-type': 'application/octet-stream' });

  it('refuses a column mapped to a sensitive field for a salesperson, naming the column', async () => {
    const up = await upload(sales);
    expect(up.status).toBe(201);
    // The proposal leaves the column out for a salesperson; mapping it by hand is refused.
    expect(up.body.proposedMapping['预算说明']).toBeNull();
    const res = await sales.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: { 客户名称: 'name', 预算说明: 'budgetNotes' }, duplicatePolicy: 'skip' });
    expectError(res, 403, 'FORBIDDEN', ['mapping.预算说明']);
    expect(res.body.error.details[0].message).toMatch(/sensitive/);
  });

  it('takes the column from a manager', async () => {
    const up = await upload(manager);
    const res = await manager.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: { 客户名称: 'name', 预算说明: 'budgetNotes' }, duplicatePolicy: 'skip' });
    expect(res.status).toBe(200);
    const dry = await manager.post(`/api/v1/imports/${up.body.job.id}/dry-run`);
    expect(dry.status).toBe(200);
    expect(dry.body.counts).toMatchObject({ created: 1, errors: 0 });
  });

  it('refuses the run when the uploader lost the right after mapping', async () => {
    const lead = await roleUser('导入员', ['customer:read', 'customer:create'], true);
    const up = await upload(lead.client);
    expect((await lead.client.put(`/api/v1/imports/${up.body.job.id}/mapping`, { mapping: { 客户名称: 'name', 预算说明: 'budgetNotes' }, duplicatePolicy: 'skip' })).status).toBe(200);
    await h.database.db.execute(sql`update roles set can_view_sensitive = false where id = (select role_id from users where id = ${lead.id})`);
    expectError(await lead.client.post(`/api/v1/imports/${up.body.job.id}/dry-run`), 403, 'FORBIDDEN', ['mapping.预算说明']);
  });
});
