import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

const config = { filters: { status: 'active', q: '张' }, columns: ['username', 'displayName'], sort: '-createdAt' };

describe('saved views', () => {
  it('keeps a view per user and list, private unless shared', async () => {
    const dept = await h.createDepartment('视图测试部');
    const manager = await h.createUser({ role: 'manager', departmentId: dept });
    const other = await h.createUser({ role: 'manager', departmentId: dept });
    const created = await manager.client.post('/api/v1/saved-views', { resource: 'user', name: '在职员工', config });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ resource: 'user', name: '在职员工', shared: false, mine: true, config, version: 1 });

    expect((await other.client.get('/api/v1/saved-views?resource=user')).body.items).toEqual([]);
    expect((await other.client.patch(`/api/v1/saved-views/${created.body.id}`, { version: 1, name: 'x' })).status).toBe(404);

    const shared = await manager.client.patch(`/api/v1/saved-views/${created.body.id}`, { version: 1, shared: true });
    expect(shared.status).toBe(200);
    const seen = (await other.client.get('/api/v1/saved-views?resource=user')).body.items;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ name: '在职员工', mine: false, ownerId: manager.id });
    // Seen, but not theirs to change.
    const edit = await other.client.patch(`/api/v1/saved-views/${created.body.id}`, { version: 2, name: '改名' });
    expect(edit.status).toBe(403);
    // Their own view of the same name is fine; a second one of theirs is not.
    expect((await other.client.post('/api/v1/saved-views', { resource: 'user', name: '在职员工', config })).status).toBe(201);
    const dup = await other.client.post('/api/v1/saved-views', { resource: 'user', name: '在职员工', config });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('name');
    // Own views come first.
    expect((await other.client.get('/api/v1/saved-views?resource=user')).body.items.map((v: { mine: boolean }) => v.mine)).toEqual([true, false]);
  });

  it('needs read permission on the list, and a scope wider than own to share', async () => {
    const sales = await h.createUser({ role: 'sales' });
    expect((await sales.client.get('/api/v1/saved-views?resource=user')).status).toBe(403);
    expect((await sales.client.post('/api/v1/saved-views', { resource: 'user', name: 'v', config })).status).toBe(403);
    const mine = await sales.client.post('/api/v1/saved-views', { resource: 'department', name: '我的部门', config });
    expect(mine.status).toBe(201);
    const share = await sales.client.post('/api/v1/saved-views', { resource: 'department', name: '共享', shared: true, config });
    expect(share.status).toBe(403);
  });

  it('rejects an unknown list and a bad config with the fields named', async () => {
    const res = await admin.post('/api/v1/saved-views', { resource: 'nope', name: '', config: { columns: 'x' } });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['config.columns', 'name', 'resource']);
  });

  it('stale versions conflict; the owner or an admin deletes; every write is audited', async () => {
    const dept = await h.createDepartment('视图审计部');
    const m = await h.createUser({ role: 'manager', departmentId: dept });
    const v = (await m.client.post('/api/v1/saved-views', { resource: 'user', name: '共享视图', shared: true, config })).body;
    expect((await m.client.patch(`/api/v1/saved-views/${v.id}`, { version: 1, config: { ...config, sort: 'username' } })).status).toBe(200);
    expect((await m.client.patch(`/api/v1/saved-views/${v.id}`, { version: 1, name: '旧版本' })).body.error.code).toBe('VERSION_CONFLICT');
    expect((await admin.delete(`/api/v1/saved-views/${v.id}`)).status).toBe(200);
    const left = (await m.client.get('/api/v1/saved-views?resource=user')).body.items.map((x: { id: string }) => x.id);
    expect(left).not.toContain(v.id);
    const log = (await admin.get(`/api/v1/audit-log?entityId=${v.id}`)).body.items;
    expect(log.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    expect(log[1].changes).toEqual({ config: [config, { ...config, sort: 'username' }] });
  });
});
