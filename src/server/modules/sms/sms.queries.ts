import { and, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { SmsCounts, SmsRecipientStatus, SmsSendStatus } from '../../../contracts/sms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { containsPattern } from '../../db/like.ts';
import { campaigns, segments, smsRecipients, smsSends } from '../../db/schema/index.ts';
import { withSessionLock } from '../../db/session-lock.ts';
import { ownerDepartmentRule, viewerScope, type RowLock, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, sortKey, type SortKey } from '../../platform/http/pagination.ts';
import { shortCode, type Receipt } from './sms.rules.ts';

/** An SMS send is seen like its campaign: by the owner and, by data scope, the owner's department. */
export const smsSendScope: ScopeRule = ownerDepartmentRule(smsSends.ownerId, smsSends.departmentId, smsSends.deletedAt);

function selectSends(db: DbOrTx) {
  return db
    .select({ send: smsSends, campaignName: campaigns.name, segmentName: segments.name })
    .from(smsSends)
    .innerJoin(campaigns, eq(campaigns.id, smsSends.campaignId))
    .leftJoin(segments, eq(segments.id, smsSends.segmentId));
}
export type SendRow = Awaited<ReturnType<ReturnType<typeof selectSends>['execute']>>[number];
export type SendValues = Partial<typeof smsSends.$inferInsert>;

export async function findSend(db: DbOrTx, id: string, viewer: Viewer, lock?: RowLock): Promise<SendRow | null> {
  const query = selectSends(db).where(and(eq(smsSends.id, id), isNull(smsSends.deletedAt), viewerScope(viewer, smsSendScope))).limit(1);
  const [row] = await (lock ? query.for(lock, { of: smsSends }) : query);
  return row ?? null;
}

export const newestSendsFirst: SortKey = sortKey('-createdAt', { createdAt: { column: smsSends.createdAt, type: 'timestamptz' } });

export async function listSends(db: DbOrTx, opts: { viewer: Viewer; campaignId?: string | undefined; status?: SmsSendStatus | undefined; cursor?: string | undefined; limit: number }) {
  return selectSends(db)
    .where(
      and(
        isNull(smsSends.deletedAt),
        viewerScope(opts.viewer, smsSendScope),
        opts.campaignId ? eq(smsSends.campaignId, opts.campaignId) : undefined,
        opts.status ? eq(smsSends.status, opts.status) : undefined,
        afterCursor(newestSendsFirst, smsSends.id, opts.cursor),
      ),
    )
    .orderBy(...orderBy(newestSendsFirst, smsSends.id))
    .limit(opts.limit + 1);
}

export async function insertSend(db: DbOrTx, values: typeof smsSends.$inferInsert): Promise<void> {
  await db.insert(smsSends).values(values);
}

export async function updateSend(db: DbOrTx, id: string, version: number, values: SendValues): Promise<boolean> {
  const rows = await db
    .update(smsSends)
    .set({ ...values, version: sql`${smsSends.version} + 1` })
    .where(and(eq(smsSends.id, id), eq(smsSends.version, version), isNull(smsSends.deletedAt)))
    .returning({ id: smsSends.id });
  return rows.length > 0;
}

export async function moveSend(db: DbOrTx, id: string, from: readonly SmsSendStatus[], values: SendValues & { status: SmsSendStatus }): Promise<boolean> {
  const rows = await db
    .update(smsSends)
    .set({ ...values, version: sql`${smsSends.version} + 1` })
    .where(and(eq(smsSends.id, id), inArray(smsSends.status, [...from])))
    .returning({ id: smsSends.id });
  return rows.length > 0;
}

export async function sendState(db: DbOrTx, id: string) {
  const [row] = await db.select().from(smsSends).where(eq(smsSends.id, id)).limit(1);
  return row ?? null;
}

const countOf = (...statuses: SmsRecipientStatus[]) => sql<number>`count(*) filter (where ${smsRecipients.status} in ${statuses})::int`.mapWith(Number);

export async function countsOf(db: DbOrTx, ids: readonly string[]): Promise<Map<string, SmsCounts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      sendId: smsRecipients.sendId,
      recipients: sql<number>`count(*)::int`.mapWith(Number),
      queued: countOf('queued', 'sending'),
      sent: countOf('sent', 'delivered', 'undelivered'),
      delivered: countOf('delivered'),
      undelivered: countOf('undelivered'),
      failed: countOf('failed'),
      unknown: countOf('unknown'),
      skipped: countOf('skipped'),
      clicked: sql<number>`count(${smsRecipients.firstClickedAt})::int`.mapWith(Number),
      optedOut: sql<number>`count(${smsRecipients.optedOutAt})::int`.mapWith(Number),
    })
    .from(smsRecipients)
    .where(inArray(smsRecipients.sendId, [...ids]))
    .groupBy(smsRecipients.sendId);
  return new Map(rows.map(({ sendId, ...counts }) => [sendId, counts]));
}

export const recipientOrder: SortKey = sortKey('seq', { seq: { column: smsRecipients.seq, type: 'integer' } });

export async function listRecipients(db: DbOrTx, sendId: string, f: { status?: SmsRecipientStatus | undefined; q?: string | undefined }, cursor: string | undefined, limit: number) {
  const like = f.q ? containsPattern(f.q) : undefined;
  return db
    .select()
    .from(smsRecipients)
    .where(
      and(
        eq(smsRecipients.sendId, sendId),
        f.status ? eq(smsRecipients.status, f.status) : undefined,
        like ? or(ilike(smsRecipients.phone, like), sql`${smsRecipients.data}->>'contact.name' ilike ${like}`, sql`${smsRecipients.data}->>'customer.name' ilike ${like}`) : undefined,
        afterCursor(recipientOrder, smsRecipients.id, cursor),
      ),
    )
    .orderBy(...orderBy(recipientOrder, smsRecipients.id))
    .limit(limit + 1);
}
export type RecipientRow = typeof smsRecipients.$inferSelect;

const MOBILE = `'^\\+861[3-9][0-9]{9}$'`;
const CHUNK = 5000;

/**
 * Writes the audience into the recipients: one row per mobile number (a contact's first mobile
 * among its phones, a lead's phone), the merge values as they are now, a short link code each.
 * Returns how many rows were written.
 */
export async function snapshotRecipients(db: DbOrTx, sendId: string, kind: 'contact' | 'lead', ids: readonly string[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const seqs = chunk.map((_id, j) => i + j + 1);
    const idArray = `{${chunk.join(',')}}`;
    const seqArray = `{${seqs.join(',')}}`;
    const codeArray = `{${chunk.map(() => shortCode()).join(',')}}`;
    const source =
      kind === 'contact'
        ? sql`select c.id as contact_id, null::uuid as lead_id, (select p from unnest(c.phones) p where p ~ ${sql.raw(MOBILE)} limit 1) as phone, x.seq, x.code,
                jsonb_build_object('contact.name', c.name, 'contact.title', c.title, 'customer.name', cu.name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
              from unnest(${idArray}::uuid[], ${seqArray}::int[], ${codeArray}::text[]) as x(id, seq, code)
              join contacts c on c.id = x.id and c.deleted_at is null
              join customers cu on cu.id = c.customer_id and cu.deleted_at is null
              left join users u on u.id = cu.owner_id`
        : sql`select null::uuid as contact_id, l.id as lead_id, l.phone as phone, x.seq, x.code,
                jsonb_build_object('contact.name', l.contact_name, 'contact.title', l.title, 'customer.name', l.company_name, 'owner.name', u.display_name, 'owner.phone', u.phone) as data
              from unnest(${idArray}::uuid[], ${seqArray}::int[], ${codeArray}::text[]) as x(id, seq, code)
              join leads l on l.id = x.id and l.deleted_at is null
              left join users u on u.id = l.owner_id`;
    // Short codes are random (about 58 bits each): a clash on their unique index would fail the
    // start (the marketer retries); with ten million codes issued its odds are about 1 in 7,000.
    const result = await db.execute(sql`
      insert into sms_recipients (send_id, contact_id, lead_id, phone, data, status, seq, short_code)
      select ${sendId}::uuid, s.contact_id, s.lead_id, s.phone, s.data, 'queued', s.seq, s.code
      from (${source}) s where s.phone ~ ${sql.raw(MOBILE)} order by s.seq
      on conflict (send_id, phone) do nothing`);
    written += result.rowCount ?? 0;
  }
  return written;
}

export async function skipSuppressed(db: DbOrTx, sendId: string): Promise<number> {
  const result = await db.execute(sql`
    update sms_recipients r set status = 'skipped', error = 'suppressed'
    from suppressions s where r.send_id = ${sendId} and r.status = 'queued' and s.channel = 'sms' and s.address = r.phone`);
  return result.rowCount ?? 0;
}

export async function recipientRecords(db: DbOrTx, sendId: string): Promise<{ contactIds: string[]; leadIds: string[] }> {
  const rows = await db
    .select({ contactId: smsRecipients.contactId, leadId: smsRecipients.leadId })
    .from(smsRecipients)
    .where(and(eq(smsRecipients.sendId, sendId), eq(smsRecipients.status, 'queued')));
  return { contactIds: rows.flatMap((r) => (r.contactId ? [r.contactId] : [])), leadIds: rows.flatMap((r) => (r.leadId ? [r.leadId] : [])) };
}

export async function cancelRemaining(db: DbOrTx, sendId: string): Promise<void> {
  await db.update(smsRecipients).set({ status: 'skipped', error: 'cancelled' }).where(and(eq(smsRecipients.sendId, sendId), eq(smsRecipients.status, 'queued')));
}

// ---------------------------------------------------------------------------------------------
// The sender

const LOCK_SPACE = 0x736d7331; // "sms1"

export async function withSendLock<T>(db: DbOrTx, sendId: string, fn: () => Promise<T>): Promise<T | null> {
  return withSessionLock(db, LOCK_SPACE, sendId, fn);
}

export async function recoverInterrupted(db: DbOrTx, sendId: string): Promise<void> {
  await db
    .update(smsRecipients)
    .set({ status: 'unknown', error: 'interrupted during sending (the worker stopped): maybe sent, not sent again' })
    .where(and(eq(smsRecipients.sendId, sendId), eq(smsRecipients.status, 'sending')));
}

export interface Claimed {
  id: string;
  phone: string;
  data: Record<string, string | null>;
  shortCode: string;
  contactId: string | null;
  leadId: string | null;
}

export async function claimNext(db: DbOrTx, sendId: string, limit: number, at: Date): Promise<Claimed[]> {
  const result = await db.execute<{ id: string; phone: string; data: Record<string, string | null>; short_code: string; contact_id: string | null; lead_id: string | null }>(sql`
    update sms_recipients r set status = 'sending', sending_at = ${at.toISOString()}::timestamptz
    where r.id in (select id from sms_recipients where send_id = ${sendId} and status = 'queued' order by seq limit ${limit} for update skip locked)
    returning r.id, r.phone, r.data, r.short_code, r.contact_id, r.lead_id`);
  return result.rows.map((r) => ({ id: r.id, phone: r.phone, data: r.data, shortCode: r.short_code, contactId: r.contact_id, leadId: r.lead_id }));
}

export interface SmsResult {
  id: string;
  status: 'sent' | 'failed';
  bizId: string | null;
  error: string | null;
  at: Date;
}

export async function recordResults(db: DbOrTx, results: readonly SmsResult[]): Promise<void> {
  if (results.length === 0) return;
  const json = JSON.stringify(results.map((r) => ({ id: r.id, status: r.status, biz_id: r.bizId, error: r.error, at: r.at.toISOString() })));
  await db.execute(sql`
    update sms_recipients r set status = v.status, biz_id = v.biz_id, error = v.error, sent_at = case when v.status = 'sent' then v.at else null end
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, status text, biz_id text, error text, at timestamptz)
    where r.id = v.id and r.status = 'sending'`);
}

export async function activeSends(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ id: smsSends.id }).from(smsSends).where(and(eq(smsSends.status, 'sending'), isNull(smsSends.deletedAt)));
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Receipts, replies, short links

/**
 * Applies delivery receipts: by our recipient id (OutId) when the receipt has it, else by the
 * provider's message id; a receipt never moves a message back (a late `sent` after delivered).
 */
export async function applyReceipts(db: DbOrTx, receipts: readonly Receipt[]): Promise<number> {
  if (receipts.length === 0) return 0;
  const json = JSON.stringify(receipts.map((r) => ({ out_id: r.outId && /^[0-9a-f-]{36}$/.test(r.outId) ? r.outId : null, biz_id: r.bizId, delivered: r.delivered, error: r.error, at: r.at?.toISOString() ?? null })));
  const result = await db.execute(sql`
    update sms_recipients r
    set status = case when v.delivered then 'delivered' else 'undelivered' end,
        delivered_at = case when v.delivered then coalesce(v.at, now()) else null end,
        error = v.error
    from jsonb_to_recordset(${json}::jsonb) as v(out_id uuid, biz_id text, delivered boolean, error text, at timestamptz)
    where (r.id = v.out_id or (v.out_id is null and r.biz_id = v.biz_id)) and r.status in ('sent', 'unknown')`);
  return result.rowCount ?? 0;
}

/** An opt-out reply: the number's latest message counts it, and the number is suppressed for SMS. */
export async function applyOptOut(db: DbOrTx, phone: string, at: Date): Promise<void> {
  const when = at.toISOString();
  await db.execute(sql`
    with latest as (
      select id, send_id from sms_recipients where phone = ${phone} and sent_at is not null order by sent_at desc limit 1),
    marked as (update sms_recipients r set opted_out_at = coalesce(r.opted_out_at, ${when}::timestamptz) from latest where r.id = latest.id returning latest.send_id)
    insert into suppressions (channel, address, reason, note, created_at)
    values ('sms', ${phone}, 'unsubscribed', '回复退订', ${when}::timestamptz)
    on conflict (channel, address) do nothing`);
}

export interface ShortLink {
  id: string;
  url: string | null;
  campaignId: string;
  contactId: string | null;
  leadId: string | null;
  sentAt: Date | null;
  firstClickedAt: Date | null;
}

export async function shortLink(db: DbOrTx, code: string): Promise<ShortLink | null> {
  const result = await db.execute<{ id: string; url: string | null; campaign_id: string; contact_id: string | null; lead_id: string | null; sent_at: string | null; first_clicked_at: string | null }>(sql`
    select r.id, s.link_url as url, s.campaign_id, r.contact_id, r.lead_id, r.sent_at, r.first_clicked_at
    from sms_recipients r join sms_sends s on s.id = r.send_id where r.short_code = ${code}`);
  const r = result.rows[0];
  if (!r) return null;
  return { id: r.id, url: r.url, campaignId: r.campaign_id, contactId: r.contact_id, leadId: r.lead_id, sentAt: r.sent_at ? new Date(r.sent_at) : null, firstClickedAt: r.first_clicked_at ? new Date(r.first_clicked_at) : null };
}

export async function recordClick(db: DbOrTx, id: string, at: Date, bot: boolean): Promise<void> {
  await db.execute(
    bot
      ? sql`update sms_recipients set bot_clicks = bot_clicks + 1 where id = ${id}`
      : sql`update sms_recipients set clicks = clicks + 1, first_clicked_at = coalesce(first_clicked_at, ${at.toISOString()}::timestamptz) where id = ${id}`,
  );
}

export async function campaignName(db: DbOrTx, id: string): Promise<string | null> {
  const [row] = await db.select({ name: campaigns.name }).from(campaigns).where(eq(campaigns.id, id)).limit(1);
  return row?.name ?? null;
}
