import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltinRoleKey } from '../../../contracts/access.ts';
import { createRole, expectError } from '../../../../test/helpers/api.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
/** 销售部 ← 华东大区; 市场部 */
let sales: string;
let east: string;
let marketing: string;
const actors = {} as Record<BuiltinRoleKey, { id: string; client: Client; departmentId: string }>;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  marketing = await h.createDepartment('市场部');
  const adminId = (await admin.get('/api/v1/auth/me')).body.user.id as string;
  actors.admin = { id: adminId, client: admin, departmentId: sales };
  actors.manager = { ...(await h.createUser({ role: 'manager', departmentId: sales })), departmentId: sales };
  actors.sales = { ...(await h.createUser({ role: 'sales', departmentId: east })), departmentId: east };
  actors.service = { ...(await h.createUser({ role: 'service', departmentId: east })), departmentId: east };
  actors.marketing = { ...(await h.createUser({ role: 'marketing', departmentId: marketing })), departmentId: marketing };
});
afterAll(async () => h.close());

interface Dept {
  id: string;
  name: string;
  parentId: string | null;
  userCount: number;
  version: number;
}

async function listed(client: Client): Promise<Dept[]> {
  const res = await client.get('/api/v1/departments');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Dept[];
}

/** The department and everything below it, from the admin's full list. */
async function subtree(rootId: string): Promise<string[]> {
  const all = await listed(admin);
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) ids.push(...all.filter((d) => d.parentId === ids[i]).map((d) => d.id));
  return ids.sort();
}

async function adminView(id: string) {
  return admin.get(`/api/v1/departments/${id}`);
}

describe('permission matrix', () => {
  // Everyone reads departments (in their scope); only admin manages them.
  const expected: Record<BuiltinRoleKey, [list: number, read: number, create: number, update: number, remove: number]> = {
    admin: [200, 200, 201, 200, 200],
    manager: [200, 200, 403, 403, 403],
    sales: [200, 200, 403, 403, 403],
    service: [200, 200, 403, 403, 403],
    marketing: [200, 200, 403, 403, 403],
  };
  const rows = (Object.keys(expected) as BuiltinRoleKey[]).flatMap((role) =>
    (['list', 'read', 'create', 'update', 'delete'] as const).map((action, i) => ({ role, action, status: expected[role][i] as number })),
  );

  it.each(rows)('$role: $action departments → $status', async ({ role, action, status }) => {
    const { client: c, departmentId: own } = actors[role];
    let res;
    switch (action) {
      case 'list':
        res = await c.get('/api/v1/departments');
        expect(res.body.items.map((d: Dept) => d.id)).toContain(own);
        break;
      case 'read':
        res = await c.get(`/api/v1/departments/${own}`);
        expect(res.body.id).toBe(own);
        break;
      case 'create': {
        const name = `${role}建的部门`;
        res = await c.post('/api/v1/departments', { name, parentId: own });
        expect((await listed(admin)).filter((d) => d.name === name)).toHaveLength(status === 201 ? 1 : 0);
        break;
      }
      case 'update': {
        const t = await h.createDepartment(`待改名${++seq}`, own);
        res = await c.patch(`/api/v1/departments/${t}`, { version: 1, name: `已改名${seq}` });
        expect((await adminView(t)).body).toMatchObject(status === 200 ? { name: `已改名${seq}`, version: 2 } : { name: `待改名${seq}`, version: 1 });
        break;
      }
      case 'delete': {
        const t = await h.createDepartment(`待删除${++seq}`, own);
        res = await c.delete(`/api/v1/departments/${t}`);
        expect((await adminView(t)).status).toBe(status === 200 ? 404 : 200);
        break;
      }
    }
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 403) expect(res.body.error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['GET', '/api/v1/departments'],
    ['GET', '/api/v1/departments/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/departments'],
    ['PATCH', '/api/v1/departments/00000000-0000-4000-8000-000000000000'],
    ['DELETE', '/api/v1/departments/00000000-0000-4000-8000-000000000000'],
  ] as const)('anonymous %s %s → 401', async (method, url) => {
    expectError(await h.client().request(method, url, method === 'POST' || method === 'PATCH' ? {} : undefined), 401, 'UNAUTHENTICATED');
  });

  it('a role without department:read gets 403 on the list', async () => {
    const u = await h.createUser({ role: await createRole(admin, ['user:read'], 'all'), departmentId: sales });
    expectError(await u.client.get('/api/v1/departments'), 403, 'FORBIDDEN');
    expectError(await u.client.get(`/api/v1/departments/${sales}`), 403, 'FORBIDDEN');
  });
});

describe('data scope', () => {
  let shanghai: string;
  let eastTeam: string;
  beforeAll(async () => {
    shanghai = await h.createDepartment('上海组', east);
    eastTeam = await h.createDepartment('华东二组', east);
    await h.createDepartment('市场一组', marketing);
  });

  it('a manager of 销售部 sees 销售部 and every department below it, nothing else', async () => {
    const ids = (await listed(actors.manager.client)).map((d) => d.id).sort();
    expect(ids).toEqual(await subtree(sales));
    expect(ids).toEqual(expect.arrayContaining([sales, east, shanghai, eastTeam]));
    expect(ids).not.toContain(marketing);
  });

  it('scope department follows the tree as it grows', async () => {
    const deeper = await h.createDepartment('浦东小组', shanghai);
    expect((await listed(actors.manager.client)).map((d) => d.id)).toContain(deeper);
    expect((await actors.manager.client.get(`/api/v1/departments/${deeper}`)).status).toBe(200);
  });

  it('marketing (scope department) sees only the 市场部 branch', async () => {
    expect((await listed(actors.marketing.client)).map((d) => d.id).sort()).toEqual(await subtree(marketing));
  });

  it('scope own sees only the own department, not its sub-departments', async () => {
    expect((await listed(actors.sales.client)).map((d) => d.id)).toEqual([east]);
    expectError(await actors.sales.client.get(`/api/v1/departments/${shanghai}`), 404, 'NOT_FOUND');
    expectError(await actors.sales.client.get(`/api/v1/departments/${sales}`), 404, 'NOT_FOUND');
  });

  it('scope own without a department sees nothing', async () => {
    const drifter = await h.createUser({ role: 'sales', departmentId: null });
    expect(await listed(drifter.client)).toEqual([]);
  });

  it('scope all sees every department', async () => {
    const u = await h.createUser({ role: await createRole(admin, ['department:read'], 'all'), departmentId: east });
    const all = (await listed(admin)).map((d) => d.id).sort();
    expect((await listed(u.client)).map((d) => d.id).sort()).toEqual(all);
    expect(all).toEqual(expect.arrayContaining([sales, east, marketing, shanghai]));
  });

  it('a department editor with scope department cannot reach outside it: 404, and no parent outside it', async () => {
    const editorRole = await createRole(admin, ['department:read', 'department:create', 'department:update', 'department:delete'], 'department', false, '组织专员');
    const editor = await h.createUser({ role: editorRole, departmentId: sales });
    expectError(await editor.client.get(`/api/v1/departments/${marketing}`), 404, 'NOT_FOUND');
    expectError(await editor.client.patch(`/api/v1/departments/${marketing}`, { version: 1, name: '越权改名' }), 404, 'NOT_FOUND');
    expectError(await editor.client.delete(`/api/v1/departments/${marketing}`), 404, 'NOT_FOUND');
    expect((await adminView(marketing)).body).toMatchObject({ name: '市场部', version: 1 });

    // Creating: only below a department in scope; never at the top level.
    expectError(await editor.client.post('/api/v1/departments', { name: '顶级部门' }), 400, 'VALIDATION_FAILED', ['parentId']);
    expectError(await editor.client.post('/api/v1/departments', { name: '借道市场', parentId: marketing }), 400, 'VALIDATION_FAILED', ['parentId']);
    const ok = await editor.client.post('/api/v1/departments', { name: '华东三组', parentId: east });
    expect(ok.status).toBe(201);
    // Moving: not to the top, not under a department outside the scope.
    expectError(await editor.client.patch(`/api/v1/departments/${ok.body.id}`, { version: 1, parentId: null }), 400, 'VALIDATION_FAILED', ['parentId']);
    expectError(await editor.client.patch(`/api/v1/departments/${ok.body.id}`, { version: 1, parentId: marketing }), 400, 'VALIDATION_FAILED', ['parentId']);
    expect((await adminView(ok.body.id)).body).toMatchObject({ parentId: east, version: 1 });
  });
});

describe('tree rules', () => {
  it('refuses to move a department under itself or its own descendants (422), and changes nothing', async () => {
    const a = await h.createDepartment('总部A');
    const b = await h.createDepartment('分部B', a);
    const c = await h.createDepartment('小组C', b);
    for (const parentId of [a, b, c]) {
      const res = await admin.patch(`/api/v1/departments/${a}`, { version: 1, parentId });
      expectError(res, 422, 'BUSINESS_RULE');
      expect(res.body.error.message).toBe('A department cannot be placed under itself or one of its sub-departments');
    }
    expect((await adminView(a)).body).toMatchObject({ parentId: null, version: 1 });
    // The other way round is fine.
    expect((await admin.patch(`/api/v1/departments/${c}`, { version: 1, parentId: a })).status).toBe(200);
  });

  it('refuses to delete a department with sub-departments or users (422)', async () => {
    const parent = await h.createDepartment('有下级的部门');
    const child = await h.createDepartment('下级部门', parent);
    const res = await admin.delete(`/api/v1/departments/${parent}`);
    expectError(res, 422, 'BUSINESS_RULE');
    expect(res.body.error.message).toBe('The department has sub-departments; move or delete them first');

    const u1 = await h.createUser({ role: 'sales', departmentId: child });
    const u2 = await h.createUser({ role: 'sales', departmentId: child });
    const withUsers = await admin.delete(`/api/v1/departments/${child}`);
    expectError(withUsers, 422, 'BUSINESS_RULE');
    expect(withUsers.body.error.message).toBe('The department still has 2 users; move them first');
    expect((await adminView(child)).body.userCount).toBe(2);

    // Deleted users no longer count; moved users neither.
    expect((await admin.delete(`/api/v1/users/${u1.id}`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${u2.id}`, { version: 1, departmentId: parent })).status).toBe(200);
    expect((await adminView(child)).body.userCount).toBe(0);
    expect((await admin.delete(`/api/v1/departments/${child}`)).status).toBe(200);
    expectError(await adminView(child), 404, 'NOT_FOUND');
    expect((await listed(admin)).map((d) => d.id)).not.toContain(child);
    expectError(await admin.delete(`/api/v1/departments/${parent}`), 422, 'BUSINESS_RULE'); // u2 is there now
  });

  it('counts only the users directly in a department', async () => {
    const top = await h.createDepartment('计数部');
    const below = await h.createDepartment('计数组', top);
    await h.createUser({ role: 'sales', departmentId: top });
    await h.createUser({ role: 'sales', departmentId: below });
    await h.createUser({ role: 'sales', departmentId: below });
    const all = await listed(admin);
    expect(all.find((d) => d.id === top)?.userCount).toBe(1);
    expect(all.find((d) => d.id === below)?.userCount).toBe(2);
  });
});

describe('validation and conflicts', () => {
  it('400 lists every bad field with its path', async () => {
    const res = await admin.post('/api/v1/departments', { name: '', parentId: 'x', managerId: 5, sortOrder: -1 });
    expectError(res, 400, 'VALIDATION_FAILED', ['managerId', 'name', 'parentId', 'sortOrder']);
    expectError(await admin.patch(`/api/v1/departments/${sales}`, { name: '无版本' }), 400, 'VALIDATION_FAILED', ['version']);
  });

  it('unknown parent and manager are reported together', async () => {
    const res = await admin.post('/api/v1/departments', {
      name: '悬空部门',
      parentId: '00000000-0000-4000-8000-000000000001',
      managerId: '00000000-0000-4000-8000-000000000002',
    });
    expectError(res, 400, 'VALIDATION_FAILED', ['managerId', 'parentId']);
    expect(res.body.error.details.map((d: { message: string }) => d.message).sort()).toEqual(['Department not found', 'User not found']);
  });

  it('a duplicate name on the same level → 409 naming the field, case-insensitively; other levels are fine', async () => {
    const top = await admin.post('/api/v1/departments', { name: 'Service Dept' });
    expect(top.status).toBe(201);
    const dup = await admin.post('/api/v1/departments', { name: ' service dept ' });
    expectError(dup, 409, 'DUPLICATE', ['name']);
    expect(dup.body.error.details[0].message).toBe('A department with this name already exists at this level');
    const below = await admin.post('/api/v1/departments', { name: 'Service Dept', parentId: sales });
    expect(below.status).toBe(201);
    // Renaming or moving into a taken name is refused as well.
    const other = await admin.post('/api/v1/departments', { name: '客服二部' });
    expectError(await admin.patch(`/api/v1/departments/${other.body.id}`, { version: 1, name: 'SERVICE DEPT' }), 409, 'DUPLICATE', ['name']);
    expectError(await admin.patch(`/api/v1/departments/${below.body.id}`, { version: 1, parentId: null }), 409, 'DUPLICATE', ['name']);
    // A deleted department's name is free again.
    expect((await admin.delete(`/api/v1/departments/${top.body.id}`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/departments/${below.body.id}`, { version: 1, parentId: null })).status).toBe(200);
  });

  it('a stale version → 409 VERSION_CONFLICT and nothing changes', async () => {
    const d = await h.createDepartment('版本部');
    expect((await admin.patch(`/api/v1/departments/${d}`, { version: 1, sortOrder: 5 })).body.version).toBe(2);
    expectError(await admin.patch(`/api/v1/departments/${d}`, { version: 1, name: '过时的修改' }), 409, 'VERSION_CONFLICT');
    expect((await adminView(d)).body).toMatchObject({ name: '版本部', sortOrder: 5, version: 2 });
  });

  it('unknown id → 404 naming the department', async () => {
    const res = await admin.get('/api/v1/departments/00000000-0000-4000-8000-000000000000');
    expectError(res, 404, 'NOT_FOUND');
    expect(res.body.error.message).toBe('Department not found');
  });

  it('answers in Chinese with Accept-Language: zh-CN', async () => {
    const zh = await h.admin();
    zh.language = 'zh-CN';
    const a = await h.createDepartment('中文部');
    const b = await h.createDepartment('中文组', a);
    await h.createUser({ role: 'sales', departmentId: b });
    expect((await zh.patch(`/api/v1/departments/${a}`, { version: 1, parentId: b })).body.error.message).toBe('部门不能移动到自身或其下级部门之下');
    expect((await zh.delete(`/api/v1/departments/${a}`)).body.error.message).toBe('该部门下还有子部门，请先移动或删除子部门');
    expect((await zh.delete(`/api/v1/departments/${b}`)).body.error.message).toBe('该部门下还有 1 名用户，请先调整他们的部门');
    expect((await zh.post('/api/v1/departments', { name: '中文组', parentId: a })).body.error).toEqual({
      code: 'DUPLICATE',
      message: '该记录已存在',
      details: [{ path: 'name', message: '同一层级下已有同名部门' }],
    });
    expect((await zh.get('/api/v1/departments/00000000-0000-4000-8000-000000000000')).body.error.message).toBe('部门不存在');
    const bad = await zh.post('/api/v1/departments', { name: '' });
    expect(bad.body.error.message).toBe('输入有误，请检查标出的字段');
    expect(bad.body.error.details).toEqual([{ path: 'name', message: expect.stringMatching(/[\u4e00-\u9fff]/) }]); // zod's zh-CN message
  });
});
