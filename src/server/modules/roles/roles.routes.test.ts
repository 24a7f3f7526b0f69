import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_KEYS, type BuiltinRoleKey } from '../../../contracts/access.ts';
import { createRole, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { assembleApp } from '../index.ts';
import { builtinRoleDefaults } from './roles.rules.ts';

const { permissions: ALL_PERMISSIONS, roleDefaults } = assembleApp();
const BUILTIN_ROLES = builtinRoleDefaults(roleDefaults);

let h: Harness;
let admin: Client;
let sales: string;
let east: string;
const actors = {} as Record<BuiltinRoleKey, { client: Client }>;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  const marketing = await h.createDepartment('市场部');
  actors.admin = { client: admin };
  actors.manager = await h.createUser({ role: 'manager', departmentId: sales });
  actors.sales = await h.createUser({ role: 'sales', departmentId: east });
  actors.service = await h.createUser({ role: 'service', departmentId: east });
  actors.marketing = await h.createUser({ role: 'marketing', departmentId: marketing });
});
afterAll(async () => h.close());

interface RoleItem {
  id: string;
  key: string | null;
  name: string;
  permissions: string[];
  dataScope: string;
  canViewSensitive: boolean;
  builtin: boolean;
  userCount: number;
  version: number;
}

async function roleView(id: string): Promise<RoleItem> {
  const res = await admin.get(`/api/v1/roles/${id}`);
  expect(res.status).toBe(200);
  return res.body as RoleItem;
}

async function allRoles(): Promise<RoleItem[]> {
  return (await admin.get('/api/v1/roles')).body.items as RoleItem[];
}

describe('built-in roles', () => {
  it('are listed with the documented defaults, the admin role holding every permission', async () => {
    const items = await allRoles();
    for (const def of BUILTIN_ROLES) {
      const role = items.find((r) => r.key === def.key);
      expect(role, def.key).toMatchObject({ name: def.name, dataScope: def.dataScope, canViewSensitive: def.canViewSensitive, builtin: true });
      expect(role?.permissions).toEqual([...def.permissions].sort());
    }
    expect(items.find((r) => r.key === 'admin')?.permissions).toEqual([...ALL_PERMISSIONS].sort());
    const manager = items.find((r) => r.key === 'manager');
    expect(manager).toMatchObject({ dataScope: 'department', canViewSensitive: true });
    expect(manager?.permissions).toEqual(expect.arrayContaining(['customer:assign', 'lead:assign', 'user:read', 'department:read', 'role:read']));
    expect(manager?.permissions).not.toContain('user:create');
    const sales = items.find((r) => r.key === 'sales');
    expect(sales).toMatchObject({ dataScope: 'own', canViewSensitive: false });
    expect(sales?.permissions).toEqual(expect.arrayContaining(['customer:read', 'customer:create', 'lead:read', 'department:read']));
    expect(sales?.permissions.filter((p: string) => /^(user|role|audit):/.test(p))).toEqual([]);
    expect(sales?.permissions).not.toContain('customer:assign');
    // Listed first, from the most to the least powerful.
    expect(items.slice(0, 5).map((r) => r.key)).toEqual(['admin', 'manager', 'sales', 'service', 'marketing']);
  });
});

describe('permission matrix', () => {
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

  it.each(rows)('$role: $action roles → $status', async ({ role, action, status }) => {
    const c = actors[role].client;
    let res;
    switch (action) {
      case 'list':
        res = await c.get('/api/v1/roles');
        if (status === 200) expect(res.body.items.map((r: RoleItem) => r.key)).toEqual(expect.arrayContaining([...BUILTIN_ROLE_KEYS]));
        break;
      case 'read':
        res = await c.get(`/api/v1/roles/${h.roleIds.sales}`);
        if (status === 200) expect(res.body).toMatchObject({ key: 'sales', name: '销售' });
        break;
      case 'create': {
        const name = `${role}建的角色`;
        res = await c.post('/api/v1/roles', { name, permissions: [], dataScope: 'own' });
        expect((await allRoles()).filter((r) => r.name === name)).toHaveLength(status === 201 ? 1 : 0);
        break;
      }
      case 'update': {
        const id = await createRole(admin, ['user:read'], 'own', false, `待改角色${++seq}`);
        res = await c.patch(`/api/v1/roles/${id}`, { version: 1, name: `已改角色${seq}` });
        expect(await roleView(id)).toMatchObject(status === 200 ? { name: `已改角色${seq}`, version: 2 } : { name: `待改角色${seq}`, version: 1 });
        break;
      }
      case 'delete': {
        const id = await createRole(admin, [], 'own', false, `待删角色${++seq}`);
        res = await c.delete(`/api/v1/roles/${id}`);
        expect((await admin.get(`/api/v1/roles/${id}`)).status).toBe(status === 200 ? 404 : 200);
        break;
      }
    }
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['GET', '/api/v1/roles'],
    ['GET', '/api/v1/roles/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/roles'],
    ['PATCH', '/api/v1/roles/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/api/v1/roles/00000000-0000-4000-8000-000000000000'],
  ] as const)('anonymous %s %s → 401', async (method, url) => {
    expectError(await h.client().request(method, url, method === 'POST' || method === 'PATCH' ? {} : undefined), 401, 'UNAUTHENTICATED');
  });

  it('a custom role gets exactly the permissions it lists', async () => {
    const readerRole = await createRole(admin, ['role:read'], 'own', false, '角色只读');
    const reader = await h.createUser({ role: readerRole, departmentId: sales });
    expect((await reader.client.get('/api/v1/roles')).status).toBe(200);
    expectError(await reader.client.post('/api/v1/roles', { name: '不许建', permissions: [], dataScope: 'own' }), 403, 'FORBIDDEN');
    expectError(await reader.client.patch(`/api/v1/roles/${readerRole}`, { version: 1, name: '不许改' }), 403, 'FORBIDDEN');
    expectError(await reader.client.delete(`/api/v1/roles/${readerRole}`), 403, 'FORBIDDEN');
    expectError(await reader.client.get('/api/v1/users'), 403, 'FORBIDDEN');
    expectError(await reader.client.get('/api/v1/departments'), 403, 'FORBIDDEN');
  });
});

describe('escalation', () => {
  let editorRole: string;
  let editor: Client;
  beforeAll(async () => {
    editorRole = await createRole(admin, ['role:read', 'role:create', 'role:update', 'role:delete', 'user:read'], 'department', false, '权限专员');
    editor = (await h.createUser({ role: editorRole, departmentId: sales })).client;
  });

  it('a non-admin cannot create a role broader than their own', async () => {
    const broader = [
      { name: '多一个权限', permissions: ['user:read', 'audit:read'], dataScope: 'own' },
      { name: '范围更大', permissions: ['user:read'], dataScope: 'all' },
      { name: '能看敏感', permissions: ['user:read'], dataScope: 'own', canViewSensitive: true },
    ];
    for (const body of broader) {
      const res = await editor.post('/api/v1/roles', body);
      expectError(res, 403, 'FORBIDDEN');
      expect(res.body.error.message).toBe('You cannot grant permissions, a data scope or rights that you do not have yourself');
    }
    expect((await allRoles()).map((r) => r.name)).not.toEqual(expect.arrayContaining(['多一个权限']));
    expect((await allRoles()).filter((r) => broader.some((b) => b.name === r.name))).toEqual([]);
    const ok = await editor.post('/api/v1/roles', { name: '同等权限', permissions: ['user:read', 'role:read'], dataScope: 'department' });
    expect(ok.status).toBe(201);
  });

  it('a non-admin cannot widen a role, their own included, nor touch a role broader than theirs', async () => {
    const mine = await editor.post('/api/v1/roles', { name: '专员建的', permissions: ['user:read'], dataScope: 'own' });
    const id = mine.body.id as string;
    for (const change of [{ permissions: ['user:read', 'user:delete'] }, { dataScope: 'all' }, { canViewSensitive: true }]) {
      expectError(await editor.patch(`/api/v1/roles/${id}`, { version: 1, ...change }), 403, 'FORBIDDEN');
    }
    expectError(await editor.patch(`/api/v1/roles/${editorRole}`, { version: 1, permissions: [...ALL_PERMISSIONS] }), 403, 'FORBIDDEN');
    expect(await roleView(id)).toMatchObject({ permissions: ['user:read'], dataScope: 'own', canViewSensitive: false, version: 1 });
    // Narrowing is fine.
    expect((await editor.patch(`/api/v1/roles/${id}`, { version: 1, permissions: [] })).status).toBe(200);

    // The manager role has department:read and the sensitive right, which the editor lacks.
    expectError(await editor.patch(`/api/v1/roles/${h.roleIds.manager}`, { version: 1, name: '改个名' }), 403, 'FORBIDDEN');
    expectError(await editor.patch(`/api/v1/roles/${h.roleIds.admin}`, { version: 1, name: '改个名' }), 403, 'FORBIDDEN');
    const strong = await createRole(admin, ['audit:read'], 'all', true, '审计员');
    expectError(await editor.delete(`/api/v1/roles/${strong}`), 403, 'FORBIDDEN');
    expect((await admin.get(`/api/v1/roles/${strong}`)).status).toBe(200);
  });

  it('the admin role’s permissions, data scope and sensitive right cannot be changed, even by an admin', async () => {
    const before = await roleView(h.roleIds.admin);
    for (const change of [{ permissions: ['user:read'] }, { permissions: [] }, { dataScope: 'own' }, { canViewSensitive: false }]) {
      const res = await admin.patch(`/api/v1/roles/${h.roleIds.admin}`, { version: before.version, ...change });
      expectError(res, 422, 'BUSINESS_RULE');
      expect(res.body.error.message).toBe('The permissions, data scope and sensitive-field right of the admin role cannot be changed');
    }
    expect(await roleView(h.roleIds.admin)).toMatchObject({ permissions: before.permissions, dataScope: 'all', canViewSensitive: true, version: before.version });
    // Its name and description may change.
    const renamed = await admin.patch(`/api/v1/roles/${h.roleIds.admin}`, { version: before.version, name: '超级管理员', description: '全部权限' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '超级管理员', description: '全部权限', permissions: before.permissions });
  });

  it.each(BUILTIN_ROLE_KEYS)('the built-in role %s cannot be deleted (422)', async (key) => {
    const res = await admin.delete(`/api/v1/roles/${h.roleIds[key]}`);
    expectError(res, 422, 'BUSINESS_RULE');
    expect(res.body.error.message).toBe('Built-in roles cannot be deleted');
    expect((await roleView(h.roleIds[key])).key).toBe(key);
  });

  it('a role in use cannot be deleted (422); once unused it can', async () => {
    const id = await createRole(admin, ['user:read'], 'own', false, '临时角色');
    const u1 = await h.createUser({ role: id, departmentId: sales });
    const u2 = await h.createUser({ role: id, departmentId: sales });
    expect((await roleView(id)).userCount).toBe(2);
    const res = await admin.delete(`/api/v1/roles/${id}`);
    expectError(res, 422, 'BUSINESS_RULE');
    expect(res.body.error.message).toBe('The role is still assigned to 2 users');

    expect((await admin.delete(`/api/v1/users/${u1.id}`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${u2.id}`, { version: 1, roleId: h.roleIds.sales })).status).toBe(200);
    expect((await roleView(id)).userCount).toBe(0);
    expect((await admin.delete(`/api/v1/roles/${id}`)).status).toBe(200);
    expectError(await admin.get(`/api/v1/roles/${id}`), 404, 'NOT_FOUND');
    expect((await allRoles()).map((r) => r.id)).not.toContain(id);
    // A deleted role can be neither edited, deleted again nor assigned, and its name is free.
    expectError(await admin.patch(`/api/v1/roles/${id}`, { version: 1, name: '复活' }), 404, 'NOT_FOUND');
    expectError(await admin.delete(`/api/v1/roles/${id}`), 404, 'NOT_FOUND');
    expectError(await admin.patch(`/api/v1/users/${u2.id}`, { version: 2, roleId: id }), 400, 'VALIDATION_FAILED', ['roleId']);
    expect((await admin.post('/api/v1/roles', { name: '临时角色', permissions: [], dataScope: 'own' })).status).toBe(201);
  });
});

describe('editing roles takes effect at once', () => {
  it('a permission added to or removed from a role applies to its users on their next request', async () => {
    const id = await createRole(admin, [], 'own', false, '可变角色');
    const u = await h.createUser({ role: id, departmentId: sales });
    expectError(await u.client.get('/api/v1/users'), 403, 'FORBIDDEN');
    expect((await admin.patch(`/api/v1/roles/${id}`, { version: 1, permissions: ['user:read'] })).status).toBe(200);
    const own = await u.client.get('/api/v1/users');
    expect(own.status).toBe(200);
    expect(own.body.items.map((x: { id: string }) => x.id)).toEqual([u.id]);

    expect((await admin.patch(`/api/v1/roles/${id}`, { version: 2, dataScope: 'department' })).status).toBe(200);
    const dept = await u.client.get('/api/v1/users?limit=200');
    expect(dept.body.items.length).toBeGreaterThan(1);
    const depts = new Set(dept.body.items.map((x: { departmentId: string | null }) => x.departmentId));
    expect(depts).toEqual(new Set([sales, east])); // 销售部 and the 华东大区 below it

    expect((await admin.patch(`/api/v1/roles/${id}`, { version: 3, permissions: [] })).status).toBe(200);
    expectError(await u.client.get('/api/v1/users'), 403, 'FORBIDDEN');
  });

  it('an admin may change a built-in role other than admin', async () => {
    const before = await roleView(h.roleIds.service);
    const res = await admin.patch(`/api/v1/roles/${h.roleIds.service}`, { version: before.version, permissions: ['department:read', 'user:read'] });
    expect(res.status).toBe(200);
    expect((await actors.service.client.get('/api/v1/users')).status).toBe(200);
    expect((await admin.patch(`/api/v1/roles/${h.roleIds.service}`, { version: before.version + 1, permissions: before.permissions })).status).toBe(200);
    expectError(await actors.service.client.get('/api/v1/users'), 403, 'FORBIDDEN');
  });
});

describe('validation and conflicts', () => {
  it('400 lists every bad field with its path', async () => {
    const res = await admin.post('/api/v1/roles', { name: '', permissions: ['user:fly', 5, 'user:read'], dataScope: 'everyone', canViewSensitive: 'yes' });
    expectError(res, 400, 'VALIDATION_FAILED', ['canViewSensitive', 'dataScope', 'name', 'permissions.0', 'permissions.1']);
    expectError(await admin.post('/api/v1/roles', {}), 400, 'VALIDATION_FAILED', ['dataScope', 'name', 'permissions']);
    expectError(await admin.patch(`/api/v1/roles/${h.roleIds.sales}`, { name: 'x' }), 400, 'VALIDATION_FAILED', ['version']);
  });

  it('stores permissions sorted and without duplicates', async () => {
    const res = await admin.post('/api/v1/roles', { name: '排序角色', permissions: ['user:read', 'audit:read', 'user:read', 'department:read'], dataScope: 'all' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ permissions: ['audit:read', 'department:read', 'user:read'], builtin: false, key: null, canViewSensitive: false, userCount: 0, version: 1 });
  });

  it('a duplicate name → 409 naming the field, case-insensitively, built-in names included', async () => {
    expect((await admin.post('/api/v1/roles', { name: 'Auditor', permissions: [], dataScope: 'own' })).status).toBe(201);
    expectError(await admin.post('/api/v1/roles', { name: 'AUDITOR', permissions: [], dataScope: 'own' }), 409, 'DUPLICATE', ['name']);
    expectError(await admin.post('/api/v1/roles', { name: '销售', permissions: [], dataScope: 'own' }), 409, 'DUPLICATE', ['name']);
    const other = await createRole(admin, [], 'own', false, 'Other role');
    const res = await admin.patch(`/api/v1/roles/${other}`, { version: 1, name: 'auditor' });
    expectError(res, 409, 'DUPLICATE', ['name']);
    expect(res.body.error.details[0].message).toBe('A role with this name already exists');
    expect((await admin.patch(`/api/v1/roles/${other}`, { version: 1, name: 'Other role' })).status).toBe(200); // its own name
  });

  it('a stale version → 409 VERSION_CONFLICT and nothing changes', async () => {
    const id = await createRole(admin, [], 'own', false, '版本角色');
    expect((await admin.patch(`/api/v1/roles/${id}`, { version: 1, permissions: ['user:read'] })).status).toBe(200);
    expectError(await admin.patch(`/api/v1/roles/${id}`, { version: 1, dataScope: 'all' }), 409, 'VERSION_CONFLICT');
    expect(await roleView(id)).toMatchObject({ permissions: ['user:read'], dataScope: 'own', version: 2 });
  });

  it('unknown id → 404 naming the role', async () => {
    const res = await admin.get('/api/v1/roles/00000000-0000-4000-8000-000000000000');
    expectError(res, 404, 'NOT_FOUND');
    expect(res.body.error.message).toBe('Role not found');
  });

  it('answers in Chinese with Accept-Language: zh-CN', async () => {
    const zh = await h.admin();
    zh.language = 'zh-CN';
    expect((await zh.delete(`/api/v1/roles/${h.roleIds.sales}`)).body.error.message).toBe('内置角色不能删除');
    const adminRole = await roleView(h.roleIds.admin);
    expect((await zh.patch(`/api/v1/roles/${h.roleIds.admin}`, { version: adminRole.version, dataScope: 'own' })).body.error.message).toBe(
      '管理员角色的权限、数据范围和敏感字段权限不能修改',
    );
    const used = await createRole(admin, [], 'own', false, '在用角色');
    await h.createUser({ role: used, departmentId: sales });
    expect((await zh.delete(`/api/v1/roles/${used}`)).body.error.message).toBe('该角色仍分配给 1 名用户');
    expect((await zh.post('/api/v1/roles', { name: '销售', permissions: [], dataScope: 'own' })).body.error.details).toEqual([{ path: 'name', message: '已有同名角色' }]);
    expect((await zh.get('/api/v1/roles/00000000-0000-4000-8000-000000000000')).body.error.message).toBe('角色不存在');
    const editor = await h.createUser({ role: await createRole(admin, ['role:read', 'role:create'], 'own', false, '中文专员'), departmentId: sales });
    editor.client.language = 'zh-CN';
    expect((await editor.client.post('/api/v1/roles', { name: '越权', permissions: ['audit:read'], dataScope: 'own' })).body.error.message).toBe(
      '不能授予超出您自身的权限、数据范围或敏感字段权限',
    );
  });
});
