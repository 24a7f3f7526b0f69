import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * Lists say how many rows match (共 N 条): exact up to LIST_EXACT_TOTAL, lowered here to 3 so
 * that a handful of customers takes the estimate path too.
 */
let h: Harness;
let admin: Client;
let sales: Client;
let salesId: string;

beforeAll(async () => {
  h = await createHarness({ LIST_EXACT_TOTAL: '3' });
  admin = await h.admin();
  const dept = await h.createDepartment('华东大区');
  const salesperson = await h.createUser({ role: 'sales', departmentId: dept });
  sales = salesperson.client;
  salesId = salesperson.id;
  const make = async (client: Client, body: Record<string, unknown>) => {
    const res = await client.post('/api/v1/customers', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  // The salesperson's own two; the admin's three, which the salesperson does not see.
  await make(sales, { name: '无锡新吴精工有限公司', industryCode: 'MANU', stage: 'intent' });
  await make(sales, { name: '成都天府软件有限公司', industryCode: 'IT', stage: 'potential' });
  await make(admin, { name: '北京中关村科技有限公司', industryCode: 'IT', stage: 'potential' });
  await make(admin, { name: '上海浦东贸易有限公司', industryCode: 'RETL', stage: 'intent' });
  await make(admin, { name: '杭州西湖零售有限公司', industryCode: 'RETL', stage: 'customer' });
});
afterAll(async () => h.close());

async function list(client: Client, path: string) {
  const res = await client.get(path);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: unknown[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean };
}

describe('list totals', () => {
  it('count only what the caller’s scope and filters let through', async () => {
    expect(await list(sales, '/api/v1/customers')).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await list(sales, '/api/v1/customers?industryCode=IT')).toMatchObject({ total: 1, totalIsEstimate: false });
    expect(await list(admin, '/api/v1/customers?industryCode=IT')).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await list(admin, '/api/v1/customers?stage=intent&industryCode=RETL')).toMatchObject({ total: 1, totalIsEstimate: false });
    // The search box is a filter like the others.
    expect(await list(sales, `/api/v1/customers?q=${encodeURIComponent('无锡')}`)).toMatchObject({ total: 1, totalIsEstimate: false });
    expect(await list(sales, `/api/v1/customers?q=${encodeURIComponent('北京中关村')}`)).toMatchObject({ items: [], total: 0, totalIsEstimate: false });
  });

  it('come with the first page only: later pages leave them out', async () => {
    const first = await list(sales, '/api/v1/customers?limit=1');
    expect(first).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(first.items).toHaveLength(1);
    const second = await list(sales, `/api/v1/customers?limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second).not.toHaveProperty('total');
    expect(second).not.toHaveProperty('totalIsEstimate');
  });

  it('past the exact bound are the planner’s estimate, marked as such and never below what was counted', async () => {
    const all = await list(admin, '/api/v1/customers');
    expect(all.items).toHaveLength(5);
    expect(all.totalIsEstimate).toBe(true);
    expect(all.total).toBeGreaterThan(3);
  });

  it('of a search: exact while its matches within scope and filters are few, else an estimate never below the bound', async () => {
    const common = encodeURIComponent('有限公司');
    // Five matches in the table: more than the bound (3) for the admin, who sees them all.
    const many = await list(admin, `/api/v1/customers?q=${common}`);
    expect(many.items).toHaveLength(5);
    expect(many).toMatchObject({ totalIsEstimate: true });
    expect(many.total).toBeGreaterThan(3);
    // The same word is counted within the salesperson's scope (two) and within a filter (one), exactly.
    expect(await list(sales, `/api/v1/customers?q=${common}`)).toMatchObject({ total: 2, totalIsEstimate: false });
    expect(await list(admin, `/api/v1/customers?q=${common}&industryCode=RETL&stage=customer`)).toMatchObject({ total: 1, totalIsEstimate: false });
    // Pinyin initials and a number prefix are ways of matching too, each counted through its own index.
    expect(await list(admin, '/api/v1/customers?q=wxxw')).toMatchObject({ total: 1, totalIsEstimate: false });
    const number = ((await list(admin, `/api/v1/customers?q=${encodeURIComponent('杭州西湖')}`)).items[0] as { number: string }).number;
    expect(await list(admin, `/api/v1/customers?q=${encodeURIComponent(number)}`)).toMatchObject({ total: 1, totalIsEstimate: false });
  });

  it('the pool and other lists carry them too', async () => {
    expect(await list(admin, '/api/v1/pool/customers')).toMatchObject({ total: 0, totalIsEstimate: false });
    const lead = await admin.post('/api/v1/leads', { channel: 'trade_show', sourceDetail: '2024 工博会', companyName: '苏州工业园精密有限公司', contactName: '钱经理', phone: '13800001111' });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    expect(await list(admin, '/api/v1/leads')).toMatchObject({ total: 1, totalIsEstimate: false });
    const users = await list(admin, '/api/v1/users?limit=200');
    expect(await list(admin, '/api/v1/users?limit=1')).toMatchObject({ total: users.items.length, totalIsEstimate: false });
  });

  it('of a salesperson count the customers they collaborate on, once each', async () => {
    // The salesperson's total is counted as owned ∪ collaborated on (each through its own index).
    const create = async (client: Client, body: Record<string, unknown>) => {
      const res = await client.post('/api/v1/customers', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await create(admin, { name: '南京江宁教育科技有限公司', industryCode: 'EDU', collaboratorIds: [salesId] });
    await create(admin, { name: '合肥包河教育咨询有限公司', industryCode: 'EDU' });
    await create(sales, { name: '苏州吴中教育服务有限公司', industryCode: 'EDU', collaboratorIds: [salesId] });
    expect(await list(sales, '/api/v1/customers?industryCode=EDU')).toMatchObject({ total: 2, totalIsEstimate: false });
    expect((await list(sales, '/api/v1/customers?industryCode=EDU')).items).toHaveLength(2);
    expect(await list(admin, '/api/v1/customers?industryCode=EDU')).toMatchObject({ total: 3, totalIsEstimate: false });
  });
});
