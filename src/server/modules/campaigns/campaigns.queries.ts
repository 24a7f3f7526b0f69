import { and, asc, desc, eq, ilike, inArray, isNull, lte, gte, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CampaignStatus } from '../../../contracts/campaigns.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaignCosts, campaigns, leads, segments, users } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

const owner = alias(users, 'campaign_owner');
const recorder = alias(users, 'campaign_cost_recorder');

/** 营销活动 are seen by their owner and, by data scope, by the owner's department. */
export const campaignScope: ScopeRule = ownerDepartmentRule(campaigns.ownerId, campaigns.departmentId, campaigns.deletedAt);

/** The target segment's name (a name only: who may use the segment is the segments module's rule). */
const targetSegmentName = sql<string | null>`(select ${segments.name} from ${segments} where ${segments.id} = ${campaigns.targetSegmentId} and ${segments.deletedAt} is null)`;

function selectCampaigns(db: DbOrTx) {
  return db.select({ campaign: campaigns, ownerName: owner.displayName, targetSegmentName }).from(campaigns).leftJoin(owner, eq(owner.id, campaigns.ownerId));
}
export type CampaignRow = Awaited<ReturnType<ReturnType<typeof selectCampaigns>['execute']>>[number];
export type CampaignValues = Partial<typeof campaigns.$inferInsert>;

/** A live campaign as `viewer` sees it (the scoped finder's read). */
export async function findCampaign(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<CampaignRow | null> {
  const query = selectCampaigns(db)
    .where(and(eq(campaigns.id, id), isNull(campaigns.deletedAt), viewerScope(viewer, campaignScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: campaigns }) : query);
  return row ?? null;
}

/**
 * A live campaign a record may be attributed to, whoever looks: a salesperson registering a lead
 * from a trade show names the show's campaign without seeing its budget. Cancelled ones are not.
 */
export async function attributableCampaign(db: DbOrTx, id: string): Promise<{ id: string; name: string; channel: string | null; status: CampaignStatus } | null> {
  const [row] = await db
    .select({ id: campaigns.id, name: campaigns.name, channel: campaigns.channel, status: campaigns.status })
    .from(campaigns)
    .where(and(eq(campaigns.id, id), isNull(campaigns.deletedAt), ne(campaigns.status, 'cancelled')))
    .limit(1)
    .for('key share');
  return row ?? null;
}

/** Names of campaigns by id, whoever looks (what a lead shows of the campaign it carries). */
export async function campaignNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(inArray(campaigns.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface CampaignFilters {
  status?: CampaignStatus | undefined;
  type?: string | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  activeOn?: string | undefined;
}

function filterConditions(f: CampaignFilters): (SQL | undefined)[] {
  return [
    f.status ? eq(campaigns.status, f.status) : undefined,
    f.type ? eq(campaigns.type, f.type as 'other') : undefined,
    f.ownerId ? eq(campaigns.ownerId, f.ownerId) : undefined,
    f.q ? ilike(campaigns.name, containsPattern(f.q)) : undefined,
    f.activeOn ? and(or(isNull(campaigns.startsOn), lte(campaigns.startsOn, f.activeOn)), or(isNull(campaigns.endsOn), gte(campaigns.endsOn, f.activeOn))) : undefined,
  ];
}

/** The campaign list's one order: newest first. */
export const newestCampaignsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: campaigns.createdAt, type: 'timestamptz' } });

const listWhere = (viewer: Viewer, filters: CampaignFilters) => and(isNull(campaigns.deletedAt), viewerScope(viewer, campaignScope), ...filterConditions(filters));

export async function listCampaigns(db: DbOrTx, opts: { viewer: Viewer; filters: CampaignFilters; sort: SortKey; cursor?: string | undefined; limit: number }) {
  return selectCampaigns(db)
    .where(and(listWhere(opts.viewer, opts.filters), afterCursor(opts.sort, campaigns.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, campaigns.id))
    .limit(opts.limit + 1);
}

export function countCampaigns(db: DbOrTx, opts: { viewer: Viewer; filters: CampaignFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectCampaigns(db).where(listWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

/** What pickers offer: live campaigns by name, not cancelled, planned and active first (completed too with `includeEnded`). */
export async function campaignOptions(db: DbOrTx, opts: { q?: string | undefined; includeEnded: boolean; limit: number }) {
  return db
    .select({ id: campaigns.id, name: campaigns.name, type: campaigns.type, status: campaigns.status, channel: campaigns.channel })
    .from(campaigns)
    .where(
      and(
        isNull(campaigns.deletedAt),
        inArray(campaigns.status, opts.includeEnded ? ['planned', 'active', 'completed'] : ['planned', 'active']),
        opts.q ? ilike(campaigns.name, containsPattern(opts.q)) : undefined,
      ),
    )
    .orderBy(sql`case ${campaigns.status} when 'active' then 0 when 'planned' then 1 else 2 end`, desc(campaigns.createdAt), asc(campaigns.id))
    .limit(opts.limit);
}

export async function insertCampaign(db: DbOrTx, values: typeof campaigns.$inferInsert): Promise<string> {
  const [row] = await db.insert(campaigns).values(values).returning({ id: campaigns.id });
  if (!row) throw new Error('campaign insert returned nothing');
  return row.id;
}

export async function updateCampaign(db: DbOrTx, id: string, version: number, values: CampaignValues): Promise<boolean> {
  const rows = await db
    .update(campaigns)
    .set({ ...values, version: sql`${campaigns.version} + 1` })
    .where(and(eq(campaigns.id, id), eq(campaigns.version, version), isNull(campaigns.deletedAt)))
    .returning({ id: campaigns.id });
  return rows.length === 1;
}

export async function softDeleteCampaign(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(campaigns).set({ deletedAt: at, updatedAt: at }).where(eq(campaigns.id, id));
}

// ------------------------------------------------------------------------------------------
// Costs

export type CostRow = Awaited<ReturnType<typeof costsOf>>[number];

export async function costsOf(db: DbOrTx, campaignId: string) {
  return db
    .select({ cost: campaignCosts, recordedByName: recorder.displayName })
    .from(campaignCosts)
    .leftJoin(recorder, eq(recorder.id, campaignCosts.recordedBy))
    .where(eq(campaignCosts.campaignId, campaignId))
    .orderBy(asc(campaignCosts.spentOn), asc(campaignCosts.recordedAt), asc(campaignCosts.id));
}

export async function findCost(db: DbOrTx, campaignId: string, costId: string) {
  const [row] = await db
    .select()
    .from(campaignCosts)
    .where(and(eq(campaignCosts.id, costId), eq(campaignCosts.campaignId, campaignId)))
    .limit(1);
  return row ?? null;
}

export async function insertCost(db: DbOrTx, values: typeof campaignCosts.$inferInsert): Promise<void> {
  await db.insert(campaignCosts).values(values);
}

export async function updateCost(db: DbOrTx, costId: string, values: Partial<typeof campaignCosts.$inferInsert>): Promise<void> {
  await db.update(campaignCosts).set(values).where(eq(campaignCosts.id, costId));
}

export async function deleteCost(db: DbOrTx, costId: string): Promise<void> {
  await db.delete(campaignCosts).where(eq(campaignCosts.id, costId));
}

/**
 * Sets the campaign's cost total to the sum of its costs (the caller holds the campaign's row
 * lock); not a user edit of the campaign, so no version bump.
 */
export async function refreshCostTotal(db: DbOrTx, campaignId: string, at: Date): Promise<void> {
  await db
    .update(campaigns)
    .set({ costFen: sql`(select coalesce(sum(${campaignCosts.amountFen}), 0) from ${campaignCosts} where ${campaignCosts.campaignId} = ${campaignId})`, updatedAt: at })
    .where(eq(campaigns.id, campaignId));
}

/** Whether any lead, deleted or not, carries the campaign (a campaign with leads is history, not deleted). */
export async function hasLeads(db: DbOrTx, campaignId: string): Promise<boolean> {
  const [row] = await db.select({ id: leads.id }).from(leads).where(eq(leads.campaignId, campaignId)).limit(1);
  return !!row;
}

/** Sets the campaign's target segment at `version` (the caller checked the segment); false when the version moved on. */
export async function setTargetSegment(db: DbOrTx, id: string, version: number, segmentId: string | null, at: Date): Promise<boolean> {
  const rows = await db
    .update(campaigns)
    .set({ targetSegmentId: segmentId, updatedAt: at, version: sql`${campaigns.version} + 1` })
    .where(and(eq(campaigns.id, id), eq(campaigns.version, version), isNull(campaigns.deletedAt)))
    .returning({ id: campaigns.id });
  return rows.length > 0;
}
