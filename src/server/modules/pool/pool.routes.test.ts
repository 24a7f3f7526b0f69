import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POOL_RULES } from '../../../contracts/pool.ts';
import { createHarness, USER_PASSWORD, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { poolReclaimJob } from './pool.jobs.ts';

let h: Harness;
let admin: Client;
let dept: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  dept = await h.createDepartment('西南大区');
});
afterAll(async () => h.close());

async function poolCustomer(name: string) {
  const res = await admin.post('/api/v1/customers', { name, ownerId: null });
  expect(res.status).toBe(201);
  expect(res.body.ownerId).toBeNull();
  return res.body.id as string;
}

describe('public pool', () => {
  it('everyone who works with customers sees it; claiming is first come, first served', async () => {
    const id = await poolCustomer('成都天府软件园科技有限公司');
    const a = await h.createUser({ role: 'sales', departmentId: dept });
    const b = await h.createUser({ role: 'sales', departmentId: dept });
    expect((await a.client.get('/api/v1/pool/customers')).body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect((await a.client.get(`/api/v1/customers/${id}`)).status).toBe(404); // not theirs yet
    const [ra, rb] = await Promise.all([a.client.post(`/api/v1/pool/customers/${id}/claim`), b.client.post(`/api/v1/pool/customers/${id}/claim`)]);
    const statuses = [ra.status, rb.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = ra.status === 200 ? a : b;
    expect((await winner.client.get(`/api/v1/customers/${id}`)).body).toMatchObject({ ownerId: winner.id, departmentId: dept });
    expect((await a.client.get('/api/v1/pool/customers')).body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('claiming a customer that was never in the pool answers 404 like a missing one, not 409 (an id outside one’s scope tells nothing)', async () => {
    const other = await h.createDepartment('西北大区');
    const owner = await h.createUser({ role: 'sales', departmentId: other });
    const theirs = await admin.post('/api/v1/customers', { name: '兰州黄河机械有限公司', ownerId: owner.id });
    expect(theirs.status).toBe(201);
    const stranger = await h.createUser({ role: 'sales', departmentId: dept });
    const res = await stranger.client.post(`/api/v1/pool/customers/${theirs.body.id}/claim`);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
    const missing = await stranger.client.post(`/api/v1/pool/customers/${crypto.randomUUID()}/claim`);
    expect({ status: missing.status, message: missing.body.error?.message }).toEqual({ status: 404, message: res.body.error.message });
    // One's own customer, and one just claimed from the pool by someone else: 409, as before.
    expect((await owner.client.post(`/api/v1/pool/customers/${theirs.body.id}/claim`)).status).toBe(409);
    const pooled = await poolCustomer('西宁高原物产有限公司');
    expect((await owner.client.post(`/api/v1/pool/customers/${pooled}/claim`)).status).toBe(200);
    const late = await stranger.client.post(`/api/v1/pool/customers/${pooled}/claim`);
    expect({ status: late.status, code: late.body.error?.code }).toEqual({ status: 409, code: 'VERSION_CONFLICT' });
  });

  it('enforces the daily claim limit and the owned cap set by an admin', async () => {
    const salesUser = await h.createUser({ role: 'sales', departmentId: dept });
    const sales = salesUser.client;
    expect((await sales.put('/api/v1/settings/pool-rules', { ...DEFAULT_POOL_RULES, claimsPerDay: 2 })).status).toBe(403);
    const set = await admin.put('/api/v1/settings/pool-rules', { ...DEFAULT_POOL_RULES, claimsPerDay: 2 });
    expect(set.status).toBe(200);
    const ids = [await poolCustomer('重庆两江机电有限公司'), await poolCustomer('贵阳大数据服务有限公司'), await poolCustomer('昆明滇池旅游开发有限公司')];
    expect((await sales.post(`/api/v1/pool/customers/${ids[0]}/claim`)).status).toBe(200);
    expect((await sales.post(`/api/v1/pool/customers/${ids[1]}/claim`)).status).toBe(200);
    const third = await sales.post(`/api/v1/pool/customers/${ids[2]}/claim`);
    expect(third.status).toBe(422);
    expect(third.body.error.message).toMatch(/2/);
    // The next day the limit starts again (a new session: the old one has idled out).
    h.clock.advance(24 * 3_600_000);
    const nextDay = h.client();
    expect((await nextDay.login(salesUser.username, USER_PASSWORD)).status).toBe(200);
    expect((await nextDay.post(`/api/v1/pool/customers/${ids[2]}/claim`)).status).toBe(200);
    admin = await h.admin();
    expect((await admin.put('/api/v1/settings/pool-rules', DEFAULT_POOL_RULES)).status).toBe(200);
  });

  it('owners give customers back; the nightly job reclaims idle ones per stage, audited as the system', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: dept });
    const kept = (await owner.client.post('/api/v1/customers', { name: '拉萨高原净水有限公司', stage: 'customer' })).body;
    const idle = (await owner.client.post('/api/v1/customers', { name: '西宁青藏物流有限公司' })).body;
    const given = (await owner.client.post('/api/v1/customers', { name: '兰州黄河啤酒有限公司' })).body;
    expect((await owner.client.post(`/api/v1/customers/${given.id}/release`)).status).toBe(200);
    expect((await owner.client.get(`/api/v1/customers/${given.id}`)).status).toBe(404);

    h.clock.advance(31 * 86_400_000);
    await poolReclaimJob.handler(h.deps, {}, { jobId: 't', runKey: null, attempt: 1, signal: new AbortController().signal });
    const again = await h.admin();
    expect((await again.get(`/api/v1/customers/${idle.id}`)).body.ownerId).toBeNull(); // potential: 30 days
    expect((await again.get(`/api/v1/customers/${kept.id}`)).body.ownerId).toBe(owner.id); // customer stage: never
    const log = (await again.get(`/api/v1/audit-log?entityId=${idle.id}&action=update`)).body.items;
    expect(log[0]).toMatchObject({ actorName: 'system', changes: { ownerId: [owner.id, null], reclaimedAfterDays: [null, 30] } });
  });

  it('warns the owner once before reclaiming, then tells them it went back to the pool', async () => {
    const owner = await h.createUser({ role: 'sales', departmentId: dept });
    const c = (await owner.client.post('/api/v1/customers', { name: '西安古城文旅发展有限公司' })).body; // potential: 30 days, warned 3 days before
    const run = () => poolReclaimJob.handler(h.deps, {}, { jobId: 't', runKey: null, attempt: 1, signal: new AbortController().signal });
    const inbox = async () => {
      const again = h.client();
      expect((await again.login(owner.username, USER_PASSWORD)).status).toBe(200);
      return ((await again.get('/api/v1/notifications')).body.items as { kind: string; entityId: string; params: Record<string, unknown> }[]).filter((n) => n.entityId === c.id);
    };
    h.clock.advance(26 * 86_400_000);
    await run();
    expect(await inbox()).toEqual([]);
    h.clock.advance(2 * 86_400_000); // 28 days idle: inside the warning window
    await run();
    await run();
    const warned = await inbox();
    expect(warned).toEqual([expect.objectContaining({ kind: 'customer.reclaim_warning', params: expect.objectContaining({ number: c.number, name: c.name }) })]);
    const reclaimAt = new Date(warned[0]!.params.reclaimAt as string).getTime();
    expect(reclaimAt - new Date(c.createdAt).getTime()).toBe(30 * 86_400_000);
    h.clock.advance(3 * 86_400_000);
    await run();
    expect((await inbox()).map((n) => n.kind)).toEqual(['customer.reclaimed', 'customer.reclaim_warning']);
  });

  it('the search box finds pool customers only, by name part, number and pinyin, in every order', async () => {
    admin = await h.admin(); // the clock moved past the old session's lifetime
    const a = await poolCustomer('贵阳筑城精密机械有限公司');
    const b = await poolCustomer('遵义筑城物流有限公司');
    const owned = (await admin.post('/api/v1/customers', { name: '六盘水筑城建材有限公司' })).body.id as string;
    const s = await h.createUser({ role: 'sales', departmentId: dept });
    const find = async (q: string, sort = '-createdAt') =>
      ((await s.client.get(`/api/v1/pool/customers?q=${encodeURIComponent(q)}&sort=${sort}`)).body.items as { id: string }[]).map((c) => c.id);
    expect(await find('筑城')).toEqual([b, a]);
    expect(await find('筑城', 'name')).toEqual([a, b]);
    expect(await find('筑城', 'createdAt')).toEqual([a, b]);
    expect(await find('zhucheng')).toEqual([]); // the full pinyin is a prefix: 贵阳… starts with guiyang
    expect(await find('zyzc')).toEqual([b]);
    const number = (await admin.get(`/api/v1/customers/${a}`)).body.number as string;
    expect(await find(number)).toEqual([a]);
    expect(await find('筑城')).not.toContain(owned);
  });

  it('a manager assigns from the pool and reassigns, with customer:assign only', async () => {
    admin = await h.admin(); // the clock moved past the old session's lifetime
    const id = await poolCustomer('南宁东盟贸易有限公司');
    const mgr = await h.createUser({ role: 'manager', departmentId: dept });
    const s = await h.createUser({ role: 'sales', departmentId: dept });
    const c = (await admin.get(`/api/v1/customers/${id}`)).body;
    expect((await s.client.post(`/api/v1/customers/${id}/assign`, { ownerId: s.id, version: c.version })).status).toBe(403);
    const assigned = await admin.post(`/api/v1/customers/${id}/assign`, { ownerId: s.id, version: c.version });
    expect(assigned.body).toMatchObject({ ownerId: s.id, departmentId: dept });
    const back = await mgr.client.post(`/api/v1/customers/${id}/assign`, { ownerId: null, version: assigned.body.version });
    expect(back.body.ownerId).toBeNull();
  });
});
