import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';

/**
 * A word the statistics say most names have, searched by a manager whose departments hold more
 * than 6,000 customers but fewer matches: reading the matches would read all of the table's
 * (the word's index knows no scope), so the page is walked at once and the total is the
 * statistics' estimate for the departments, marked as such. A salesperson's few customers are
 * still read and counted exactly (customers.many-matches.int.test.ts).
 */
let h: Harness;
let mgr: { id: string; client: Client };
let dept: string;

async function exec<T>(query: SQL): Promise<T[]> {
  return (await h.deps.db.execute(query)).rows as T[];
}

beforeAll(async () => {
  h = await createHarness();
  dept = await h.createDepartment('华北大区');
  mgr = await h.createUser({ role: 'manager', departmentId: dept });
  // 9,600 of 13,200 with the word; the department: 2,600 with it and 3,600 without, a minute apart.
  await exec(sql`insert into customers (id, number, kind, name, name_key, name_initials, department_id, created_at, updated_at)
    select gen_random_uuid(), 'L' || lpad(g::text, 6, '0'), 'company', case when g <= 9600 then '测试技术' || g || '号公司' else '普通贸易' || g || '号公司' end,
      'k' || g, 'csjs', case when g > 7000 then ${dept}::uuid end,
      timestamptz '2026-01-01' + g * interval '1 minute', timestamptz '2026-01-01' + g * interval '1 minute'
    from generate_series(1, 13200) g`);
  await exec(sql`analyze customers`);
});
afterAll(async () => h.close());

describe('a common word in a manager’s large departments', () => {
  it('pages through the same customers, in order, as one plain query', async () => {
    const plain = (await exec<{ id: string }>(sql`select id from customers where deleted_at is null and department_id = ${dept} and name like '%技术%' order by created_at desc, id desc limit 90`)).map((r) => r.id);
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await mgr.client.get(`/api/v1/customers?q=${encodeURIComponent('技术')}&limit=30${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
      cursor = res.body.nextCursor;
    }
    expect(ids).toEqual(plain);
  });

  it('gives the statistics’ estimate for the departments as the total, uncounted', async () => {
    const res = await mgr.client.get(`/api/v1/customers?q=${encodeURIComponent('技术')}&limit=20`);
    expect(res.body.totalIsEstimate).toBe(true);
    // The word's share of the table (73 %) times the departments' 6,200 customers: ~4,500, not the 2,600 a count would find.
    expect(res.body.total).toBeGreaterThan(6200 * 0.73 * 0.8);
    expect(res.body.total).toBeLessThan(6200 * 0.73 * 1.2);
  });
});
