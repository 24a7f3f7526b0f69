import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createRole, expectError, walkPages, type AuditItem } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let adminId: string;
/** 销售部 ← 华东大区; 市场部 */
let sales: string;
let east: string;
let marketing: string;

beforeAll(async () => {
  h = await createHarness({ TRUST_PROXY: 'true' });
  admin = await h.admin();
  adminId = (await admin.get('/api/v1/auth/me')).body.user.id;
  sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  marketing = await h.createDepartment('市场部');
});
afterAll(async () => h.close());

const XFF = { 'x-forwarded-for': '203.0.113.7' };

async function search(client: Client, query: string): Promise<AuditItem[]> {
  const res = await client.get(`/api/v1/audit-log?limit=200&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as AuditItem[];
}

/** The entries of an entity apart from logins (the factory logs users in). */
async function writesOf(id: string): Promise<AuditItem[]> {
  return (await auditOf(admin, id)).filter((e) => !e.action.startsWith('login'));
}

describe('every write is audited once, with actor, IP and a field-level diff', () => {
  it('users: create, update, delete', async () => {
    const created = await admin.post(
      '/api/v1/users',
      { username: 'audit.user', displayName: '审计用户', email: 'audit.user@example.com', password: 'Welcome2026x', roleId: h.roleIds.sales, departmentId: east },
      XFF,
    );
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const who = { actorId: adminId, actorName: '系统管理员', ip: '203.0.113.7', entityType: 'user', entityId: id, entityLabel: 'audit.user' };

    let entries = await writesOf(id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ ...who, action: 'create' });
    expect(entries[0]?.changes).toEqual({
      username: [null, 'audit.user'],
      displayName: [null, '审计用户'],
      email: [null, 'audit.user@example.com'],
      role: [null, '销售'],
      department: [null, '华东大区'],
      status: [null, 'active'],
    });

    const updated = await admin.patch(`/api/v1/users/${id}`, { version: 1, displayName: '审计用户二', departmentId: marketing, roleId: h.roleIds.marketing, email: 'audit.user@example.com' }, XFF);
    expect(updated.status).toBe(200);
    entries = await writesOf(id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ ...who, action: 'update' });
    // Exactly the fields that changed; the unchanged email is not listed.
    expect(entries[0]?.changes).toEqual({
      displayName: ['审计用户', '审计用户二'],
      department: ['华东大区', '市场部'],
      role: ['销售', '市场'],
    });

    // Saving the same values again changes nothing and adds no line to the history.
    const same = await admin.patch(`/api/v1/users/${id}`, { version: 2, displayName: '审计用户二' }, XFF);
    expect(same.status).toBe(200);
    expect(await writesOf(id)).toHaveLength(2);

    expect((await admin.delete(`/api/v1/users/${id}`, XFF)).status).toBe(200);
    entries = await writesOf(id);
    expect(entries.map((e) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(entries[0]).toMatchObject({ ...who, action: 'delete' });
    expect(entries[0]?.changes).toEqual({
      username: ['audit.user', null],
      displayName: ['审计用户二', null],
      email: ['audit.user@example.com', null],
      role: ['市场', null],
      department: ['市场部', null],
      status: ['active', null],
    });
    // Newest first, with strictly increasing times.
    const times = entries.map((e) => Date.parse(e.at));
    expect(times[0]).toBeGreaterThan(times[1] as number);
    expect(times[1]).toBeGreaterThan(times[2] as number);
  });

  it('departments: create, update, delete', async () => {
    const created = await admin.post('/api/v1/departments', { name: '审计部', parentId: sales, sortOrder: 3 });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const who = { actorId: adminId, actorName: '系统管理员', ip: '127.0.0.1', entityType: 'department', entityId: id };
    expect((await admin.patch(`/api/v1/departments/${id}`, { version: 1, name: '审计二部', parentId: marketing })).status).toBe(200);
    expect((await admin.delete(`/api/v1/departments/${id}`)).status).toBe(200);
    const entries = await writesOf(id);
    expect(entries).toEqual([
      expect.objectContaining({ ...who, action: 'delete', entityLabel: '审计二部', changes: { name: ['审计二部', null], parentId: [marketing, null], sortOrder: [3, null] } }),
      expect.objectContaining({ ...who, action: 'update', entityLabel: '审计二部', changes: { name: ['审计部', '审计二部'], parentId: [sales, marketing] } }),
      expect.objectContaining({ ...who, action: 'create', entityLabel: '审计部', changes: { name: [null, '审计部'], parentId: [null, sales], sortOrder: [null, 3] } }),
    ]);
  });

  it('roles: create, update, delete', async () => {
    const created = await admin.post('/api/v1/roles', { name: '审计角色', description: '查日志', permissions: ['user:read', 'audit:read'], dataScope: 'department' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const who = { actorId: adminId, actorName: '系统管理员', ip: '127.0.0.1', entityType: 'role', entityId: id, entityLabel: '审计角色' };
    expect((await admin.patch(`/api/v1/roles/${id}`, { version: 1, permissions: ['user:read'], dataScope: 'own', description: '查日志' })).status).toBe(200);
    expect((await admin.delete(`/api/v1/roles/${id}`)).status).toBe(200);
    const entries = await writesOf(id);
    expect(entries).toEqual([
      expect.objectContaining({
        ...who,
        action: 'delete',
        changes: { name: ['审计角色', null], description: ['查日志', null], permissions: [['user:read'], null], dataScope: ['own', null], canViewSensitive: [false, null] },
      }),
      expect.objectContaining({ ...who, action: 'update', changes: { permissions: [['audit:read', 'user:read'], ['user:read']], dataScope: ['department', 'own'] } }),
      expect.objectContaining({
        ...who,
        action: 'create',
        changes: { name: [null, '审计角色'], description: [null, '查日志'], permissions: [null, ['audit:read', 'user:read']], dataScope: [null, 'department'], canViewSensitive: [null, false] },
      }),
    ]);
  });

  it('refused writes leave no entry', async () => {
    const t = await h.createUser({ role: 'sales', departmentId: east });
    const before = (await writesOf(t.id)).length;
    const manager = await h.createUser({ role: 'manager', departmentId: sales });
    expectError(await manager.client.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: 'x' }), 403, 'FORBIDDEN');
    expectError(await admin.patch(`/api/v1/users/${t.id}`, { version: 9, displayName: 'x' }), 409, 'VERSION_CONFLICT');
    expectError(await admin.patch(`/api/v1/users/${t.id}`, { version: 1, departmentId: '00000000-0000-4000-8000-000000000000' }), 400, 'VALIDATION_FAILED');
    expect(await writesOf(t.id)).toHaveLength(before);

    expectError(await admin.delete(`/api/v1/departments/${sales}`), 422, 'BUSINESS_RULE');
    expect(await writesOf(sales)).toEqual([]);
    expectError(await admin.delete(`/api/v1/roles/${h.roleIds.sales}`), 422, 'BUSINESS_RULE');
    expect(await writesOf(h.roleIds.sales)).toEqual([]);
  });

  it('never records a password', async () => {
    const created = await admin.post('/api/v1/users', { username: 'pw.user', displayName: '密码用户', password: 'Secret2026create', roleId: h.roleIds.sales, departmentId: east });
    const id = created.body.id as string;
    expect((await admin.post(`/api/v1/users/${id}/reset-password`, { newPassword: 'Secret2026reset' })).status).toBe(200);
    const entries = await writesOf(id);
    expect(entries.map((e) => e.action)).toEqual(['password_reset', 'create']);
    expect(entries[0]?.changes).toBeNull();
    const text = JSON.stringify(entries);
    expect(text).not.toContain('Secret2026');
    expect(text).not.toMatch(/passwordHash|scrypt/);
  });
});

describe('search', () => {
  let actor: { id: string; client: Client };
  let deptId: string;
  let t0: string;
  let t1: string;

  beforeAll(async () => {
    // A second admin acts alone during one day, so filters have something to tell apart.
    h.clock.advance(24 * 3_600_000);
    admin = await h.admin(); // the old session has idled out
    t0 = h.clock.now().toISOString();
    actor = await h.createUser({ role: 'admin', username: 'auditor.two' });
    const d = await actor.client.post('/api/v1/departments', { name: '搜索测试部', parentId: marketing });
    deptId = d.body.id as string;
    await actor.client.patch(`/api/v1/departments/${deptId}`, { version: 1, name: '搜索测试部二' });
    await actor.client.post('/api/v1/departments', { name: '100%_达成部' });
    const r = await actor.client.post('/api/v1/roles', { name: '搜索角色', permissions: [], dataScope: 'own' });
    await actor.client.delete(`/api/v1/roles/${r.body.id}`);
    h.clock.advance(24 * 3_600_000);
    t1 = h.clock.now().toISOString();
    admin = await h.admin();
    await admin.post('/api/v1/departments', { name: '后来的部门' });
  });

  it('by actor', async () => {
    const items = await search(admin, `actorId=${actor.id}`);
    expect(items.map((e) => `${e.action} ${e.entityType} ${e.entityLabel}`)).toEqual([
      'delete role 搜索角色',
      'create role 搜索角色',
      'create department 100%_达成部',
      'update department 搜索测试部二',
      'create department 搜索测试部',
      'login user auditor.two',
    ]);
    expect(items.every((e) => e.actorId === actor.id && e.actorName === 'auditor.two 用户')).toBe(true);
  });

  it('by entity type and action, alone and combined', async () => {
    const depts = await search(admin, 'entityType=department');
    expect(depts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(depts.map((e) => e.entityType))).toEqual(new Set(['department']));
    const deletes = await search(admin, 'action=delete');
    expect(deletes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(deletes.map((e) => e.action))).toEqual(new Set(['delete']));
    expect(new Set(deletes.map((e) => e.entityType))).toEqual(new Set(['user', 'department', 'role']));
    const roleDeletes = await search(admin, 'entityType=role&action=delete');
    expect(roleDeletes.map((e) => e.entityLabel).sort()).toEqual(['审计角色', '搜索角色']);
  });

  it('by text in actor name, entity label or id, with % and _ taken literally', async () => {
    const byLabel = await search(admin, `q=${encodeURIComponent('搜索测试')}`);
    expect(byLabel.map((e) => e.entityLabel)).toEqual(['搜索测试部二', '搜索测试部']);
    const byActor = await search(admin, `q=${encodeURIComponent('AUDITOR.two')}`);
    expect(byActor.length).toBe(6);
    const byId = await search(admin, `q=${deptId.toUpperCase()}`);
    expect(byId.map((e) => [e.action, e.entityId])).toEqual([
      ['update', deptId],
      ['create', deptId],
    ]);
    const percent = await search(admin, `q=${encodeURIComponent('0%_')}`);
    expect(percent.map((e) => e.entityLabel)).toEqual(['100%_达成部']);
    expect(await search(admin, `q=${encodeURIComponent('%')}&entityType=role`)).toEqual([]);
  });

  it('by time range, with time-zone offsets', async () => {
    const inPeriod = await search(admin, `from=${t0}&to=${t1}`);
    expect(inPeriod.map((e) => e.actorId)).toEqual(Array(6).fill(actor.id));
    const after = await search(admin, `from=${t1}`);
    expect(after.map((e) => `${e.action} ${e.entityLabel}`)).toEqual(['create 后来的部门', 'login admin']);
    const before = await search(admin, `to=${t0}`);
    expect(before.every((e) => Date.parse(e.at) <= Date.parse(t0))).toBe(true);
    expect(before.map((e) => e.entityLabel)).not.toContain('搜索测试部');
    // The same instant written in Beijing time.
    const beijing = new Date(Date.parse(t1) + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
    expect((await search(admin, `from=${encodeURIComponent(beijing)}`)).map((e) => e.id)).toEqual(after.map((e) => e.id));
    expect(await search(admin, `from=${t1}&to=${t0}`)).toEqual([]);
  });

  it('refuses bad filters with the field named', async () => {
    expectError(await admin.get('/api/v1/audit-log?from=yesterday&action=hack&actorId=1'), 400, 'VALIDATION_FAILED', ['action', 'actorId', 'from']);
    expectError(await admin.get('/api/v1/audit-log?to=2026-01-01T00:00:00'), 400, 'VALIDATION_FAILED', ['to']); // no offset
  });
});

describe('pagination', () => {
  it('walks the whole log newest first, page by page, without repeats', async () => {
    const first = await admin.get('/api/v1/audit-log?limit=200');
    expect(first.body.nextCursor).toBeNull();
    const all = (first.body.items as AuditItem[]).map((e) => e.id);
    const { items, pages } = await walkPages<AuditItem>(admin, '/api/v1/audit-log', 3);
    expect(items.map((e) => e.id)).toEqual(all);
    expect(new Set(items.map((e) => e.id)).size).toBe(items.length);
    expect(pages).toBe(Math.ceil(all.length / 3));
    const times = items.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('with filters', async () => {
    const all = await search(admin, 'entityType=department');
    const { items } = await walkPages<AuditItem>(admin, '/api/v1/audit-log?entityType=department', 2);
    expect(items.map((e) => e.id)).toEqual(all.map((e) => e.id));
  });

  it('new entries written while paging neither repeat nor shift the pages', async () => {
    const p1 = await admin.get('/api/v1/audit-log?limit=4');
    for (let i = 0; i < 3; i++) await admin.post('/api/v1/departments', { name: `翻页时新建${i}` });
    const items = [...(p1.body.items as AuditItem[])];
    for (let cursor = p1.body.nextCursor as string | null; cursor; ) {
      const page = await admin.get(`/api/v1/audit-log?limit=4&cursor=${encodeURIComponent(cursor)}`);
      items.push(...(page.body.items as AuditItem[]));
      cursor = page.body.nextCursor;
    }
    const ids = items.map((e) => e.id);
    // Exactly the log as it was when paging began: the three newer entries come before page 1.
    const now = (await walkPages<AuditItem>(admin, '/api/v1/audit-log', 200)).items;
    expect(now.slice(0, 3).map((e) => e.entityLabel)).toEqual(['翻页时新建2', '翻页时新建1', '翻页时新建0']);
    expect(ids).toEqual(now.slice(3).map((e) => e.id));
  });

  it('an invalid cursor gives 400', async () => {
    expectError(await admin.get('/api/v1/audit-log?cursor=garbage'), 400, 'VALIDATION_FAILED', ['cursor']);
    const wrongType = Buffer.from(JSON.stringify(['audit.user', '00000000-0000-4000-8000-000000000000'])).toString('base64url');
    expectError(await admin.get(`/api/v1/audit-log?cursor=${wrongType}`), 400, 'VALIDATION_FAILED', ['cursor']);
  });
});

describe('access', () => {
  it('needs a session', async () => {
    expectError(await h.client().get('/api/v1/audit-log'), 401, 'UNAUTHENTICATED');
  });

  it.each(['manager', 'sales', 'service', 'marketing'] as const)('%s has no audit:read → 403', async (role) => {
    const u = await h.createUser({ role, departmentId: sales });
    const res = await u.client.get('/api/v1/audit-log');
    expectError(res, 403, 'FORBIDDEN');
    expect(JSON.stringify(res.body)).not.toContain('entityType');
  });

  it('audit:read follows the data scope: own actions, the department subtree’s, or all', async () => {
    const deptAuditor = await h.createUser({ role: await createRole(admin, ['audit:read'], 'department', false, '部门审计'), departmentId: sales, username: 'auditor.dept' });
    const ownAuditor = await h.createUser({ role: await createRole(admin, ['audit:read'], 'own', false, '个人审计'), departmentId: sales, username: 'auditor.own' });
    const allAuditor = await h.createUser({ role: await createRole(admin, ['audit:read'], 'all', false, '全局审计'), departmentId: marketing, username: 'auditor.all' });
    await h.createUser({ role: 'sales', departmentId: east, username: 'rep.in.east' }); // logs in: an action in 华东大区
    await h.createUser({ role: 'sales', departmentId: marketing, username: 'rep.in.mkt' });

    const own = await search(ownAuditor.client, '');
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((e) => e.actorId))).toEqual(new Set([ownAuditor.id]));

    const dept = await search(deptAuditor.client, '');
    const deptActors = new Set(dept.map((e) => e.actorName));
    expect(deptActors.has('rep.in.east 用户')).toBe(true);
    expect(deptActors.has('auditor.own 用户')).toBe(true);
    expect(deptActors.has('rep.in.mkt 用户')).toBe(false);
    expect(deptActors.has('系统管理员')).toBe(false);

    const everything = (await walkPages<AuditItem>(admin, '/api/v1/audit-log', 200)).items;
    const seenByAll = (await walkPages<AuditItem>(allAuditor.client, '/api/v1/audit-log', 200)).items;
    expect(seenByAll.map((e) => e.id)).toEqual(everything.map((e) => e.id));
    expect(everything.some((e) => e.actorName === '系统管理员')).toBe(true);
  });
});

describe('record types, named in the reader’s language', () => {
  it('lists every type the modules write, with its zh-CN or en name, and each entry’s type is among them', async () => {
    const zhAdmin = await h.admin();
    zhAdmin.language = 'zh-CN';
    const zh = await zhAdmin.get('/api/v1/audit-log/types');
    expect(zh.status, JSON.stringify(zh.body)).toBe(200);
    const zhNames = Object.fromEntries((zh.body.items as { value: string; label: string }[]).map((i) => [i.value, i.label]));
    // The types issue 15 found raw in the Chinese UI, and the ones the filter lacked.
    expect(zhNames).toMatchObject({ opportunity: '商机', product: '产品', quote: '报价单', order: '订单', import: '导入任务', contract: '合同', customer: '客户', follow_up: '跟进记录', setting: '系统设置', calendarFeed: '日历订阅' });
    const en = await admin.get('/api/v1/audit-log/types');
    const enNames = Object.fromEntries((en.body.items as { value: string; label: string }[]).map((i) => [i.value, i.label]));
    expect(enNames).toMatchObject({ opportunity: 'Opportunity', product: 'Product', quote: 'Quote', order: 'Order', contract: 'Contract' });
    expect(Object.keys(enNames)).toEqual(Object.keys(zhNames));

    // A product written now is logged under a type the list names.
    const product = await admin.post('/api/v1/products', { sku: 'AUDIT-TYPE-1', name: '审计类型测试产品', category: '软件', unit: '套', listPriceFen: 10_000, taxRatePercent: 13 });
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    const [entry] = await auditOf(admin, product.body.id as string);
    expect(entry?.entityType).toBe('product');
    expect(zhNames[entry!.entityType]).toBe('产品');
  });

  it('needs a session and audit:read', async () => {
    expectError(await h.client().get('/api/v1/audit-log/types'), 401, 'UNAUTHENTICATED');
    const rep = await h.createUser({ role: 'sales', departmentId: sales });
    expectError(await rep.client.get('/api/v1/audit-log/types'), 403, 'FORBIDDEN');
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE even straight in the database', async () => {
    const before = await search(admin, 'entityType=department');
    const pool = h.database.pool;
    await expect(pool.query(`update audit_log set ip = '0.0.0.0'`)).rejects.toThrow(/append-only/);
    await expect(pool.query(`update audit_log set changes = null where entity_type = 'department'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
    await expect(pool.query('truncate audit_log')).rejects.toThrow(/append-only/);
    expect(await search(admin, 'entityType=department')).toEqual(before);
  });

  it('has no API to change or remove entries', async () => {
    const [entry] = await search(admin, 'entityType=department');
    for (const method of ['PATCH', 'DELETE', 'PUT'] as const) {
      const res = await admin.request(method, `/api/v1/audit-log/${entry?.id}`, method === 'DELETE' ? undefined : {});
      expect(res.status).toBe(404);
    }
    expect((await admin.request('DELETE', '/api/v1/audit-log')).status).toBe(404);
  });
});
