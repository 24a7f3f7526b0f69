import { and, eq, ilike, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { listLeadsQuery } from '../../../contracts/leads.ts';
import type { LeadStatus } from '../../../contracts/vocabulary.ts';
import { containsPattern } from '../../db/like.ts';
import type { DbOrTx } from '../../db/client.ts';
import { departments, followUps, leads, tasks, users, type StoredLeadSource } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { pastCadence } from '../followup-cadence/index.ts';

export type { StoredLeadSource };
/** The columns a lead write may set. */
export type LeadValues = Partial<typeof leads.$inferInsert>;

function base(db: DbOrTx) {
  return db
    .select({ lead: leads, ownerName: users.displayName, departmentName: departments.name })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .leftJoin(departments, eq(departments.id, leads.departmentId));
}
export type LeadRow = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];

/** Who owns a lead for data scopes: its owner, in its department. */
export const leadScope = ownerDepartmentRule(leads.ownerId, leads.departmentId, leads.deletedAt);

export async function listLeads(db: DbOrTx, opts: { viewer: Viewer; filters: (SQL | undefined)[]; sort: SortKey; cursor: string | undefined; limit: number }) {
  return base(db)
    .where(and(viewerScope(opts.viewer, leadScope), isNull(leads.mergedIntoId), ...opts.filters, afterCursor(opts.sort, leads.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, leads.id))
    .limit(opts.limit + 1);
}

export function searchFilter(q: string): SQL | undefined {
  const like = containsPattern(q);
  return or(ilike(leads.companyName, like), ilike(leads.contactName, like), ilike(leads.number, like), ilike(leads.legacyNumber, like), ilike(leads.email, like));
}

/** The lead as `viewer` sees it (UNSCOPED: also deleted ones). Merged-away leads are found. */
export async function findLead(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<LeadRow | null> {
  const query = base(db)
    .where(and(eq(leads.id, id), viewerScope(viewer, leadScope)))
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
 * Who answers for the leads of a department: active users allowed to assign leads (or admins)
 * in that department or a department above it. Falls back to the admins when nobody is, so a
 * breach is never reported to no one.
 */
export async function leadManagers(db: DbOrTx, departmentId: string | null): Promise<string[]> {
  const canAssign = sql`(r.key = 'admin' or r.permissions ? 'lead:assign')`;
  if (departmentId) {
    const result = await db.execute<{ id: string }>(sql`
      with recursive chain as (
        select id, parent_id from departments where id = ${departmentId}
        union
        select d.id, d.parent_id from departments d join chain c on d.id = c.parent_id
      )
      select u.id from users u join roles r on r.id = u.role_id
      where u.status = 'active' and u.deleted_at is null and ${canAssign} and u.department_id in (select id from chain)`);
    if (result.rows.length) return result.rows.map((r) => r.id);
  }
  const admins = await db.execute<{ id: string }>(sql`
    select u.id from users u join roles r on r.id = u.role_id where u.status = 'active' and u.deleted_at is null and r.key = 'admin'`);
  return admins.rows.map((r) => r.id);
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
  });
}

/** Leads still being worked (not converted, disqualified or merged) past the cadence of their grade. */
export function leadNeedsFollowUp(now: Date): SQL {
  return sql`(${leads.status} not in ('converted', 'disqualified') and ${leads.mergedIntoId} is null and ${pastCadence({ last: leads.lastFollowUpAt, since: leads.registeredAt, grade: leads.grade }, now)})`;
}

/** The lead list's filters as SQL conditions: the list and the export filter alike. */
export function leadFilterConditions(query: Omit<z.infer<typeof listLeadsQuery>, 'limit' | 'cursor' | 'sort'>, now: Date): (SQL | undefined)[] {
  return [
    query.q ? searchFilter(query.q) : undefined,
    query.status ? eq(leads.status, query.status) : undefined,
    query.grade ? eq(leads.grade, query.grade) : undefined,
    query.channel ? eq(leads.channel, query.channel) : undefined,
    query.ownerId ? eq(leads.ownerId, query.ownerId) : undefined,
    query.unassigned === 'true' ? isNull(leads.ownerId) : query.unassigned === 'false' ? sql`${leads.ownerId} is not null` : undefined,
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
