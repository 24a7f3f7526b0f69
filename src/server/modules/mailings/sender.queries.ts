import { and, eq, sql } from 'drizzle-orm';
import type { RecipientStatus } from '../../../contracts/mailings.ts';
import type { DbOrTx } from '../../db/client.ts';
import { mailingRecipients } from '../../db/schema/index.ts';
import { withSessionLock } from '../../db/session-lock.ts';

/** First key of the sender's advisory locks ("mail"); the second is the mailing id's hash. */
const LOCK_SPACE = 0x6d61696c;

/**
 * Runs `fn` holding the mailing's sender lock (withSessionLock): one sender per mailing across all
 * workers; a sender that dies loses it with its connection, so the next one can recover its
 * recipients. Returns null when another sender holds the lock.
 */
export async function withSenderLock<T>(db: DbOrTx, mailingId: string, fn: () => Promise<T>): Promise<T | null> {
  return withSessionLock(db, LOCK_SPACE, mailingId, fn);
}

/**
 * Recipients a dead sender left in the middle of their SMTP exchange: maybe delivered, maybe
 * not. They become `unknown` and are never sent again by the sender (a person decides).
 */
export async function recoverInterrupted(db: DbOrTx, mailingId: string): Promise<number> {
  const result = await db
    .update(mailingRecipients)
    .set({ status: 'unknown', error: 'interrupted during sending (the worker stopped): maybe delivered, not sent again' })
    .where(and(eq(mailingRecipients.mailingId, mailingId), eq(mailingRecipients.status, 'sending')));
  return result.rowCount ?? 0;
}

export interface ClaimedRecipient {
  id: string;
  email: string;
  data: Record<string, string | null>;
  variant: string | null;
  contactId: string | null;
  leadId: string | null;
}

/**
 * The next `limit` queued recipients, marked `sending` and committed before any of their mails
 * is handed to SMTP: from here on a crash leaves them `sending`, which recovery turns into
 * `unknown` — never `queued` again, so never sent twice.
 */
export async function claimNext(db: DbOrTx, mailingId: string, limit: number, at: Date): Promise<ClaimedRecipient[]> {
  const result = await db.execute<{ id: string; email: string; data: Record<string, string | null>; variant: string | null; contact_id: string | null; lead_id: string | null }>(sql`
    update mailing_recipients r set status = 'sending', sending_at = ${at.toISOString()}::timestamptz
    where r.id in (
      select id from mailing_recipients
      where mailing_id = ${mailingId} and status = 'queued'
      order by seq limit ${limit}
      for update skip locked)
    returning r.id, r.email, r.data, r.variant, r.contact_id, r.lead_id`);
  return result.rows.map((r) => ({ id: r.id, email: r.email, data: r.data, variant: r.variant, contactId: r.contact_id, leadId: r.lead_id }));
}

export interface SendResult {
  id: string;
  status: Extract<RecipientStatus, 'sent' | 'failed' | 'bounced'>;
  error: string | null;
  at: Date;
}

/** Records what SMTP said for each recipient of a group, in one statement. */
export async function recordResults(db: DbOrTx, results: readonly SendResult[]): Promise<void> {
  if (results.length === 0) return;
  const json = JSON.stringify(results.map((r) => ({ id: r.id, status: r.status, error: r.error, at: r.at.toISOString() })));
  await db.execute(sql`
    update mailing_recipients r
    set status = v.status, error = v.error, sent_at = case when v.status = 'sent' then v.at else null end
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, status text, error text, at timestamptz)
    where r.id = v.id and r.status = 'sending'`);
}

/** Mailings to send now, and subject tests due for their decision. */
export async function activeMailings(db: DbOrTx, now: Date): Promise<{ sending: string[]; testing: string[] }> {
  const result = await db.execute<{ id: string; status: string; due: boolean }>(sql`
    select id, status, (decide_at is null or decide_at <= ${now.toISOString()}::timestamptz) as due
    from mailings where status in ('sending', 'testing') and deleted_at is null order by started_at`);
  return {
    sending: result.rows.filter((r) => r.status === 'sending').map((r) => r.id),
    testing: result.rows.filter((r) => r.status === 'testing' && r.due).map((r) => r.id),
  };
}
