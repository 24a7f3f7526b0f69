import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';

/** What a tracking or unsubscribe request needs of its recipient: one indexed read. */
export interface TrackedRecipient {
  id: string;
  mailingId: string;
  campaignId: string;
  email: string;
  contactId: string | null;
  leadId: string | null;
  sentAt: Date | null;
  firstOpenedAt: Date | null;
  firstClickedAt: Date | null;
  unsubscribedAt: Date | null;
  tracking: boolean;
  links: string[];
}

export async function trackedRecipient(db: DbOrTx, id: string): Promise<TrackedRecipient | null> {
  const result = await db.execute<{
    id: string;
    mailing_id: string;
    campaign_id: string;
    email: string;
    contact_id: string | null;
    lead_id: string | null;
    sent_at: Date | null;
    first_opened_at: Date | null;
    first_clicked_at: Date | null;
    unsubscribed_at: Date | null;
    tracking: boolean;
    links: string[];
  }>(sql`
    select r.id, r.mailing_id, m.campaign_id, r.email, r.contact_id, r.lead_id, r.sent_at, r.first_opened_at, r.first_clicked_at, r.unsubscribed_at, m.tracking, m.links
    from mailing_recipients r join mailings m on m.id = r.mailing_id
    where r.id = ${id}`);
  const r = result.rows[0];
  if (!r) return null;
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    id: r.id,
    mailingId: r.mailing_id,
    campaignId: r.campaign_id,
    email: r.email,
    contactId: r.contact_id,
    leadId: r.lead_id,
    sentAt: date(r.sent_at),
    firstOpenedAt: date(r.first_opened_at),
    firstClickedAt: date(r.first_clicked_at),
    unsubscribedAt: date(r.unsubscribed_at),
    tracking: r.tracking,
    links: r.links,
  };
}

/** Counts an open: a person's (first time kept) or a probable bot's (counted apart). */
export async function recordOpen(db: DbOrTx, id: string, at: Date, bot: boolean): Promise<void> {
  await db.execute(
    bot
      ? sql`update mailing_recipients set bot_events = bot_events + 1 where id = ${id}`
      : sql`update mailing_recipients set opens = opens + 1, first_opened_at = coalesce(first_opened_at, ${at.toISOString()}::timestamptz) where id = ${id}`,
  );
}

/**
 * Counts a click on link `link`: on the recipient (a person's click also counts as an open: the
 * mail was read, with images blocked) and per link.
 */
export async function recordClick(db: DbOrTx, id: string, link: number, at: Date, bot: boolean): Promise<void> {
  const when = at.toISOString();
  await db.execute(sql`
    with r as (
      update mailing_recipients set
        ${bot ? sql`bot_events = bot_events + 1` : sql`clicks = clicks + 1, first_clicked_at = coalesce(first_clicked_at, ${when}::timestamptz), first_opened_at = coalesce(first_opened_at, ${when}::timestamptz)`}
      where id = ${id} returning id)
    insert into mailing_clicks (recipient_id, link, clicks, bot_clicks, first_at)
    select r.id, ${link}, ${bot ? 0 : 1}, ${bot ? 1 : 0}, ${when}::timestamptz from r
    on conflict (recipient_id, link) do update set clicks = mailing_clicks.clicks + excluded.clicks, bot_clicks = mailing_clicks.bot_clicks + excluded.bot_clicks`);
}

/** Marks the recipient unsubscribed (the first time counts) and puts the address on the suppression list. */
export async function recordUnsubscribe(db: DbOrTx, r: Pick<TrackedRecipient, 'id' | 'email' | 'mailingId'>, at: Date): Promise<void> {
  const when = at.toISOString();
  await db.execute(sql`
    with u as (update mailing_recipients set unsubscribed_at = coalesce(unsubscribed_at, ${when}::timestamptz) where id = ${r.id} returning id)
    insert into suppressions (channel, address, reason, mailing_id, created_at)
    select 'email', ${r.email}, 'unsubscribed', ${r.mailingId}, ${when}::timestamptz from u
    on conflict (channel, address) do nothing`);
}
