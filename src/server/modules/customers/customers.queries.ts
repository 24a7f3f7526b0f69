import { and, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { RFM_CLASSES, type RfmClass } from '../../../contracts/customer-value.ts';
import type { CustomerFilters, listCustomersQuery } from '../../../contracts/customers.ts';
import type { Actor } from '../../platform/access/actor.ts';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { containsPattern, escapeLike, hasCase } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { plannedRows } from '../../db/statistics.ts';
import { renderedOnce } from '../../db/rendered.ts';
import { campaigns, contacts, customerCollaborators, customerRfm, customers, customerTags, departments, industries, tags, users } from '../../db/schema/index.ts';
import { departmentSubtreeIds } from '../../platform/access/actors.queries.ts';
import { scopeParts, scopeWhere, UNSCOPED, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { countTotal, estimatedTotal, roundEstimate, type ListTotal } from '../../platform/http/list-total.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { KNOWN_MANY } from '../../platform/search/candidates.ts';
import { pinyinQuery } from '../../platform/search/pinyin.ts';
import { pastCadence } from '../followup-cadence/index.ts';
import { mayOccurInNumber } from '../numbering/index.ts';
import { phoneSearchDigits } from './customers.rules.ts';
import { initialsHaveGrams, nameGramShare, nameHasGrams } from './customer-names.queries.ts';

const collaborations = (actor: Actor) => sql`${customers.id} = any(array(select cc.customer_id from ${customerCollaborators} cc where cc.user_id = ${actor.userId}))`;

/**
 * A salesperson sees the customers they own or collaborate on; a manager also those of their
 * department subtree; pool customers (no owner) are reached through the pool, not this list.
 */
export const customerScope: ScopeRule = {
  // The collaborations are read first and matched by id, so both halves of the OR use an index
  // (owner, primary key); an EXISTS per row made PostgreSQL walk every customer in sort order.
  own: (actor) =>
    sql`(${customers.ownerId} = ${actor.userId} or ${collaborations(actor)})`,
  inDepartments: (ids) => sql`${customers.departmentId} in ${[...ids]}`,
  // For lists: owned (through customers_owner_idx, in order of creation), collaborated on (a few,
  // by primary key), and each department (customers_department_idx, in order of creation).
  parts: {
    own: (actor) => [
      { where: eq(customers.ownerId, actor.userId), orderedBy: [customers.createdAt], few: true, covered: true },
      { where: collaborations(actor), orderedBy: [], few: true },
    ],
    inDepartment: (id) => ({ where: eq(customers.departmentId, id), orderedBy: [customers.createdAt], few: false, covered: true }),
  },
  deletedAt: customers.deletedAt,
};

/** 客户价值分层: the customer's RFM class (kept by the customer-value module; no row: 无交易). */
const rfmClassOf = sql<RfmClass | null>`(select ${customerRfm.rfmClass} from ${customerRfm} where ${customerRfm.customerId} = ${customers.id})`;

/** Customers of one of `classes` (无交易 = no class row), as a semi-join the planner can hash. */
export function inRfmClasses(classes: readonly RfmClass[]): SQL {
  const named = classes.filter((c) => c !== 'none');
  if (!classes.includes('none')) return named.length ? sql`${customers.id} in (select ${customerRfm.customerId} from ${customerRfm} where ${customerRfm.rfmClass} in ${named})` : sql`false`;
  const others = RFM_CLASSES.filter((c) => c !== 'none' && !named.includes(c));
  return others.length ? sql`${customers.id} not in (select ${customerRfm.customerId} from ${customerRfm} where ${customerRfm.rfmClass} in ${others})` : sql`true`;
}

/** 来源活动: the name of the campaign that first brought the customer. */
const campaignNameOf = sql<string | null>`(select ${campaigns.name} from ${campaigns} where ${campaigns.id} = ${customers.campaignId})`;

function base(db: DbOrTx) {
  return db
    .select({ customer: customers, ownerName: users.displayName, departmentName: departments.name, rfmClass: rfmClassOf, campaignName: campaignNameOf })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .leftJoin(departments, eq(departments.id, customers.departmentId));
}
export type CustomerRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

export interface CustomerTag {
  id: string;
  name: string;
  color: string;
}

/** A row's tags by name and collaborators by id, as relationsOf reads them for a set of rows. */
const rowTags = sql<CustomerTag[]>`coalesce((select json_agg(json_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
  from ${customerTags} ct join ${tags} t on t.id = ct.tag_id where ct.customer_id = ${customers.id}), '[]'::json)`;

/**
 * The columns of a list row (CUSTOMER_LIST_FIELDS of the contract; the city and district codes
 * for its division path): whole records cost more to read and most of a request's time above
 * its SQL to serialise.
 */
const listColumns = {
  id: customers.id,
  number: customers.number,
  kind: customers.kind,
  name: customers.name,
  industryCode: customers.industryCode,
  employeeSize: customers.employeeSize,
  annualRevenue: customers.annualRevenue,
  creditCode: customers.creditCode,
  provinceCode: customers.provinceCode,
  cityCode: customers.cityCode,
  districtCode: customers.districtCode,
  address: customers.address,
  region: customers.region,
  sourceChannel: customers.sourceChannel,
  sourceDetail: customers.sourceDetail,
  firstContactDate: customers.firstContactDate,
  stage: customers.stage,
  grade: customers.grade,
  needs: customers.needs,
  budgetNotes: customers.budgetNotes,
  decisionNotes: customers.decisionNotes,
  ownerId: customers.ownerId,
  departmentId: customers.departmentId,
  lastFollowUpAt: customers.lastFollowUpAt,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  version: customers.version,
};

/**
 * A page's list rows with their tags, in one statement: PostgreSQL evaluates the tag subquery
 * for the rows returned only (after the LIMIT), and the list saves the round trip of relationsOf.
 * Its select is rendered once (drizzle built the 30 columns and joins anew for every page: 0.2 ms
 * of a search's ~2 ms in Node), its rows mapped as drizzle's select maps them (toPageRow).
 */
const PAGE_SELECT = renderedOnce(
  sql`select ${sql.join(
    Object.entries(listColumns).map(([k, c]) => sql`${c} as ${sql.identifier(k)}`),
    sql`, `,
  )}, ${users.displayName} as "ownerName", ${departments.name} as "departmentName", ${rowTags} as "tags"
  from ${customers} left join ${users} on ${eq(users.id, customers.ownerId)} left join ${departments} on ${eq(departments.id, customers.departmentId)}`,
);

type ListRecord = Pick<typeof customers.$inferSelect, keyof typeof listColumns>;
export interface CustomerPageRow {
  customer: ListRecord;
  ownerName: string | null;
  departmentName: string | null;
  tags: CustomerTag[];
}
/** A row as the driver gives it: timestamps as PostgreSQL's text (drizzle's session keeps them so). */
type PageRecord = Omit<ListRecord, 'createdAt' | 'updatedAt' | 'lastFollowUpAt'> & {
  createdAt: string;
  updatedAt: string;
  lastFollowUpAt: string | null;
  ownerName: string | null;
  departmentName: string | null;
  tags: CustomerTag[];
};

async function readPage(db: DbOrTx, page: SQL | undefined, order: SQL[], n: number): Promise<CustomerPageRow[]> {
  const res = await db.execute<PageRecord>(sql`${PAGE_SELECT}${page ? sql` where ${page}` : sql``} order by ${sql.join(order, sql`, `)} limit ${n}`);
  return res.rows.map(toPageRow);
}

function toPageRow(r: PageRecord): CustomerPageRow {
  const { ownerName, departmentName, tags, createdAt, updatedAt, lastFollowUpAt, ...rest } = r;
  return {
    customer: { ...rest, createdAt: new Date(createdAt), updatedAt: new Date(updatedAt), lastFollowUpAt: lastFollowUpAt === null ? null : new Date(lastFollowUpAt) },
    ownerName,
    departmentName,
    tags,
  };
}

/**
 * One page of customers. With `parts` (conditions whose union is everything the rest of the
 * WHERE allows; they may overlap), each part is read on its own, in sort order through its index
 * where it has one (`orderedBy`) and else read whole and sorted, and the pages of the parts are
 * merged; only the ids of the merged page are then read with owner and department (and with
 * `withRelations`, as list rows with their tags). Used where
 * one plan for the whole set would walk a sort index past most rows (see the service for which).
 * With `search` as well, the cost follows the page, not the number of matches (see searchPageIds).
 */
export async function listCustomers(
  db: DbOrTx,
  opts: ListOptions & { withRelations: true },
): Promise<CustomerPageRow[]>;
export async function listCustomers(db: DbOrTx, opts: ListOptions & { withRelations?: false }): Promise<CustomerRow[]>;
export async function listCustomers(db: DbOrTx, opts: ListOptions & { withRelations?: boolean }): Promise<CustomerRow[] | CustomerPageRow[]> {
  return (await readCustomers(db, opts)).rows;
}

/** A page of listCustomers, and for a search what its first step found (searchMatchesFirst; none when walked at once). */
interface CustomersRead {
  rows: Promise<CustomerRow[] | CustomerPageRow[]>;
  matches?: SearchMatches;
}

async function readCustomers(db: DbOrTx, opts: ListOptions & { withRelations?: boolean }): Promise<CustomersRead> {
  const cursor = afterCursor(opts.sort, customers.id, opts.cursor);
  // Not merged: implied (customers_merged_deleted_ck), and unlike merged_into_id no row is read for it.
  // Rendered once: a search's statements repeat the conditions in each branch and walk.
  const where = renderedOnce(and(amongWhere(opts.among), isNull(customers.deletedAt), ...opts.filters, cursor) as SQL);
  const order = orderBy(opts.sort, customers.id);
  const n = opts.limit + 1;
  const parts = (opts.parts ?? []).map((part) => ({ ...part, where: renderedOnce(part.where) }));
  const read = (page: SQL | undefined) => (opts.withRelations ? readPage(db, page, order, n) : base(db).where(page).orderBy(...order).limit(n).execute());
  if (opts.search) {
    const bound = opts.matchBound ?? MATCH_BOUND;
    const contactSetBound = opts.contactSetBound ?? CONTACT_SET_BOUND;
    const matches = opts.manyMatches ? undefined : await searchMatchesFirst(db, opts.search, opts.sort, where, n, parts, bound, contactSetBound);
    // Few: the page is theirs, read by id; else the walks (searchPageIds), knowing them many.
    // The ids as one array parameter (as a list, 51 parameters to build and send).
    if (matches?.complete) return { rows: matches.ids.length ? read(sql`${customers.id} = any(${`{${matches.ids.join(',')}}`}::uuid[])`) : Promise.resolve([]), matches };
    const unfiltered = opts.filters.every((f) => f === undefined);
    const ids = searchPageIds(opts.search, opts.sort, where, cursor, n, parts, { walk: opts.walkBound ?? WALK_BOUND, covered: opts.walkBound ?? (unfiltered ? COVERED_WALK_BOUND : WALK_BOUND) }, contactSetBound, matches ? matches.contacts : opts.contacts, matches?.ownMatches);
    return { rows: read(sql`${customers.id} = any(${ids})`), matches };
  }
  const single = parts.length < 2;
  let page = single ? and(where, parts[0]?.where) : sql`${customers.id} = any(${pageIds(opts, where, order, n, parts)})`;
  if (single && opts.fewFirst && (await expectedRows(db, page)) <= (opts.matchBound ?? FEW_BOUND)) {
    // Few matches expected: read them (through the filters' indexes) and sort them. OFFSET 0
    // keeps PostgreSQL from walking a sort order's index instead, which it preferred for a tag
    // and an industry (119 of 100,000, 13,600 rows passed) while it expected a match every
    // few hundred rows.
    const dir = sql.raw(opts.sort.direction);
    page = sql`${customers.id} = any(array(select id from (select ${customers.id} as id, ${opts.sort.column} as k from ${customers} where ${and(page, opts.fewAmong)} offset 0) m order by k ${dir}, id ${dir} limit ${n}))`;
  }
  return { rows: read(page) };
}

/** The pool: customers nobody owns (alive); whoever may read the pool sees all of it. */
const inPool = () => and(isNull(customers.ownerId), isNull(customers.deletedAt));

/** The condition of ListOptions.among ('parts': none, the parts hold the scope). */
function amongWhere(among: ListOptions['among']): SQL | undefined {
  if (among === 'pool') return inPool();
  if (among === 'parts') return undefined;
  return viewerScope(among, customerScope);
}

interface ListOptions {
  /**
   * Which customers: those a viewer sees, the pool, or (`parts`) those of the union of `parts`,
   * which are then the parts of a viewer's scope (scopeParts) and carry it.
   */
  among: Viewer | 'pool' | 'parts';
  filters: (SQL | undefined)[];
  sort: SortKey;
  cursor: string | undefined;
  limit: number;
  parts?: ListPart[];
  search?: CustomerSearch;
  /** Tests only: the MATCH_BOUND (with `fewFirst`, the FEW_BOUND). */
  matchBound?: number;
  /** Tests only: the WALK_BOUND. */
  walkBound?: number;
  /** Tests only: the CONTACT_SET_BOUND. */
  contactSetBound?: number;
  /** With a search: its matches are known to be many (expectedManyMatches), so each part is walked without reading them first. */
  manyMatches?: boolean;
  /** With `manyMatches`: what is known of the contacts' matches (see ContactsKnown). */
  contacts?: ContactsKnown;
  /**
   * Without a search or parts: the filters include one an index reads (industry, region, source
   * channel, tags), so the page is read from the sorted matches when the planner expects at most
   * FEW_BOUND of them.
   */
  fewFirst?: boolean;
  /** With `fewFirst`: a set of ids the matches are among, cheaper to read than the filters' rows (taggedAmong). */
  fewAmong?: SQL;
  /** As list rows with their tags (see PAGE_SELECT). */
  withRelations?: boolean;
}

/** The ids of the page read in parts (see listCustomers), as an array expression. */
function pageIds(opts: ListOptions, where: SQL | undefined, order: SQL[], n: number, parts: ListPart[]): SQL {
  const key = opts.sort.column;
  const dir = sql.raw(opts.sort.direction);
  const pages = parts.map((part) => {
    const rows = sql`select ${customers.id} as id, ${key} as k from ${customers} where ${and(where, part.where)}`;
    // OFFSET 0 keeps PostgreSQL from walking an index of the whole table in sort order testing
    // each row against the part: the part is read through its own index, then sorted.
    return part.orderedBy.includes(key) ? sql`(${rows} order by ${sql.join(order, sql`, `)} limit ${n})` : sql`(select id, k from (${rows} offset 0) p order by k ${dir}, id ${dir} limit ${n})`;
  });
  // Parts may overlap: the merged pages, in order, are rid of duplicates (adjacent there) as they are read.
  return sql`array(select id from (select distinct k, id from (${sql.join(pages, sql` union all `)}) u order by k ${dir}, id ${dir} limit ${n}) d)`;
}

/** What the first step of a search page found (searchMatchesFirst). */
interface SearchMatches {
  /** Each way of matching found at most the bound: `ids` and `count` are then all of the matches'. */
  complete: boolean;
  /** The page's ids, in order (when complete). */
  ids: string[];
  /** How many match within the list's conditions, cursor included (when complete). */
  count: number;
  /** What a walk tests customers' contacts against (when not complete). */
  contacts: ContactsKnown;
  /**
   * When not complete but every way of matching on the customers' own columns was (only the
   * contacts' matches were many): those customers' ids, comma-separated, for the walk to test
   * each customer passed against, so that it reads no row (see searchPageIds).
   */
  ownMatches?: string;
}

/**
 * What a search's walk knows of the contacts' matches before it starts (see CONTACT_SET_BOUND):
 * their customers' ids when few enough to be a set (comma-separated: thousands of uuids parsed
 * into an array cost Node ~7 ms), `'many'` when not, undefined when unknown
 * (the walk counts them itself).
 */
type ContactsKnown = { customerIds: string } | 'many' | undefined;

/**
 * A search page is read in up to two steps, each as costly as the page and a bound, never as the
 * number of matches (the 5 % of all customers an industry word finds, all of which were read
 * before):
 * - first, each way of matching (searchOf) reads its matches through its own index, within the
 *   list's conditions and with their sort keys, up to `bound` + 1 rows. When none reaches the
 *   bound, their union is every match: the page is the first of them in order, and their number
 *   the list's total, from the same statement;
 * - else the matches are many, and each part's index is walked in sort order instead
 *   (searchPageIds).
 * The second step is a statement of its own rather than a branch of the first one: PostgreSQL
 * plans every branch of a statement, and the walks of a manager's six department parts made
 * planning most of a search with few matches (3.5 ms of its 5, and 16 ms when the server's
 * memory had to be mapped anew for it, as Debian's PostgreSQL 15 often did at 100,000).
 */
async function searchMatchesFirst(db: DbOrTx, search: CustomerSearch, sort: SortKey, where: SQL | undefined, n: number, parts: ListPart[], bound: number, contactSetBound: number): Promise<SearchMatches> {
  const { ctes, found, names } = searchBranches(search, sort, where, parts);
  const counted = names.map((name) => sql`(select count(*) from (select from ${name} limit ${bound + 1}) t) <= ${bound}`);
  // The contacts' matches counted as far as either bound needs, and their customers given when
  // few enough for the walk's set: the walk (if any) is told rather than reading them again (as
  // costly as their number: the ~4,900 of a common contact name at a million customers, 15–20 ms).
  const contactsCap = Math.max(bound, contactSetBound) + 1;
  const dir = sql.raw(sort.direction);
  // The union only when complete (one-time filters: none of it is read otherwise).
  const own = names.map((name) => sql`select id from ${name}`);
  const res = await db.execute<{ complete: boolean; n: number; ids: string[]; contacts: number; contact_customers: string | null; own_matches: string | null }>(
    sql`with ${ctes}, contacts_counted as materialized (select count(*)::int as n from (select from bc limit ${contactsCap}) t),
      own_done as materialized (select ${sql.join(counted, sql` and `)} as complete),
      done as materialized (select (select complete from own_done) and (select n from contacts_counted) <= ${bound} as complete), found as materialized (${found(sql`(select complete from done)`)})
      select (select complete from done) as complete, (select count(*)::int from found) as n, array(select id::text from found order by k ${dir}, id ${dir} limit ${n}) as ids, (select n from contacts_counted) as contacts,
        case when not (select complete from done) and (select n from contacts_counted) <= ${contactSetBound} then (select coalesce(string_agg(distinct id::text, ','), '') from bc) end as contact_customers,
        case when not (select complete from done) and (select complete from own_done) then (select coalesce(string_agg(distinct id::text, ','), '') from (${sql.join(own, sql` union all `)}) o) end as own_matches`,
  );
  const row = res.rows[0];
  const contacts: ContactsKnown = typeof row?.contact_customers === 'string' ? { customerIds: row.contact_customers } : Number(row?.contacts ?? 0) > contactSetBound ? 'many' : undefined;
  return { complete: row?.complete === true, ids: row?.ids ?? [], count: Number(row?.n ?? 0), contacts, ownMatches: row?.own_matches ?? undefined };
}

/**
 * The ways of matching of a search as CTEs (`b0`… on customers, `bc` on contacts) and their
 * union, the contacts' customers by primary key (`= any(array)`: PostgreSQL overestimates
 * phone-digit matches and would rather read every customer to hash-join them), read when
 * `when` holds. Materialized CTEs are planned for all their rows (through the branch's index,
 * not a walk that a LIMIT would tempt the planner into) and yet only computed as far as they
 * are read.
 */
function searchBranches(search: CustomerSearch, sort: SortKey, where: SQL | undefined, parts: ListPart[]): { ctes: SQL; found: (when: SQL) => SQL; names: SQL[] } {
  const key = sort.column;
  const inParts = or(...parts.map((p) => p.where));
  // A salesperson's parts (owned, collaborated on) are each read through their own index, the
  // name and initials tested without their grams: the owner's index carries both, so its part is
  // read from it alone, and the few collaborated on by primary key. With the grams PostgreSQL
  // (15 more than 18) may take them for rare (it guesses any gram test at 0.5 % of the table or
  // less) and read every customer with the word: 技术 (5 % of the names) read 51,000 rows for a
  // salesperson's 264, 130–210 ms at a million customers; with all parts in one OR it did so every time.
  const few = parts.every((p) => p.few);
  const scopes = few ? parts.map((p) => p.where) : [inParts];
  const branches = (few ? ownerIndexedAsOne(search.customerBranches) : search.customerBranches).map((branch, i) => ({
    name: sql.raw(`b${i}`),
    // `deleted_at is null` (implied by every part) spelled out for the partial indexes of the branches.
    body: sql.join(
      scopes.map((scope) => sql`select ${customers.id} as id, ${key} as k from ${customers} where ${and(isNull(customers.deletedAt), where, scope, few ? branch.plain : branch.match)}`),
      sql` union `,
    ),
  }));
  const ctes = sql.join(
    [
      ...branches.map((b) => sql`${b.name} as materialized (${b.body})`),
      sql`bc as materialized (select ${contacts.customerId} as id from ${contacts} where ${contacts.deletedAt} is null and (${search.contactMatch}))`,
    ],
    sql`, `,
  );
  const found = (when: SQL) =>
    sql.join(
      [
        ...branches.map((b) => sql`select id, k from ${b.name} where ${when}`),
        sql`select ${customers.id} as id, ${key} as k from ${customers} where ${when} and ${customers.id} = any(array(select id from bc)) and ${and(where, inParts)}`,
      ],
      sql` union `,
    );
  return { ctes, found, names: branches.map((b) => b.name) };
}

/**
 * The branches of a search within one person's records (few parts): those whose columns the
 * owner's index carries as one branch, their conditions ORed, so that the salesperson's
 * customers are read from it once rather than once per branch (each read passed all their
 * index entries: 2,400 pages for 4,770 customers at a million, 6 ms each, four times for four
 * digits). The others (the full pinyin, the contacts' phone digits) are served by indexes of
 * their own.
 */
function ownerIndexedAsOne(branches: CustomerBranch[]): CustomerBranch[] {
  const indexed = branches.filter((b) => b.ownerIndexed);
  if (indexed.length < 2) return branches;
  const plain = renderedOnce(or(...indexed.map((b) => b.plain)) as SQL);
  return [{ match: plain, plain, ownerIndexed: true }, ...branches.filter((b) => !b.ownerIndexed)];
}

/**
 * The ids of a search page whose matches are many (searchMatchesFirst found one way of matching
 * past its bound, or the statistics expect it, expectedManyMatches): each part's index is walked
 * in sort order (as without a search), testing each customer passed against the whole search,
 * until the page is full; a walk passes about page × customers / matches rows.
 * A walk passes at most `walkBound` customers: when the matches are bunched rather than spread
 * (100,000 customers just imported, newest of all and none with the word: the walk passed all of
 * them, 160–345 ms), a walk cut there before its page was full leaves the page to the matches,
 * all of them read and sorted — as costly as their number, but no longer as the table.
 */
function searchPageIds(
  search: CustomerSearch,
  sort: SortKey,
  where: SQL | undefined,
  cursor: SQL | undefined,
  n: number,
  parts: ListPart[],
  bounds: { walk: number; covered: number },
  contactSetBound: number,
  contactsKnown: ContactsKnown,
  ownMatches?: string,
): SQL {
  const key = sort.column;
  const dir = sql.raw(sort.direction);
  const inOrder = sql`order by k ${dir}, id ${dir}`;
  const { ctes, found } = searchBranches(search, sort, where, parts);
  const contactIds = sql.raw('bc');
  // A walk was cut short before the page's last row (see the walks below): the page is then read
  // from all the matches. A cut at the last row (n = the page and one more, which only says
  // whether there is a next page) leaves the page exact and says there may be more: at a million
  // customers a contact name's page of 20 came out of 5,000 customers walked about as often as
  // not, and reading the 4,854 matches instead cost 30–40 ms.
  const cut = sql`(select exists (select from (select hit, row_number() over (${inOrder}) as r from walked) w where not hit and r < ${n}))`;
  // A walked customer's contacts: in the set of the contacts' matches' customers (hashed once)
  // when those are few enough to read whole, else looked up per customer (see CONTACT_SET_BOUND).
  // Known before (searchMatchesFirst, expectedManyContacts), or else found out here.
  const contactHit =
    contactsKnown === 'many'
      ? search.contactOf
      : contactsKnown
        ? sql`coalesce(${customers.id} in (select id from contact_set), false)`
        : sql`case when (select count(*) <= ${contactSetBound} from (select from ${contactIds} limit ${contactSetBound + 1}) t) then coalesce(${customers.id} in (select id from ${contactIds}), false) else ${search.contactOf} end`;
  // The customer's own columns, or when their matches are known (all few, only the contacts'
  // many: a contact's name or e-mail) the set of them, so that a walk reads no row where
  // its index carries the sort key (a manager's department walks passed 5,000 heap rows each
  // for the 4,854 customers of 方霞's contacts).
  const ownHit = ownMatches === undefined ? search.ownColumns : sql`coalesce(${customers.id} in (select id from own_set), false)`;
  const walkHit = sql`(${ownHit} or ${contactHit})`;
  // Each part walked in sort order, each customer tested (`hit`), up to a page. One query with its
  // LIMIT in sight: a candidates subquery fenced with `offset 0` was planned for all its rows, and
  // right after an import (no visibility map yet for the new pages) PostgreSQL read and sorted the
  // whole table rather than walk the order's index (369–645 ms for a common word at 200,000).
  // A walk passes at most walkBound customers: the one after them comes out as a marker (never a
  // hit) when its page was not full by then; a part of walkBound customers or fewer is walked to
  // its end, uncut.
  // Reading no row: ids tested against sets only, through an index that carries the part.
  const idsOnly = ownMatches !== undefined && typeof contactsKnown === 'object';
  const walks = parts.map((part) => ({ part, walkBound: idsOnly && part.covered ? bounds.covered : bounds.walk })).map(
    ({ part, walkBound }) =>
      sql`(select id, k, hit and seen <= ${walkBound} as hit from (select ${customers.id} as id, ${key} as k, ${walkHit} as hit, row_number() over (order by ${key} ${dir}, ${customers.id} ${dir}) as seen from ${customers} where ${and(part.where, cursor, where)} order by ${key} ${dir}, ${customers.id} ${dir} limit ${walkBound + 1}) w where hit or seen > ${walkBound} order by k ${dir}, id ${dir} limit ${n})`,
  );
  // The walks merged in order, each read only as far as the page needs (a Merge Append), a
  // customer found by two parts once — as a marker if either says so (grouped: DISTINCT ON with
  // the marker first in its order sorted every walk read to its end, 5,000 customers each).
  // A marker on the page means a walk was cut before the page's end: its customers past the cut
  // are unknown, and the page is read from all the matches instead (unless it is the last row,
  // see `cut`).
  const walked = sql`walked as materialized (select id, k, bool_and(hit) as hit from (${sql.join(walks, sql` union all `)}) u group by k, id order by k ${dir}, id ${dir} limit ${n})`;
  const pages = [sql`(select id, k from (${found(cut)}) f ${inOrder} limit ${n})`, sql`(select id, k from walked where not ${cut})`];
  // The sets given: one parameter each (in each walk it was sent and parsed once per part: 1 MB
  // for ~4,900 ids and six parts).
  const contactSet = typeof contactsKnown === 'object' ? sql`, contact_set as materialized (select unnest(${`{${contactsKnown.customerIds}}`}::uuid[]) as id)` : sql``;
  const ownSet = ownMatches === undefined ? sql`` : sql`, own_set as materialized (select unnest(${`{${ownMatches}}`}::uuid[]) as id)`;
  return sql`array(with ${ctes}${contactSet}${ownSet}, ${walked} select id from (select distinct k, id from (${sql.join(pages, sql` union all `)}) u ${inOrder} limit ${n}) d)`;
}

/**
 * Up to how many expected matches a list with a filter an index reads sorts its matches rather
 * than letting PostgreSQL choose (listCustomers `fewFirst`). Reading the matches costs what the
 * filters' indexes let through, which for a selective index and a filter without one (grade A
 * and a source channel: 12,000 rows read for 384 matches at 100,000) is more than a walk; with
 * a few hundred expected PostgreSQL mostly chooses well itself, below that it walked (a tag and
 * an industry, 119 matches: 13,600 rows passed, 12 ms against 4 ms read and sorted).
 */
const FEW_BOUND = 300;

/** The planner's estimate of the rows `where` selects of customers (a plan, nothing read). */
async function expectedRows(db: DbOrTx, where: SQL | undefined): Promise<number> {
  return (await plannedRows(db, sql`select 1 from ${customers} where ${where}`)) ?? Infinity;
}

/**
 * How many matches of one way of matching a search reads before it walks the sort order
 * instead. Reading a match through its own index costs a visit of its row in the order of the
 * table (~1–3 µs); walking costs a read of each row passed (~2–10 µs, with its contacts) and
 * passes about page × customers / matches of them, so the two meet near √(page × customers × 3):
 * ~2,500 at 100k for a page of 20. Contacts' matches are read again as customers by id (~5 µs
 * each at a million, with their contact ~8), which meets a walk near √(page × customers ÷ 2),
 * ~3,200 at a million: a bound of 7,937 there made a manager's contact name faster (no walk of
 * six parts) and a salesperson's slower (59–67 ms against 47–55), so the bound does not grow
 * with the table.
 */
const MATCH_BOUND = 3000;

/**
 * How many customers a search's walk of the sort order passes at most (searchPageIds). With more
 * than MATCH_BOUND matches spread over the order the walks, merged, pass page × customers /
 * matches of them (some 200 at 100,000 customers for a word 5 % of them have; 700–2,400 in each
 * of a manager's parts for a contact name at a million); past this many the matches lie
 * elsewhere, bunched away from the start of the order, or are few enough that reading them all
 * (3,000 or more, ~2 µs each) costs about what walking on would (~1.5 µs a customer passed).
 */
const WALK_BOUND = 5_000;

/**
 * The WALK_BOUND of a walk that reads no row: a covered part (see ScopePart) of a list without
 * other filters, testing ids only (the customers' own matches and the contacts' as sets). It
 * passes a customer in ~0.7 µs rather than a heap page, so it goes on where reading all the
 * matches would cost more: a contact name had by 4,854 of a million customers' contacts fills a
 * page of 20 in 4,300 customers walked on average, and reading the matches took 40–140 ms on
 * PostgreSQL 15 (their pages out of its 128 MB of buffers).
 */
const COVERED_WALK_BOUND = 20_000;

/**
 * Up to how many contact matches a search's walk tests each customer passed against their set,
 * read whole once (~2 µs a contact), rather than looking up the customer's contacts (~5 µs a
 * customer passed; a walk passes about page × customers / matches of them): the two meet near
 * √(page × customers × 2.5), ~7,000 at a million customers. A contact name as common as 方霞
 * (4,854 contacts of 2M) walked a salesperson's 4,770 customers in 32 ms with lookups.
 */
const CONTACT_SET_BOUND = 6_000;

/** A part of a list (see listCustomers); `orderedBy`: the columns an index reads it in order of. */
export interface ListPart {
  where: SQL;
  orderedBy: readonly PgColumn[];
  /** One person's records (see ScopePart): read through the part's own index whatever else the statement asks. */
  few?: boolean;
  /** See ScopePart. */
  covered?: boolean;
}

/** The expression the contacts' bigram index (migration 0014) is built on: search conditions must repeat it exactly. */
const contactGrams = sql`kehu_bigrams(${contacts.name} || ' ' || coalesce(lower(${contacts.email}), ''))`;

/**
 * For a two-character query, contacts whose bigrams include it (served by the contacts' bigram
 * index); longer queries are left to the trigram indexes of LIKE itself, which are more selective
 * and cost no kehu_bigrams call per matching row (a function call of ~0.1 ms: 300 ms for the
 * 2,821 customers of a city's initials). One character has neither: LIKE reads every row.
 */
function hasGrams(grams: SQL, text: string): SQL | undefined {
  return [...text].length === 2 ? sql`${grams} @> kehu_bigrams(${text})` : undefined;
}

const atLeastTwo = (text: string) => [...text].length >= 2;

/**
 * The one search box: a name part, a number or part of one (see numberMatch), a contact's name or e-mail, any 4+ consecutive
 * digits of a contact's phone, or pinyin (a prefix of the full pinyin, or initials anywhere:
 * `bjkj` finds 北京科技…).
 *
 * Each way of matching is served by an index of its own, which works under any database
 * collation: names and initials through the customers' search index (name bigrams, as most name
 * parts are two characters, which trigrams cannot serve; the initials' own grams), numbers through their trigram index, legacy numbers
 * and the full pinyin by prefix through `text_pattern_ops` btrees, contacts' names and e-mails
 * through their bigram index, and contacts' phones through the trigrams of the digits each
 * customer carries of them (contact_phone_digits).
 * Testing the branches per customer instead (an OR with EXISTS, or with `id = any(array)` as a
 * filter, which PostgreSQL compares element by element) cost up to seconds at a million
 * customers when a common contact name or four phone digits matched thousands; the list does it
 * only while walking a sort order for a page of a search with many matches (searchPageIds).
 */
export interface CustomerSearch {
  /**
   * Conditions on customers, each served by an index of its own (read each as a SELECT of its
   * own); `plain`: the same condition without the grams that lead to the search index, for
   * customers read through another index (a salesperson's own, see searchBranches).
   */
  customerBranches: CustomerBranch[];
  /** The condition on contacts (their names and e-mails), served by their bigram and trigram indexes. */
  contactMatch: SQL;
  /** The whole search as a condition on one row of customers, with no kehu_bigrams call. */
  row: SQL;
  /** `row` in its two halves: the customer's own columns, and a lookup of its contacts. */
  ownColumns: SQL;
  contactOf: SQL;
}

/** A way of matching of the search box on the customers' own columns (see CustomerSearch.customerBranches). */
interface CustomerBranch {
  match: SQL;
  plain: SQL;
  /** The owner's index (customers_owner_idx) carries every column `plain` reads. */
  ownerIndexed: boolean;
}

/** The search box's text as the list matches it (see CustomerSearch); `pinyin`, `digits`: as the text implies unless given. */
export function searchOf(query: string, pinyin: string | null = pinyinQuery(query), digits: string | null = phoneSearchDigits(query)): CustomerSearch {
  const like = containsPattern(query);
  const anyCase = (column: PgColumn) => (hasCase(query) ? ilike(column, like) : sql`${column} like ${like}`);
  const name = anyCase(customers.name);
  // The contacts' phone digits, kept on the customer (migration 0043) and served by its own
  // trigram index: one heap page per match where a contact's and then its customer's were two.
  const phone = digits ? sql`${customers.contactPhoneDigits} like ${`%${digits}%`}` : undefined;
  // Not for text no number can contain (a name part): the number's index would be searched for nothing.
  const number = mayOccurInNumber(query) ? numberMatch(query) : undefined;
  // The number it had in the sheet it was imported from (CU2024001).
  const legacy = sql`${customers.legacyNumber} like ${`${escapeLike(query.toUpperCase())}%`}`;
  const fullPinyin = pinyin ? sql`${customers.namePinyin} like ${`${escapeLike(pinyin)}%`}` : undefined;
  const initials = pinyin && atLeastTwo(pinyin) ? sql`${customers.nameInitials} like ${`%${escapeLike(pinyin)}%`}` : undefined;
  // Each customer branch is a SELECT of its own: in one OR, PostgreSQL would recheck every row
  // found through any branch against all of them, calling kehu_bigrams per row (~20 µs), while
  // alone each bigram test is an index condition that needs no recheck. A row containing the
  // text has all its bigrams, so `row` leaves the bigram tests out.
  const customerBranches: CustomerBranch[] = [
    { match: and(name, atLeastTwo(query) ? nameHasGrams(query) : undefined) as SQL, plain: name, ownerIndexed: true },
    number && { ...number, ownerIndexed: true },
    { match: legacy, plain: legacy, ownerIndexed: true },
    fullPinyin && { match: fullPinyin, plain: fullPinyin, ownerIndexed: false },
    initials && pinyin ? { match: and(initials, initialsHaveGrams(pinyin)) as SQL, plain: initials, ownerIndexed: true } : undefined,
    phone && { match: phone, plain: phone, ownerIndexed: false },
  ].filter((branch) => branch !== undefined);
  const contactText = or(anyCase(contacts.name), sql`lower(${contacts.email}) like ${like.toLowerCase()}`);
  // LIKE before the bigram test in each AND: rows found through another branch of the OR are
  // filtered by all of it, and kehu_bigrams costs a function call per row where LIKE fails fast.
  const contactWords = and(contactText, hasGrams(contactGrams, query)) as SQL;
  // Per row, without the index's lower(email) where case cannot matter (as anyCase).
  const email = hasCase(query) ? sql`lower(${contacts.email}) like ${like.toLowerCase()}` : sql`${contacts.email} like ${like}`;
  // `offset 0`: tested per customer through contacts_customer_idx. Without it PostgreSQL may turn
  // the EXISTS into one hashed set of every matching contact — a scan of the whole contacts table
  // in a walk that tests a few hundred customers (it costs the subplan for the walk's rows before
  // its LIMIT).
  const contactOf = sql`exists (select 1 from ${contacts} where ${contacts.customerId} = ${customers.id} and ${contacts.deletedAt} is null and (${or(anyCase(contacts.name), email)}) offset 0)`;
  // The customer's own columns first: OR stops at the first that holds, and the contacts cost an index lookup.
  const ownColumns = or(name, number?.plain, legacy, fullPinyin, initials, phone) as SQL;
  // Rendered once each: a search's statements repeat them in every branch and walk of the scope's parts.
  const [own, contactsOf, words] = [ownColumns, contactOf, contactWords].map(renderedOnce) as [SQL, SQL, SQL];
  return {
    customerBranches: customerBranches.map((b) => ({ match: renderedOnce(b.match), plain: renderedOnce(b.plain), ownerIndexed: b.ownerIndexed })),
    contactMatch: words,
    row: or(own, contactsOf) as SQL,
    ownColumns: own,
    contactOf: contactsOf,
  };
}

/** The customers the search box matches, all of them (the export's and bulk operations' filter; the list reads a page, see searchPageIds). */
export function searchFilter(query: string, pinyin: string | null, digits: string | null): SQL {
  // Inside the subquery "customers" is the subquery's own table (SQL scoping), outside the list's.
  // `= any(array(…))` rather than `in (…)`: the ids are then looked up by primary key however
  // many PostgreSQL expects (it overestimates phone-digit matches twentyfold and then read all
  // customers to hash-join them).
  return sql`${customers.id} = any(array(${searchMatches(query, pinyin, digits)}))`;
}

/** The ids of the customers the search box matches (see searchFilter), as one SELECT. */
export function searchMatches(query: string, pinyin: string | null, digits: string | null): SQL {
  const search = searchOf(query, pinyin, digits);
  return sql`${sql.join(
    search.customerBranches.map(({ match }) => sql`select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${match}`),
    sql` union `,
  )}
    union
    select ${contacts.customerId} from ${contacts} where ${contacts.deletedAt} is null and (${search.contactMatch})`;
}

/** The expression of the numbers' trigram index (migration 0041): the number without the separators a numbering pattern may contain. */
const numberJoined = sql`translate(${customers.number}, '-_/', '')`;

/**
 * The number box part: the start of a number, or from three characters any part of it
 * (`MANU-006` finds 2024-MANU-006). Shorter fragments stay prefixes: "any number containing 06"
 * finds little anyone looks for. `match` is served by the numbers' trigram index, which unlike
 * a btree serves a prefix under any collation too; it is on the number without separators, so a
 * fragment's trigrams span its parts (`6IT`, `IT7`: 2026-IT-76 read as the words 2026, IT and 76
 * cost 47 ms of GIN at a million customers, joined 4), and the number itself is tested after.
 * `plain` is the number alone, past every index (`|| ''`): within a salesperson's own customers
 * the owner's index reads their numbers (4,770 in ~3 ms). Undefined for separators alone, which
 * every number has.
 */
function numberMatch(query: string): { match: SQL; plain: SQL } | undefined {
  const upper = query.toUpperCase();
  const joined = upper.replace(/[-_/]/g, '');
  if (!joined) return undefined;
  const pattern = (text: string) => ([...query].length >= 3 ? `%${escapeLike(text)}%` : `${escapeLike(text)}%`);
  const exact = (number: SQL | PgColumn) => sql`${number} like ${pattern(upper)}`;
  return { match: sql`${numberJoined} like ${pattern(joined)} and ${exact(customers.number)}`, plain: exact(sql`(${customers.number} || '')`) };
}

export function hasTag(tagId: string): SQL {
  return sql`exists (select 1 from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${customerTags.tagId} = ${tagId})`;
}

/** Has every one of the tags (`all`) or at least one (`any`). */
export function hasTags(tagIds: string[], match: 'any' | 'all'): SQL {
  const ids = sql`array[${sql.join(tagIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
  return match === 'any'
    ? sql`exists (select 1 from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${customerTags.tagId} = any(${ids}))`
    : sql`(select count(*) from ${customerTags} where ${customerTags.customerId} = ${customers.id} and ${customerTags.tagId} = any(${ids})) = ${new Set(tagIds).size}`;
}

/** In the department or any department below it. */
export function inDepartmentTree(departmentId: string): SQL {
  return sql`${customers.departmentId} in (${departmentSubtreeIds(departmentId)})`;
}

/** Midnight starting `date` (YYYY-MM-DD) in the business time zone, computed by PostgreSQL. */
export function dayStart(date: string, timeZone: string, plusDays = 0): SQL {
  return sql`((${date}::date + ${plusDays}::int)::timestamp at time zone ${timeZone})`;
}

/** Of the customers `ids`, those `viewer` sees (not merged away). */
export async function visibleCustomerIds(db: DbOrTx, viewer: Viewer, ids: string[]): Promise<Set<string>> {
  const rows = await listCustomers(db, { among: viewer, filters: [sql`${customers.id} in ${ids}`], sort: { column: customers.createdAt, type: 'timestamptz', direction: 'desc' }, cursor: undefined, limit: ids.length });
  return new Set(rows.map((r) => r.customer.id));
}

/** The customer as `viewer` sees it (UNSCOPED: also deleted and merged-away ones). */
export async function findCustomer(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<CustomerRow | null> {
  const query = base(db)
    .where(and(eq(customers.id, id), viewerScope(viewer, customerScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: customers }) : query);
  return row ?? null;
}

/** A customer merged into another, if it was in the actor's scope (its tombstone is deleted). */
export async function findMergedCustomer(db: DbOrTx, id: string, actor: Actor): Promise<CustomerRow | null> {
  const [row] = await base(db)
    .where(and(eq(customers.id, id), isNotNull(customers.mergedIntoId), scopeWhere(actor, { ...customerScope, deletedAt: undefined })))
    .limit(1);
  return row ?? null;
}

/** Tags and collaborators of a page of customers, in two queries rather than one per row. */
export async function relationsOf(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return { tags: new Map<string, { id: string; name: string; color: string }[]>(), collaborators: new Map<string, string[]>() };
  const tagRows = await db
    .select({ customerId: customerTags.customerId, id: tags.id, name: tags.name, color: tags.color })
    .from(customerTags)
    .innerJoin(tags, eq(tags.id, customerTags.tagId))
    .where(inArray(customerTags.customerId, ids))
    .orderBy(tags.name);
  const collabRows = await db.select().from(customerCollaborators).where(inArray(customerCollaborators.customerId, ids)).orderBy(customerCollaborators.userId);
  const tagMap = new Map<string, { id: string; name: string; color: string }[]>();
  for (const r of tagRows) tagMap.set(r.customerId, [...(tagMap.get(r.customerId) ?? []), { id: r.id, name: r.name, color: r.color }]);
  const collabMap = new Map<string, string[]>();
  for (const r of collabRows) collabMap.set(r.customerId, [...(collabMap.get(r.customerId) ?? []), r.userId]);
  return { tags: tagMap, collaborators: collabMap };
}

/** A stored customer, and the columns a customer write may set. */
export type CustomerRecord = typeof customers.$inferSelect;
export type CustomerValues = Partial<typeof customers.$inferInsert>;

export async function insertCustomer(db: DbOrTx, values: typeof customers.$inferInsert): Promise<string> {
  const [row] = await db.insert(customers).values(values).returning({ id: customers.id });
  if (!row) throw new Error('customer insert returned nothing');
  return row.id;
}

export async function updateCustomer(db: DbOrTx, id: string, version: number, values: Partial<typeof customers.$inferInsert>) {
  const rows = await db
    .update(customers)
    .set({ ...values, version: sql`${customers.version} + 1` })
    .where(and(eq(customers.id, id), eq(customers.version, version), isNull(customers.deletedAt)))
    .returning({ id: customers.id });
  return rows.length === 1;
}

/** Soft delete: the customer disappears from lists and searches and can be restored by an admin. */
export async function softDeleteCustomer(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(customers).set({ deletedAt: at, updatedAt: at }).where(eq(customers.id, id));
}

export async function setTags(db: DbOrTx, customerId: string, tagIds: string[]) {
  await db.delete(customerTags).where(eq(customerTags.customerId, customerId));
  if (tagIds.length) await db.insert(customerTags).values(tagIds.map((tagId) => ({ customerId, tagId })));
}

export async function setCollaborators(db: DbOrTx, customerId: string, userIds: string[]) {
  await db.delete(customerCollaborators).where(eq(customerCollaborators.customerId, customerId));
  if (userIds.length) await db.insert(customerCollaborators).values(userIds.map((userId) => ({ customerId, userId })));
}

export async function existingTags(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: tags.id }).from(tags).where(inArray(tags.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function activeIndustry(db: DbOrTx, code: string): Promise<boolean> {
  const [row] = await db.select({ code: industries.code }).from(industries).where(and(eq(industries.code, code), eq(industries.active, true))).limit(1);
  return !!row;
}

export async function numberTaken(db: DbOrTx, number: string): Promise<boolean> {
  const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.number, number)).limit(1);
  return !!row;
}

export interface DuplicateProbe {
  nameKey: string | null;
  creditCode: string | null;
  phone: string | null;
  email: string | null;
  excludeId: string | null;
}

/**
 * Every live customer that may be the same as the probe: same credit code, same or similar
 * name key (trigram similarity, served by customers_name_key_trgm_idx), or a contact with the
 * same phone or e-mail. Scoring and scope are applied by the caller.
 */
export async function duplicateCandidates(db: DbOrTx, probe: DuplicateProbe, limit = 20) {
  const conditions: SQL[] = [];
  if (probe.creditCode) conditions.push(eq(customers.creditCode, probe.creditCode));
  if (probe.nameKey) conditions.push(sql`${customers.nameKey} = ${probe.nameKey}`, sql`${customers.nameKey} % ${probe.nameKey}`);
  // The contacts are looked up first and joined by id: PostgreSQL has no statistics for one
  // value inside a phones array, and with its default guess it chose to walk every customer.
  if (probe.phone) {
    conditions.push(sql`${customers.id} = any(array(select ${contacts.customerId} from ${contacts} where ${contacts.phones} @> array[${probe.phone}]::text[] and ${contacts.deletedAt} is null))`);
  }
  if (probe.email) {
    conditions.push(sql`${customers.id} = any(array(select ${contacts.customerId} from ${contacts} where lower(${contacts.email}) = ${probe.email} and ${contacts.deletedAt} is null))`);
  }
  if (conditions.length === 0) return [];
  return db
    .select({
      id: customers.id,
      number: customers.number,
      name: customers.name,
      nameKey: customers.nameKey,
      creditCode: customers.creditCode,
      ownerId: customers.ownerId,
      departmentId: customers.departmentId,
      ownerName: users.displayName,
      phoneMatch: probe.phone
        ? sql<boolean>`exists (select 1 from ${contacts} where ${contacts.customerId} = ${customers.id} and ${contacts.phones} @> array[${probe.phone}]::text[] and ${contacts.deletedAt} is null)`
        : sql<boolean>`false`,
      emailMatch: probe.email
        ? sql<boolean>`exists (select 1 from ${contacts} where ${contacts.customerId} = ${customers.id} and lower(${contacts.email}) = ${probe.email} and ${contacts.deletedAt} is null)`
        : sql<boolean>`false`,
    })
    .from(customers)
    .leftJoin(users, eq(users.id, customers.ownerId))
    .where(and(isNull(customers.deletedAt), isNull(customers.mergedIntoId), probe.excludeId ? sql`${customers.id} <> ${probe.excludeId}` : undefined, or(...conditions)))
    .limit(limit);
}

/** Owned customers past the cadence of their grade (pool customers are nobody's to follow up). */
export function customerNeedsFollowUp(now: Date): SQL {
  return sql`(${customers.ownerId} is not null and ${pastCadence({ last: customers.lastFollowUpAt, since: customers.createdAt, grade: customers.grade }, now)})`;
}


/**
 * The caller's scope in parts for this list (see listCustomers), if each part can be read in
 * the list's order or is small enough to sort whole. A search is always read in parts (see
 * searchPageIds): the scope's, or else one part, the whole scope walked through the sort order's
 * own index (each sort order has one; scope `all` is then that index).
 */
function listParts(actor: Actor, query: CustomerListQuery, scope: SQL | undefined): ListPart[] | undefined {
  const sortColumn = customerSortKey(query.sort).column;
  // Everyone's customers are walked through the sort order's own index (partial on deleted_at), which carries the key and the id.
  const whole: ListPart = { where: scope ?? sql`true`, orderedBy: [sortColumn], covered: actor.dataScope === 'all' };
  const parts: ListPart[] | undefined = query.q && actor.dataScope === 'all' ? [whole] : scopeParts(actor, customerScope);
  if (parts?.every((p) => p.few || p.orderedBy.includes(sortColumn))) return parts;
  return query.q ? [whole] : undefined;
}

/** The customer list's sort orders (the pool and the export sort alike). */
export function customerSortKey(sort: string): SortKey {
  return sortKey(sort, {
    createdAt: { column: customers.createdAt, type: 'timestamptz' },
    updatedAt: { column: customers.updatedAt, type: 'timestamptz' },
    name: { column: customers.name, type: 'text' },
    number: { column: customers.number, type: 'text' },
  });
}

/** The query of a customer list page (the customer list's, the pool's). */
export type CustomerListQuery = z.infer<typeof listCustomersQuery>;

/**
 * One page of customers matching the query (list rows with their tags) among those `among`
 * selects: those a viewer sees — read in the parts of the viewer's scope where that suits the
 * list (listParts) — or the pool; with `exactUpTo`, the list's total as well (countCustomerList;
 * a search's from what its page read, see searchMatchesFirst).
 */
export async function listCustomerPage(db: DbOrTx, opts: ListRequest & { exactUpTo?: number }): Promise<{ rows: CustomerPageRow[]; total?: ListTotal }> {
  const { query, now, exactUpTo } = opts;
  const sort = customerSortKey(query.sort);
  const actor = opts.among === 'pool' || opts.among === UNSCOPED ? undefined : opts.among;
  // A search of the pool walks the sort order's index through it when it finds many (searchPageIds).
  const pool: ListPart[] | undefined = opts.among === 'pool' && query.q ? [{ where: inPool() as SQL, orderedBy: [sort.column] }] : undefined;
  const visibleParts = actor ? listParts(actor, query, scopeWhere(actor, customerScope)) : pool;
  // With parts, the search is read for all of them at once (listCustomers).
  const search = visibleParts && query.q ? searchOf(query.q) : undefined;
  const filters = customerFilterConditions(search ? { ...query, q: undefined } : query, now, opts.timeZone);
  const parts = noFollowUpParts(query, sort.column, now, visibleParts);
  const list: ListOptions & { withRelations: true } = { among: visibleParts ? 'parts' : opts.among, filters, sort, cursor: query.cursor, limit: query.limit, parts, withRelations: true };
  if (!search || !query.q) {
    // Filters an index reads (customers_industry_idx, _region_idx, _source_channel_idx, the tags').
    const fewFirst = !!(query.industryCode || query.region || query.sourceChannel || query.tagId || query.tagIds?.length);
    const [rows, total] = await Promise.all([listCustomers(db, { ...list, fewFirst, fewAmong: taggedAmong(query) }), exactUpTo === undefined ? undefined : countCustomerList(db, { ...opts, exactUpTo })]);
    return { rows, total };
  }
  const where = renderedOnce(searchWhere(opts) as SQL);
  const [many, manyContacts] = await Promise.all([expectedManyMatches(db, query.q, where), expectedManyContacts(db, search)]);
  const contacts = manyContacts !== undefined && manyContacts >= KNOWN_MANY * CONTACT_SET_BOUND ? 'many' : undefined;
  const read = await readCustomers(db, { ...list, search, manyMatches: many !== undefined || manyContacts !== undefined, contacts });
  const rows = read.rows as Promise<CustomerPageRow[]>;
  if (exactUpTo === undefined) return { rows: await rows };
  // A search is counted exactly up to MATCH_BOUND matches, as far as its page reads them: each
  // match counted costs a visit of its row (~8 µs at a million customers), so counting to 10,000
  // took 45–85 ms, more than the page.
  const upTo = Math.min(exactUpTo, MATCH_BOUND);
  if (many !== undefined) return { rows: await rows, total: uncountedTotal(many, upTo) };
  if (read.matches?.complete && read.matches.count <= upTo) return { rows: await rows, total: { total: read.matches.count, totalIsEstimate: false } };
  const [page, estimate] = await Promise.all([rows, searchEstimate(db, search, where)]);
  return { rows: page, total: { total: estimatedTotal(estimate, upTo), totalIsEstimate: true } };
}

/** What a customer list page is asked for (listCustomerPage). */
interface ListRequest {
  among: Viewer | 'pool';
  query: CustomerListQuery;
  now: Date;
  timeZone: string;
}

/** The customers a search of a list looks among: scope or pool, and the other filters. */
function searchWhere(opts: ListRequest): SQL | undefined {
  return and(amongWhere(opts.among), isNull(customers.deletedAt), ...customerFilterConditions({ ...opts.query, q: undefined }, opts.now, opts.timeZone));
}

/**
 * Above how many expected matches in the table a search neither reads its matches to choose
 * between them and walking the sort order, nor counts them. Within a manager's departments at a
 * million customers 技术 (in 5 % of the names) read 15,000 rows to find 3,001 matches in scope
 * (40 ms) before it walked for its page (3 ms), and again for the count.
 */
const MANY_MATCHES = 2 * MATCH_BOUND;

/**
 * How many customers within `where` a search is expected to match by name or pinyin initials,
 * when the statistics expect more than MANY_MATCHES in the table and `where` holds more than
 * MANY_MATCHES customers: their share (nameGramShare) times the planner's estimate of the rows
 * within `where`. Reading the matches costs what the whole table has (the word's index knows no
 * scope), walking passes about page ÷ share customers: a manager's 机械 (6 % of the names) at
 * 100,000 read 12,600 matches for the 517 in the departments, 14 ms warm and 282 ms right after
 * an import on PostgreSQL 15's 128 MB of shared buffers (evicting the import's dirty pages to
 * read them), where a walk passes ~350. Undefined otherwise: a name part the statistics do not
 * count among the common ones, or a scope as small as a salesperson's (their index then finds
 * the matches among them, and the total is counted exactly).
 */
async function expectedManyMatches(db: DbOrTx, text: string, where: SQL | undefined): Promise<number | undefined> {
  const { share, rows } = await nameGramShare(db, text, pinyinQuery(text));
  if (share * rows <= MANY_MATCHES) return undefined;
  const inScope = Math.min(rows, await expectedRows(db, where));
  return inScope > MANY_MATCHES ? share * inScope : undefined;
}

/** The total given for a search expected to match `expected` (expectedManyMatches), uncounted: an estimate, above `exactUpTo` or not. */
function uncountedTotal(expected: number, exactUpTo: number): ListTotal {
  return { total: expected > exactUpTo ? estimatedTotal(expected, exactUpTo) : roundEstimate(expected), totalIsEstimate: true };
}

/**
 * How many contacts in the whole table a search is expected to match by name or e-mail, when
 * that is KNOWN_MANY times MATCH_BOUND or more: the planner's estimate, which it takes from the
 * columns' statistics and gets about right for these LIKE conditions (40,404 e-mails with `wang`
 * at a million customers, 38,834 there). Such a search walks at once: reading its contacts'
 * matches only to find them past the bound cost all of them (a bitmap of the trigram index's
 * every match, 28 ms there). Undefined otherwise; two characters carry their bigram test, which
 * PostgreSQL prices at a small fixed share, so they are read (see searchMatchesFirst).
 */
export async function expectedManyContacts(db: DbOrTx, search: CustomerSearch): Promise<number | undefined> {
  const rows = await plannedRows(db, sql`select 1 from ${contacts} where ${contacts.deletedAt} is null and (${search.contactMatch})`);
  return rows !== undefined && rows >= KNOWN_MANY * MATCH_BOUND ? rows : undefined;
}

/**
 * For a list filtered by tags and by industry, region or source channel: the customers with
 * any of the tags and that value, found from the two indexes alone (the tags' by tag and
 * customer, the column's by value and id), merged by id. Every match of the filters is among
 * them. Reading the column's matches instead to test scope and tags read each of their rows: an
 * industry within a manager's departments at a million customers, 25,000 rows on 8,000 heap
 * pages for 261 matches (44 ms against 17).
 */
export function taggedAmong(query: CustomerFilters): SQL | undefined {
  const tagIds = [...(query.tagIds ?? []), ...(query.tagId ? [query.tagId] : [])];
  const column = query.industryCode
    ? eq(customers.industryCode, query.industryCode)
    : query.region
      ? eq(customers.region, query.region)
      : query.sourceChannel
        ? eq(customers.sourceChannel, query.sourceChannel)
        : undefined;
  if (!tagIds.length || !column) return undefined;
  // One tag by equality: its index then gives the customers in id order, as the column's index
  // does, and PostgreSQL merges the two (7 ms for 47,697 tagged and 25,324 of an industry at a
  // million customers) rather than hashing one (24 ms), which it does for `= any(…)`.
  const tagged = tagIds.length === 1 ? sql`= ${tagIds[0]}::uuid` : sql`= any(array[${sql.join(tagIds.map((id) => sql`${id}`), sql`, `)}]::uuid[])`;
  // Inside the subquery "customers" is its own table (SQL scoping); `deleted_at is null` for the partial index.
  return sql`${customers.id} = any(array(select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${column} and ${customers.id} in (select ${customerTags.customerId} from ${customerTags} where ${customerTags.tagId} ${tagged})))`;
}

/**
 * The total of a customer list read without a search of its own (listCustomerPage): the same
 * scope, pool and filters, a search (of a list not read in parts) as one condition, without
 * cursor, order and limit. A search is counted exactly up to MATCH_BOUND matches (see
 * listCustomerPage); one the statistics say matches many more (expectedManyMatches) is not
 * counted at all.
 */
async function countCustomerList(db: DbOrTx, opts: ListRequest & { exactUpTo: number }): Promise<ListTotal> {
  if (opts.query.q) {
    const where = searchWhere(opts);
    const many = await expectedManyMatches(db, opts.query.q, where);
    if (many !== undefined) return uncountedTotal(many, Math.min(opts.exactUpTo, MATCH_BOUND));
    return countSearch(db, searchOf(opts.query.q), where, Math.min(opts.exactUpTo, MATCH_BOUND));
  }
  const filters = [isNull(customers.deletedAt), ...customerFilterConditions(opts.query, opts.now, opts.timeZone)];
  const parts = opts.among === 'pool' || opts.among === UNSCOPED ? undefined : scopeParts(opts.among, customerScope);
  if (parts?.every((p) => p.few)) {
    // One's own customers and the few one collaborates on, each counted through its own index:
    // the owner's index carries the filter columns, so a salesperson's count reads it alone,
    // where the OR of both made PostgreSQL read the heap page of each of their customers (one
    // per page, ~4,800 at a million customers: 11–20 ms). UNION, as one may collaborate on a
    // customer one owns.
    const matching = sql.join(parts.map((p) => sql`(${db.select({ id: customers.id }).from(customers).where(and(p.where, ...filters))})`), sql` union `);
    return countTotal(db, matching, opts.exactUpTo);
  }
  return countTotal(db, db.select({ id: customers.id }).from(customers).where(and(amongWhere(opts.among), ...filters)), opts.exactUpTo);
}

/**
 * The total of a search within `where` (scope and filters), at bounded cost: each way of matching
 * (searchOf) is read through its own index up to `exactUpTo` + 1 rows, within `where` — the
 * contacts' by their own indexes, then their customers by primary key. When none reaches the
 * bound, their union is every match, counted exactly; when one does, the matches are many and
 * the planner's estimate of the whole search within `where` is given, never below the bound.
 * (Counting the search as one condition, `id = any(array(…))`, collected every match in the
 * table and then tested each against scope and filters: a search's cost doubled.)
 */
async function countSearch(db: DbOrTx, search: CustomerSearch, where: SQL | undefined, exactUpTo: number): Promise<ListTotal> {
  const cap = exactUpTo + 1;
  const branches = search.customerBranches.map(({ match }, i) => ({
    name: sql.raw(`b${i}`),
    body: sql`select ${customers.id} as id from ${customers} where ${and(isNull(customers.deletedAt), where, match)} limit ${cap}`,
  }));
  const contactIds = sql.raw('bc');
  const counts = [...branches.map((b) => b.name), contactIds].map((b) => sql`(select count(*) from ${b})`);
  const ctes = sql.join(
    [
      ...branches.map((b) => sql`${b.name} as materialized (${b.body})`),
      sql`${contactIds} as materialized (select ${contacts.customerId} as id from ${contacts} where ${contacts.deletedAt} is null and (${search.contactMatch}) limit ${cap})`,
      sql`done as materialized (select greatest(${sql.join(counts, sql`, `)}) < ${cap} as complete)`,
    ],
    sql`, `,
  );
  // The union only when complete (a one-time filter: nothing of it runs otherwise).
  const found = sql.join(
    [
      ...branches.map((b) => sql`select id from ${b.name}`),
      sql`select ${customers.id} as id from ${customers} where ${customers.id} = any(array(select id from ${contactIds})) and ${and(isNull(customers.deletedAt), where) as SQL}`,
    ],
    sql` union `,
  );
  const res = await db.execute<{ complete: boolean; n: number | null }>(
    sql`with ${ctes} select (select complete from done) as complete, (select count(*)::int from (${found}) u where (select complete from done)) as n`,
  );
  const row = res.rows[0];
  const n = Number(row?.n ?? 0);
  if (row?.complete && n <= exactUpTo) return { total: n, totalIsEstimate: false };
  return { total: estimatedTotal(await searchEstimate(db, search, where), exactUpTo), totalIsEstimate: true };
}

/** The planner's estimate of how many customers within `where` a search matches (the search as one condition per row). */
async function searchEstimate(db: DbOrTx, search: CustomerSearch, where: SQL | undefined): Promise<number> {
  return (await plannedRows(db, sql`select ${customers.id} from ${customers} where ${and(isNull(customers.deletedAt), where, search.row)}`)) ?? 0;
}

/** Start of the "no follow-up for N days" window: a customer is in the filter if its last follow-up (or creation) is before it. */
function noFollowUpSince(days: number, now: Date): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * The parts to read the list in (see listCustomers): the scope's parts, or for "no follow-up
 * for N days" without a search, the filter split by where its matches lie in the sort order —
 * by last update (staleFirstParts, not with scope parts, whose indexes are in order of creation),
 * or by creation in either direction (followedUpBeforeCreatedParts, within each scope part that
 * is read in order of creation; the few unordered ones are read whole anyway).
 */
function noFollowUpParts(query: CustomerListQuery, sortColumn: SortKey['column'], now: Date, visibleParts: ListPart[] | undefined): ListPart[] | undefined {
  if (!query.noFollowUpDays || query.q) return visibleParts;
  const since = noFollowUpSince(query.noFollowUpDays, now);
  if (sortColumn === customers.createdAt) {
    const [before, after] = followedUpBeforeCreatedParts(since);
    if (!visibleParts) return [before, after];
    // Each part read in order of creation is read from `since` on; those created since, for all
    // of them together, from the partial index by id (with the owner's or department's index
    // at hand, PostgreSQL would rather walk it through every customer created since, its
    // estimate for the predicate being a third of all rows), and sorted whole: none in normal data.
    const ordered = visibleParts.filter((part) => part.orderedBy.includes(customers.createdAt));
    if (ordered.length === 0) return visibleParts;
    const inIndex = sql`${customers.id} = any(array(select ${customers.id} from ${customers} where ${customers.deletedAt} is null and ${after.where}))`;
    return [
      ...visibleParts.map((part) => (ordered.includes(part) ? { where: and(part.where, before.where) as SQL, orderedBy: part.orderedBy } : part)),
      { where: and(or(...ordered.map((part) => part.where)), after.where, inIndex) as SQL, orderedBy: [] },
    ];
  }
  if (query.sort === '-updatedAt' && !visibleParts) return staleFirstParts(since);
  return visibleParts;
}

/**
 * "No follow-up since `since`, in order of creation": walking customers_created_idx (or an owner's
 * or department's index) from the newest passed every customer created since `since` (~27,000 of
 * 1M for 30 days) before the first match, since one created then matches only if it was followed
 * up before its creation (and before `since`). Split instead into those created before `since`,
 * read through the creation index from there (those followed up since are still filtered out),
 * and those created since `since` with their last follow-up before their creation, which the
 * partial index customers_followed_up_before_created_idx of migration 0018 holds (empty in
 * normal data). The two parts are disjoint, and together hold every match, whatever the data: a
 * match created at or after `since` has a last follow-up before `since`, so before its creation.
 * The second part's condition repeats the index predicate (with `deleted_at is null`, which
 * every scope and the pool carry) so that PostgreSQL can use the index.
 */
function followedUpBeforeCreatedParts(since: Date): [ListPart, ListPart] {
  const bound = sql`${since.toISOString()}::timestamptz`;
  return [
    { where: sql`${customers.createdAt} < ${bound}`, orderedBy: [customers.createdAt] },
    { where: sql`${customers.createdAt} >= ${bound} and ${customers.lastFollowUpAt} < ${customers.createdAt}`, orderedBy: [customers.createdAt] },
  ];
}

/**
 * How long after its last follow-up (or creation) a customer may be changed and still count as
 * changed with it; the predicate of customers_touched_since_follow_up_idx (migration 0017), which
 * the condition must repeat exactly for PostgreSQL to use the index.
 */
const TOUCHED_AFTER = { sql: sql.raw(`interval '1 hour'`), ms: 3_600_000 };

/**
 * "No follow-up since `since`, last updated first": the most recently updated customers are the
 * ones just followed up, so walking customers_updated_idx from the newest passed every customer
 * updated since `since` (~100,000 of 1M) before the first match. Split instead into those
 * changed more than an hour after their last follow-up (or creation), which the small partial
 * index customers_touched_since_follow_up_idx of migration 0017 holds in update order, and all
 * others, whose last update is then at most an hour after `since`: customers_updated_idx read
 * from there. The two parts are disjoint and together all customers, whatever the data.
 */
function staleFirstParts(since: Date): ListPart[] {
  const lag = sql`(${customers.updatedAt} - coalesce(${customers.lastFollowUpAt}, ${customers.createdAt}))`;
  const lastUpdateBound = new Date(since.getTime() + TOUCHED_AFTER.ms);
  return [
    { where: sql`${lag} > ${TOUCHED_AFTER.sql}`, orderedBy: [customers.updatedAt] },
    { where: sql`${lag} <= ${TOUCHED_AFTER.sql} and ${customers.updatedAt} < ${lastUpdateBound.toISOString()}::timestamptz`, orderedBy: [customers.updatedAt] },
  ];
}

/**
 * The list filters as SQL conditions: the list, the pool and the export all filter alike.
 * Day bounds are whole days in the business time zone; "no follow-up for N days" counts from
 * creation for a customer never followed up.
 */
export function customerFilterConditions(f: CustomerFilters, now: Date, timeZone: string): (SQL | undefined)[] {
  const tagIds = [...(f.tagIds ?? []), ...(f.tagId ? [f.tagId] : [])];
  return [
    f.q ? searchFilter(f.q, pinyinQuery(f.q), phoneSearchDigits(f.q)) : undefined,
    f.kind ? eq(customers.kind, f.kind) : undefined,
    f.stage ? eq(customers.stage, f.stage) : undefined,
    f.grade ? eq(customers.grade, f.grade) : undefined,
    f.industryCode ? eq(customers.industryCode, f.industryCode) : undefined,
    f.region ? eq(customers.region, f.region) : undefined,
    f.sourceChannel ? eq(customers.sourceChannel, f.sourceChannel) : undefined,
    f.ownerId ? eq(customers.ownerId, f.ownerId) : undefined,
    f.departmentId ? inDepartmentTree(f.departmentId) : undefined,
    tagIds.length ? hasTags(tagIds, f.tagIds?.length ? f.tagMatch : 'any') : undefined,
    f.createdFrom ? sql`${customers.createdAt} >= ${dayStart(f.createdFrom, timeZone)}` : undefined,
    f.createdTo ? sql`${customers.createdAt} < ${dayStart(f.createdTo, timeZone, 1)}` : undefined,
    f.lastFollowUpFrom ? sql`${customers.lastFollowUpAt} >= ${dayStart(f.lastFollowUpFrom, timeZone)}` : undefined,
    f.lastFollowUpTo ? sql`${customers.lastFollowUpAt} < ${dayStart(f.lastFollowUpTo, timeZone, 1)}` : undefined,
    f.noFollowUpDays
      ? sql`coalesce(${customers.lastFollowUpAt}, ${customers.createdAt}) < ${noFollowUpSince(f.noFollowUpDays, now).toISOString()}::timestamptz`
      : undefined,
    f.needsFollowUp ? customerNeedsFollowUp(now) : undefined,
    f.rfmClass ? inRfmClasses([f.rfmClass]) : undefined,
  ];
}

/**
 * Records the campaign that first brought the customer (first touch), unless one is recorded
 * already: lead conversion calls it inside its transaction. Says whether it was set.
 */
export async function recordFirstTouchCampaign(db: DbOrTx, customerId: string, campaignId: string): Promise<boolean> {
  const set = await db
    .update(customers)
    .set({ campaignId })
    .where(and(eq(customers.id, customerId), isNull(customers.campaignId)))
    .returning({ id: customers.id });
  return set.length > 0;
}
