import { or, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_LIST_FIELDS, type CustomerFilters } from '../../../contracts/customers.ts';
import { createHarness, type Client, type Harness } from '../../../../test/helpers/harness.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { scopeParts, scopeWhere } from '../../platform/access/policy.ts';
import { customers } from '../../db/schema/index.ts';
import { encodeCursor } from '../../platform/http/pagination.ts';
import { pinyinQuery } from '../../platform/search/pinyin.ts';
import { phoneSearchDigits } from './customers.rules.ts';
import { customerFilterConditions, customerScope, customerSortKey } from './customers.queries.ts';
import * as q from './customers.queries.ts';

/**
 * The list reads some scopes and filters in parts merged afterwards (own and collaborated
 * customers, each department, "no follow-up" by how long after it a customer was changed, search
 * matches tested in index order). Each page must still be exactly what one plain query returns:
 * the same rows, in the same order, over keyset pages, without duplicates where parts overlap.
 */
let h: Harness;
let admin: Client;
let sales: { id: string; client: Client };
let other: { id: string; client: Client };
let mgr: { id: string; client: Client };
let east: string;
let eastTeam: string;
let north: string;
const NOW = '2025-03-15T00:00:00Z';
/** The "no follow-up for N days" condition, with the harness clock's now. */
const staleFor = (days: number) => `coalesce(last_follow_up_at, created_at) < '${new Date(Date.parse(NOW) - days * 86_400_000).toISOString()}'::timestamptz`;
const SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'name', '-number'] as const;

async function exec<T>(query: SQL): Promise<T[]> {
  return (await h.deps.db.execute(query)).rows as T[];
}

/** All ids of a list, following its cursors two at a time. */
async function pages(client: Client, qs: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res = await client.get(`/api/v1/customers?limit=2&${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(...(res.body.items as { id: string }[]).map((c) => c.id));
    cursor = res.body.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('too many pages');
}

const ORDER: Record<(typeof SORTS)[number], string> = {
  '-createdAt': 'created_at desc, id desc',
  createdAt: 'created_at asc, id asc',
  '-updatedAt': 'updated_at desc, id desc',
  name: 'name asc, id asc',
  '-number': 'number desc, id desc',
};

/** The same list as one plain statement. */
async function expected(scope: string, sort: (typeof SORTS)[number], extra = 'true'): Promise<string[]> {
  const rows = await exec<{ id: string }>(
    sql.raw(`select id from customers where deleted_at is null and merged_into_id is null and (${scope}) and (${extra}) order by ${ORDER[sort]}`),
  );
  return rows.map((r) => r.id);
}

/** The three scopes the checks read in (salesperson, manager, everyone), each with its plain SQL. */
const scopes = () => [
  { actor: { userId: sales.id, dataScope: 'own', departmentIds: [] }, scope: own(sales.id) },
  { actor: { userId: mgr.id, dataScope: 'department', departmentIds: [east, eastTeam] }, scope: `${own(mgr.id)} or department_id in ('${east}', '${eastTeam}')` },
  { actor: { userId: '00000000-0000-0000-0000-000000000000', dataScope: 'all', departmentIds: [] }, scope: 'true' },
];

const FIELD = { '-createdAt': 'createdAt', createdAt: 'createdAt', '-updatedAt': 'updatedAt', name: 'name', '-number': 'number' } as const;

/** All ids of a list read by `read` two at a time, following its cursor (the extra row says there is more). */
async function twoAtATime(sort: (typeof SORTS)[number], read: (cursor: string | undefined) => Promise<{ customer: { id: string; createdAt: Date; updatedAt: Date; name: string; number: string } }[]>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 30; i++) {
    const rows = await read(cursor);
    ids.push(...rows.slice(0, 2).map((r) => r.customer.id));
    const last = rows[1]?.customer;
    if (rows.length <= 2 || !last) return ids;
    cursor = encodeCursor(last[FIELD[sort]], last.id);
  }
  throw new Error('too many pages');
}

const own = (userId: string) => `owner_id = '${userId}' or id in (select customer_id from customer_collaborators where user_id = '${userId}')`;

beforeAll(async () => {
  h = await createHarness();
  h.clock.set(NOW);
  admin = await h.admin();
  east = await h.createDepartment('华东大区');
  eastTeam = await h.createDepartment('华东一组', east);
  north = await h.createDepartment('华北大区');
  sales = await h.createUser({ role: 'sales', departmentId: eastTeam });
  other = await h.createUser({ role: 'sales', departmentId: north });
  mgr = await h.createUser({ role: 'manager', departmentId: east });
  const make = async (client: Client, name: string, extra: Record<string, unknown> = {}) => {
    const res = await client.post('/api/v1/customers', { name, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  const mine = [];
  for (const n of ['甲', '乙', '丙', '丁', '戊']) mine.push(await make(sales.client, `杭州${n}联科技有限公司`));
  const theirs = [];
  for (const n of ['甲', '乙', '丙', '丁']) theirs.push(await make(other.client, `北京${n}联科技有限公司`));
  const managers = [await make(mgr.client, '上海经理自有贸易有限公司')];
  // A north customer the manager collaborates on (outside the department), one of the other
  // salesperson's shared with ours, and one of ours where the owner is also listed as collaborator.
  await exec(sql`insert into customer_collaborators (customer_id, user_id) values (${theirs[0]}, ${sales.id}), (${theirs[1]}, ${mgr.id}), (${mine[0]}, ${sales.id})`);
  // Spread the times: creation over two months, some followed up, some changed long after.
  const all = [...mine, ...theirs, ...managers];
  for (const [i, id] of all.entries()) {
    const created = `2025-01-${String(1 + i * 2).padStart(2, '0')}T08:00:00Z`;
    const followUp = i % 3 === 0 ? null : `2025-02-${String(1 + i).padStart(2, '0')}T08:00:00Z`;
    // Changed with the follow-up (or creation), or weeks after it; two rows share an update time.
    const updated = i % 2 === 0 ? (followUp ?? created) : i === 5 ? '2025-03-20T00:00:00Z' : `2025-03-${String(1 + i).padStart(2, '0')}T10:00:00Z`;
    await exec(sql`update customers set created_at = ${created}::timestamptz, last_follow_up_at = ${followUp}::timestamptz, updated_at = ${i === 7 ? '2025-03-20T00:00:00Z' : updated}::timestamptz where id = ${id}`);
  }
  // Followed up ten minutes before the start of "40 days without", changed twenty minutes after it:
  // in the filter, though last updated after its start.
  await exec(sql`update customers set last_follow_up_at = '2025-02-02T23:50:00Z', updated_at = '2025-02-03T00:20:00Z' where id = ${managers[0]}`);
  // Followed up before their creation (as a merge may leave them): one of ours (created 7 January),
  // one the manager collaborates on (13 January), one of the north (17 January, after a follow-up
  // on 9 January that is after the others' creations).
  await exec(sql`update customers set last_follow_up_at = '2024-12-20T00:00:00Z' where id = ${mine[3]}`);
  await exec(sql`update customers set last_follow_up_at = '2025-01-02T00:00:00Z' where id = ${theirs[1]}`);
  await exec(sql`update customers set last_follow_up_at = '2025-01-09T12:00:00Z' where id = ${theirs[3]}`);
  // A contact name shared by customers of everyone, for the search.
  for (const id of [mine[1], mine[3], theirs[0], theirs[2], managers[0]]) {
    const res = await admin.post(`/api/v1/customers/${id}/contacts`, { name: '张伟', phones: [] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
});
afterAll(async () => h.close());

describe('lists read in parts', () => {
  it('own scope: owned and collaborated on, never twice, never another’s, in every order and over pages', async () => {
    for (const sort of SORTS) {
      const ids = await pages(sales.client, `sort=${sort}`);
      expect(ids).toEqual(await expected(own(sales.id), sort));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(6);
    }
    expect(await pages(sales.client, 'sort=-updatedAt&noFollowUpDays=40')).toEqual(await expected(own(sales.id), '-updatedAt', staleFor(40)));
  });

  it('department scope: each department, plus own and collaborated on outside it', async () => {
    const scope = `${own(mgr.id)} or department_id in ('${east}', '${eastTeam}')`;
    for (const sort of SORTS) expect(await pages(mgr.client, `sort=${sort}`)).toEqual(await expected(scope, sort));
    expect(await pages(mgr.client, 'q=张伟')).toEqual(await expected(scope, '-createdAt', `id in (select customer_id from contacts where name = '张伟')`));
  });

  it('no follow-up for N days, last updated first: customers changed with their follow-up and long after it', async () => {
    // Follow-ups fall on 1–10 February, creations on 1–19 January, later changes in March.
    for (const days of [1, 30, 38, 40, 45, 60, 70]) {
      const ids = await pages(admin, `sort=-updatedAt&noFollowUpDays=${days}`);
      expect(ids, `${days} days`).toEqual(await expected('true', '-updatedAt', staleFor(days)));
    }
    const [edge] = await exec<{ id: string }>(sql`select id from customers where last_follow_up_at = '2025-02-02T23:50:00Z'`);
    expect(await pages(admin, 'sort=-updatedAt&noFollowUpDays=40')).toContain(edge?.id);
  });

  it('no follow-up for N days, by creation: created before its start, and since then but followed up before', async () => {
    // Creations fall on 1–19 January (55–73 days before now), follow-ups on 1–10 February, three
    // before their customer's creation (20 December, 2 and 9 January).
    const scopes = [
      { client: admin, scope: 'true' },
      { client: mgr.client, scope: `${own(mgr.id)} or department_id in ('${east}', '${eastTeam}')` },
      { client: sales.client, scope: own(sales.id) },
    ];
    for (const { client, scope } of scopes) {
      for (const sort of ['-createdAt', 'createdAt'] as const) {
        for (const days of [1, 30, 34, 40, 55, 60, 62, 64, 67, 70, 73, 80, 90]) {
          const ids = await pages(client, `sort=${sort}&noFollowUpDays=${days}`);
          expect(ids, `${scope}, ${sort}, ${days} days`).toEqual(await expected(scope, sort, staleFor(days)));
        }
      }
    }
    // Each of those followed up before their creation is found since a start after its creation.
    const before = await exec<{ id: string }>(sql`select id from customers where last_follow_up_at < created_at order by created_at`);
    expect(before).toHaveLength(3);
    const all = await pages(admin, 'sort=-createdAt&noFollowUpDays=55');
    for (const { id } of before) expect(all).toContain(id);
    expect(await pages(mgr.client, 'sort=-createdAt&noFollowUpDays=60')).toContain(before[1]?.id);
  });

  it('each item is the customer’s list fields as the customer itself shows them, tags by name, whichever way the page was read', async () => {
    // Tags created out of name order, given out of order; collaborators of several users.
    const tagIds: string[] = [];
    for (const [name, color] of [['乙标签', 'red'], ['甲标签', 'green'], ['Alpha', 'blue']] as const) {
      const res = await admin.post('/api/v1/tags', { name, color });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      tagIds.push(res.body.id as string);
    }
    const all = await exec<{ id: string }>(sql`select id from customers where deleted_at is null order by created_at`);
    for (const [i, { id }] of all.entries()) {
      const tags = tagIds.filter((_, k) => (i + k) % 3 !== 0);
      if (tags.length) await exec(sql`insert into customer_tags (customer_id, tag_id) select ${id}::uuid, unnest(${`{${tags.join(',')}}`}::uuid[]) on conflict do nothing`);
      const users = [sales.id, other.id, mgr.id].filter((_, k) => (i + k) % 2 === 0);
      if (users.length) await exec(sql`insert into customer_collaborators (customer_id, user_id) select ${id}::uuid, unnest(${`{${users.join(',')}}`}::uuid[]) on conflict do nothing`);
    }
    const byName = (await exec<{ name: string }>(sql`select name from tags order by name`)).map((t) => t.name);
    let compared = 0;
    for (const client of [admin, mgr.client, sales.client]) {
      for (const qs of ['sort=-createdAt', 'sort=name', 'sort=-updatedAt&noFollowUpDays=30', 'sort=-createdAt&noFollowUpDays=60', `tagIds=${tagIds[2]}`, 'q=张伟']) {
        const res = await client.get(`/api/v1/customers?limit=100&${qs}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        for (const item of res.body.items as { id: string; tags: { name: string }[] }[]) {
          const one = await client.get(`/api/v1/customers/${item.id}`);
          // A list row is the detail's list fields (those the caller may see).
          expect(item).toEqual(Object.fromEntries(CUSTOMER_LIST_FIELDS.filter((k) => k in one.body).map((k) => [k, one.body[k]])));
          const names = item.tags.map((t) => t.name);
          expect(names).toEqual(byName.filter((n) => names.includes(n)));
          const collaboratorIds = one.body.collaboratorIds as string[];
          expect(collaboratorIds).toEqual([...collaboratorIds].sort());
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(30);
    // Some customers have several of each.
    const [many] = await exec<{ n: string }>(sql`select count(*) n from customers c where (select count(*) from customer_tags t where t.customer_id = c.id) > 1 and (select count(*) from customer_collaborators x where x.customer_id = c.id) > 1`);
    expect(Number(many?.n)).toBeGreaterThan(0);
  });

  it('filters an index reads: pages from the sorted matches or as planned are those of one plain query', async () => {
    const ids = (await exec<{ id: string }>(sql`select id from customers where deleted_at is null order by created_at`)).map((r) => r.id);
    const tag = (await admin.post('/api/v1/tags', { name: '筛选标签', color: 'blue' })).body.id as string;
    const tag2 = (await admin.post('/api/v1/tags', { name: '筛选标签二', color: 'green' })).body.id as string;
    for (const [i, id] of ids.entries()) {
      await exec(sql`update customers set industry_code = ${['IT', 'MANU', null][i % 3] ?? null}, region = ${['east', 'north'][i % 2] ?? null},
        source_channel = ${i % 4 === 0 ? 'trade_show' : 'website'}, grade = ${i % 3 === 1 ? 'A' : 'B'} where id = ${id}`);
      if (i % 2 === 1) await exec(sql`insert into customer_tags (customer_id, tag_id) values (${id}, ${tag}) on conflict do nothing`);
      if (i % 3 === 0) await exec(sql`insert into customer_tags (customer_id, tag_id) values (${id}, ${tag2}) on conflict do nothing`);
    }
    const tagged = (t: string) => `id in (select customer_id from customer_tags where tag_id = '${t}')`;
    const filterSets: [CustomerFilters, string][] = [
      [{ tagMatch: 'any', industryCode: 'IT', region: 'east' }, `industry_code = 'IT' and region = 'east'`],
      [{ tagMatch: 'any', region: 'north' }, `region = 'north'`],
      [{ tagMatch: 'any', sourceChannel: 'website', grade: 'A' }, `source_channel = 'website' and grade = 'A'`],
      [{ tagMatch: 'any', industryCode: 'MANU', stage: 'potential' }, `industry_code = 'MANU' and stage = 'potential'`],
      [{ tagMatch: 'any', tagIds: [tag], region: 'east' }, `region = 'east' and ${tagged(tag)}`],
      // Tags with a column an index reads: the matches are also among the ids the two indexes give (taggedAmong).
      [{ tagMatch: 'any', tagId: tag, industryCode: 'IT' }, `industry_code = 'IT' and ${tagged(tag)}`],
      [{ tagMatch: 'any', tagIds: [tag, tag2], sourceChannel: 'website' }, `source_channel = 'website' and (${tagged(tag)} or ${tagged(tag2)})`],
      [{ tagMatch: 'all', tagIds: [tag, tag2], industryCode: 'MANU' }, `industry_code = 'MANU' and ${tagged(tag)} and ${tagged(tag2)}`],
    ];
    const actors = scopes();
    let nonEmpty = 0;
    for (const { actor, scope } of actors) {
      for (const sort of SORTS) {
        for (const [f, extra] of filterSets) {
          const filters = q.customerFilterConditions(f, h.clock.now(), h.deps.config.timeZone);
          const all = (matchBound: number) =>
            twoAtATime(sort, (cursor) => q.listCustomers(h.deps.db, { among: actor as unknown as Actor, filters, sort: customerSortKey(sort), cursor, limit: 2, fewFirst: true, fewAmong: q.taggedAmong(f), matchBound }));
          const plain = await expected(scope, sort, extra);
          const label = `${actor.dataScope}, ${sort}, ${extra}`;
          // Always read from the sorted matches, and never (as PostgreSQL plans it).
          expect(await all(1_000_000), label).toEqual(plain);
          expect(await all(-1), label).toEqual(plain);
          if (plain.length > 2) nonEmpty++;
        }
      }
    }
    // Many span pages.
    expect(nonEmpty).toBeGreaterThanOrEqual(20);
    // And through HTTP, as the list sends them.
    expect(await pages(admin, 'industryCode=IT&region=east&sort=name')).toEqual(await expected('true', 'name', filterSets[0]?.[1]));
    expect(await pages(admin, `industryCode=MANU&tagIds=${tag},${tag2}&tagMatch=all&sort=name`)).toEqual(await expected('true', 'name', filterSets[7]?.[1]));
  });

  it('search: matches read by id or found walking each part’s index give the same pages', async () => {
    const contactName = `id in (select customer_id from contacts where name = '张伟')`;
    expect(await pages(sales.client, 'q=张伟')).toEqual(await expected(own(sales.id), '-createdAt', contactName));
    expect(await pages(admin, 'q=张伟')).toEqual(await expected('true', '-createdAt', contactName));
    expect(await pages(admin, 'q=张伟&sort=name')).toEqual(await expected('true', 'name', contactName));
    // The walk is used when a way of matching finds more than MATCH_BOUND; force it here.
    const salesActor = { userId: sales.id, dataScope: 'own', departmentIds: [] } as unknown as Actor;
    const mgrActor = { userId: mgr.id, dataScope: 'department', departmentIds: [east, eastTeam] } as unknown as Actor;
    const adminActor = { userId: 'x', dataScope: 'all', departmentIds: [] } as unknown as Actor;
    for (const actor of [salesActor, mgrActor, adminActor]) {
      const parts = scopeParts(actor, customerScope) ?? [{ where: scopeWhere(actor, customerScope) ?? sql`true`, orderedBy: [customers.createdAt], few: false }];
      for (const sort of ['-createdAt', 'createdAt'] as const) {
        const read = async (matchBound: number, cursor?: string) =>
          (
            await q.listCustomers(h.deps.db, { among: 'parts', filters: [], sort: customerSortKey(sort), cursor, limit: 50, parts, search: q.searchOf('张伟', null, null), matchBound })
          ).map((r) => r.customer.id);
        const byId = await read(1_000_000);
        expect(await read(0)).toEqual(byId);
        expect(byId.length).toBeGreaterThan(0);
      }
    }
  });

  describe('search: every way of matching gives the same pages as one plain query', () => {
    const texts: string[] = [];
    beforeAll(async () => {
      // Phone digits of two contacts, legacy numbers of two customers (one deleted).
      const [a, b, c] = await exec<{ id: string }>(sql`select id from customers where deleted_at is null order by created_at limit 3`);
      for (const id of [a?.id, c?.id]) {
        const res = await admin.post(`/api/v1/customers/${id}/contacts`, { name: '李娜', phones: ['139 0000 8888'] });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        // A customer's name part in two contacts' names: with a bound of one, the customers'
        // own matches are all known (one) and the contacts' are many, so the walks test the
        // customers passed against the set of the former (ownMatches).
        const named = await admin.post(`/api/v1/customers/${id}/contacts`, { name: '北京乙', phones: [] });
        expect(named.status, JSON.stringify(named.body)).toBe(201);
      }
      await exec(sql`update customers set legacy_number = 'CU2024001' where id = ${a?.id}`);
      await exec(sql`update customers set legacy_number = 'CU2024002' where id = ${b?.id}`);
      const [{ number } = { number: '' }] = await exec<{ number: string }>(sql`select number from customers order by number limit 1`);
      texts.push('张伟', '联科', '联科技有限公司', 'hz', 'hangzhou', number.slice(5, 10).toLowerCase(), number.slice(0, 2), '8888', 'cu2024', '北京乙');
    });

    type ReadAll = (matchBound: number, walkBound?: number, contactSetBound?: number) => Promise<string[]>;
    /** For each scope, sort order and text: the plain query's ids, and the list's read with the given bounds. Returns how many spanned pages. */
    async function eachSearch(check: (all: ReadAll, plain: string[], label: string) => Promise<void>): Promise<number> {
      const actors = scopes();
      let nonEmpty = 0;
      for (const { actor, scope } of actors) {
        for (const sort of SORTS) {
          const key = customerSortKey(sort);
          // The scope's parts where they can be read in this order, else the whole scope through the sort's index (as the list does).
          const split = scopeParts(actor as unknown as Actor, customerScope);
          const parts = split?.every((p) => p.few || p.orderedBy.includes(key.column)) ? split : [{ where: scopeWhere(actor as unknown as Actor, customerScope) as SQL, orderedBy: [key.column] }];
          for (const text of texts) {
            const search = q.searchOf(text);
            const all: ReadAll = (matchBound, walkBound, contactSetBound) =>
              twoAtATime(sort, (cursor) => q.listCustomers(h.deps.db, { among: 'parts', filters: [], sort: key, cursor, limit: 2, parts, search, matchBound, walkBound, contactSetBound }));
            const matches = await exec<{ id: string }>(q.searchMatches(text, pinyinQuery(text), phoneSearchDigits(text)));
            const plain = await expected(scope, sort, matches.length ? `id in (${matches.map((m) => `'${m.id}'`).join(', ')})` : 'false');
            await check(all, plain, `${actor.dataScope}, ${sort}, ${text}`);
            if (plain.length > 2) nonEmpty++;
          }
        }
      }
      return nonEmpty;
    }

    it('read by its matches or walking the sort order', async () => {
      const nonEmpty = await eachSearch(async (all, plain, label) => {
        expect(await all(1_000_000), label).toEqual(plain);
        expect(await all(0), label).toEqual(plain);
        expect(await all(1), label).toEqual(plain);
      });
      // Most searches span pages.
      expect(nonEmpty).toBeGreaterThan(60);
    });

    it('walks cut after one, two or three customers: the page is then read from all the matches', async () => {
      await eachSearch(async (all, plain, label) => {
        expect(await all(0, 1), label).toEqual(plain);
        expect(await all(0, 2), label).toEqual(plain);
        expect(await all(1, 3), label).toEqual(plain);
      });
    });

    it('walks that look up each customer’s contacts rather than test them against the contacts’ matches read whole', async () => {
      await eachSearch(async (all, plain, label) => {
        expect(await all(0, undefined, 0), label).toEqual(plain);
        expect(await all(1, 3, 0), label).toEqual(plain);
      });
    });
  });

  it('a search’s total is exact up to the matches its page reads (3,000), not the list bound of 10,000', async () => {
    // 3,001 contacts of one customer with the same e-mail word: a count to 10,000 would read them
    // all and find the one customer; the search's count stops where its page's reading stops.
    await exec(sql`insert into contacts (id, customer_id, name, email) select gen_random_uuid(), id, '周通', 'zhoutong' || g || '@tongda.cn' from customers, generate_series(1, 3001) g where name = '杭州甲联科技有限公司'`);
    const many = await admin.get('/api/v1/customers?q=zhoutong');
    expect(many.status).toBe(200);
    expect(many.body).toMatchObject({ totalIsEstimate: true });
    expect(many.body.total).toBeGreaterThan(3000);
    expect(many.body.items).toHaveLength(1);
    // Under the bound the same search is counted exactly.
    await exec(sql`delete from contacts where email like 'zhoutong%' and email not like 'zhoutong1%'`);
    const few = await admin.get('/api/v1/customers?q=zhoutong');
    expect(few.body).toMatchObject({ total: 1, totalIsEstimate: false });
  });

  it('a name part and pinyin initials are conditions on the customers’ search index expression (repeated exactly)', async () => {
    // The branches of `bjkj` (a name part, a number part, a legacy number, the full pinyin, the
    // initials): the first and the last must be conditions PostgreSQL can serve with the search
    // index, whose expression they must repeat (on these few rows no plan would use it).
    const [def] = await exec<{ def: string }>(sql`select pg_get_indexdef('customers_search_grams_idx'::regclass) as def`);
    expect(def?.def).toContain('USING gin (kehu_name_grams(name, name_initials))');
    const branches = q.searchOf('bjkj').customerBranches;
    const plans: string[] = [];
    for (const { match } of branches) {
      const rows = await exec<{ 'QUERY PLAN': string }>(sql`explain select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${match}`);
      plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    expect(plans[0]).toContain("kehu_name_grams(name, name_initials) @> '{bj,jk,kj}'");
    expect(plans.at(-1)).toContain("kehu_name_grams(name, name_initials) @> '{^bjk,^jkj}'");
  });

  it('a number fragment is a condition on the numbers’ trigram index expression, the number without separators', async () => {
    const [def] = await exec<{ def: string }>(sql`select pg_get_indexdef('customers_number_trgm_idx'::regclass) as def`);
    expect(def?.def).toContain("USING gin (translate(number, '-_/'::text, ''::text) gin_trgm_ops)");
    // Whatever separators the fragment has, the index is asked for the joined text, and the
    // number itself is tested after (2026-MANU-006 does not contain 2026MANU-006).
    const number = q.searchOf('MANU-0').customerBranches[1]!;
    const plan = await h.deps.db
      .transaction(async (tx) => {
        // On a table this small any index will do: leave the planner bitmap scans of the numbers'
        // index only (the other indexes dropped, and restored by the rollback).
        for (const setting of ['enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan']) await tx.execute(sql.raw(`set local ${setting} = off`));
        const others = (await tx.execute(sql`select indexname from pg_indexes where tablename = 'customers' and indexname <> 'customers_number_trgm_idx' and indexdef not like 'CREATE UNIQUE%'`)).rows.map((r) => `"${String(r.indexname)}"`);
        await tx.execute(sql.raw(`drop index ${others.join(', ')}`));
        const rows = (await tx.execute(sql`explain select id from customers where deleted_at is null and ${number.match}`)).rows;
        throw Object.assign(new Error('rollback'), { plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
      })
      .catch((e: { plan?: string; message?: string }) => e.plan ?? String(e.message));
    expect(plan, plan).toContain('Bitmap Index Scan on customers_number_trgm_idx');
    expect(plan).toContain("translate(number, '-_/'::text, ''::text) ~~ '%MANU0%'::text");
    expect(plan).toContain("number ~~ '%MANU-0%'::text");
    expect(q.searchOf('-/_').customerBranches.map((b) => b.match)).toHaveLength(q.searchOf('中文').customerBranches.length);
  });

  it('a manager’s list by name tests the scope and every filter on the name index’s entries, not on the rows', async () => {
    // A manager's departments are not read in name order (their index is by creation), so the
    // list walks the names' index through everyone's customers: with common filters, thousands
    // of entries for a page. The index carries the columns the scope and the filters test, so
    // only the entries that pass cost a row (seen here as the walk needing no row at all).
    const mgrActor = { userId: mgr.id, dataScope: 'department', departmentIds: [east, eastTeam] } as unknown as Actor;
    const filters = customerFilterConditions(
      { kind: 'company', stage: 'intent', grade: 'A', industryCode: 'MANU', region: 'east', sourceChannel: 'trade_show', noFollowUpDays: 30, needsFollowUp: 'true', tagMatch: 'any' },
      new Date(NOW),
      'Asia/Shanghai',
    );
    const where = sql.join([sql`${customers.deletedAt} is null`, scopeWhere(mgrActor, customerScope) as SQL, ...filters.filter((f): f is SQL => f !== undefined)], sql` and `);
    await h.deps.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      await tx.execute(sql`set local enable_sort = off`);
      const plan = (await tx.execute(sql`explain select ${customers.id}, ${customers.name} from ${customers} where ${where} order by ${customers.name}, ${customers.id} limit 21`)).rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toContain('Index Only Scan using customers_name_sort_idx');
    });
  });

  it('a salesperson’s own customers are searched by name, initials and number from the owner’s index alone', async () => {
    // Within one's own customers the name and initials are tested without their grams (`plain`),
    // so the owner's index must carry every column such a branch reads (the scope's, the sort
    // keys but the number, the name and the initials): else each of a salesperson's thousands of
    // customers costs a heap page, or PostgreSQL reads every customer with the word instead.
    const branches = q.searchOf('bjkj').customerBranches;
    const [name, initials] = [branches[0]!.plain, branches.at(-1)!.plain];
    expect(name).not.toEqual(branches[0]!.match);
    // The number's branch (the second) of a number fragment.
    const number = q.searchOf('MANU-0').customerBranches[1]!;
    expect(number.plain).not.toEqual(number.match);
    await h.deps.db.transaction(async (tx) => {
      // On a table this small the planner would read the heap; forbid it to see whether it must.
      // The names' index carries the owner too (after the name): walking it whole looks as cheap
      // as the owner's at this size, so it is set aside (dropped in this transaction only).
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      await tx.execute(sql`drop index customers_name_sort_idx`);
      for (const sort of ['created_at', 'updated_at', 'name', 'number'] as const) {
        // Each alone, and (as a salesperson's search reads them, ownerIndexedAsOne) all in one OR.
        const together = or(...[...branches, number].filter((b) => b.ownerIndexed).map((b) => b.plain)) as SQL;
        for (const match of [name, initials, number.plain, together]) {
          const plan = (await tx.execute(sql`explain select id, ${sql.raw(sort)} from customers where deleted_at is null and merged_into_id is null and owner_id = ${sales.id} and ${match}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan, sort).toContain('Index Only Scan using customers_owner_idx');
        }
      }
    });
  });
});
