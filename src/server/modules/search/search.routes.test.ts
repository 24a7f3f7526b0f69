import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { expectError } from '../../../../test/helpers/api.ts';

let h: Harness;
let admin: Client;
let east: string;
let north: string;
let year: string;
type Group = { kind: string; hits: { kind: string; id: string; title: string; number: string | null; subtitle: string | null; customerId: string | null }[]; more: boolean };

async function search(client: Client, q: string, limit?: number): Promise<Group[]> {
  const res = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.groups as Group[];
}
const kinds = (groups: Group[]) => groups.map((g) => g.kind);
const groupOf = (groups: Group[], kind: string) => groups.find((g) => g.kind === kind)?.hits ?? [];
const titles = (groups: Group[], kind: string) => groups.find((g) => g.kind === kind)?.hits.map((x) => x.title) ?? [];

let eastSales: { id: string; client: Client };
let northSales: { id: string; client: Client };
let mine: { id: string; number: string };
let theirs: { id: string; number: string };

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  const sales = await h.createDepartment('销售部');
  east = await h.createDepartment('华东大区', sales);
  north = await h.createDepartment('华北大区', sales);
  eastSales = await h.createUser({ role: 'sales', departmentId: east });
  northSales = await h.createUser({ role: 'sales', departmentId: north });
  year = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(h.clock.now());

  // Six manufacturing customers of the east rep so the sixth is 2024-MANU-006-like; one of the north rep's.
  for (let i = 1; i <= 5; i++) {
    const r = await eastSales.client.post('/api/v1/customers', { name: `苏州第${i}精密制造有限公司`, industryCode: 'MANU' });
    expect(r.status).toBe(201);
  }
  const m = await eastSales.client.post('/api/v1/customers', { name: '北京明德设备有限公司', industryCode: 'MANU' });
  mine = m.body;
  const t = await northSales.client.post('/api/v1/customers', { name: '北京明远物流有限公司', industryCode: 'RETL' });
  expect(t.status, JSON.stringify(t.body)).toBe(201);
  theirs = t.body;
  await eastSales.client.post(`/api/v1/customers/${mine.id}/contacts`, { name: '张伟', title: '采购经理', phones: ['136 1111 4444'], email: 'zhangwei@mingde.cn' });
  await northSales.client.post(`/api/v1/customers/${theirs.id}/contacts`, { name: '张敏', title: '总经理', phones: ['13622224444'] });

  const opp = await eastSales.client.post('/api/v1/opportunities', { customerId: mine.id, name: '明德设备联网一期', amountFen: 5_000_000 });
  expect(opp.status, JSON.stringify(opp.body)).toBe(201);
  const quote = await eastSales.client.post('/api/v1/quotes', { opportunityId: opp.body.id, title: '明德设备联网报价', validUntil: '2099-12-31', items: [{ name: '网关', quantity: 1, unitPriceFen: 100_000, discountPercent: 0, taxRatePercent: 13 }] });
  expect(quote.status, JSON.stringify(quote.body)).toBe(201);
  const order = await eastSales.client.post('/api/v1/orders', { customerId: mine.id, items: [{ name: '网关', quantity: 1, unitPriceFen: 100_000 }] });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  const contract = await eastSales.client.post('/api/v1/contracts', { customerId: mine.id, title: '明德年度维保合同', amountFen: 100_000_00 });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  const lead = await admin.post('/api/v1/leads', { channel: 'trade_show', companyName: '明德精工有限公司', contactName: '钱经理', phone: '010 8888 6666', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } });
  expect(lead.status, JSON.stringify(lead.body)).toBe(201);
});
afterAll(async () => h.close());

describe('the global search', () => {
  it('finds a customer by a fragment of its number, as the customer list does', async () => {
    expect(mine.number).toBe(`${year}-MANU-006`);
    const groups = await search(eastSales.client, 'MANU-006');
    expect(groups.find((g) => g.kind === 'customer')?.hits).toEqual([
      expect.objectContaining({ id: mine.id, title: '北京明德设备有限公司', number: `${year}-MANU-006`, customerId: mine.id }),
    ]);
    const list = await eastSales.client.get('/api/v1/customers?q=MANU-006');
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    // Lower case, and a prefix shorter than three characters still works as before.
    expect(titles(await search(eastSales.client, 'manu-006'), 'customer')).toEqual(['北京明德设备有限公司']);
  });

  it('groups every kind the user may read, each within their scope', async () => {
    const groups = await search(eastSales.client, '明德');
    // The lead was registered by the admin and is unassigned: outside a salesperson's scope.
    expect(kinds(groups)).toEqual(['customer', 'opportunity', 'quote', 'order', 'contract']);
    expect(titles(groups, 'opportunity')).toEqual(['明德设备联网一期']);
    expect(groups.find((g) => g.kind === 'quote')?.hits[0]).toMatchObject({ title: '明德设备联网报价', number: expect.stringMatching(/^BJ\d{7}$/), subtitle: '北京明德设备有限公司' });
    expect(groups.find((g) => g.kind === 'order')?.hits[0]).toMatchObject({ subtitle: '北京明德设备有限公司', customerId: mine.id });
    expect(titles(groups, 'contract')).toEqual(['明德年度维保合同']);

    const all = await search(admin, '明德');
    expect(kinds(all)).toEqual(['customer', 'lead', 'opportunity', 'quote', 'order', 'contract']);
    expect(all.find((g) => g.kind === 'lead')?.hits[0]).toMatchObject({ title: '明德精工有限公司', subtitle: '钱经理', number: expect.stringMatching(/^LX\d{7}$/) });

    // The north rep sees neither the east rep's records nor their contacts.
    const north = await search(northSales.client, '明');
    expect(titles(north, 'customer')).toEqual(['北京明远物流有限公司']);
    expect(kinds(north)).toEqual(['customer']);
    expect(kinds(await search(northSales.client, '张伟'))).toEqual([]);
  });

  it('finds contacts by name, phone digits and pinyin, opened on their customer', async () => {
    const byName = await search(eastSales.client, '张伟');
    expect(byName.find((g) => g.kind === 'contact')?.hits).toEqual([
      { kind: 'contact', id: expect.any(String), title: '张伟', number: null, subtitle: '北京明德设备有限公司 · 采购经理', customerId: mine.id },
    ]);
    // The customer list's search finds the customer by its contact too.
    expect(titles(byName, 'customer')).toEqual(['北京明德设备有限公司']);
    expect(titles(await search(eastSales.client, '1111 4444'), 'contact')).toEqual(['张伟']);
    expect(titles(await search(eastSales.client, 'zhangw'), 'contact')).toEqual(['张伟']);
    // Four shared digits: the admin sees both contacts, the rep only theirs.
    expect(titles(await search(admin, '4444'), 'contact').sort()).toEqual(['张伟', '张敏']);
    expect(titles(await search(eastSales.client, '4444'), 'contact')).toEqual(['张伟']);
  });

  it('finds customers by pinyin initials and leads by phone digits, landlines typed with their 0', async () => {
    expect(titles(await search(eastSales.client, 'bjmd'), 'customer')).toEqual(['北京明德设备有限公司']);
    expect(titles(await search(admin, '010 8888 6666'), 'lead')).toEqual(['明德精工有限公司']);
    expect(titles(await search(admin, '88886666'), 'lead')).toEqual(['明德精工有限公司']);
  });

  it('says when a kind has more hits than the limit', async () => {
    const groups = await search(eastSales.client, '精密制造', 3);
    expect(groups).toEqual([{ kind: 'customer', hits: expect.any(Array), more: true }]);
    expect(groups[0]?.hits).toHaveLength(3);
    const all = await search(eastSales.client, '精密制造', 5);
    expect(all[0]).toMatchObject({ more: false });
    expect(all[0]?.hits).toHaveLength(5);
  });

  it('finds contacts by pinyin initials anywhere and by the start of the full pinyin', async () => {
    const c = await eastSales.client.post(`/api/v1/customers/${mine.id}/contacts`, { name: '王小明', title: '工程师' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    // Two letters inside the initials (the given name), all three, and a full-pinyin prefix.
    expect(titles(await search(eastSales.client, 'xm'), 'contact')).toEqual(['王小明']);
    expect(titles(await search(eastSales.client, 'wxm'), 'contact')).toEqual(['王小明']);
    expect(titles(await search(eastSales.client, 'wangxiao'), 'contact')).toEqual(['王小明']);
    expect(titles(await search(eastSales.client, 'zw'), 'contact')).toEqual(['张伟']);
    // The full pinyin is matched from its start only: "xiaoming" is inside "wangxiaoming".
    expect(titles(await search(eastSales.client, 'xiaoming'), 'contact')).toEqual([]);
    // Two characters of a name, and one character (no index serves it, the search still does).
    expect(titles(await search(eastSales.client, '小明'), 'contact')).toEqual(['王小明']);
    expect(titles(await search(eastSales.client, '王'), 'contact')).toEqual(['王小明']);
    // Part of an e-mail address, in any case.
    expect(titles(await search(eastSales.client, 'WEI@MING'), 'contact')).toEqual(['张伟']);
  });

  it('finds a salesperson’s few contacts for a word with more matches in the table than are read by id, and one character in any scope', async () => {
    // 1,100 contacts of the north rep's customer share "wangfang" in their e-mail: more than the
    // search reads by id (FEW_MATCHES), so the east rep's scope is read through their customers.
    await h.deps.db.execute(
      sql`insert into contacts (id, customer_id, name, email) select gen_random_uuid(), ${theirs.id}::uuid, '李芳', 'wangfang' || g || '@yuanda.cn' from generate_series(1, 1100) g`,
    );
    const c = await eastSales.client.post(`/api/v1/customers/${mine.id}/contacts`, { name: '刘洋', title: '质量主管', email: 'wangfang@mingde.cn' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(titles(await search(eastSales.client, 'wangfang'), 'contact')).toEqual(['刘洋']);
    expect(titles(await search(northSales.client, 'wangfang', 3), 'contact')).toEqual(['李芳', '李芳', '李芳']);
    expect(groupOf(await search(admin, 'wangfang', 3), 'contact')).toHaveLength(3);
    // One character: the admin and the rep each find their own 刘洋, the north rep none.
    expect(titles(await search(admin, '洋'), 'contact')).toEqual(['刘洋']);
    expect(titles(await search(eastSales.client, '洋'), 'contact')).toEqual(['刘洋']);
    expect(titles(await search(northSales.client, '洋'), 'contact')).toEqual([]);
  });

  it('gives the few contacts read by id in the search’s order, primary first and then the newest, within the scope', async () => {
    await h.deps.db.execute(sql`insert into contacts (id, customer_id, name, is_primary, created_at) values
      (gen_random_uuid(), ${mine.id}, '欧阳敏一', false, now() - interval '3 day'),
      (gen_random_uuid(), ${mine.id}, '欧阳敏二', true, now() - interval '5 day'),
      (gen_random_uuid(), ${mine.id}, '欧阳敏三', false, now() - interval '1 day'),
      (gen_random_uuid(), ${mine.id}, '欧阳敏四', false, now() - interval '2 day'),
      (gen_random_uuid(), ${theirs.id}, '欧阳敏五', true, now())`);
    const first = await search(eastSales.client, '欧阳', 3);
    expect(titles(first, 'contact')).toEqual(['欧阳敏二', '欧阳敏三', '欧阳敏四']);
    expect(first.find((g) => g.kind === 'contact')?.more).toBe(true);
    expect(titles(await search(admin, '欧阳', 3), 'contact')).toEqual(['欧阳敏五', '欧阳敏二', '欧阳敏三']);
    expect(titles(await search(northSales.client, '欧阳'), 'contact')).toEqual(['欧阳敏五']);
  });

  it('finds leads by two characters of any name, a fragment of their number or e-mail, and one character', async () => {
    const lead = await admin.post('/api/v1/leads', { channel: 'website', companyName: '杭州云帆科技有限公司', contactName: '孙丽', email: 'sunli@yunfan.cn', criteria: { needMatch: 'yes', budget: 'yes', authority: 'yes' } });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    for (const q of ['云帆', '孙丽', 'YUNFAN', lead.body.lead.number.slice(1).toLowerCase(), '杭州云帆科技有限公司']) {
      expect(titles(await search(admin, q), 'lead'), q).toEqual(['杭州云帆科技有限公司']);
    }
    expect(titles(await search(admin, '帆'), 'lead')).toEqual(['杭州云帆科技有限公司']);
    expect(titles(await search(admin, '云科'), 'lead')).toEqual([]);
  });

  it('finds deals by their own names, numbers and titles and by their customer’s name, with any number of characters', async () => {
    const orderNumber = (await eastSales.client.get('/api/v1/orders')).body.items[0].number as string;
    const contractNumber = (await eastSales.client.get('/api/v1/contracts')).body.items[0].number as string;
    const groups = await search(eastSales.client, '联网');
    expect(titles(groups, 'opportunity')).toEqual(['明德设备联网一期']);
    expect(titles(groups, 'quote')).toEqual(['明德设备联网报价']);
    expect(titles(await search(eastSales.client, '维保'), 'contract')).toEqual(['明德年度维保合同']);
    expect(titles(await search(eastSales.client, '维'), 'contract')).toEqual(['明德年度维保合同']);
    // 北京 is only in the customer's name.
    const byCustomer = await search(eastSales.client, '北京');
    expect(titles(byCustomer, 'opportunity')).toEqual(['明德设备联网一期']);
    expect(titles(byCustomer, 'order')).toEqual([orderNumber]);
    // A fragment of a number, in any case.
    expect(titles(await search(eastSales.client, orderNumber.slice(1).toLowerCase()), 'order')).toEqual([orderNumber]);
    expect(groupOf(await search(eastSales.client, contractNumber.slice(1)), 'contract')).toMatchObject([{ number: contractNumber }]);
    // The lists search alike.
    expect((await eastSales.client.get(`/api/v1/opportunities?q=${encodeURIComponent('北京')}`)).body.items.map((o: { name: string }) => o.name)).toEqual(['明德设备联网一期']);
    expect((await northSales.client.get(`/api/v1/orders?q=${encodeURIComponent('北京')}`)).body.items).toEqual([]);
  });

  it('leaves out kinds the role may not read', async () => {
    const service = await h.createUser({ role: 'service', departmentId: east });
    const groups = await search(service.client, '明德');
    // The service role reads customers (all of its department's) but not the sales records.
    for (const kind of kinds(groups)) expect(['customer', 'contact', 'lead']).toContain(kind);
    expect(kinds(groups)).not.toContain('order');
  });

  it('refuses a role that may read none of the kinds', async () => {
    const role = await admin.post('/api/v1/roles', { name: '只看日志', permissions: ['audit:read'], dataScope: 'all', canViewSensitive: false });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const u = await h.createUser({ role: role.body.id, departmentId: east });
    expectError(await u.client.get(`/api/v1/search?q=${encodeURIComponent('明德')}`), 403, 'FORBIDDEN');
  });

  it('refuses an empty or over-long query, and anonymous callers', async () => {
    expectError(await admin.get('/api/v1/search?q=%20'), 400, 'VALIDATION_FAILED', ['q']);
    expectError(await admin.get(`/api/v1/search?q=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED', ['q']);
    expectError(await admin.get('/api/v1/search?q=a&limit=21'), 400, 'VALIDATION_FAILED', ['limit']);
    expect((await h.client().get(`/api/v1/search?q=${encodeURIComponent('明德')}`)).status).toBe(401);
  });
});
