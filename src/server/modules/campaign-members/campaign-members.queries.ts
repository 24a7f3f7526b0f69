import { and, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { MEMBER_STATUSES, type MemberKind, type MemberSource, type MemberStatus } from '../../../contracts/campaigns.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaignMembers, contacts, customers, leads, users } from '../../db/schema/index.ts';
import { can, type Actor } from '../../platform/access/actor.ts';
import { UNSCOPED, viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { customerScope } from '../customers/index.ts';
import { leadViewerScope } from '../leads/index.ts';

const adder = alias(users, 'campaign_member_adder');

/**
 * The members `viewer` may see: a contact of a customer in the viewer's scope (with contact:read),
 * a lead the viewer may read (with lead:read); deleted records are no members.
 */
function visibleMember(viewer: Viewer): SQL {
  const mayRead = (resource: 'contact' | 'lead') => viewer === UNSCOPED || can(viewer, resource, 'read');
  const contactSide = mayRead('contact') ? and(isNotNull(campaignMembers.contactId), isNull(contacts.deletedAt), isNull(customers.deletedAt), viewerScope(viewer, customerScope)) : sql`false`;
  const leadSide = mayRead('lead') ? and(isNotNull(campaignMembers.leadId), isNull(leads.deletedAt), leadViewerScope(viewer, 'read')) : sql`false`;
  return or(contactSide, leadSide) ?? sql`false`;
}

function selectMembers(db: DbOrTx) {
  return db
    .select({
      member: campaignMembers,
      contactName: contacts.name,
      contactTitle: contacts.title,
      customerId: customers.id,
      customerName: customers.name,
      leadName: leads.contactName,
      leadTitle: leads.title,
      leadCompany: leads.companyName,
      addedByName: adder.displayName,
    })
    .from(campaignMembers)
    .leftJoin(contacts, eq(contacts.id, campaignMembers.contactId))
    .leftJoin(customers, eq(customers.id, contacts.customerId))
    .leftJoin(leads, eq(leads.id, campaignMembers.leadId))
    .leftJoin(adder, eq(adder.id, campaignMembers.addedBy));
}
export type MemberRow = Awaited<ReturnType<ReturnType<typeof selectMembers>['execute']>>[number];

export interface MemberFilters {
  status?: MemberStatus | undefined;
  kind?: MemberKind | undefined;
  q?: string | undefined;
}

function filterConditions(f: MemberFilters): (SQL | undefined)[] {
  const like = f.q ? containsPattern(f.q) : undefined;
  return [
    f.status ? eq(campaignMembers.status, f.status) : undefined,
    f.kind === 'contact' ? isNotNull(campaignMembers.contactId) : f.kind === 'lead' ? isNotNull(campaignMembers.leadId) : undefined,
    like ? or(ilike(contacts.name, like), ilike(customers.name, like), ilike(leads.contactName, like), ilike(leads.companyName, like)) : undefined,
  ];
}

/** The member list's one order: newest first. */
export const newestMembersFirst: SortKey = sortKey('-addedAt', { addedAt: { column: campaignMembers.addedAt, type: 'timestamptz' } });

/** A campaign's members `viewer` sees, newest first. */
export async function listMembers(db: DbOrTx, opts: { campaignId: string; viewer: Viewer; filters: MemberFilters; cursor?: string | undefined; limit: number }) {
  return selectMembers(db)
    .where(and(eq(campaignMembers.campaignId, opts.campaignId), visibleMember(opts.viewer), ...filterConditions(opts.filters), afterCursor(newestMembersFirst, campaignMembers.id, opts.cursor)))
    .orderBy(...orderBy(newestMembersFirst, campaignMembers.id))
    .limit(opts.limit + 1);
}

/** The members `viewer` sees, counted per status and kind. */
export async function memberCounts(db: DbOrTx, campaignId: string, viewer: Viewer) {
  return db
    .select({
      status: campaignMembers.status,
      contacts: sql<number>`count(*) filter (where ${campaignMembers.contactId} is not null)::int`.mapWith(Number),
      leads: sql<number>`count(*) filter (where ${campaignMembers.leadId} is not null)::int`.mapWith(Number),
    })
    .from(campaignMembers)
    .leftJoin(contacts, eq(contacts.id, campaignMembers.contactId))
    .leftJoin(customers, eq(customers.id, contacts.customerId))
    .leftJoin(leads, eq(leads.id, campaignMembers.leadId))
    .where(and(eq(campaignMembers.campaignId, campaignId), visibleMember(viewer)))
    .groupBy(campaignMembers.status);
}

/** The members `viewer` sees in each of these campaigns, counted per status (the campaign reports). */
export async function memberStatusCounts(db: DbOrTx, campaignIds: readonly string[], viewer: Viewer): Promise<{ campaignId: string; status: MemberStatus; n: number }[]> {
  if (campaignIds.length === 0) return [];
  return db
    .select({ campaignId: campaignMembers.campaignId, status: campaignMembers.status, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(campaignMembers)
    .leftJoin(contacts, eq(contacts.id, campaignMembers.contactId))
    .leftJoin(customers, eq(customers.id, contacts.customerId))
    .leftJoin(leads, eq(leads.id, campaignMembers.leadId))
    .where(and(inArray(campaignMembers.campaignId, [...campaignIds]), visibleMember(viewer)))
    .groupBy(campaignMembers.campaignId, campaignMembers.status);
}

/** One member of the campaign, if `viewer` sees it. */
export async function findMember(db: DbOrTx, campaignId: string, memberId: string, viewer: Viewer): Promise<MemberRow | null> {
  const [row] = await selectMembers(db)
    .where(and(eq(campaignMembers.id, memberId), eq(campaignMembers.campaignId, campaignId), visibleMember(viewer)))
    .limit(1);
  return row ?? null;
}

/** Of `ids`, the live contacts `actor` may see (through their customer). */
export async function visibleContactIds(db: DbOrTx, ids: readonly string[], actor: Actor): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: contacts.id })
    .from(contacts)
    .innerJoin(customers, eq(customers.id, contacts.customerId))
    .where(and(inArray(contacts.id, [...ids]), isNull(contacts.deletedAt), isNull(customers.deletedAt), viewerScope(actor, customerScope)));
  return rows.map((r) => r.id);
}

/** Of `ids`, the live leads `actor` may read. */
export async function visibleLeadIds(db: DbOrTx, ids: readonly string[], actor: Actor): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(inArray(leads.id, [...ids]), isNull(leads.deletedAt), leadViewerScope(actor, 'read')));
  return rows.map((r) => r.id);
}

/** Adds members; those already in the campaign stay as they are. Returns the ids of the new rows. */
export async function insertMembers(
  db: DbOrTx,
  rows: readonly { campaignId: string; contactId?: string; leadId?: string; status: MemberStatus; source: MemberSource; addedBy: string; at: Date }[],
): Promise<{ id: string; contactId: string | null; leadId: string | null }[]> {
  if (rows.length === 0) return [];
  return db
    .insert(campaignMembers)
    .values(rows.map((r) => ({ campaignId: r.campaignId, contactId: r.contactId ?? null, leadId: r.leadId ?? null, status: r.status, source: r.source, addedBy: r.addedBy, addedAt: r.at, statusAt: r.at })))
    .onConflictDoNothing()
    .returning({ id: campaignMembers.id, contactId: campaignMembers.contactId, leadId: campaignMembers.leadId });
}

export async function setMemberStatus(db: DbOrTx, memberId: string, status: MemberStatus, at: Date): Promise<void> {
  await db.update(campaignMembers).set({ status, statusAt: at }).where(eq(campaignMembers.id, memberId));
}

export async function deleteMember(db: DbOrTx, memberId: string): Promise<void> {
  await db.delete(campaignMembers).where(eq(campaignMembers.id, memberId));
}

/** The live contacts of these customers (their primary contacts only with `primaryOnly`), in chunks. */
export async function contactsOfCustomers(db: DbOrTx, customerIds: readonly string[], primaryOnly: boolean): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < customerIds.length; i += 5000) {
    const rows = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(inArray(contacts.customerId, customerIds.slice(i, i + 5000)), isNull(contacts.deletedAt), primaryOnly ? eq(contacts.isPrimary, true) : undefined));
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

/** Adds many members in chunks; those already in the campaign stay as they are. Returns how many were added. */
export async function insertManyMembers(db: DbOrTx, campaignId: string, kind: 'contact' | 'lead', ids: readonly string[], status: MemberStatus, source: MemberSource, by: string, at: Date): Promise<number> {
  let added = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .insert(campaignMembers)
      .values(ids.slice(i, i + 5000).map((id) => ({ campaignId, contactId: kind === 'contact' ? id : null, leadId: kind === 'lead' ? id : null, status, source, addedBy: by, addedAt: at, statusAt: at })))
      .onConflictDoNothing()
      .returning({ id: campaignMembers.id });
    added += rows.length;
  }
  return added;
}

/**
 * Moves members of a campaign forward to `status` (已发送 → 已打开 → 已点击 …), never back: a
 * member who registered stays registered when a mail to them is opened. Members are found by
 * contact or lead; those not in the campaign are left alone.
 */
export async function advanceMembers(db: DbOrTx, campaignId: string, records: { contactIds: readonly string[]; leadIds: readonly string[] }, status: MemberStatus, at: Date): Promise<number> {
  if (records.contactIds.length === 0 && records.leadIds.length === 0) return 0;
  const order = `{${MEMBER_STATUSES.join(',')}}`;
  const result = await db.execute(sql`
    update campaign_members set status = ${status}, status_at = ${at.toISOString()}::timestamptz
    where campaign_id = ${campaignId}
      and (contact_id = any(${`{${records.contactIds.join(',')}}`}::uuid[]) or lead_id = any(${`{${records.leadIds.join(',')}}`}::uuid[]))
      and array_position(${order}::text[], status) < array_position(${order}::text[], ${status}::text)`);
  return result.rowCount ?? 0;
}

/**
 * A lead that signed up through a campaign's form is 已报名 (registered): set over what its
 * registration made it (已回应) or less, never over attended or converted.
 */
export async function markRegistered(db: DbOrTx, campaignId: string, leadId: string, at: Date): Promise<void> {
  await db
    .update(campaignMembers)
    .set({ status: 'registered', source: 'form', statusAt: at })
    .where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.leadId, leadId), inArray(campaignMembers.status, ['added', 'sent', 'opened', 'clicked', 'responded'])));
}
