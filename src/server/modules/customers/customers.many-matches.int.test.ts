import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { KNOWN_MANY } from '../../platform/search/candidates.ts';
import * as q from './customers.queries.ts';

/**
 * A search the statistics say matches many customers (a word in most names) walks the list's
 * order for its page without reading its matches first, and gives an estimated total without
 * counting them; within a scope where the same word is expected in few, both are as before.
 */
let h: Harness;
let admin: Client;
let sales: { id: string; client: Client };

async function exec<T>(query: SQL): Promise<T[]> {
  return (await h.deps.db.execute(query)).rows as T[];
}

async function list(client: Client, qs: string) {
  const res = await client.get(`/api/v1/customers?${qs}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: { id: string; name: string }[]; nextCursor: string | null; total?: number; totalIsEstimate?: boolean };
}

/** The ids of the first `pages` pages of a search, following the cursors. */
async function pagedIds(client: Client, q: string, limit: number, pages: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page = await list(client, `q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  }
  return ids;
}

/**
 * `count` customers with the initials csjs, a minute apart from 2026 on, named with 技术 where
 * `named` holds (else 贸易), owned and placed as `owner` and `department` say (SQL of `g`).
 */
function insertCustomers(db: Harness['deps']['db'], opts: { prefix: string; count: number; named: SQL; owner?: SQL; department?: SQL }) {
  return db.execute(sql`insert into customers (id, number, kind, name, name_key, name_initials, owner_id, department_id, created_at, updated_at)
    select gen_random_uuid(), ${opts.prefix} || lpad(g::text, 6, '0'), 'company', case when ${opts.named} then '测试技术' || g || '号公司' else '普通贸易' || g || '号公司' end,
      'k' || g, 'csjs', ${opts.owner ?? sql`null`}, ${opts.department ?? sql`null`},
      timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01' + g * interval '1 minute'
    from generate_series(1, ${opts.count}) g`);
}

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  const dept = await h.createDepartment('华东大区');
  sales = await h.createUser({ role: 'sales', departmentId: dept });
  // 7,000 with the word (every 70th the salesperson's), 600 without, created a minute apart.
  await insertCustomers(h.deps.db, {
    prefix: 'T',
    count: 7600,
    named: sql`g % 13 <> 0`,
    owner: sql`case when g % 70 = 0 then ${sales.id}::uuid end`,
    department: sql`case when g % 70 = 0 then ${dept}::uuid end`,
  });
  await exec(sql`analyze customers`);
});
afterAll(async () => h.close());

describe('a search of a word most names have', () => {
  it('pages through the same customers, in order, as one plain query', async () => {
    const plain = (await exec<{ id: string }>(sql`select id from customers where deleted_at is null and name like '%技术%' order by created_at desc, id desc limit 120`)).map((r) => r.id);
    expect(await pagedIds(admin, '技术', 40, 3)).toEqual(plain);
  });

  it('has an estimated total near the number of matches, not a count', async () => {
    const first = await list(admin, `q=${encodeURIComponent('技术')}&limit=20`);
    const [{ n } = { n: 0 }] = await exec<{ n: number }>(sql`select count(*)::int n from customers where name like '%技术%'`);
    expect(first.totalIsEstimate).toBe(true);
    // From the statistics' share of names with the bigram: within a fifth of the 7,000 or so.
    expect(first.total).toBeGreaterThan(n * 0.8);
    expect(first.total).toBeLessThan(n * 1.2);
  });

  it('within a salesperson’s hundred customers is read from the matches and counted exactly', async () => {
    const [{ n } = { n: 0 }] = await exec<{ n: number }>(sql`select count(*)::int n from customers where owner_id = ${sales.id} and name like '%技术%'`);
    expect(n).toBeGreaterThan(90);
    const first = await list(sales.client, `q=${encodeURIComponent('技术')}&limit=50`);
    expect(first).toMatchObject({ total: n, totalIsEstimate: false });
    expect(first.items.every((c) => c.name.includes('技术'))).toBe(true);
  });

  it('pinyin initials most customers have: read walking, with an estimated total', async () => {
    // Every customer here has the initials csjs.
    const plain = (await exec<{ id: string }>(sql`select id from customers where deleted_at is null and name_initials like '%csjs%' order by created_at desc, id desc limit 60`)).map((r) => r.id);
    const first = await list(admin, 'q=csjs&limit=30');
    const second = await list(admin, `q=csjs&limit=30&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(plain);
    expect(first.totalIsEstimate).toBe(true);
    expect(first.total).toBeGreaterThan(7600 * 0.8);
    expect(first.total).toBeLessThan(7600 * 1.2);
  });

  it('a word the statistics do not count among the common ones is counted exactly', async () => {
    const first = await list(admin, `q=${encodeURIComponent('贸易')}&limit=20`);
    const [{ n } = { n: 0 }] = await exec<{ n: number }>(sql`select count(*)::int n from customers where name like '%贸易%'`);
    expect(n).toBeLessThan(3000);
    expect(first).toMatchObject({ total: n, totalIsEstimate: false });
  });
});

describe('a search of a word in thousands of contacts’ e-mails', () => {
  // 10,500 contacts, `wang…` e-mails, over every customer; analyzed, so the planner knows them many.
  beforeAll(async () => {
    await exec(sql`insert into contacts (id, customer_id, name, email)
      select gen_random_uuid(), c.id, '联系人' || g, 'wang' || g || '@example.cn'
      from generate_series(1, 10500) g join lateral (select id from customers where number = 'T' || lpad((1 + g % 7600)::text, 6, '0')) c on true`);
    await exec(sql`analyze contacts`);
  });

  it('is known many from the planner’s estimate, without reading them; a rarer word is not', async () => {
    expect(await q.expectedManyContacts(h.deps.db, q.searchOf('wang'))).toBeGreaterThanOrEqual(KNOWN_MANY * 3000);
    expect(await q.expectedManyContacts(h.deps.db, q.searchOf('wang1234@'))).toBeUndefined();
  });

  it('pages through the same customers, in order, as one plain query, for the admin and within a salesperson’s', async () => {
    const withContact = (scope: SQL) =>
      exec<{ id: string }>(sql`select id from customers c where deleted_at is null and ${scope} and exists (select from contacts k where k.customer_id = c.id and k.email like '%wang%') order by created_at desc, id desc limit 60`);
    for (const [client, scope] of [
      [admin, sql`true`],
      [sales.client, sql`owner_id = ${sales.id}`],
    ] as const) {
      const plain = (await withContact(scope)).map((r) => r.id);
      expect(await pagedIds(client, 'wang', 30, 2)).toEqual(plain);
      expect((await list(client, 'q=wang&limit=30')).totalIsEstimate).toBe(true);
    }
  });
});

/**
 * The same word searched by a manager whose departments hold more than 6,000 customers but fewer
 * matches: reading the matches would read all of the table's (the word's index knows no scope),
 * so the page is walked at once and the total is the statistics' estimate for the departments,
 * marked as such. A database of its own, where the word is in 73 % of the names.
 */
describe('a common word in a manager’s large departments', () => {
  let own: Harness;
  let mgr: Client;
  let dept: string;
  beforeAll(async () => {
    own = await createHarness();
    dept = await own.createDepartment('华北大区');
    mgr = (await own.createUser({ role: 'manager', departmentId: dept })).client;
    // 9,600 of 13,200 with the word; the department: 2,600 with it and 3,600 without.
    await insertCustomers(own.deps.db, { prefix: 'L', count: 13200, named: sql`g <= 9600`, department: sql`case when g > 7000 then ${dept}::uuid end` });
    await own.deps.db.execute(sql`analyze customers`);
  });
  afterAll(async () => own.close());

  it('pages through the same customers, in order, as one plain query', async () => {
    const plain = (await own.deps.db.execute<{ id: string }>(sql`select id from customers where deleted_at is null and department_id = ${dept} and name like '%技术%' order by created_at desc, id desc limit 90`)).rows.map((r) => r.id);
    expect(await pagedIds(mgr, '技术', 30, 3)).toEqual(plain);
  });

  it('gives the statistics’ estimate for the departments as the total, uncounted', async () => {
    const first = await list(mgr, `q=${encodeURIComponent('技术')}&limit=20`);
    expect(first.totalIsEstimate).toBe(true);
    // The word's share of the table (73 %) times the departments' 6,200 customers: ~4,500, not the 2,600 a count would find.
    expect(first.total).toBeGreaterThan(6200 * 0.73 * 0.8);
    expect(first.total).toBeLessThan(6200 * 0.73 * 1.2);
  });
});
