import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltinRoleKey } from '../../../contracts/access.ts';
import { assembleApp } from '../index.ts';
import { builtinRoleDefaults } from '../roles/index.ts';
import { auditOf, createRole, detailPaths, expectError, walkPages } from '../../../../test/helpers/api.ts';
import { ADMIN_PASSWORD, createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
let adminId: string;
/** 销售部 ← 华东大区; 市场部 */
let sales: string;
let east: string;
let marketing: string;
const actors = {} as Record<BuiltinRoleKey, { id: string; client: Client }>;
let seq = 0;
/** What the built-in sales role grants: a role acting on salespeople needs at least this. */
const SALES_RIGHTS = builtinRoleDefaults(assembleApp().roleDefaults).find((r) => r.key === 'sales')!.permissions;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  adminId = (await admin.get('/api/v1/auth/me')).body.user.id;
  sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  marketing = await h.createDepartment('市场部');
  actors.admin = { id: adminId, client: admin };
  actors.manager = await h.createUser({ role: 'manager', departmentId: sales, username: 'mgr.sales' });
  actors.sales = await h.createUser({ role: 'sales', departmentId: east, username: 'rep.east' });
  actors.service = await h.createUser({ role: 'service', departmentId: east, username: 'svc.east' });
  actors.marketing = await h.createUser({ role: 'marketing', departmentId: marketing, username: 'mkt.one' });
});
afterAll(async () => h.close());

/** A fresh user to act on (no audit entry of its own creation: made by the factory). */
async function target(departmentId: string | null = east, opts: { role?: string; phone?: string } = {}) {
  return h.createUser({ role: opts.role ?? 'sales', departmentId, username: `target${++seq}`, ...(opts.phone ? { phone: opts.phone } : {}) });
}

async function adminView(id: string) {
  return admin.get(`/api/v1/users/${id}`);
}

async function listIds(client: Client, query = ''): Promise<string[]> {
  const res = await client.get(`/api/v1/users?limit=200${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.nextCursor).toBeNull();
  return (res.body.items as { id: string }[]).map((u) => u.id);
}

const newUserBody = (username: string, extra: Record<string, unknown> = {}) => ({
  username,
  displayName: `${username} 新同事`,
  password: 'Welcome2026x',
  roleId: h.roleIds.sales,
  departmentId: east,
  ...extra,
});

describe('permission matrix', () => {
  // Built-in defaults (roles.rules.ts): only admin manages users; manager reads them.
  const expected: Record<BuiltinRoleKey, [list: number, read: number, create: number, update: number, remove: number]> = {
    admin: [200, 200, 201, 200, 200],
    manager: [200, 200, 403, 403, 403],
    sales: [403, 403, 403, 403, 403],
    service: [403, 403, 403, 403, 403],
    marketing: [403, 403, 403, 403, 403],
  };
  const rows = (Object.keys(expected) as BuiltinRoleKey[]).flatMap((role) =>
    (['list', 'read', 'create', 'update', 'delete'] as const).map((action, i) => ({ role, action, status: expected[role][i] as number })),
  );

  it.each(rows)('$role: $action users → $status', async ({ role, action, status }) => {
    const c = actors[role].client;
    const t = await target(); // in 华东大区, inside the manager's scope
    let res;
    switch (action) {
      case 'list':
        res = await c.get('/api/v1/users?limit=200');
        if (status === 200) expect(res.body.items.map((u: { id: string }) => u.id)).toContain(t.id);
        break;
      case 'read':
        res = await c.get(`/api/v1/users/${t.id}`);
        if (status === 200) expect(res.body).toMatchObject({ id: t.id, username: t.username, departmentName: '华东大区', roleName: '销售' });
        break;
      case 'create': {
        const username = `created.by.${role}`;
        res = await c.post('/api/v1/users', newUserBody(username));
        const found = await admin.get(`/api/v1/users?q=${username}`);
        expect(found.body.items).toHaveLength(status === 201 ? 1 : 0);
        break;
      }
      case 'update':
        res = await c.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: '改过的名字' });
        expect((await adminView(t.id)).body).toMatchObject(status === 200 ? { displayName: '改过的名字', version: 2 } : { displayName: `${t.username} 用户`, version: 1 });
        break;
      case 'delete':
        res = await c.delete(`/api/v1/users/${t.id}`);
        expect((await adminView(t.id)).status).toBe(status === 200 ? 404 : 200);
        break;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/users'],
    ['PATCH', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/api/v1/users/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/users/00000000-0000-4000-8000-000000000000/reset-password'],
  ] as const)('anonymous %s %s → 401', async (method, url) => {
    const res = await h.client().request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
    expectError(res, 401, 'UNAUTHENTICATED');
  });

  it('a custom role with user:read and user:create gets exactly those rights', async () => {
    const roleId = await createRole(admin, ['user:read', 'user:create'], 'all', false, '招聘专员');
    const u = await h.createUser({ role: roleId, departmentId: sales, username: 'recruiter' });
    const me = await u.client.get('/api/v1/auth/me');
    expect(me.body.user.permissions.sort()).toEqual(['user:create', 'user:read']);

    const t = await target();
    expect((await u.client.get('/api/v1/users')).status).toBe(200);
    expect((await u.client.get(`/api/v1/users/${t.id}`)).status).toBe(200);
    // The only role it may hand out is one within its own rights: its own.
    const created = await u.client.post('/api/v1/users', newUserBody('hired.one', { roleId }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ username: 'hired.one', roleId, departmentId: east, mustChangePassword: true });

    expectError(await u.client.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: 'x' }), 403, 'FORBIDDEN');
    expectError(await u.client.delete(`/api/v1/users/${t.id}`), 403, 'FORBIDDEN');
    expectError(await u.client.post(`/api/v1/users/${t.id}/reset-password`, {}), 403, 'FORBIDDEN');
    expectError(await u.client.post(`/api/v1/users/${t.id}/unlock`), 403, 'FORBIDDEN');
    expectError(await u.client.get('/api/v1/departments'), 403, 'FORBIDDEN');
    expectError(await u.client.get('/api/v1/roles'), 403, 'FORBIDDEN');
    expectError(await u.client.get('/api/v1/audit-log'), 403, 'FORBIDDEN');
  });
});

describe('data scope', () => {
  let shanghai: string;
  const inSales: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    shanghai = await h.createDepartment('上海组', east);
    inSales.push((await target(sales)).id, (await target(east)).id, (await target(shanghai)).id);
    outside.push((await target(marketing)).id, (await target(null)).id);
  });

  it('a manager of 销售部 sees the users of 销售部 and all its sub-departments, and nobody else', async () => {
    const seen = await listIds(actors.manager.client);
    for (const id of [...inSales, actors.manager.id, actors.sales.id, actors.service.id]) expect(seen).toContain(id);
    for (const id of [...outside, adminId, actors.marketing.id]) expect(seen).not.toContain(id);

    const all = (await admin.get('/api/v1/users?limit=200')).body.items as { id: string; departmentId: string | null }[];
    const expectedIds = all.filter((u) => u.departmentId && [sales, east, shanghai].includes(u.departmentId)).map((u) => u.id);
    expect([...seen].sort()).toEqual([...expectedIds].sort());
  });

  it('filters and search cannot reach outside the scope', async () => {
    expect(await listIds(actors.manager.client, `&departmentId=${marketing}`)).toEqual([]);
    expect(await listIds(actors.manager.client, '&q=mkt.one')).toEqual([]);
    expect(await listIds(actors.manager.client, '&q=系统管理员')).toEqual([]);
    expect(await listIds(actors.manager.client, '&q=rep.east')).toEqual([actors.sales.id]);
  });

  it('reading, updating, resetting or deleting an out-of-scope user answers 404, not 403', async () => {
    const supervisor = await createRole(admin, [...SALES_RIGHTS, 'user:read', 'user:update', 'user:delete'], 'department', true, '部门主管');
    const boss = await h.createUser({ role: supervisor, departmentId: sales, username: 'boss.sales' });
    const [mkt, nodept] = outside as [string, string];
    for (const id of [mkt, nodept, adminId]) {
      expectError(await boss.client.get(`/api/v1/users/${id}`), 404, 'NOT_FOUND');
      expectError(await boss.client.patch(`/api/v1/users/${id}`, { version: 1, displayName: '越权' }), 404, 'NOT_FOUND');
      expectError(await boss.client.post(`/api/v1/users/${id}/reset-password`, {}), 404, 'NOT_FOUND');
      expectError(await boss.client.post(`/api/v1/users/${id}/unlock`), 404, 'NOT_FOUND');
      expectError(await boss.client.delete(`/api/v1/users/${id}`), 404, 'NOT_FOUND');
    }
    const untouched = await adminView(mkt);
    expect(untouched.body).toMatchObject({ status: 'active', version: 1 });
    expect(untouched.body.displayName).not.toBe('越权');
    // The same calls inside the scope work, down to the sub-sub-department.
    const deep = inSales[2] as string;
    expect((await boss.client.patch(`/api/v1/users/${deep}`, { version: 1, displayName: '上海的同事' })).status).toBe(200);
    expect((await boss.client.delete(`/api/v1/users/${deep}`)).status).toBe(200);
    inSales.pop();
  });

  it('a user with scope department cannot move a user out of their scope', async () => {
    const supervisor = await createRole(admin, [...SALES_RIGHTS, 'user:read', 'user:update'], 'department', false, '调动专员');
    const boss = await h.createUser({ role: supervisor, departmentId: sales, username: 'mover.sales' });
    const t = await target(east);
    expectError(await boss.client.patch(`/api/v1/users/${t.id}`, { version: 1, departmentId: marketing }), 400, 'VALIDATION_FAILED', ['departmentId']);
    expectError(await boss.client.patch(`/api/v1/users/${t.id}`, { version: 1, departmentId: null }), 400, 'VALIDATION_FAILED', ['departmentId']);
    expect((await adminView(t.id)).body.departmentId).toBe(east);
    expect((await boss.client.patch(`/api/v1/users/${t.id}`, { version: 1, departmentId: sales })).status).toBe(200);
  });

  it('scope own sees only oneself', async () => {
    const ownRole = await createRole(admin, ['user:read'], 'own', false, '只看自己');
    const me = await h.createUser({ role: ownRole, departmentId: east, username: 'only.me' });
    expect(await listIds(me.client)).toEqual([me.id]);
    expect((await me.client.get(`/api/v1/users/${me.id}`)).status).toBe(200);
    expectError(await me.client.get(`/api/v1/users/${actors.sales.id}`), 404, 'NOT_FOUND'); // same department
  });

  it('scope all sees everyone', async () => {
    const allRole = await createRole(admin, ['user:read'], 'all', false, '看全部');
    const u = await h.createUser({ role: allRole, departmentId: marketing, username: 'sees.all' });
    const everyone = await listIds(admin);
    expect((await listIds(u.client)).sort()).toEqual([...everyone].sort());
    expect(everyone).toEqual(expect.arrayContaining([...inSales, ...outside, adminId]));
  });

  it('a manager without a department sees only themselves', async () => {
    const m = await h.createUser({ role: 'manager', departmentId: null, username: 'mgr.nowhere' });
    expect(await listIds(m.client)).toEqual([m.id]);
  });
});

describe('sensitive fields', () => {
  const PHONE = '13912345678';

  it('phone is omitted from list and detail for a role without the sensitive-field right', async () => {
    const t = await target(sales, { phone: PHONE });
    const plain = await h.createUser({ role: await createRole(admin, ['user:read'], 'all', false, '通讯录'), departmentId: sales, username: 'reader.plain' });
    const detail = await plain.client.get(`/api/v1/users/${t.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).not.toHaveProperty('phone');
    const list = await plain.client.get('/api/v1/users?limit=200');
    const item = list.body.items.find((u: { id: string }) => u.id === t.id);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty('phone');
    expect(list.body.items.every((u: object) => !('phone' in u))).toBe(true);
    expect(detail.raw.body + list.raw.body).not.toContain(PHONE);
  });

  it('phone is present for a role with the right (and for admin and manager)', async () => {
    const t = await target(sales, { phone: PHONE });
    const sensitive = await h.createUser({ role: await createRole(admin, ['user:read'], 'all', true, '通讯录全'), departmentId: sales, username: 'reader.full' });
    for (const c of [sensitive.client, admin, actors.manager.client]) {
      expect((await c.get(`/api/v1/users/${t.id}`)).body.phone).toBe(PHONE);
      const list = await c.get('/api/v1/users?limit=200');
      expect(list.body.items.find((u: { id: string }) => u.id === t.id).phone).toBe(PHONE);
    }
  });

  it('a role without the right cannot overwrite the phone it cannot see', async () => {
    const t = await target(sales, { phone: PHONE });
    const editor = await h.createUser({ role: await createRole(admin, [...SALES_RIGHTS, 'user:read', 'user:update'], 'all', false, '资料编辑'), departmentId: sales, username: 'editor.plain' });
    // Refused outright (403 naming the field), as on every write path, rather than silently dropped.
    expectError(await editor.client.patch(`/api/v1/users/${t.id}`, { version: 1, phone: '10000000000', displayName: '新名字' }), 403, 'FORBIDDEN', ['phone']);
    const res = await editor.client.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: '新名字' });
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('phone');
    expect((await adminView(t.id)).body).toMatchObject({ phone: PHONE, displayName: '新名字' });
  });

  it('the audit log masks the phone as *** on create, update and delete', async () => {
    const created = await admin.post('/api/v1/users', newUserBody('with.phone', { phone: PHONE }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await admin.patch(`/api/v1/users/${id}`, { version: 1, phone: '13700000000' })).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${id}`, { version: 2, phone: null })).status).toBe(200);
    expect((await admin.delete(`/api/v1/users/${id}`)).status).toBe(200);
    const entries = await auditOf(admin, id);
    expect(entries.map((e) => [e.action, e.changes?.phone])).toEqual([
      ['delete', undefined], // phone was already empty
      ['update', ['***', null]],
      ['update', ['***', '***']],
      ['create', [null, '***']],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/139123|137000/);
  });
});

describe('escalation', () => {
  it('a non-admin with user:create cannot create a user with a role that has rights they lack', async () => {
    const recruiterRole = await createRole(admin, ['user:read', 'user:create'], 'department', false, '部门招聘');
    const recruiter = await h.createUser({ role: recruiterRole, departmentId: sales, username: 'recruiter.dept' });
    const broader = {
      sales: h.roleIds.sales, // has department:read
      manager: h.roleIds.manager,
      admin: h.roleIds.admin,
      sensitive: await createRole(admin, ['user:read'], 'own', true, '敏感只读'),
      wider: await createRole(admin, ['user:read'], 'all', false, '全员只读'),
    };
    for (const [name, roleId] of Object.entries(broader)) {
      const res = await recruiter.client.post('/api/v1/users', newUserBody(`esc.${name}`, { roleId }));
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.error.message).toBe('You cannot grant permissions, a data scope or rights that you do not have yourself');
      expect((await admin.get(`/api/v1/users?q=esc.${name}`)).body.items).toEqual([]);
    }
    const narrower = await createRole(admin, ['user:read'], 'own', false, '只读自己');
    const ok = await recruiter.client.post('/api/v1/users', newUserBody('esc.ok', { roleId: narrower, departmentId: undefined }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.departmentId).toBe(sales); // defaults to the creator's department
  });

  it('a non-admin with user:update cannot give anyone a broader role, themselves included', async () => {
    const hrRole = await createRole(admin, ['user:read', 'user:update'], 'all', false, '人事');
    const hr = await h.createUser({ role: hrRole, departmentId: sales, username: 'hr.one' });
    const t = await target();
    expectError(await hr.client.patch(`/api/v1/users/${t.id}`, { version: 1, roleId: h.roleIds.manager }), 403, 'FORBIDDEN');
    expectError(await hr.client.patch(`/api/v1/users/${hr.id}`, { version: 1, roleId: h.roleIds.admin }), 403, 'FORBIDDEN');
    expect((await adminView(t.id)).body.roleId).toBe(h.roleIds.sales);
    expect((await adminView(hr.id)).body.roleId).toBe(hrRole);
  });

  it('only an admin can change, reset or delete an admin', async () => {
    const hrRole = await createRole(admin, ['user:read', 'user:update', 'user:delete'], 'all', true, '人事经理');
    const hr = await h.createUser({ role: hrRole, departmentId: sales, username: 'hr.boss' });
    const admin2 = await h.createUser({ role: 'admin', username: 'admin.two' });
    expectError(await hr.client.patch(`/api/v1/users/${admin2.id}`, { version: 1, status: 'disabled' }), 403, 'FORBIDDEN');
    expectError(await hr.client.patch(`/api/v1/users/${admin2.id}`, { version: 1, roleId: hrRole }), 403, 'FORBIDDEN');
    expectError(await hr.client.post(`/api/v1/users/${admin2.id}/reset-password`, {}), 403, 'FORBIDDEN');
    expectError(await hr.client.post(`/api/v1/users/${admin2.id}/unlock`), 403, 'FORBIDDEN');
    expectError(await hr.client.delete(`/api/v1/users/${admin2.id}`), 403, 'FORBIDDEN');
    expectError(await hr.client.delete(`/api/v1/users/${adminId}`), 403, 'FORBIDDEN');
    expect((await admin2.client.get('/api/v1/auth/me')).status).toBe(200); // sessions untouched
    expect((await adminView(admin2.id)).body).toMatchObject({ status: 'active', version: 1 });

    expect((await admin.post(`/api/v1/users/${admin2.id}/reset-password`, { newPassword: 'Reset2026abc' })).status).toBe(200);
    expect((await admin.delete(`/api/v1/users/${admin2.id}`)).status).toBe(200);
  });

  it('nobody can disable or delete themselves', async () => {
    const self = await adminView(adminId);
    const res = await admin.patch(`/api/v1/users/${adminId}`, { version: self.body.version, status: 'disabled' });
    expectError(res, 422, 'BUSINESS_RULE');
    expect(res.body.error.message).toBe('You cannot delete or disable your own account');
    expectError(await admin.delete(`/api/v1/users/${adminId}`), 422, 'BUSINESS_RULE');

    const hrRole = await createRole(admin, ['user:read', 'user:update', 'user:delete'], 'all', false, '人事专员');
    const hr = await h.createUser({ role: hrRole, departmentId: sales, username: 'hr.self' });
    expectError(await hr.client.patch(`/api/v1/users/${hr.id}`, { version: 1, status: 'disabled' }), 422, 'BUSINESS_RULE');
    expectError(await hr.client.delete(`/api/v1/users/${hr.id}`), 422, 'BUSINESS_RULE');
    expect((await hr.client.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('the last active admin cannot give up the admin role; with a second admin they can', async () => {
    const self = await adminView(adminId);
    const res = await admin.patch(`/api/v1/users/${adminId}`, { version: self.body.version, roleId: h.roleIds.manager });
    expectError(res, 422, 'BUSINESS_RULE');
    expect(res.body.error.message).toBe('At least one active administrator must remain');
    expect((await adminView(adminId)).body.roleId).toBe(h.roleIds.admin);

    // A disabled admin does not count.
    const admin3 = await h.createUser({ role: 'admin', username: 'admin.three' });
    expect((await admin.patch(`/api/v1/users/${admin3.id}`, { version: 1, status: 'disabled' })).status).toBe(200);
    expectError(await admin.patch(`/api/v1/users/${adminId}`, { version: self.body.version, roleId: h.roleIds.manager }), 422, 'BUSINESS_RULE');

    // An active second admin may step down, because the first remains.
    const admin4 = await h.createUser({ role: 'admin', username: 'admin.four' });
    expect((await admin4.client.patch(`/api/v1/users/${admin4.id}`, { version: 1, roleId: h.roleIds.manager })).status).toBe(200);
  });

  it('two admins disabling or deleting each other at the same time leave at least one active admin', async () => {
    const pool = h.database.pool;
    const activeAdmins = async () =>
      (
        await pool.query<{ n: number }>(
          `select count(*)::int as n from users u join roles r on r.id = u.role_id where r.key = 'admin' and u.status = 'active' and u.deleted_at is null`,
        )
      ).rows[0]?.n;
    // Take the main admin out of the count for this test; each round has exactly two admins.
    await pool.query(`update users set status = 'disabled' where id = $1`, [adminId]);
    try {
      for (let round = 0; round < 6; round++) {
        const a = await h.createUser({ role: 'admin', username: `race.a${round}` });
        const b = await h.createUser({ role: 'admin', username: `race.b${round}` });
        expect(await activeAdmins()).toBe(2);
        const remove = (c: Client, id: string) => (round % 2 === 0 ? c.patch(`/api/v1/users/${id}`, { version: 1, status: 'disabled' }) : c.delete(`/api/v1/users/${id}`));
        const [ra, rb] = await Promise.all([remove(a.client, b.id), remove(b.client, a.id)]);
        expect(await activeAdmins(), `round ${round}: ${ra.status}/${rb.status}`).toBe(1);
        const statuses = [ra.status, rb.status].sort();
        expect(statuses[0]).toBe(200);
        // The loser is refused by the rule (422), or finds itself already disabled (401/403).
        expect([401, 403, 422]).toContain(statuses[1]);
        await pool.query(`update users set status = 'disabled' where id = any($1)`, [[a.id, b.id]]);
      }
    } finally {
      await pool.query(`update users set status = 'active' where id = $1`, [adminId]);
    }
  });
});

describe('validation and conflicts', () => {
  it('400 lists every bad field with its path', async () => {
    const res = await admin.post('/api/v1/users', { username: 'a b', displayName: '', email: 'not-an-email', password: 5, roleId: 'nope', extra: 1 });
    expectError(res, 400, 'VALIDATION_FAILED', ['displayName', 'email', 'password', 'roleId', 'username']);
    for (const d of res.body.error.details) expect(d.message).toEqual(expect.any(String));
  });

  it('a missing body field is reported as required', async () => {
    const res = await admin.post('/api/v1/users', { username: 'only.name' });
    expectError(res, 400, 'VALIDATION_FAILED', ['displayName', 'password', 'roleId']);
    expect(new Set(res.body.error.details.map((d: { message: string }) => d.message))).toEqual(new Set(['Required']));
  });

  it('rules checked by the service are listed together too', async () => {
    const res = await admin.post('/api/v1/users', newUserBody('rules.check', {
      password: 'short',
      roleId: '00000000-0000-4000-8000-000000000001',
      departmentId: '00000000-0000-4000-8000-000000000002',
    }));
    expect(res.status).toBe(400);
    expect([...new Set(detailPaths(res))]).toEqual(['departmentId', 'password', 'roleId']);
    const messages = res.body.error.details.map((d: { message: string }) => d.message);
    expect(messages).toEqual(expect.arrayContaining(['Role not found', 'Department not found', 'At least 8 characters']));
  });

  it('a password containing the username is refused', async () => {
    const res = await admin.post('/api/v1/users', newUserBody('wangwu', { password: 'Wangwu2026' }));
    expectError(res, 400, 'VALIDATION_FAILED', ['password']);
    expect(res.body.error.details[0].message).toBe('Must not contain the username');
  });

  it('duplicate username or email → 409 naming the field, case-insensitively', async () => {
    expect((await admin.post('/api/v1/users', newUserBody('dup.user', { email: 'dup@example.com' }))).status).toBe(201);
    expectError(await admin.post('/api/v1/users', newUserBody('DUP.User')), 409, 'DUPLICATE', ['username']);
    expectError(await admin.post('/api/v1/users', newUserBody('dup.other', { email: 'DUP@example.com' })), 409, 'DUPLICATE', ['email']);
    const both = await admin.post('/api/v1/users', newUserBody('dup.user', { email: 'dup@example.com' }));
    expectError(both, 409, 'DUPLICATE', ['email', 'username']);
    expect(both.body.error.details.map((d: { message: string }) => d.message).sort()).toEqual([
      'This email is already used by another user',
      'This username is already taken',
    ]);
    const t = await target();
    expectError(await admin.patch(`/api/v1/users/${t.id}`, { version: 1, email: 'Dup@Example.com' }), 409, 'DUPLICATE', ['email']);
    // Keeping one's own email is no conflict.
    expect((await admin.patch(`/api/v1/users/${t.id}`, { version: 1, email: `${t.username}@example.com` })).status).toBe(200);
  });

  it('a stale version → 409 VERSION_CONFLICT and nothing changes, nothing is audited', async () => {
    const t = await target();
    const first = await admin.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: '第一次' });
    expect(first.body.version).toBe(2);
    const stale = await admin.patch(`/api/v1/users/${t.id}`, { version: 1, displayName: '第二次' });
    expectError(stale, 409, 'VERSION_CONFLICT');
    expect((await adminView(t.id)).body).toMatchObject({ displayName: '第一次', version: 2 });
    expect((await auditOf(admin, t.id)).filter((e) => e.action === 'update')).toHaveLength(1);
  });

  it('unknown id → 404 with the entity named; malformed id → 400 on path id', async () => {
    const res = await admin.get('/api/v1/users/00000000-0000-4000-8000-000000000000');
    expectError(res, 404, 'NOT_FOUND');
    expect(res.body.error.message).toBe('User not found');
    expectError(await admin.get('/api/v1/users/123'), 400, 'VALIDATION_FAILED', ['id']);
  });

  it('answers in Chinese with Accept-Language: zh-CN', async () => {
    const zh = await h.admin();
    zh.language = 'zh-CN';
    const bad = await zh.post('/api/v1/users', { username: 'a b', displayName: 'x', password: 'Welcome2026x', roleId: h.roleIds.sales });
    expect(bad.body.error.message).toBe('输入有误，请检查标出的字段');
    expect(bad.body.error.details).toEqual([{ path: 'username', message: '只能包含字母、数字、点、下划线和连字符' }]);
    const missing = await zh.post('/api/v1/users', { username: 'zh.user' });
    expect(missing.body.error.details.map((d: { message: string }) => d.message)).toEqual(['必填', '必填', '必填']);
    const weak = await zh.post('/api/v1/users', newUserBody('zh.weak', { password: 'abc' }));
    expect(weak.body.error.details.map((d: { message: string }) => d.message).sort()).toEqual(['必须同时包含字母和数字', '至少 8 个字符'].sort());
    const dup = await zh.post('/api/v1/users', newUserBody('dup.user'));
    expect(dup.body.error).toEqual({ code: 'DUPLICATE', message: '该记录已存在', details: [{ path: 'username', message: '该用户名已被使用' }] });
    expect((await zh.get('/api/v1/users/00000000-0000-4000-8000-000000000000')).body.error.message).toBe('用户不存在');
    expect((await zh.delete(`/api/v1/users/${adminId}`)).body.error.message).toBe('不能删除或停用自己的账号');
    const rep = actors.sales.client;
    rep.language = 'zh-CN';
    expect((await rep.get('/api/v1/users')).body.error.message).toBe('您没有执行此操作的权限');
    rep.language = 'en';
  });
});

describe('disabling and deleting', () => {
  it('disabling a user ends their sessions and blocks login until they are enabled again', async () => {
    const t = await target();
    const token = await t.client.post('/api/v1/auth/tokens', { name: 'script' });
    const script = h.client();
    script.bearer = token.body.secret;
    expect((await admin.patch(`/api/v1/users/${t.id}`, { version: 1, status: 'disabled' })).status).toBe(200);
    expectError(await t.client.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await script.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED'); // its tokens are revoked, not just paused
    const login = await h.client().login(t.username, USER_PASSWORD);
    expectError(login, 403, 'ACCOUNT_DISABLED');
    expect(login.headers['set-cookie']).toBeUndefined();

    expect((await admin.patch(`/api/v1/users/${t.id}`, { version: 2, status: 'active' })).status).toBe(200);
    expect((await h.client().login(t.username, USER_PASSWORD)).status).toBe(200);
  });

  it('deleting a user ends their sessions and API tokens, and frees the username', async () => {
    const t = await target();
    const token = await t.client.post('/api/v1/auth/tokens', { name: 'nightly sync' });
    expect(token.status).toBe(201);
    const script = h.client();
    script.bearer = token.body.secret;
    expect((await script.get('/api/v1/auth/me')).status).toBe(200);

    expect((await admin.delete(`/api/v1/users/${t.id}`)).status).toBe(200);
    expectError(await script.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await t.client.get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
    expectError(await h.client().login(t.username, USER_PASSWORD), 401, 'INVALID_CREDENTIALS');
    const { rows } = await h.database.pool.query<{ revoked_at: Date | null }>('select revoked_at from api_tokens where user_id = $1', [t.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.revoked_at).toBeInstanceOf(Date);
    expectError(await adminView(t.id), 404, 'NOT_FOUND');
    expect(await listIds(admin)).not.toContain(t.id);
    expectError(await admin.delete(`/api/v1/users/${t.id}`), 404, 'NOT_FOUND');

    const again = await admin.post('/api/v1/users', newUserBody(t.username, { email: `${t.username}@example.com` }));
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(t.id);
  });

  it('the admin password still works after all this', async () => {
    expect((await h.client().login('admin', ADMIN_PASSWORD)).status).toBe(200);
  });
});

describe('keyset pagination', () => {
  beforeAll(async () => {
    // Names that sort differently by username and display name, some display names equal.
    const names = ['pg.kilo', 'pg.alpha', 'pg.echo', 'pg.bravo', 'pg.delta', 'pg.charlie', 'pg.foxtrot'];
    for (const [i, username] of names.entries()) {
      const res = await admin.post('/api/v1/users', newUserBody(username, { displayName: i % 3 === 0 ? '同名' : `显示${10 - i}` }));
      expect(res.status).toBe(201);
      h.clock.advance(i % 2 === 0 ? 0 : 60_000);
    }
  });

  it.each(['username', '-username', 'createdAt', '-createdAt', 'displayName', '-displayName'])(
    'walking pages of 2 sorted by %s visits every user exactly once, in order',
    async (sort) => {
      const all = await admin.get(`/api/v1/users?sort=${sort}&limit=200`);
      const expected = (all.body.items as { id: string }[]).map((u) => u.id);
      expect(expected.length).toBeGreaterThan(20);
      const { items, pages } = await walkPages<{ id: string; username: string; createdAt: string }>(admin, `/api/v1/users?sort=${sort}`, 2);
      const ids = items.map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 2));
      if (sort.endsWith('createdAt')) {
        const times = items.map((u) => Date.parse(u.createdAt));
        const sorted = [...times].sort((a, b) => (sort.startsWith('-') ? b - a : a - b));
        expect(times).toEqual(sorted);
      }
    },
  );

  it('pages follow the caller’s scope and filters', async () => {
    const mine = await listIds(actors.manager.client, '&sort=username');
    const { items } = await walkPages<{ id: string }>(actors.manager.client, '/api/v1/users?sort=username', 2);
    expect(items.map((u) => u.id)).toEqual(mine);
    const filtered = await walkPages<{ username: string }>(admin, '/api/v1/users?sort=-username&q=pg.', 3);
    expect(filtered.items.map((u) => u.username)).toEqual(['pg.kilo', 'pg.foxtrot', 'pg.echo', 'pg.delta', 'pg.charlie', 'pg.bravo', 'pg.alpha']);
  });

  it('an invalid cursor gives 400 on path cursor', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const byName = await admin.get('/api/v1/users?sort=username&limit=1');
    const bad = [
      'not-a-cursor',
      b64({ a: 1 }),
      b64(['2026-01-01T00:00:00.000Z']),
      b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
      b64(['yesterday', '00000000-0000-4000-8000-000000000000']),
      byName.body.nextCursor as string, // a username cursor used for a createdAt sort
    ];
    for (const cursor of bad) {
      const res = await admin.get(`/api/v1/users?sort=-createdAt&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expectError(res, 400, 'VALIDATION_FAILED', ['cursor']);
    }
    const zh = await h.admin();
    zh.language = 'zh-CN';
    const res = await zh.get('/api/v1/users?cursor=bm9wZQ');
    expect(res.body.error.details).toEqual([{ path: 'cursor', message: '分页游标无效，请从第一页重新开始' }]);
  });

  it('limit outside 1–200 and an unknown sort are refused', async () => {
    expectError(await admin.get('/api/v1/users?limit=0&sort=age'), 400, 'VALIDATION_FAILED', ['limit', 'sort']);
    expectError(await admin.get('/api/v1/users?limit=201'), 400, 'VALIDATION_FAILED', ['limit']);
  });
});

describe('acting on a user whose role outranks the caller', () => {
  it('a helpdesk role with user:update, role rights and scope all cannot take over a sales manager', async () => {
    const helpdeskRole = await createRole(admin, ['user:read', 'user:update', 'user:delete', 'role:read', 'role:create', 'role:update', 'role:delete', 'role:assign'], 'all', false, '服务台');
    const helpdesk = await h.createUser({ role: helpdeskRole, departmentId: marketing, username: 'helpdesk.one' });
    const manager = await h.createUser({ role: 'manager', departmentId: sales, username: 'mgr.target' });
    const before = (await adminView(manager.id)).body;

    const refusals = [
      await helpdesk.client.post(`/api/v1/users/${manager.id}/reset-password`, { newPassword: 'Takeover2026x' }),
      await helpdesk.client.post(`/api/v1/users/${manager.id}/reset-password`, {}),
      await helpdesk.client.patch(`/api/v1/users/${manager.id}`, { version: before.version, email: 'attacker@example.com' }),
      await helpdesk.client.patch(`/api/v1/users/${manager.id}`, { version: before.version, displayName: '被改名' }),
      await helpdesk.client.patch(`/api/v1/users/${manager.id}`, { version: before.version, departmentId: marketing }),
      await helpdesk.client.patch(`/api/v1/users/${manager.id}`, { version: before.version, roleId: helpdeskRole }),
      await helpdesk.client.patch(`/api/v1/users/${manager.id}`, { version: before.version, status: 'disabled' }),
      await helpdesk.client.post(`/api/v1/users/${manager.id}/unlock`),
      await helpdesk.client.delete(`/api/v1/users/${manager.id}`),
    ];
    for (const res of refusals) {
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.error.message).toBe('This user’s role has rights that yours does not have; only someone with at least those rights can change this user');
    }
    // Nothing changed: same record, same password, the session still alive.
    expect((await adminView(manager.id)).body).toEqual(before);
    expect((await h.client().login('mgr.target', USER_PASSWORD)).status).toBe(200);
    expect((await h.client().login('mgr.target', 'Takeover2026x')).status).toBe(401);
    expect((await manager.client.get('/api/v1/auth/me')).status).toBe(200);
    const audit = await admin.get(`/api/v1/audit-log?entityId=${manager.id}`);
    expect(audit.body.items.filter((e: { action: string }) => e.action !== 'login' && e.action !== 'login_failed')).toEqual([]);
  });

  it('the same caller may still act on users whose role gives nothing more than theirs', async () => {
    const deskRole = await createRole(admin, ['user:read', 'user:update', 'customer:read', 'contact:read'], 'all', false, '服务台二');
    const desk = await h.createUser({ role: deskRole, departmentId: marketing, username: 'helpdesk.two' });
    const viewerRole = await createRole(admin, ['customer:read'], 'own', false, '客户只读');
    const viewer = await h.createUser({ role: viewerRole, departmentId: east, username: 'viewer.one' });
    const sameRole = await h.createUser({ role: deskRole, departmentId: east, username: 'helpdesk.peer' });
    for (const u of [viewer, sameRole]) {
      const reset = await desk.client.post(`/api/v1/users/${u.id}/reset-password`, { newPassword: 'Fresh2026pass' });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      expect((await h.client().login(u.username, 'Fresh2026pass')).status).toBe(200);
    }
    // A role that grants a wider scope or the sensitive-field right outranks it too.
    for (const [scope, sensitive] of [['department', true], ['all', true]] as const) {
      const role = await createRole(admin, ['customer:read'], scope, sensitive, `更宽-${scope}`);
      const u = await h.createUser({ role, departmentId: east, username: `wider.${scope}` });
      expectError(await desk.client.post(`/api/v1/users/${u.id}/reset-password`, {}), 403, 'FORBIDDEN');
    }
    const narrowScope = await createRole(admin, ['customer:read'], 'all', false, '更宽-all-无敏感');
    const ok = await h.createUser({ role: narrowScope, departmentId: east, username: 'same.scope' });
    expect((await desk.client.post(`/api/v1/users/${ok.id}/unlock`)).status).toBe(200);
  });

  it('a department manager with user rights acts only on users in their subtree whose role is within theirs', async () => {
    const leadRole = await createRole(admin, ['user:read', 'user:update', 'customer:read', 'customer:update'], 'department', false, '组长');
    const lead = await h.createUser({ role: leadRole, departmentId: sales, username: 'team.lead' });
    const repRole = await createRole(admin, ['customer:read'], 'own', false, '组员');
    const inside = await h.createUser({ role: repRole, departmentId: east, username: 'rep.inside' });
    const outside = await h.createUser({ role: repRole, departmentId: marketing, username: 'rep.outside' });
    expect((await lead.client.post(`/api/v1/users/${inside.id}/reset-password`, {})).status).toBe(200);
    expectError(await lead.client.post(`/api/v1/users/${outside.id}/reset-password`, {}), 404, 'NOT_FOUND');
  });
});
