import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { expectError } from '../../../../test/helpers/api.ts';
import { CUSTOMER_LIST_FIELDS, CUSTOMER_SENSITIVE_FIELDS } from '../../../contracts/customers.ts';

let h: Harness;
let admin: Client;
let east: string;
let north: string;
let salesDept: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  salesDept = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', salesDept);
  north = await h.createDepartment('华北大区', salesDept);
});
afterAll(async () => h.close());

const VALID_CODE = '91350100M000100Y43';

describe('creating customers', () => {
  it('numbers them per year and industry, never twice, under concurrent creates', async () => {
    const { client } = await h.createUser({ role: 'sales', departmentId: east });
    const year = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(h.clock.now());
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.post('/api/v1/customers', { name: `并发测试第${i}号精密机械有限公司`, industryCode: 'MANU' })),
    );
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = made.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => `${year}-MANU-${String(i + 1).padStart(3, '0')}`));
    const retail = await client.post('/api/v1/customers', { name: '杭州好又多超市有限公司', industryCode: 'RETL' });
    expect(retail.body.number).toBe(`${year}-RETL-001`);
    const none = await client.post('/api/v1/customers', { name: '王小二', kind: 'individual' });
    expect(none.body.number).toBe(`${year}-GEN-001`);
  });

  it('owns them by the creator in the creator’s department, and validates every field', async () => {
    const u = await h.createUser({ role: 'sales', departmentId: east });
    const res = await u.client.post('/api/v1/customers', {
      name: '上海华信精密机械有限公司',
      industryCode: 'MANU',
      creditCode: ' 91350100m000100y43 ',
      provinceCode: '310000',
      cityCode: '310100',
      districtCode: '310115',
      sourceChannel: 'trade_show',
      decisionChain: [{ name: '李总', title: '总经理', role: '决策人' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ownerId: u.id, departmentId: east, creditCode: VALID_CODE, region: 'east', stage: 'potential', kind: 'company' });
    expect(res.body.divisionPath).toContain('上海');

    const bad = await u.client.post('/api/v1/customers', { name: 'x', creditCode: '91350100M000100Y44', industryCode: 'NOPE', provinceCode: '310000', cityCode: '320100', districtCode: '310115' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name']);
    const bad2 = await u.client.post('/api/v1/customers', { name: '某某公司', creditCode: '91350100M000100Y44', industryCode: 'NOPE', provinceCode: '310000', cityCode: '320100', districtCode: '310115' });
    expect(bad2.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['creditCode', 'districtCode', 'industryCode']);
  });

  it('answers 409 with the candidates for a strong duplicate, unless forced with a reason (audited)', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: north });
    const first = await a.client.post('/api/v1/customers', { name: '苏州恒达精密机械有限公司' });
    expect(first.status).toBe(201);
    // Same company written differently, by someone who cannot see the first one.
    const dup = await b.client.post('/api/v1/customers', { name: '恒达精密机械（苏州）有限公司' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DUPLICATE');
    expect(dup.body.error.candidates).toEqual([expect.objectContaining({ id: null, name: null, ownedBySomeoneElse: true, strong: true, reasons: ['name'] })]);
    // The owner sees the match itself.
    const own = await a.client.post('/api/v1/customers', { name: '恒达精密机械(苏州)有限公司' });
    expect(own.body.error.candidates[0]).toMatchObject({ id: first.body.id, number: first.body.number, ownedBySomeoneElse: false });

    expect((await b.client.post('/api/v1/customers', { name: '恒达精密机械（苏州）有限公司', force: true })).status).toBe(400);
    const forced = await b.client.post('/api/v1/customers', { name: '恒达精密机械（苏州）有限公司', force: true, forceReason: '同名不同主体，已电话核实' });
    expect(forced.status).toBe(201);
    const log = (await admin.get(`/api/v1/audit-log?entityId=${forced.body.id}`)).body.items;
    expect(log[0].changes.forceReason).toEqual([null, '同名不同主体，已电话核实']);
  });
});

describe('duplicate check', () => {
  it('finds exact and near names, within the caller’s visibility', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const created = await a.client.post('/api/v1/customers', { name: '北京天工智能科技有限公司' });
    expect(created.status).toBe(201);
    const res = await a.client.post('/api/v1/customers/duplicate-check', { name: '天工智能科技（北京）有限公司' });
    expect(res.status).toBe(200);
    expect(res.body.items[0]).toMatchObject({ id: created.body.id, strong: true, reasons: ['name'] });
    const near = await a.client.post('/api/v1/customers/duplicate-check', { name: '北京天工智能科技发展有限公司' });
    expect(near.body.items[0]).toMatchObject({ id: created.body.id, strong: false, reasons: ['similar_name'] });
    expect(near.body.items[0].score).toBeGreaterThan(0.5);
    // The name's own score, so the UI says 名称相同 only for the same name and 名称相似 n% otherwise.
    expect(near.body.items[0].nameScore).toBe(near.body.items[0].score);
    expect(near.body.items[0].nameScore).toBeLessThan(1);
    const same = await a.client.post('/api/v1/customers/duplicate-check', { name: '北京天工智能科技有限公司' });
    expect(same.body.items[0]).toMatchObject({ id: created.body.id, reasons: ['name'], nameScore: 1 });
    const byPhoneOnly = await a.client.post('/api/v1/customers/duplicate-check', { creditCode: '91350100M000100Y43' });
    expect(byPhoneOnly.body.items.every((c: { nameScore: number | null }) => c.nameScore === null)).toBe(true);
    const none = await a.client.post('/api/v1/customers/duplicate-check', { name: '广州白云山制药股份有限公司' });
    expect(none.body.items).toEqual([]);
  });

  it('matches the credit code exactly, and a second customer with it cannot be forced', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const res = await a.client.post('/api/v1/customers/duplicate-check', { creditCode: VALID_CODE.toLowerCase() });
    expect(res.body.items).toEqual([expect.objectContaining({ reasons: ['credit_code'], strong: true, score: 1 })]);
    const again = await admin.post('/api/v1/customers', { name: '完全不同的名字有限公司', creditCode: VALID_CODE, force: true, forceReason: '试试' });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe('creditCode');
  });
});

describe('scope and sensitive fields', () => {
  it('a salesperson never sees another’s customers; a manager sees the department subtree', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: north });
    const mgr = await h.createUser({ role: 'manager', departmentId: salesDept });
    // Sales may neither write nor see sensitive fields, even on their own customers.
    expectError(await a.client.post('/api/v1/customers', { name: '宁波甬江电子有限公司', budgetNotes: '预算 50 万' }), 403, 'FORBIDDEN', ['budgetNotes']);
    const mine = (await a.client.post('/api/v1/customers', { name: '宁波甬江电子有限公司' })).body;
    expect((await mgr.client.patch(`/api/v1/customers/${mine.id}`, { version: 1, budgetNotes: '预算 50 万', decisionNotes: '张总拍板' })).status).toBe(200);
    expect((await a.client.get(`/api/v1/customers/${mine.id}`)).body.budgetNotes).toBeUndefined();
    expect((await b.client.get(`/api/v1/customers/${mine.id}`)).status).toBe(404);
    expect((await b.client.patch(`/api/v1/customers/${mine.id}`, { version: 1, stage: 'lost' })).status).toBe(404);
    expect((await b.client.get('/api/v1/customers?limit=200')).body.items.map((c: { id: string }) => c.id)).not.toContain(mine.id);
    const seen = await mgr.client.get(`/api/v1/customers/${mine.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ budgetNotes: '预算 50 万', decisionNotes: '张总拍板' });
    // A collaborator sees it like their own.
    const shared = await mgr.client.patch(`/api/v1/customers/${mine.id}`, { version: 2, collaboratorIds: [b.id] });
    expect(shared.status).toBe(200);
    expect((await b.client.get(`/api/v1/customers/${mine.id}`)).status).toBe(200);
    // Sensitive values are masked in the audit log.
    const log = (await admin.get(`/api/v1/audit-log?entityId=${mine.id}`)).body.items;
    expect(log.find((e: { changes: Record<string, unknown> | null }) => e.changes?.budgetNotes).changes.budgetNotes).toEqual([null, '***']);
  });

  it('list rows carry exactly the list fields (the detail the whole record), sensitive ones only for those who may see them', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const mgr = await h.createUser({ role: 'manager', departmentId: east });
    const made = (
      await mgr.client.post('/api/v1/customers', {
        name: '绍兴柯桥印染有限公司',
        ownerId: a.id,
        industryCode: 'MANU',
        provinceCode: '330000',
        cityCode: '330600',
        districtCode: '330603',
        needs: '需要一套印染排产系统',
        budgetNotes: '预算 80 万',
        decisionNotes: '王总拍板',
        decisionChain: [{ name: '王总', title: '总经理', role: '决策人' }],
        collaboratorIds: [mgr.id],
      })
    ).body;
    const rowOf = async (client: Client) => ((await client.get('/api/v1/customers?limit=200')).body.items as Record<string, unknown>[]).find((c) => c.id === made.id);
    const full = await rowOf(mgr.client);
    expect(Object.keys(full ?? {}).sort()).toEqual([...CUSTOMER_LIST_FIELDS].sort());
    expect(full).toMatchObject({ number: made.number, name: '绍兴柯桥印染有限公司', ownerName: expect.any(String), divisionPath: made.divisionPath, needs: '需要一套印染排产系统', budgetNotes: '预算 80 万', decisionNotes: '王总拍板', version: made.version });
    // The owner may not see the sensitive fields: not in the list either.
    const masked = await rowOf(a.client);
    expect(Object.keys(masked ?? {}).sort()).toEqual(CUSTOMER_LIST_FIELDS.filter((k) => !(CUSTOMER_SENSITIVE_FIELDS as readonly string[]).includes(k)).sort());
    // The whole record stays at the detail.
    const detail = (await mgr.client.get(`/api/v1/customers/${made.id}`)).body;
    expect(detail).toMatchObject({ decisionChain: [{ name: '王总', title: '总经理', role: '决策人' }], collaboratorIds: [mgr.id], lifetimeValueFen: 0 });
  });

  it('assigning to someone else or to the pool needs customer:assign', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    expect((await a.client.post('/api/v1/customers', { name: '温州瓯海五金有限公司', ownerId: b.id })).status).toBe(403);
    const mgr = await h.createUser({ role: 'manager', departmentId: east });
    const made = await mgr.client.post('/api/v1/customers', { name: '温州瓯海五金有限公司', ownerId: b.id });
    expect(made.body).toMatchObject({ ownerId: b.id, departmentId: east });
    const outside = await h.createUser({ role: 'sales', departmentId: north });
    expect((await mgr.client.post('/api/v1/customers', { name: '台州黄岩模具有限公司', ownerId: outside.id })).status).toBe(400);
  });
});

describe('updating and deleting', () => {
  it('uses optimistic versions, audits the field diff, and soft-deletes', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const c = (await a.client.post('/api/v1/customers', { name: '常州龙城纺织有限公司' })).body;
    const up = await a.client.patch(`/api/v1/customers/${c.id}`, { version: 1, stage: 'intent', needs: '需要一套 ERP' });
    expect(up.body).toMatchObject({ stage: 'intent', needs: '需要一套 ERP', version: 2 });
    expect((await a.client.patch(`/api/v1/customers/${c.id}`, { version: 1, stage: 'lost' })).body.error.code).toBe('VERSION_CONFLICT');
    const log = (await admin.get(`/api/v1/audit-log?entityId=${c.id}`)).body.items;
    expect(log[0].changes).toEqual({ stage: ['potential', 'intent'], needs: [null, '需要一套 ERP'] });
    expect((await a.client.delete(`/api/v1/customers/${c.id}`)).status).toBe(403); // sales may not delete
    const mgr = await h.createUser({ role: 'manager', departmentId: east });
    expect((await mgr.client.delete(`/api/v1/customers/${c.id}`)).status).toBe(200);
    expect((await a.client.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
  });
});

describe('the search box', () => {
  it('finds a customer by name part, number, contact name, phone digits, e-mail and pinyin, within scope only', async () => {
    const a = await h.createUser({ role: 'sales', departmentId: east });
    const b = await h.createUser({ role: 'sales', departmentId: east });
    const c = (await a.client.post('/api/v1/customers', { name: '北京科技创新发展有限公司', industryCode: 'IT' })).body;
    await a.client.post(`/api/v1/customers/${c.id}/contacts`, { name: '欧阳娜娜', phones: ['010-6275 1234', '13511112222'], email: 'nana@bjkj.com.cn' });
    await a.client.post('/api/v1/customers', { name: '上海贸易有限公司' });
    const find = async (client: Client, text: string) =>
      ((await client.get(`/api/v1/customers?q=${encodeURIComponent(text)}`)).body.items as { id: string }[]).map((x) => x.id);
    // A number is found from its start, in either case (2026-IT-001, 2026-it); names and initials
    // anywhere, from two characters on.
    const numberStart = c.number.slice(0, c.number.lastIndexOf('-') + 1);
    for (const text of ['科技创新', '科技', '北京科技创新发展有限公司', c.number, c.number.toLowerCase(), numberStart, '欧阳', '1111', '6275', '01062751234', 'NANA@bjkj', 'bjkj', 'kjcx', 'kj', 'beijingkeji']) {
      expect(await find(a.client, text), text).toEqual([c.id]);
    }
    expect(await find(a.client, 'shanghaimaoyi')).not.toContain(c.id);
    // The same searches from a colleague find nothing of someone else's.
    for (const text of ['科技创新', '欧阳', '1111', 'bjkj']) expect(await find(b.client, text), text).toEqual([]);
  });
});
