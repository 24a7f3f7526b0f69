import { and, asc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaigns, contacts, customers, opportunities, opportunityItems, opportunityStageChanges, pipelineStages, users } from '../../db/schema/index.ts';
import { departmentSubtreeIds } from '../../platform/access/actors.queries.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { customersNamedLike, expectedThroughCustomerNames, THROUGH_CUSTOMER_NAMES_CAP } from '../customers/index.ts';
import type { CappedBranch } from '../../platform/search/candidates.ts';

const owner = alias(users, 'opportunity_owner');

/**
 * 商机: deals with one customer, owned by a salesperson and filed under the owner's department,
 * which is what data scopes match (like customers).
 */
export const opportunityScope = ownerDepartmentRule(opportunities.ownerId, opportunities.departmentId, opportunities.deletedAt);

export type StageRow = typeof pipelineStages.$inferSelect;
/** The columns a stage edit sets. */
export type StageValues = Partial<typeof pipelineStages.$inferInsert>;
/** The columns an opportunity edit sets. */
export type OpportunityValues = Partial<typeof opportunities.$inferInsert>;

// ------------------------------------------------------------------------------------------
// Stages

export async function listStages(db: DbOrTx): Promise<StageRow[]> {
  return db.select().from(pipelineStages).orderBy(asc(pipelineStages.sortOrder), asc(pipelineStages.key));
}

export async function findStage(db: DbOrTx, id: string): Promise<StageRow | null> {
  const [row] = await db.select().from(pipelineStages).where(eq(pipelineStages.id, id)).limit(1);
  return row ?? null;
}

export async function insertStage(db: DbOrTx, values: typeof pipelineStages.$inferInsert): Promise<void> {
  await db.insert(pipelineStages).values(values);
}

export async function updateStage(db: DbOrTx, id: string, version: number, values: StageValues): Promise<boolean> {
  const rows = await db
    .update(pipelineStages)
    .set({ ...values, version: sql`${pipelineStages.version} + 1` })
    .where(and(eq(pipelineStages.id, id), eq(pipelineStages.version, version)))
    .returning({ id: pipelineStages.id });
  return rows.length === 1;
}

export async function opportunitiesInStage(db: DbOrTx, stageId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(opportunities)
    .where(and(eq(opportunities.stageId, stageId), isNull(opportunities.deletedAt)));
  return row?.n ?? 0;
}

// ------------------------------------------------------------------------------------------
// Opportunities

/** 来源活动: the name of the campaign the deal came from. */
const campaignNameOf = sql<string | null>`(select ${campaigns.name} from ${campaigns} where ${campaigns.id} = ${opportunities.campaignId})`;

function selectOpportunity(db: DbOrTx) {
  return db
    .select({ o: opportunities, customerName: customers.name, contactName: contacts.name, ownerName: owner.displayName, stageKind: pipelineStages.kind, campaignName: campaignNameOf })
    .from(opportunities)
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .leftJoin(contacts, eq(contacts.id, opportunities.contactId))
    .leftJoin(owner, eq(owner.id, opportunities.ownerId));
}
export type OpportunityRow = Awaited<ReturnType<ReturnType<typeof selectOpportunity>['execute']>>[number];

/** A live opportunity as `viewer` sees it. */
export async function findOpportunity(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<OpportunityRow | null> {
  const query = selectOpportunity(db)
    .where(and(eq(opportunities.id, id), isNull(opportunities.deletedAt), viewerScope(viewer, opportunityScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: opportunities }) : query);
  return row ?? null;
}

export interface OpportunityFilters {
  ownerId?: string | undefined;
  departmentId?: string | undefined;
  /** The subtree of `departmentId`, read beforehand (see the service's `withDepartmentIds`): used instead of it. */
  departmentIds?: readonly string[] | undefined;
  q?: string | undefined;
  /** The ids `q` matches, when few (fewMatches of opportunitySearchBranches): read instead of testing `q` on every opportunity. */
  matchIds?: readonly string[] | undefined;
  customerId?: string | undefined;
  stageId?: string | undefined;
  status?: 'open' | 'won' | 'lost' | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
}

/**
 * The search's index-served branches (see fewMatches): the name through its bigrams (the global
 * search's migration repeats the expression), the customer's name through the customers'.
 */
export function opportunitySearchBranches(q: string): (SQL | CappedBranch)[] {
  const named = customersNamedLike(q);
  if (!named) return [];
  return [
    sql`select ${opportunities.id} from ${opportunities} where ${opportunities.deletedAt} is null and ${opportunities.name} ilike ${containsPattern(q)} and kehu_bigrams(${opportunities.name}) @> kehu_bigrams(${q})`,
    { select: sql`select ${opportunities.id} from ${opportunities} where ${opportunities.deletedAt} is null and ${opportunities.customerId} in (${named})`, cap: THROUGH_CUSTOMER_NAMES_CAP, expected: expectedThroughCustomerNames(q, opportunities) },
  ];
}

function filterWhere(f: OpportunityFilters): SQL | undefined {
  return and(
    f.ownerId ? eq(opportunities.ownerId, f.ownerId) : undefined,
    f.departmentIds ? inArray(opportunities.departmentId, [...f.departmentIds]) : f.departmentId ? sql`${opportunities.departmentId} in (${departmentSubtreeIds(f.departmentId)})` : undefined,
    f.matchIds ? inArray(opportunities.id, [...f.matchIds]) : f.q ? or(ilike(opportunities.name, containsPattern(f.q)), ilike(customers.name, containsPattern(f.q))) : undefined,
    f.customerId ? eq(opportunities.customerId, f.customerId) : undefined,
    f.stageId ? eq(opportunities.stageId, f.stageId) : undefined,
    f.status ? eq(pipelineStages.kind, f.status) : undefined,
    f.closeFrom ? gte(opportunities.expectedCloseDate, f.closeFrom) : undefined,
    f.closeTo ? sql`${opportunities.expectedCloseDate} <= ${f.closeTo}` : undefined,
  );
}

/** The `sort` parameter of the opportunity list (`-createdAt`, `amountFen`, …) as a sort key. */
export function opportunitySortKey(sort: string): SortKey {
  return sortKey(sort, {
    createdAt: { column: opportunities.createdAt, type: 'timestamptz' },
    updatedAt: { column: opportunities.updatedAt, type: 'timestamptz' },
    amountFen: { column: opportunities.amountFen, type: 'numeric' },
  });
}

/** The value of the sort column of a row, for the cursor of the next page. */
export function opportunitySortValue(sort: SortKey, r: OpportunityRow): unknown {
  return sort.column === opportunities.createdAt ? r.o.createdAt : sort.column === opportunities.updatedAt ? r.o.updatedAt : r.o.amountFen;
}

const opportunityListWhere = (viewer: Viewer, filters: OpportunityFilters) => and(isNull(opportunities.deletedAt), viewerScope(viewer, opportunityScope), filterWhere(filters));

export async function listOpportunities(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return selectOpportunity(db)
    .where(and(opportunityListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, opportunities.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, opportunities.id))
    .limit(opts.limit + 1);
}

/** The total of an opportunity list (listOpportunities without cursor, order and limit). */
export function countOpportunities(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectOpportunity(db).where(opportunityListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

export async function insertOpportunity(db: DbOrTx, values: typeof opportunities.$inferInsert): Promise<string> {
  const [row] = await db.insert(opportunities).values(values).returning({ id: opportunities.id });
  if (!row) throw new Error('opportunity insert returned nothing');
  return row.id;
}

export async function updateOpportunity(db: DbOrTx, id: string, version: number, values: OpportunityValues): Promise<boolean> {
  const rows = await db
    .update(opportunities)
    .set({ ...values, version: sql`${opportunities.version} + 1` })
    .where(and(eq(opportunities.id, id), eq(opportunities.version, version), isNull(opportunities.deletedAt)))
    .returning({ id: opportunities.id });
  return rows.length === 1;
}

export async function softDeleteOpportunity(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(opportunities).set({ deletedAt: at, updatedAt: at }).where(eq(opportunities.id, id));
}

export async function itemsOf(db: DbOrTx, opportunityId: string) {
  return db.select().from(opportunityItems).where(eq(opportunityItems.opportunityId, opportunityId)).orderBy(asc(opportunityItems.position));
}

export async function replaceItems(db: DbOrTx, opportunityId: string, lines: Omit<typeof opportunityItems.$inferInsert, 'opportunityId'>[]): Promise<void> {
  await db.delete(opportunityItems).where(eq(opportunityItems.opportunityId, opportunityId));
  if (lines.length > 0) await db.insert(opportunityItems).values(lines.map((l) => ({ ...l, opportunityId })));
}

export async function insertStageChange(db: DbOrTx, values: typeof opportunityStageChanges.$inferInsert): Promise<void> {
  await db.insert(opportunityStageChanges).values(values);
}

export async function stageHistory(db: DbOrTx, opportunityId: string) {
  return db
    .select({ change: opportunityStageChanges, changedByName: users.displayName })
    .from(opportunityStageChanges)
    .leftJoin(users, eq(users.id, opportunityStageChanges.changedBy))
    .where(eq(opportunityStageChanges.opportunityId, opportunityId))
    .orderBy(asc(opportunityStageChanges.changedAt), asc(opportunityStageChanges.id));
}

// ------------------------------------------------------------------------------------------
// Board, funnel, forecast

/** Won and lost columns hold only the deals closed since `closedSince`; open columns hold all. */
function onBoard(closedSince: Date): SQL {
  return sql`(${pipelineStages.kind} = 'open' or ${opportunities.closedAt} >= ${closedSince})`;
}

/**
 * The customers join, needed only by the `q` filter (customer name). Without it, a board or
 * funnel over a department's 100,000 opportunities would look up as many customers for nothing.
 */
function withCustomerIfSearched<T extends PgSelect>(query: T, filters: OpportunityFilters): T {
  // The selections name no customer column, so the rows keep their type.
  return filters.q ? (query.innerJoin(customers, eq(customers.id, opportunities.customerId)) as unknown as T) : query;
}

/** Per stage and currency: count, amount and weighted amount (each rounded half up, then summed). */
export async function boardTotals(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; closedSince: Date }) {
  const query = db
    .select({
      stageId: opportunities.stageId,
      currency: opportunities.currency,
      count: sql<number>`count(*)::int`,
      amountFen: sql<string>`coalesce(sum(${opportunities.amountFen}), 0)::text`,
      weightedFen: sql<string>`coalesce(sum((${opportunities.amountFen} * ${opportunities.probability} + 50) / 100), 0)::text`,
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .$dynamic();
  return withCustomerIfSearched(query, opts.filters)
    .where(and(isNull(opportunities.deletedAt), viewerScope(opts.viewer, opportunityScope), filterWhere(opts.filters), onBoard(opts.closedSince)))
    .groupBy(opportunities.stageId, opportunities.currency);
}

/**
 * The `perStage` most recently changed cards of every column, in one statement: per stage, a
 * lateral read of the newest ids through the (owner | department, stage, updated_at) indexes,
 * then the rows by primary key. One round trip instead of one per column.
 */
export async function boardCards(db: DbOrTx, opts: { stageIds: readonly string[]; viewer: Viewer; filters: OpportunityFilters; closedSince: Date; limit: number }) {
  if (opts.stageIds.length === 0) return [];
  const newest = sql`select ${opportunities.id} from ${opportunities}
    join ${pipelineStages} on ${pipelineStages.id} = ${opportunities.stageId}
    ${opts.filters.q ? sql`join ${customers} on ${customers.id} = ${opportunities.customerId}` : sql``}
    where ${and(isNull(opportunities.deletedAt), sql`${opportunities.stageId} = board_stage.id`, viewerScope(opts.viewer, opportunityScope), filterWhere(opts.filters), onBoard(opts.closedSince))}
    order by ${opportunities.updatedAt} desc, ${opportunities.id} desc limit ${opts.limit}`;
  const stageIds = sql.join(
    opts.stageIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const ids = sql`(select card.id from unnest(array[${stageIds}]::uuid[]) as board_stage(id) cross join lateral (${newest}) card)`;
  return db
    .select({
      id: opportunities.id,
      customerId: opportunities.customerId,
      customerName: customers.name,
      name: opportunities.name,
      amountFen: opportunities.amountFen,
      currency: opportunities.currency,
      stageId: opportunities.stageId,
      stageKind: pipelineStages.kind,
      probability: opportunities.probability,
      expectedCloseDate: opportunities.expectedCloseDate,
      ownerId: opportunities.ownerId,
      ownerName: owner.displayName,
      updatedAt: opportunities.updatedAt,
      version: opportunities.version,
    })
    .from(opportunities)
    .innerJoin(customers, eq(customers.id, opportunities.customerId))
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .leftJoin(owner, eq(owner.id, opportunities.ownerId))
    .where(inArray(opportunities.id, ids))
    .orderBy(sql`${opportunities.updatedAt} desc`, sql`${opportunities.id} desc`);
}
export type BoardCardRow = Awaited<ReturnType<typeof boardCards>>[number];

/**
 * How far each opportunity created in the period got: the stage with the highest order it has
 * been in (lost excluded: a lost deal counts up to where it was lost), counted per stage.
 */
export async function furthestStages(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; from: Date; to: Date }) {
  const rows = await db.execute<{ stage_id: string; n: number }>(sql`
    with o as (
      select ${opportunities.id} as id from ${opportunities}
      join ${pipelineStages} on ${pipelineStages.id} = ${opportunities.stageId}
      ${opts.filters.q ? sql`join ${customers} on ${customers.id} = ${opportunities.customerId}` : sql``}
      where ${and(isNull(opportunities.deletedAt), viewerScope(opts.viewer, opportunityScope), filterWhere(opts.filters), gte(opportunities.createdAt, opts.from), lt(opportunities.createdAt, opts.to))}
    )
    select f.stage_id, count(*)::int as n from o
    cross join lateral (
      select s.id as stage_id from ${opportunityStageChanges} c join ${pipelineStages} s on s.id = c.to_stage_id
      where c.opportunity_id = o.id and s.kind <> 'lost'
      order by s.sort_order desc limit 1
    ) f
    group by f.stage_id`);
  return new Map(rows.rows.map((r) => [r.stage_id, r.n]));
}

/** Opportunities now in each stage (for the funnel), with their amount in one currency. */
export async function currentByStage(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; from: Date; to: Date; currency: string }) {
  const query = db
    .select({
      stageId: opportunities.stageId,
      count: sql<number>`count(*)::int`,
      amountFen: sql<string>`coalesce(sum(${opportunities.amountFen}) filter (where ${opportunities.currency} = ${opts.currency}), 0)::text`,
      cycleDays: sql<number | null>`avg(extract(epoch from ${opportunities.closedAt} - ${opportunities.createdAt}) / 86400) filter (where ${pipelineStages.kind} = 'won')`,
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .$dynamic();
  return withCustomerIfSearched(query, opts.filters)
    .where(and(isNull(opportunities.deletedAt), viewerScope(opts.viewer, opportunityScope), filterWhere(opts.filters), gte(opportunities.createdAt, opts.from), lt(opportunities.createdAt, opts.to)))
    .groupBy(opportunities.stageId);
}

/**
 * The forecast's figures per month and owner, in one currency: open opportunities by expected
 * close date (amount and weighted amount), won ones by the month they were won (in the business
 * time zone). `from` and `to` are days (YYYY-MM-DD), `to` exclusive.
 */
export async function forecastFigures(db: DbOrTx, opts: { viewer: Viewer; filters: OpportunityFilters; from: string; to: string; currency: string; timeZone: string }) {
  const base = and(isNull(opportunities.deletedAt), eq(opportunities.currency, opts.currency as 'CNY'), viewerScope(opts.viewer, opportunityScope), filterWhere({ ...opts.filters, q: undefined }));
  const open = db
    .select({
      month: sql<string>`to_char(${opportunities.expectedCloseDate}, 'YYYY-MM')`.as('month'),
      ownerId: opportunities.ownerId,
      openCount: sql<number>`count(*)::int`.as('open_count'),
      pipelineFen: sql<string>`sum(${opportunities.amountFen})::text`.as('pipeline_fen'),
      weightedFen: sql<string>`sum((${opportunities.amountFen} * ${opportunities.probability} + 50) / 100)::text`.as('weighted_fen'),
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(and(base, eq(pipelineStages.kind, 'open'), gte(opportunities.expectedCloseDate, opts.from), lt(opportunities.expectedCloseDate, opts.to)))
    .groupBy(sql`1`, opportunities.ownerId);
  const wonMonth = sql`to_char(${opportunities.closedAt} at time zone ${opts.timeZone}, 'YYYY-MM')`;
  const won = db
    .select({
      month: sql<string>`${wonMonth}`.as('month'),
      ownerId: opportunities.ownerId,
      wonCount: sql<number>`count(*)::int`.as('won_count'),
      wonFen: sql<string>`sum(${opportunities.amountFen})::text`.as('won_fen'),
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(
      and(
        base,
        eq(pipelineStages.kind, 'won'),
        sql`${opportunities.closedAt} >= (${opts.from}::date::timestamp at time zone ${opts.timeZone})`,
        sql`${opportunities.closedAt} < (${opts.to}::date::timestamp at time zone ${opts.timeZone})`,
      ),
    )
    .groupBy(sql`1`, opportunities.ownerId);
  const [openRows, wonRows] = await Promise.all([open, won]);
  return { openRows, wonRows };
}

export async function userNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
