import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_INDUSTRIES } from '../customers/index.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

describe('industries', () => {
  it('are seeded from GB/T 4754 and readable by every built-in role', async () => {
    for (const role of ['manager', 'sales', 'service', 'marketing']) {
      const { client } = await h.createUser({ role });
      const res = await client.get('/api/v1/industries');
      expect(res.status, role).toBe(200);
      expect(res.body.items.map((i: { code: string }) => i.code)).toEqual(DEFAULT_INDUSTRIES.map((i) => i.code));
    }
    const manu = (await admin.get('/api/v1/industries')).body.items.find((i: { code: string }) => i.code === 'MANU');
    expect(manu).toMatchObject({ nameZh: '制造业', active: true });
  });

  it('only admins add, rename and retire them; the code is permanent and unique', async () => {
    const { client: sales } = await h.createUser({ role: 'sales' });
    expect((await sales.post('/api/v1/industries', { code: 'GAME', nameZh: '游戏', nameEn: 'Games' })).status).toBe(403);
    const created = await admin.post('/api/v1/industries', { code: 'GAME', nameZh: '游戏', nameEn: 'Games', section: 'R' });
    expect(created.status).toBe(201);
    expect(created.body.section).toBe('R');
    expect((await admin.post('/api/v1/industries', { code: 'GAME', nameZh: '又一个', nameEn: 'Again' })).status).toBe(409);
    const bad = await admin.post('/api/v1/industries', { code: 'game1', nameZh: '', nameEn: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['code', 'nameZh']);
    const retired = await admin.patch('/api/v1/industries/GAME', { version: 1, active: false, nameZh: '网络游戏' });
    expect(retired.body).toMatchObject({ code: 'GAME', nameZh: '网络游戏', active: false, version: 2 });
    expect((await admin.patch('/api/v1/industries/GAME', { version: 1, active: true })).status).toBe(409);
    const log = (await admin.get('/api/v1/audit-log?entityType=industry&entityId=GAME')).body.items;
    expect(log[0].changes).toEqual({ nameZh: ['游戏', '网络游戏'], active: [true, false] });
  });
});

describe('tags', () => {
  it('are managed by admins, unique by name regardless of case, and audited', async () => {
    const { client: manager } = await h.createUser({ role: 'manager' });
    expect((await manager.post('/api/v1/tags', { name: '重点客户' })).status).toBe(403);
    const vip = await admin.post('/api/v1/tags', { name: 'VIP', color: 'gold' });
    expect(vip.status).toBe(201);
    expect(vip.body).toMatchObject({ name: 'VIP', color: 'gold', customerCount: 0 });
    expect((await admin.post('/api/v1/tags', { name: 'vip' })).status).toBe(409);
    expect((await admin.post('/api/v1/tags', { name: '红', color: 'pink' })).status).toBe(400);
    const renamed = await admin.patch(`/api/v1/tags/${vip.body.id}`, { version: 1, name: '重要客户', color: 'red' });
    expect(renamed.body).toMatchObject({ name: '重要客户', color: 'red', version: 2 });
    expect((await manager.get('/api/v1/tags')).body.items.map((t: { name: string }) => t.name)).toContain('重要客户');
    expect((await admin.delete(`/api/v1/tags/${vip.body.id}`)).status).toBe(200);
    expect((await admin.get('/api/v1/tags')).body.items).toEqual([]);
    const actions = (await admin.get(`/api/v1/audit-log?entityId=${vip.body.id}`)).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['delete', 'update', 'create']);
  });

  it('count the live customers carrying each, which the delete confirmation shows', async () => {
    const hot = (await admin.post('/api/v1/tags', { name: '热门' })).body;
    const cold = (await admin.post('/api/v1/tags', { name: '冷门' })).body;
    const unused = (await admin.post('/api/v1/tags', { name: '闲置' })).body;
    const created = [];
    for (const [i, tagIds] of [[hot.id, cold.id], [hot.id], [hot.id]].entries()) {
      const res = await admin.post('/api/v1/customers', { name: `标签计数第${i}号贸易有限公司`, tagIds });
      expect(res.status).toBe(201);
      created.push(res.body);
    }
    // A customer in the recycle bin no longer counts.
    expect((await admin.delete(`/api/v1/customers/${created[2].id}`)).status).toBe(200);
    const counts = Object.fromEntries((await admin.get('/api/v1/tags')).body.items.map((t: { id: string; customerCount: number }) => [t.id, t.customerCount]));
    expect(counts).toEqual({ [hot.id]: 2, [cold.id]: 1, [unused.id]: 0 });
    const deleted = await admin.delete(`/api/v1/tags/${hot.id}`);
    expect(deleted.status).toBe(200);
    const entry = (await admin.get(`/api/v1/audit-log?entityId=${hot.id}`)).body.items[0];
    expect(entry.changes.customerCount).toEqual([2, null]);
  });
});

describe('source channels (来源渠道)', () => {
  it('start as the eight built-in channels with synonyms, readable by every built-in role', async () => {
    for (const role of ['manager', 'sales', 'service', 'marketing']) {
      const { client } = await h.createUser({ role });
      const res = await client.get('/api/v1/source-channels');
      expect(res.status, role).toBe(200);
      expect(res.body.items.map((c: { key: string }) => c.key)).toEqual(['trade_show', 'search_ads', 'referral', 'website', 'social_media', 'phone_in', 'email', 'other']);
    }
    const show = (await admin.get('/api/v1/source-channels')).body.items[0];
    expect(show).toMatchObject({ key: 'trade_show', nameZh: '展会', active: true });
    expect(show.synonyms).toEqual(expect.arrayContaining(['行业展会', '展会推广']));
  });

  it('only admins add, rename and retire them; the key is made from the English name, names are unique; audited', async () => {
    const { client: sales } = await h.createUser({ role: 'sales' });
    expect((await sales.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Online ads' })).status).toBe(403);
    const created = await admin.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Online ads', synonyms: ['信息流广告', ' 信息流广告 '] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ key: 'online_ads', synonyms: ['信息流广告'], sortOrder: 90, active: true });
    const twice = await admin.post('/api/v1/source-channels', { nameZh: '线上广告', nameEn: 'Ads online' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details[0].path).toBe('nameZh');
    const chinese = await admin.post('/api/v1/source-channels', { nameZh: '地推', nameEn: '地推' });
    expect(chinese.body.key).toBe('channel_2');
    const retired = await admin.patch('/api/v1/source-channels/online_ads', { version: 1, active: false, nameZh: '网络广告投放' });
    expect(retired.body).toMatchObject({ key: 'online_ads', nameZh: '网络广告投放', active: false, version: 2 });
    const log = (await admin.get('/api/v1/audit-log?entityType=source_channel&entityId=online_ads')).body.items;
    expect(log[0].changes).toMatchObject({ nameZh: ['线上广告', '网络广告投放'], active: [true, false] });
  });

  it('customers and leads take a channel of the list in use: an unknown or retired one is a 400 naming the field', async () => {
    await admin.post('/api/v1/source-channels', { nameZh: '直播', nameEn: 'Live streaming' });
    const ok = await admin.post('/api/v1/customers', { name: '杭州直播电商有限公司', sourceChannel: 'live_streaming' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.sourceChannel).toBe('live_streaming');
    const unknown = await admin.post('/api/v1/customers', { name: '杭州未知渠道有限公司', sourceChannel: 'nowhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path)).toEqual(['sourceChannel']);
    const lead = await admin.post('/api/v1/leads', { contactName: '周明', channel: 'nowhere', phone: '13900001111' });
    expect(lead.status).toBe(400);
    expect(lead.body.error.details.map((d: { path: string }) => d.path)).toEqual(['channel']);
    const channel = (await admin.get('/api/v1/source-channels')).body.items.find((c: { key: string }) => c.key === 'live_streaming');
    await admin.patch('/api/v1/source-channels/live_streaming', { version: channel.version, active: false });
    expect((await admin.post('/api/v1/customers', { name: '杭州停用渠道有限公司', sourceChannel: 'live_streaming' })).status).toBe(400);
    // The customer that has it keeps it through an edit of something else.
    const kept = await admin.patch(`/api/v1/customers/${ok.body.id}`, { version: ok.body.version, sourceChannel: 'live_streaming', needs: '直播带货系统' });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
  });
});
