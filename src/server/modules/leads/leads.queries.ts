import { and, eq, ilike, inArray, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { listLeadsQuery } from '../../../contracts/leads.ts';
import type { LeadStatus } from '../../../contracts/vocabulary.ts';
import { containsPattern } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { campaigns, departments, followUps, leads, tasks, users, type StoredLeadSource } from '../../db/schema/index.ts';
import { can, type Actor } from '../../platform/access/actor.ts';
import { ownerDepartmentInScope, ownerDepartmentRule, scopeWhereOr, UNSCOPED, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { phoneSearchDigits } from '../customers/index.ts';
import { pastCadence } from '../followup-cadence/index.ts';

export type { StoredLeadSource };
/** The columns a lead write may set. */
export type LeadValues = Partial<typeof leads.$inferInsert>;

/**
 * The 待分配 order as one sortable text: A leads first, by their assignment deadline (the
 * deadline is the time they became A plus 24 hours, so by that time), then the others, oldest
 * first. Byte order (collate "C"), so the cursor compares as the list sorts.
 */
const assignOrder = sql<string>`((case when ${leads.grade} = 'A' then '0' else '1' end || to_char(greatest(${leads.gradedAt}, ${leads.registeredAt}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')) collate "C")`;

/** The name of the campaign a lead came through (any campaign: the name is all a lead shows of it). */
const campaignName = sql<string | null>`(select ${campaigns.name} from ${campaigns} where ${campaigns.id} = ${leads.campaignId})`;

function base(db: DbOrTx) {
  return db
    .select({ lead: leads, ownerName: users.displayName, departmentName: departments.name, assignOrder, campaignName })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .leftJoin(departments, eq(departments.id, leads.departmentId));
}
export type LeadRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

/** Who owns a lead for data scopes: its owner, in its department. */
export const leadScope = ownerDepartmentRule(leads.ownerId, leads.departmentId, leads.deletedAt);

/*
 * Who reaches a lead, and for what (docs/security.md, "Who sees which leads"). Three accesses:
 * - `write` (edit, change status, convert, delete, attach follow-ups, tasks, files): the data
 *   scope, `leadScope` — the owner, and the managers of the lead's department;
 * - `assign` (hand it to someone): the scope, plus every unassigned open lead for whoever holds
 *   `lead:assign` — an unassigned lead takes its registrant's department, which a sales
 *   manager's scope never reaches, yet the A-lead 24-hour deadline is theirs to keep;
 * - `read` (the list, the lead page, its status up to conversion): the above, plus the leads one
 *   registered, so marketing can follow what became of its channel's leads.
 */
export type LeadAccess = 'read' | 'assign' | 'write';

/**
 * Waiting for an owner (待分配): unassigned, not merged into another lead, and neither closed
 * (converted, disqualified) nor parked in the nurture pool, where C leads wait by decision until
 * someone reactivates them.
 */
export function leadInQueue(): SQL {
  return sql`(${leads.ownerId} is null and ${leads.mergedIntoId} is null and ${leads.status} not in ('converted', 'disqualified', 'nurture'))`;
}
const NOT_QUEUED: ReadonlySet<LeadStatus> = new Set(['converted', 'disqualified', 'nurture']);

function queueFor(actor: Actor): SQL | undefined {
  return can(actor, 'lead', 'assign') ? leadInQueue() : undefined;
}

/** The leads `viewer` reaches for `access` (UNSCOPED: every lead, deleted ones too). */
export function leadViewerScope(viewer: Viewer, access: LeadAccess): SQL | undefined {
  if (viewer === UNSCOPED) return undefined;
  const extra = access === 'write' ? [] : access === 'assign' ? [queueFor(viewer)] : [queueFor(viewer), eq(leads.createdBy, viewer.userId)];
  return scopeWhereOr(viewer, leadScope, extra);
}

/**
 * What `actor` reaches a lead for: the rules of `leadViewerScope`, for one row (a response says
 * it, and a lead just handed away answers read: false).
 */
export function leadAccessOf(actor: Actor, lead: Pick<typeof leads.$inferSelect, 'ownerId' | 'departmentId' | 'status' | 'mergedIntoId' | 'createdBy'>): { read: boolean; write: boolean; assign: boolean } {
  const write = ownerDepartmentInScope(actor, lead);
  const queued = lead.ownerId === null && lead.mergedIntoId === null && !NOT_QUEUED.has(lead.status);
  const assign = write || (queued && can(actor, 'lead', 'assign'));
  return { read: assign || lead.createdBy === actor.userId, write, assign };
}

/** Leads a list shows: in the viewer's read scope, not merged away, matching the filters. */
const leadListWhere = (viewer: Viewer, filters: (SQL | undefined)[]) => and(leadViewerScope(viewer, 'read'), isNull(leads.mergedIntoId), ...filters);

export async function listLeads(db: DbOrTx, opts: { viewer: Viewer; filters: (SQL | undefined)[]; sort: SortKey; cursor: string | undefined; limit: number }) {
  return base(db)
    .where(and(leadListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, leads.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, leads.id))
    .limit(opts.limit + 1);
}

/** The total of a lead list (listLeads without cursor, order and limit). */
export function countLeads(db: DbOrTx, opts: { viewer: Viewer; filters: (SQL | undefined)[]; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, db.select({ id: leads.id }).from(leads).where(leadListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

/**
 * The expression of the leads' bigram index (the global search's migration): the condition must
 * repeat it exactly.
 */
const leadGrams = sql`kehu_bigrams(coalesce(${leads.companyName}, '') || ' ' || ${leads.contactName} || ' ' || ${leads.number} || ' ' || coalesce(${leads.legacyNumber}, '') || ' ' || coalesce(lower(${leads.email}), ''))`;

/**
 * Company, contact, number or e-mail containing the text, or — for 4+ digits — a phone containing
 * them. Phones are stored as E.164 (+8613611114444, +861088886666), so a landline typed with its
 * trunk 0 (010 8888 6666) is looked for without it as well. `matchIds`: the ids it matches when
 * they are few (fewMatches of leadSearchBranches), read instead of testing every lead.
 */
export function searchFilter(q: string, matchIds?: readonly string[]): SQL | undefined {
  if (matchIds) return inArray(leads.id, [...matchIds]);
  const digits = phoneSearchDigits(q);
  return or(textMatch(q), phoneMatch(digits));
}

function textMatch(q: string): SQL | undefined {
  const like = containsPattern(q);
  return or(ilike(leads.companyName, like), ilike(leads.contactName, like), ilike(leads.number, like), ilike(leads.legacyNumber, like), ilike(leads.email, like));
}

function phoneMatch(digits: string | null): SQL | undefined {
  return digits ? or(sql`${leads.phone} like ${`%${digits}%`}`, digits.startsWith('0') ? sql`${leads.phone} like ${`%${digits.slice(1)}%`}` : undefined) : undefined;
}

/**
 * searchFilter's branches, each served by an index (see fewMatches): the text through the leads'
 * bigram index (a lead can contain the text only if one of those columns has every bigram of it;
 * ILIKE rechecks the candidates), the phone through its trigram index. None for one character.
 */
export function leadSearchBranches(q: string): SQL[] {
  if ([...q].length < 2) return [];
  const phone = phoneMatch(phoneSearchDigits(q));
  // Inside the subquery "leads" is the subquery's own table (SQL scoping), outside the list's.
  return [and(sql`${leadGrams} @> kehu_bigrams(${q})`, textMatch(q)), phone].flatMap((match) =>
    match ? [sql`select ${leads.id} from ${leads} where ${leads.deletedAt} is null and ${match}`] : [],
  );
}

/**
 * The lead if `viewer` reaches it for `access` (UNSCOPED: also deleted ones). Merged-away leads
 * are found.
 */
export async function findLead(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock, access: LeadAccess = 'write'): Promise<LeadRow | null> {
  const query = base(db)
    .where(and(eq(leads.id, id), leadViewerScope(viewer, access)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: leads }) : query);
  return row ?? null;
}

/**
 * An open lead for the same prospect: same phone, same e-mail, or same company and contact name.
 * Converted and disqualified leads are history and are not merged into.
 */
export async function findSameProspect(db: DbOrTx, p: { phone: string | null; email: string | null; companyKey: string | null; contactName: string }) {
  const conditions: SQL[] = [];
  if (p.phone) conditions.push(eq(leads.phone, p.phone));
  if (p.email) conditions.push(sql`lower(${leads.email}) = ${p.email}`);
  if (p.companyKey) conditions.push(and(eq(leads.companyKey, p.companyKey), eq(leads.contactName, p.contactName)) as SQL);
  if (conditions.length === 0) return null;
  const [row] = await db
    .select()
    .from(leads)
    .where(and(isNull(leads.deletedAt), isNull(leads.mergedIntoId), notInArray(leads.status, ['converted', 'disqualified']), or(...conditions)))
    .orderBy(leads.createdAt)
    .limit(1);
  return row ?? null;
}

export async function insertLead(db: DbOrTx, values: typeof leads.$inferInsert): Promise<string> {
  const [row] = await db.insert(leads).values(values).returning({ id: leads.id });
  if (!row) throw new Error('lead insert returned nothing');
  return row.id;
}

export async function updateLead(db: DbOrTx, id: string, version: number, values: Partial<typeof leads.$inferInsert>) {
  const rows = await db
    .update(leads)
    .set({ ...values, version: sql`${leads.version} + 1` })
    .where(and(eq(leads.id, id), eq(leads.version, version), isNull(leads.deletedAt)))
    .returning({ id: leads.id });
  return rows.length === 1;
}

/**
 * Who is told when an A lead waits past its deadline: every active user who may assign it, which
 * is everyone holding `lead:assign` (they all see the waiting leads in 待分配, whatever their
 * department: a lead registered by marketing is handed over by sales managers) and the admins.
 */
export async function leadAssigners(db: DbOrTx): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    select u.id from users u join roles r on r.id = u.role_id
    where u.status = 'active' and u.deleted_at is null and (r.key = 'admin' or r.permissions ? 'lead:assign')`);
  return result.rows.map((r) => r.id);
}

/** A status change made by another record's rule (a follow-up moving a new lead to contacted). */
export async function setLeadStatus(db: DbOrTx, id: string, status: LeadStatus, at: Date): Promise<void> {
  await db
    .update(leads)
    .set({ status, updatedAt: at, version: sql`${leads.version} + 1` })
    .where(eq(leads.id, id));
}

/**
 * When a lead becomes a customer, its follow-ups (and their tasks) join the customer. A plain
 * update of the follow-up and task tables, like the customer merge's CUSTOMER_CHILDREN: those
 * modules sit above leads, so leads cannot call them.
 */
export async function moveLeadActivitiesToCustomer(db: DbOrTx, leadId: string, customerId: string): Promise<void> {
  await db.update(followUps).set({ customerId }).where(and(eq(followUps.leadId, leadId), isNull(followUps.customerId)));
  await db.update(tasks).set({ customerId }).where(and(eq(tasks.leadId, leadId), isNull(tasks.customerId)));
}

/** The lead list's sort orders (the export sorts alike). */
export function leadSortKey(sort: string) {
  return sortKey(sort, {
    createdAt: { column: leads.createdAt, type: 'timestamptz' },
    registeredAt: { column: leads.registeredAt, type: 'timestamptz' },
    number: { column: leads.number, type: 'text' },
    assignBy: { column: leads.gradedAt, expression: assignOrder, type: 'text' },
  });
}

/** The value a page of the list (or export) sorted by `sort` continues after: its cursor. */
export function leadSortValue(row: LeadRow, sort: string): [unknown, string] {
  const field = sort.replace(/^-/, '');
  const value = field === 'assignBy' ? row.assignOrder : field === 'number' ? row.lead.number : field === 'registeredAt' ? row.lead.registeredAt : row.lead.createdAt;
  return [value, row.lead.id];
}

/** Leads still being worked (not converted, disqualified or merged) past the cadence of their grade. */
export function leadNeedsFollowUp(now: Date): SQL {
  return sql`(${leads.status} not in ('converted', 'disqualified') and ${leads.mergedIntoId} is null and ${pastCadence({ last: leads.lastFollowUpAt, since: leads.registeredAt, grade: leads.grade }, now)})`;
}

/** The lead list's filters as SQL conditions: the list and the export filter alike. */
export function leadFilterConditions(query: Omit<z.infer<typeof listLeadsQuery>, 'limit' | 'cursor' | 'sort'>, now: Date, matchIds?: readonly string[]): (SQL | undefined)[] {
  return [
    query.q ? searchFilter(query.q, matchIds) : undefined,
    query.status ? eq(leads.status, query.status) : undefined,
    query.campaignId ? eq(leads.campaignId, query.campaignId) : undefined,
    query.grade ? eq(leads.grade, query.grade) : undefined,
    query.channel ? eq(leads.channel, query.channel) : undefined,
    query.ownerId ? eq(leads.ownerId, query.ownerId) : undefined,
    query.unassigned === 'true' ? isNull(leads.ownerId) : query.unassigned === 'false' ? sql`${leads.ownerId} is not null` : undefined,
    query.queue === 'true' ? leadInQueue() : undefined,
    query.region ? eq(leads.region, query.region) : undefined,
    query.industryCode ? eq(leads.industryCode, query.industryCode) : undefined,
    query.needsFollowUp ? leadNeedsFollowUp(now) : undefined,
  ];
}

/** Serialises the registrations of one prospect (`key`) until the end of the transaction. */
export async function lockProspect(tx: DbOrTx, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Soft delete: the lead disappears from lists and searches. */
export async function softDeleteLead(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(leads).set({ deletedAt: at, updatedAt: at }).where(eq(leads.id, id));
}

/**
 * Flags the unassigned A leads graded before `deadlineBefore` and not yet flagged (nor converted,
 * disqualified, nurtured or merged) as past their assignment deadline; returns them.
 */
export async function flagSlaBreaches(db: DbOrTx, now: Date, deadlineBefore: Date) {
  return db
    .update(leads)
    .set({ slaBreachedAt: now })
    .where(
      and(
        sql`${leads.grade} = 'A'`,
        isNull(leads.ownerId),
        isNull(leads.slaBreachedAt),
        isNull(leads.deletedAt),
        isNull(leads.mergedIntoId),
        notInArray(leads.status, ['converted', 'disqualified', 'nurture']),
        lt(leads.gradedAt, deadlineBefore),
      ),
    )
    .returning({ id: leads.id, number: leads.number, departmentId: leads.departmentId, contactName: leads.contactName, companyName: leads.companyName });
}
