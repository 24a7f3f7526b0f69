import { and, desc, eq, gt, ilike, inArray, isNotNull, isNull, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type PgColumn } from 'drizzle-orm/pg-core';
import type { RfmClass } from '../../../contracts/customer-value.ts';
import type { SegmentEntity } from '../../../contracts/segments.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaignMembers, contacts, customers, customerTags, leads, segmentRecords, segments, users } from '../../db/schema/index.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { departmentSubtreeIds } from '../../platform/access/actors.queries.ts';
import { ownerDepartmentRule, scopeWhereOr, UNSCOPED, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { customerNeedsFollowUp, customerScope, inRfmClasses } from '../customers/index.ts';
import { leadNeedsFollowUp, leadViewerScope } from '../leads/index.ts';
import { CAMPAIGN_FACT_STATUSES, type CheckedCondition, type CheckedGroup } from './segments.rules.ts';

// ------------------------------------------------------------------------------------------
// Saved segments

const owner = alias(users, 'segment_owner');

/** Segments are kept by their owner and, by data scope, the owner's department. */
export const segmentScope: ScopeRule = ownerDepartmentRule(segments.ownerId, segments.departmentId, segments.deletedAt);

/** Who may use a segment: its keepers, and everyone when it is shared. */
function readable(viewer: Viewer): SQL | undefined {
  return viewer === UNSCOPED ? undefined : scopeWhereOr(viewer, segmentScope, [eq(segments.shared, true)]);
}

function selectSegments(db: DbOrTx) {
  return db
    .select({ segment: segments, ownerName: owner.displayName, recordCount: sql<number | null>`case when ${segments.kind} = 'static' then (select count(*) from ${segmentRecords} r where r.segment_id = ${segments.id})::int end` })
    .from(segments)
    .leftJoin(owner, eq(owner.id, segments.ownerId));
}
export type SegmentRow = Awaited<ReturnType<ReturnType<typeof selectSegments>['execute']>>[number];
export type SegmentValues = Partial<typeof segments.$inferInsert>;

/** A live segment `viewer` may use (`access: 'read'`: shared ones too) or keep (`'write'`). */
export async function findSegment(db: DbOrTx, id: string, viewer: Viewer, access: 'read' | 'write', lock?: RowLock): Promise<SegmentRow | null> {
  const query = selectSegments(db)
    .where(and(eq(segments.id, id), isNull(segments.deletedAt), access === 'read' ? readable(viewer) : viewerScope(viewer, segmentScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: segments }) : query);
  return row ?? null;
}

export const newestSegmentsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: segments.createdAt, type: 'timestamptz' } });

export async function listSegments(db: DbOrTx, opts: { viewer: Actor; entity?: SegmentEntity | undefined; kind?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number }) {
  return selectSegments(db)
    .where(
      and(
        isNull(segments.deletedAt),
        readable(opts.viewer),
        opts.entity ? eq(segments.entity, opts.entity) : undefined,
        opts.kind ? eq(segments.kind, opts.kind as 'static') : undefined,
        opts.q ? ilike(segments.name, containsPattern(opts.q)) : undefined,
        afterCursor(newestSegmentsFirst, segments.id, opts.cursor),
      ),
    )
    .orderBy(...orderBy(newestSegmentsFirst, segments.id))
    .limit(opts.limit + 1);
}

export async function insertSegment(db: DbOrTx, values: typeof segments.$inferInsert): Promise<string> {
  const [row] = await db.insert(segments).values(values).returning({ id: segments.id });
  if (!row) throw new Error('segment insert returned nothing');
  return row.id;
}

export async function updateSegment(db: DbOrTx, id: string, version: number, values: SegmentValues): Promise<boolean> {
  const rows = await db
    .update(segments)
    .set({ ...values, version: sql`${segments.version} + 1` })
    .where(and(eq(segments.id, id), eq(segments.version, version), isNull(segments.deletedAt)))
    .returning({ id: segments.id });
  return rows.length === 1;
}

export async function softDeleteSegment(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(segments).set({ deletedAt: at, updatedAt: at }).where(eq(segments.id, id));
}

// ------------------------------------------------------------------------------------------
// Evaluating a definition

export interface EvalContext {
  now: Date;
  timeZone: string;
}

/** Midnight starting `day` (YYYY-MM-DD) plus `plus` days, in the business time zone. */
const dayStart = (day: string, timeZone: string, plus = 0): SQL => sql`((${day}::date + ${plus}::int)::timestamp at time zone ${timeZone})`;
const daysAgo = (now: Date, days: number): SQL => sql`${new Date(now.getTime() - days * 86_400_000).toISOString()}::timestamptz`;

/** A condition on one column, by the checked operator and value. */
function onColumn(col: PgColumn | SQL, c: CheckedCondition, ctx: EvalContext): SQL {
  const v = c.value;
  switch (c.op) {
    case 'isEmpty':
      return sql`${col} is null`;
    case 'isNotEmpty':
      return sql`${col} is not null`;
    case 'in':
      if (v.kind !== 'keys') break;
      if (c.field.type === 'department') return or(...v.keys.map((id) => sql`${col} in (${departmentSubtreeIds(id)})`)) ?? sql`false`;
      return inArray(col as PgColumn, v.keys);
    case 'notIn':
      if (v.kind !== 'keys') break;
      if (c.field.type === 'department') return sql`(${col} is null or not (${or(...v.keys.map((id) => sql`${col} in (${departmentSubtreeIds(id)})`)) ?? sql`false`}))`;
      return or(isNull(col), notInArray(col as PgColumn, v.keys)) ?? sql`true`;
    case 'before':
      if (v.kind === 'day') return sql`${col} < ${dayStart(v.day, ctx.timeZone)}`;
      break;
    case 'after':
      if (v.kind === 'day') return sql`${col} >= ${dayStart(v.day, ctx.timeZone, 1)}`;
      break;
    case 'between':
      if (v.kind === 'days') return sql`(${col} >= ${dayStart(v.from, ctx.timeZone)} and ${col} < ${dayStart(v.to, ctx.timeZone, 1)})`;
      if (v.kind === 'range') return sql`${col} between ${v.min} and ${v.max}`;
      break;
    case 'withinLastDays':
      if (v.kind === 'lastDays') return sql`${col} >= ${daysAgo(ctx.now, v.days)}`;
      break;
    case 'notWithinLastDays':
      if (v.kind === 'lastDays') return sql`(${col} is null or ${col} < ${daysAgo(ctx.now, v.days)})`;
      break;
    case 'eq':
      if (v.kind === 'int') return sql`${col} = ${v.value}`;
      break;
    case 'gte':
      if (v.kind === 'int') return sql`${col} >= ${v.value}`;
      break;
    case 'lte':
      if (v.kind === 'int') return sql`${col} <= ${v.value}`;
      break;
    default:
      break;
  }
  throw new Error(`segment: ${c.op} with a ${v.kind} value on ${c.field.key} (the rules should have refused it)`);
}

const truth = (c: CheckedCondition, test: SQL): SQL => (c.value.kind === 'bool' && !c.value.value ? sql`not coalesce(${test}, false)` : test);

/** Membership rows that a campaign condition counts: of the named campaigns (any when none), with the fact's statuses. */
function memberFilter(c: CheckedCondition): SQL {
  const keys = c.value.kind === 'keys' ? c.value.keys : [];
  const statuses = c.op === 'opened' || c.op === 'clicked' || c.op === 'responded' ? CAMPAIGN_FACT_STATUSES[c.op] : null;
  return and(keys.length ? inArray(campaignMembers.campaignId, keys) : undefined, statuses ? inArray(campaignMembers.status, [...statuses] as 'opened'[]) : undefined) ?? sql`true`;
}
const campaignFact = (c: CheckedCondition, exists: SQL): SQL => (c.op === 'notMemberOf' ? sql`not ${exists}` : exists);

const CUSTOMER_COLUMNS: Record<string, PgColumn> = {
  kind: customers.kind,
  stage: customers.stage,
  grade: customers.grade,
  industryCode: customers.industryCode,
  region: customers.region,
  provinceCode: customers.provinceCode,
  sourceChannel: customers.sourceChannel,
  ownerId: customers.ownerId,
  departmentId: customers.departmentId,
  createdAt: customers.createdAt,
  lastFollowUpAt: customers.lastFollowUpAt,
  paidOrderCount: customers.paidOrderCount,
  lifetimeValueFen: customers.lifetimeValueFen,
  firstPaidAt: customers.firstPaidAt,
  lastPaidAt: customers.lastPaidAt,
};

/** A condition on a customer's field (customers is in the query under its own name). */
function customerCondition(key: string, c: CheckedCondition, ctx: EvalContext): SQL {
  const col = CUSTOMER_COLUMNS[key];
  if (col) return onColumn(col, c, ctx);
  const v = c.value;
  switch (key) {
    case 'tags': {
      if (v.kind !== 'keys') break;
      const tagged = sql`select 1 from ${customerTags} ct where ct.customer_id = ${customers.id} and ct.tag_id in ${v.keys}`;
      if (c.op === 'hasAny') return sql`exists (${tagged})`;
      if (c.op === 'hasNone') return sql`not exists (${tagged})`;
      return sql`(select count(*) from ${customerTags} ct where ct.customer_id = ${customers.id} and ct.tag_id in ${v.keys}) = ${v.keys.length}`;
    }
    case 'needsFollowUp':
      return truth(c, customerNeedsFollowUp(ctx.now));
    case 'repurchase':
      return truth(c, gt(customers.paidOrderCount, 1));
    case 'rfmClass':
      if (v.kind !== 'keys') break;
      return c.op === 'in' ? inRfmClasses(v.keys as RfmClass[]) : sql`not ${inRfmClasses(v.keys as RfmClass[])}`;
    case 'campaign': {
      // Through its contacts, and through the leads that became this customer.
      const viaContacts = sql`select 1 from ${campaignMembers} join ${contacts} k on k.id = ${campaignMembers.contactId} where k.customer_id = ${customers.id} and k.deleted_at is null and ${memberFilter(c)}`;
      const viaLeads = sql`select 1 from ${campaignMembers} join ${leads} l on l.id = ${campaignMembers.leadId} where l.customer_id = ${customers.id} and l.deleted_at is null and ${memberFilter(c)}`;
      return campaignFact(c, sql`(exists (${viaContacts}) or exists (${viaLeads}))`);
    }
  }
  throw new Error(`segment: no customer field ${key}`);
}

function contactCondition(key: string, c: CheckedCondition, ctx: EvalContext): SQL {
  if (key.startsWith('customer.')) return customerCondition(key.slice('customer.'.length), c, ctx);
  switch (key) {
    case 'hasEmail':
      return truth(c, sql`(${contacts.email} is not null and ${contacts.email} <> '')`);
    case 'hasMobile':
      return truth(c, sql`exists (select 1 from unnest(${contacts.phones}) p where p like '+861%')`);
    case 'isPrimary':
      return truth(c, eq(contacts.isPrimary, true));
    case 'createdAt':
      return onColumn(contacts.createdAt, c, ctx);
    case 'campaign':
      return campaignFact(c, sql`exists (select 1 from ${campaignMembers} where ${campaignMembers.contactId} = ${contacts.id} and ${memberFilter(c)})`);
  }
  throw new Error(`segment: no contact field ${key}`);
}

const LEAD_COLUMNS: Record<string, PgColumn> = {
  status: leads.status,
  grade: leads.grade,
  channel: leads.channel,
  region: leads.region,
  provinceCode: leads.provinceCode,
  industryCode: leads.industryCode,
  ownerId: leads.ownerId,
  departmentId: leads.departmentId,
  registeredAt: leads.registeredAt,
  lastFollowUpAt: leads.lastFollowUpAt,
};

function leadCondition(key: string, c: CheckedCondition, ctx: EvalContext): SQL {
  const col = LEAD_COLUMNS[key];
  if (col) return onColumn(col, c, ctx);
  switch (key) {
    case 'needsFollowUp':
      return truth(c, leadNeedsFollowUp(ctx.now));
    case 'hasEmail':
      return truth(c, sql`(${leads.email} is not null and ${leads.email} <> '')`);
    case 'hasPhone':
      return truth(c, isNotNull(leads.phone));
    case 'campaign':
      return campaignFact(c, sql`exists (select 1 from ${campaignMembers} where ${campaignMembers.leadId} = ${leads.id} and ${memberFilter(c)})`);
  }
  throw new Error(`segment: no lead field ${key}`);
}

const CONDITION: Record<SegmentEntity, (key: string, c: CheckedCondition, ctx: EvalContext) => SQL> = {
  customer: customerCondition,
  contact: contactCondition,
  lead: leadCondition,
};

const isGroup = (c: CheckedCondition | CheckedGroup): c is CheckedGroup => 'conditions' in c;

/** The condition tree as one SQL condition (an empty group matches everything). */
export function definitionSql(entity: SegmentEntity, group: CheckedGroup, ctx: EvalContext): SQL {
  const parts = group.conditions.map((c) => (isGroup(c) ? definitionSql(entity, c, ctx) : CONDITION[entity](c.field.key, c, ctx)));
  if (parts.length === 0) return sql`true`;
  return (group.match === 'all' ? and(...parts) : or(...parts)) ?? sql`true`;
}

/** The records of an entity that are alive and that `actor` may see, with what the preview shows. */
function recordsOf(db: DbOrTx, entity: SegmentEntity, actor: Actor) {
  switch (entity) {
    case 'customer':
      return {
        select: db
          .select({ id: customers.id, name: customers.name, number: customers.number, companyName: sql<string | null>`null`, customerId: customers.id, ownerName: users.displayName, createdAt: customers.createdAt })
          .from(customers)
          .leftJoin(users, eq(users.id, customers.ownerId)),
        count: db.select({ count: sql<number>`count(*)::int`.mapWith(Number) }).from(customers),
        alive: and(isNull(customers.deletedAt), viewerScope(actor, customerScope)),
        id: customers.id,
        createdAt: customers.createdAt,
      };
    case 'contact':
      return {
        select: db
          .select({ id: contacts.id, name: contacts.name, number: sql<string | null>`null`, companyName: customers.name, customerId: customers.id, ownerName: users.displayName, createdAt: contacts.createdAt })
          .from(contacts)
          .innerJoin(customers, eq(customers.id, contacts.customerId))
          .leftJoin(users, eq(users.id, customers.ownerId)),
        count: db.select({ count: sql<number>`count(*)::int`.mapWith(Number) }).from(contacts).innerJoin(customers, eq(customers.id, contacts.customerId)),
        alive: and(isNull(contacts.deletedAt), isNull(customers.deletedAt), viewerScope(actor, customerScope)),
        id: contacts.id,
        createdAt: contacts.createdAt,
      };
    case 'lead':
      return {
        select: db
          .select({ id: leads.id, name: leads.contactName, number: leads.number, companyName: leads.companyName, customerId: leads.customerId, ownerName: users.displayName, createdAt: leads.createdAt })
          .from(leads)
          .leftJoin(users, eq(users.id, leads.ownerId)),
        count: db.select({ count: sql<number>`count(*)::int`.mapWith(Number) }).from(leads),
        alive: and(isNull(leads.deletedAt), isNull(leads.mergedIntoId), leadViewerScope(actor, 'read')),
        id: leads.id,
        createdAt: leads.createdAt,
      };
  }
}

/** Which records: those a definition matches, or those of a static list. */
export type Selection = { definition: CheckedGroup } | { listId: string };

function selectionSql(entity: SegmentEntity, selection: Selection, id: PgColumn, ctx: EvalContext): SQL {
  if ('definition' in selection) return definitionSql(entity, selection.definition, ctx);
  return sql`${id} in (select ${segmentRecords.recordId} from ${segmentRecords} where ${segmentRecords.segmentId} = ${selection.listId})`;
}

/** How many records of the selection `actor` may see. */
export async function countSelection(db: DbOrTx, entity: SegmentEntity, selection: Selection, actor: Actor, ctx: EvalContext): Promise<number> {
  const r = recordsOf(db, entity, actor);
  const [row] = await r.count.where(and(r.alive, selectionSql(entity, selection, r.id, ctx)));
  return row?.count ?? 0;
}

/** The newest records of the selection `actor` may see. */
export async function previewSelection(db: DbOrTx, entity: SegmentEntity, selection: Selection, actor: Actor, ctx: EvalContext, limit: number) {
  const r = recordsOf(db, entity, actor);
  return r.select
    .where(and(r.alive, selectionSql(entity, selection, r.id, ctx)))
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(limit);
}

/** The ids of the selection `actor` may see (a snapshot, an audience), newest first, at most `cap`. */
export async function selectionIds(db: DbOrTx, entity: SegmentEntity, selection: Selection, actor: Actor, ctx: EvalContext, cap: number): Promise<string[]> {
  const r = recordsOf(db, entity, actor);
  const rows = await r.select.where(and(r.alive, selectionSql(entity, selection, r.id, ctx))).orderBy(desc(r.createdAt), desc(r.id)).limit(cap);
  return rows.map((x) => x.id);
}

/** Of `ids`, the live records of the entity `actor` may see. */
export async function visibleIds(db: DbOrTx, entity: SegmentEntity, ids: readonly string[], actor: Actor): Promise<string[]> {
  const r = recordsOf(db, entity, actor);
  const rows = await r.select.where(and(r.alive, inArray(r.id, [...ids])));
  return rows.map((x) => x.id);
}

export async function addListRecords(db: DbOrTx, segmentId: string, ids: readonly string[], by: string, at: Date): Promise<number> {
  let added = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .insert(segmentRecords)
      .values(ids.slice(i, i + 5000).map((recordId) => ({ segmentId, recordId, addedBy: by, addedAt: at })))
      .onConflictDoNothing()
      .returning({ id: segmentRecords.recordId });
    added += rows.length;
  }
  return added;
}

export async function removeListRecords(db: DbOrTx, segmentId: string, ids: readonly string[]): Promise<number> {
  const rows = await db
    .delete(segmentRecords)
    .where(and(eq(segmentRecords.segmentId, segmentId), inArray(segmentRecords.recordId, [...ids])))
    .returning({ id: segmentRecords.recordId });
  return rows.length;
}
