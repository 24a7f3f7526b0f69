import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import { FEW_MATCHES, KNOWN_MANY, type CappedBranch } from '../../platform/search/candidates.ts';
import { pinyinQuery } from '../../platform/search/pinyin.ts';
import { contactSearchBranches } from './contacts.queries.ts';

/**
 * A word in thousands of contacts' e-mails (`wang`, as the generated data and real address books
 * have it): the search must know them many from the planner's estimate, without reading them, and
 * still find the right contacts by walking its order.
 */
let h: Harness;
let admin: Client;
let customerId: string;
const MANY = FEW_MATCHES * KNOWN_MANY + 600;

beforeAll(async () => {
  h = await createHarness();
  admin = await h.admin();
  const res = await admin.post('/api/v1/customers', { name: '杭州望江贸易有限公司' });
  expect(res.status).toBe(201);
  customerId = res.body.id as string;
  // Created in order: the newest (highest g) come first in the search's order (primary first, then newest).
  await h.deps.db.execute(sql`insert into contacts (id, customer_id, name, email, created_at)
    select gen_random_uuid(), ${customerId}, '联系人' || g, 'wang' || g || '@example.cn', now() - interval '1 day' + g * interval '1 second' from generate_series(1, ${MANY}) g`);
  await h.deps.db.execute(sql`insert into contacts (id, customer_id, name, email) values (gen_random_uuid(), ${customerId}, '周稀', 'zhouxi.rare@example.cn')`);
  await h.deps.db.execute(sql`analyze contacts`);
});
afterAll(async () => h.close());

const nameOrEmail = (text: string) => contactSearchBranches(text, pinyinQuery(text), null)[0] as CappedBranch;

describe('contact search with many matches', () => {
  it('expects a word in thousands of e-mails far above the cap from the planner, and a rare one below it', async () => {
    const many = await nameOrEmail('wang').expected?.(h.deps.db);
    expect(many).toBeGreaterThanOrEqual(FEW_MATCHES * KNOWN_MANY);
    const rare = await nameOrEmail('zhouxi.rare').expected?.(h.deps.db);
    expect(rare).toBeLessThan(FEW_MATCHES);
  });

  it('finds the newest of them first, as the plain condition would, and the rare one alone', async () => {
    const res = await admin.get('/api/v1/search?q=wang&limit=5');
    expect(res.status).toBe(200);
    const contacts = res.body.groups.find((g: { kind: string }) => g.kind === 'contact');
    expect(contacts.hits.map((c: { title: string }) => c.title)).toEqual([MANY, MANY - 1, MANY - 2, MANY - 3, MANY - 4].map((g) => `联系人${g}`));
    expect(contacts.more).toBe(true);

    const rare = await admin.get('/api/v1/search?q=zhouxi.rare&limit=5');
    expect(rare.body.groups.find((g: { kind: string }) => g.kind === 'contact').hits.map((c: { title: string }) => c.title)).toEqual(['周稀']);
  });
});
