import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../helpers/harness.ts';

/** Bad text and out-of-range dates are 400 naming the field, before any query runs (they were 500s). */
let h: Harness;
let admin: Client;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
});
afterAll(async () => h.close());

function expect400(res: { status: number; body: any }, path: string, message: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.details).toContainEqual({ path, message });
}

describe('text that PostgreSQL cannot store', () => {
  it('a NUL character in a body field is 400 on that field and nothing is stored', async () => {
    expect400(await admin.post('/api/v1/customers', { name: '上海华信\u0000精密机械' }), 'name', 'Contains a NUL character (U+0000), which text cannot hold');
    expect((await admin.get('/api/v1/customers?q=%E5%8D%8E%E4%BF%A1')).body.items).toEqual([]);
  });

  it('a NUL character or a lone surrogate in a query parameter is 400 on that parameter', async () => {
    expect400(await admin.get('/api/v1/customers?q=%00abc'), 'q', 'Contains a NUL character (U+0000), which text cannot hold');
    const lone = await admin.request('POST', '/api/v1/customers', '{"name":"\\ud800公司"}', { 'content-type': 'application/json' });
    expect400(lone, 'name', 'Contains malformed Unicode (a lone surrogate)');
  });

  it('answers in Chinese', async () => {
    const zh = h.client();
    Object.assign(zh, { cookie: admin.cookie, csrf: admin.csrf, language: 'zh-CN' });
    expect400(await zh.post('/api/v1/customers', { name: 'a\u0000' }), 'name', '包含空字符（U+0000），无法保存为文本');
  });
});

describe('bidirectional controls', () => {
  it('are removed from names and other free text before they are stored', async () => {
    const created = await admin.post('/api/v1/customers', { name: '华信\u202E机械\u202C有限公司', needs: '\u2067报价\u2069' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.name).toBe('华信机械有限公司');
    expect(created.body.needs).toBe('报价');
    const me = await admin.patch('/api/v1/auth/me', { displayName: '管理员\u202Egnp.exe' });
    expect(me.body.user.displayName).toBe('管理员gnp.exe');
  });
});

describe('dates outside 1900–2200', () => {
  it('are 400 on the field in bodies and queries', async () => {
    const msg = 'A date between 1900 and 2200';
    expect400(await admin.post('/api/v1/tasks', { title: '回访', dueAt: '0001-01-01T00:00:00Z' }), 'dueAt', msg);
    const customer = (await admin.post('/api/v1/customers', { name: '日期边界测试有限公司' })).body;
    expect400(await admin.post('/api/v1/follow-ups', { customerId: customer.id, method: 'phone', happenedAt: '0001-01-01T08:00:00+08:00', content: '电话' }), 'happenedAt', msg);
    expect400(await admin.get('/api/v1/opportunities/forecast?from=0000-01'), 'from', msg);
    expect400(await admin.get('/api/v1/opportunities/funnel?from=0001-01-01'), 'from', msg);
    expect400(await admin.post('/api/v1/tasks', { title: '回访', dueAt: '2201-01-01T00:00:00Z' }), 'dueAt', msg);
    // The edges are fine.
    expect((await admin.get('/api/v1/opportunities/funnel?from=1900-01-01')).status).toBe(200);
    expect((await admin.post('/api/v1/tasks', { title: '远期回访', dueAt: '2200-12-31T00:00:00Z' })).status).toBe(201);
  });
});
