import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { MailingCounts, MailingStatus, RecipientStatus, SuppressionChannel, SuppressionReason, VariantKey } from '../../../contracts/mailings.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaigns, mailingClicks, mailingRecipients, mailings, segments, suppressions } from '../../db/schema/index.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';

/** A mailing is seen like its campaign: by the owner and, by data scope, the owner's department. */
export const mailingScope: ScopeRule = ownerDepartmentRule(mailings.ownerId, mailings.departmentId, mailings.deletedAt);

function selectMailings(db: DbOrTx) {
  return db
    .select({ mailing: mailings, campaignName: campaigns.name, segmentName: segments.name })
    .from(mailings)
    .innerJoin(campaigns, eq(campaigns.id, mailings.campaignId))
    .leftJoin(segments, eq(segments.id, mailings.segmentId));
}
export type MailingRow = Awaited<ReturnType<ReturnType<typeof selectMailings>['execute']>>[number];
export type MailingValues = Partial<typeof mailings.$inferInsert>;

export async function findMailing(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<MailingRow | null> {
  const query = selectMailings(db)
    .where(and(eq(mailings.id, id), isNull(mailings.deletedAt), viewerScope(viewer, mailingScope)))
    .limit(1);
  const [row] = await (lock ? query.for(lock, { of: mailings }) : query);
  return row ?? null;
}

export const newestMailingsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: mailings.createdAt, type: 'timestamptz' } });

export async function listMailings(db: DbOrTx, opts: { viewer: Viewer; campaignId?: string | undefined; status?: MailingStatus | undefined; cursor?: string | undefined; limit: number }) {
  return selectMailings(db)
    .where(
      and(
        isNull(mailings.deletedAt),
        viewerScope(opts.viewer, mailingScope),
        opts.campaignId ? eq(mailings.campaignId, opts.campaignId) : undefined,
        opts.status ? eq(mailings.status, opts.status) : undefined,
        afterCursor(newestMailingsFirst, mailings.id, opts.cursor),
      ),
    )
    .orderBy(...orderBy(newestMailingsFirst, mailings.id))
    .limit(opts.limit + 1);
}

export async function insertMailing(db: DbOrTx, values: typeof mailings.$inferInsert): Promise<void> {
  await db.insert(mailings).values(values);
}

/** Updates a mailing at `version` (optimistic lock); false when the version moved on. */
export async function updateMailing(db: DbOrTx, id: string, version: number, values: MailingValues): Promise<boolean> {
  const rows = await db
    .update(mailings)
    .set({ ...values, version: sql`${mailings.version} + 1` })
    .where(and(eq(mailings.id, id), eq(mailings.version, version), isNull(mailings.deletedAt)))
    .returning({ id: mailings.id });
  return rows.length > 0;
}

/** Moves a mailing from one status to another (the sender's steps), if it is still in `from`. */
export async function moveMailing(db: DbOrTx, id: string, from: readonly MailingStatus[], values: MailingValues & { status: MailingStatus }): Promise<boolean> {
  const rows = await db
    .update(mailings)
    .set({ ...values, version: sql`${mailings.version} + 1` })
    .where(and(eq(mailings.id, id), inArray(mailings.status, [...from])))
    .returning({ id: mailings.id });
  return rows.length > 0;
}

export async function mailingState(db: DbOrTx, id: string) {
  const [row] = await db.select().from(mailings).where(eq(mailings.id, id)).limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------------
// Counts

const countOf = (status: RecipientStatus) => sql<number>`count(*) filter (where ${mailingRecipients.status} = ${status})::int`.mapWith(Number);

/** Each mailing's recipients counted by delivery and engagement (bots excluded). */
export async function countsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, MailingCounts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      mailingId: mailingRecipients.mailingId,
      recipients: sql<number>`count(*)::int`.mapWith(Number),
      held: countOf('held'),
      queued: sql<number>`count(*) filter (where ${mailingRecipients.status} in ('queued', 'sending'))::int`.mapWith(Number),
      sent: countOf('sent'),
      failed: countOf('failed'),
      bounced: countOf('bounced'),
      unknown: countOf('unknown'),
      skipped: countOf('skipped'),
      opened: sql<number>`count(${mailingRecipients.firstOpenedAt})::int`.mapWith(Number),
      clicked: sql<number>`count(${mailingRecipients.firstClickedAt})::int`.mapWith(Number),
      unsubscribed: sql<number>`count(${mailingRecipients.unsubscribedAt})::int`.mapWith(Number),
    })
    .from(mailingRecipients)
    .where(inArray(mailingRecipients.mailingId, [...ids]))
    .groupBy(mailingRecipients.mailingId);
  return new Map(rows.map(({ mailingId, ...counts }) => [mailingId, counts]));
}

/** Per subject variant: mails sent, recipients who opened and who clicked (bots excluded). */
export async function variantStats(db: DbOrTx, mailingId: string) {
  return db
    .select({
      key: sql<VariantKey>`${mailingRecipients.variant}`,
      sent: countOf('sent'),
      opened: sql<number>`count(${mailingRecipients.firstOpenedAt})::int`.mapWith(Number),
      clicked: sql<number>`count(${mailingRecipients.firstClickedAt})::int`.mapWith(Number),
    })
    .from(mailingRecipients)
    .where(and(eq(mailingRecipients.mailingId, mailingId), isNotNull(mailingRecipients.variant)))
    .groupBy(mailingRecipients.variant)
    .orderBy(asc(mailingRecipients.variant));
}

export async function linkStats(db: DbOrTx, mailingId: string) {
  return db
    .select({ link: mailingClicks.link, clicks: sql<number>`sum(${mailingClicks.clicks})::int`.mapWith(Number), recipients: sql<number>`count(*) filter (where ${mailingClicks.clicks} > 0)::int`.mapWith(Number) })
    .from(mailingClicks)
    .innerJoin(mailingRecipients, eq(mailingRecipients.id, mailingClicks.recipientId))
    .where(eq(mailingRecipients.mailingId, mailingId))
    .groupBy(mailingClicks.link);
}

export async function botEventsOf(db: DbOrTx, mailingId: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(sum(${mailingRecipients.botEvents}), 0)::int`.mapWith(Number) }).from(mailingRecipients).where(eq(mailingRecipients.mailingId, mailingId));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Recipients

export interface RecipientFilters {
  status?: RecipientStatus | undefined;
  variant?: VariantKey | undefined;
  engaged?: 'opened' | 'clicked' | 'unsubscribed' | undefined;
  q?: string | undefined;
}

export const recipientOrder: SortKey = sortKey('seq', { seq: { column: mailingRecipients.seq, type: 'integer' } });

export async function listRecipients(db: DbOrTx, mailingId: string, f: RecipientFilters, cursor: string | undefined, limit: number) {
  const like = f.q ? containsPattern(f.q) : undefined;
  return db
    .select()
    .from(mailingRecipients)
    .where(
      and(
        eq(mailingRecipients.mailingId, mailingId),
        f.status ? eq(mailingRecipients.status, f.status) : undefined,
        f.variant ? eq(mailingRecipients.variant, f.variant) : undefined,
        f.engaged === 'opened' ? isNotNull(mailingRecipients.firstOpenedAt) : f.engaged === 'clicked' ? isNotNull(mailingRecipients.firstClickedAt) : f.engaged === 'unsubscribed' ? isNotNull(mailingRecipients.unsubscribedAt) : undefined,
        like ? or(ilike(mailingRecipients.email, like), sql`${mailingRecipients.data}->>'contact.name' ilike ${like}`, sql`${mailingRecipients.data}->>'customer.name' ilike ${like}`) : undefined,
        afterCursor(recipientOrder, mailingRecipients.id, cursor),
      ),
    )
    .orderBy(...orderBy(recipientOrder, mailingRecipients.id))
    .limit(limit + 1);
}
export type RecipientRow = typeof mailingRecipients.$inferSelect;

const CHUNK = 5000;

/**
 * Writes the audience into the mailing's recipients, in `seq` order (the caller shuffled it): one
 * row per address, with the merge values as they are now. Records without an address are left
 * out; a second record with the same address is a duplicate. Returns how many rows were written.
 */
export async function snapshotRecipients(db: DbOrTx, mailingId: string, kind: 'contact' | 'lead', ids: readonly string[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const seqs = chunk.map((_id, j) => i + j + 1);
    const source =
      kind === 'contact'
        ? sql`select c.id as contact_id, null::uuid as lead_id, lower(trim(c.email)) as email, x.seq,
                jsonb_build_object('contact.name', c.name, 'contact.title', c.title, 'contact.email', c.email, 'customer.name', cu.name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
              from unnest(${`{${chunk.join(',')}}`}::uuid[], ${`{${seqs.join(',')}}`}::int[]) as x(id, seq)
              join contacts c on c.id = x.id and c.deleted_at is null
              join customers cu on cu.id = c.customer_id and cu.deleted_at is null
              left join users u on u.id = cu.owner_id
              where c.email is not null and trim(c.email) <> ''`
        : sql`select null::uuid as contact_id, l.id as lead_id, lower(trim(l.email)) as email, x.seq,
                jsonb_build_object('contact.name', l.contact_name, 'contact.title', l.title, 'contact.email', l.email, 'customer.name', l.company_name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
              from unnest(${`{${chunk.join(',')}}`}::uuid[], ${`{${seqs.join(',')}}`}::int[]) as x(id, seq)
              join leads l on l.id = x.id and l.deleted_at is null
              left join users u on u.id = l.owner_id
              where l.email is not null and trim(l.email) <> ''`;
    const result = await db.execute(sql`
      insert into mailing_recipients (mailing_id, contact_id, lead_id, email, data, status, seq)
      select ${mailingId}::uuid, s.contact_id, s.lead_id, s.email, s.data, 'queued', s.seq from (${source}) s order by s.seq
      on conflict (mailing_id, email) do nothing`);
    written += result.rowCount ?? 0;
  }
  return written;
}

/** Recipients on the suppression list are skipped; returns how many. */
export async function skipSuppressed(db: DbOrTx, mailingId: string): Promise<number> {
  const result = await db.execute(sql`
    update mailing_recipients r set status = 'skipped', skip_reason = 'suppressed'
    from suppressions s where r.mailing_id = ${mailingId} and r.status = 'queued' and s.channel = 'email' and s.address = r.email`);
  return result.rowCount ?? 0;
}

/**
 * Gives the queued recipients their subject: without a test everyone gets A; with one, the first
 * `sample` in seq order (a random order) are split round-robin between the `variants` and the
 * rest are held for the winner.
 */
export async function assignVariants(db: DbOrTx, mailingId: string, variants: number, sample: number | null): Promise<void> {
  if (sample === null || variants <= 1) {
    await db.update(mailingRecipients).set({ variant: 'A' }).where(and(eq(mailingRecipients.mailingId, mailingId), eq(mailingRecipients.status, 'queued')));
    return;
  }
  await db.execute(sql`
    with ranked as (select id, row_number() over (order by seq) as rn from mailing_recipients where mailing_id = ${mailingId} and status = 'queued')
    update mailing_recipients r
    set variant = case when ranked.rn <= ${sample} then chr(65 + ((ranked.rn - 1) % ${variants})::int) else null end,
        status = case when ranked.rn <= ${sample} then 'queued' else 'held' end
    from ranked where r.id = ranked.id`);
}

/** The held rest gets the winning subject and joins the queue. */
export async function releaseHeld(db: DbOrTx, mailingId: string, winner: VariantKey): Promise<number> {
  const result = await db.update(mailingRecipients).set({ variant: winner, status: 'queued' }).where(and(eq(mailingRecipients.mailingId, mailingId), eq(mailingRecipients.status, 'held')));
  return result.rowCount ?? 0;
}

export async function cancelRemaining(db: DbOrTx, mailingId: string): Promise<void> {
  await db
    .update(mailingRecipients)
    .set({ status: 'skipped', skipReason: null, error: 'cancelled' })
    .where(and(eq(mailingRecipients.mailingId, mailingId), inArray(mailingRecipients.status, ['queued', 'held'])));
}

export async function hasRecipientsIn(db: DbOrTx, mailingId: string, statuses: readonly RecipientStatus[]): Promise<boolean> {
  const [row] = await db
    .select({ id: mailingRecipients.id })
    .from(mailingRecipients)
    .where(and(eq(mailingRecipients.mailingId, mailingId), inArray(mailingRecipients.status, [...statuses])))
    .limit(1);
  return !!row;
}

// ---------------------------------------------------------------------------------------------
// Suppression list

export async function suppress(db: DbOrTx, rows: readonly { channel: SuppressionChannel; address: string; reason: SuppressionReason; mailingId?: string | null; note?: string | null; createdBy?: string | null; at: Date }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(suppressions)
    .values(rows.map((r) => ({ channel: r.channel, address: r.address.toLowerCase(), reason: r.reason, mailingId: r.mailingId ?? null, note: r.note ?? null, createdBy: r.createdBy ?? null, createdAt: r.at })))
    .onConflictDoNothing()
    .returning({ address: suppressions.address });
  return inserted.length;
}

export async function listSuppressions(db: DbOrTx, f: { channel?: SuppressionChannel | undefined; reason?: SuppressionReason | undefined; q?: string | undefined }, cursor: { at: Date; address: string } | null, limit: number) {
  return db
    .select()
    .from(suppressions)
    .where(
      and(
        f.channel ? eq(suppressions.channel, f.channel) : undefined,
        f.reason ? eq(suppressions.reason, f.reason) : undefined,
        f.q ? ilike(suppressions.address, containsPattern(f.q)) : undefined,
        cursor ? sql`(${suppressions.createdAt}, ${suppressions.address}) < (${cursor.at.toISOString()}::timestamptz, ${cursor.address})` : undefined,
      ),
    )
    .orderBy(desc(suppressions.createdAt), desc(suppressions.address))
    .limit(limit + 1);
}

export async function findSuppression(db: DbOrTx, channel: SuppressionChannel, address: string) {
  const [row] = await db.select().from(suppressions).where(and(eq(suppressions.channel, channel), eq(suppressions.address, address.toLowerCase()))).limit(1);
  return row ?? null;
}

export async function deleteSuppression(db: DbOrTx, channel: SuppressionChannel, address: string): Promise<boolean> {
  const rows = await db.delete(suppressions).where(and(eq(suppressions.channel, channel), eq(suppressions.address, address.toLowerCase()))).returning({ address: suppressions.address });
  return rows.length > 0;
}

/** The merge values of one contact or lead, as sending would take them (a preview). */
export async function mergeValuesOf(db: DbOrTx, kind: 'contact' | 'lead', id: string): Promise<{ email: string | null; data: Record<string, string | null> } | null> {
  const result = await db.execute<{ email: string | null; data: Record<string, string | null> }>(
    kind === 'contact'
      ? sql`select lower(trim(c.email)) as email, jsonb_build_object('contact.name', c.name, 'contact.title', c.title, 'contact.email', c.email, 'customer.name', cu.name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
            from contacts c join customers cu on cu.id = c.customer_id left join users u on u.id = cu.owner_id where c.id = ${id}`
      : sql`select lower(trim(l.email)) as email, jsonb_build_object('contact.name', l.contact_name, 'contact.title', l.title, 'contact.email', l.email, 'customer.name', l.company_name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
            from leads l left join users u on u.id = l.owner_id where l.id = ${id}`,
  );
  return result.rows[0] ?? null;
}

/** The contacts and leads that became recipients (not skipped): they join the campaign as members. */
export async function recipientRecords(db: DbOrTx, mailingId: string): Promise<{ contactIds: string[]; leadIds: string[] }> {
  const rows = await db
    .select({ contactId: mailingRecipients.contactId, leadId: mailingRecipients.leadId })
    .from(mailingRecipients)
    .where(and(eq(mailingRecipients.mailingId, mailingId), inArray(mailingRecipients.status, ['queued', 'held'])));
  return { contactIds: rows.flatMap((r) => (r.contactId ? [r.contactId] : [])), leadIds: rows.flatMap((r) => (r.leadId ? [r.leadId] : [])) };
}

export async function userEmail(db: DbOrTx, userId: string): Promise<string | null> {
  const result = await db.execute<{ email: string | null }>(sql`select email from users where id = ${userId}`);
  return result.rows[0]?.email ?? null;
}
