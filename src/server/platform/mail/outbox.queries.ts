import { and, asc, desc, eq, getTableColumns, lte, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { mailOutbox } from '../../db/schema/index.ts';
import { afterCursor, type SortKey } from '../http/pagination.ts';
import { countTotal, type ListTotal } from '../http/list-total.ts';
import { ATTEMPT_AFTER_SECONDS } from './retry.ts';

export type OutboxRow = typeof mailOutbox.$inferSelect;
export type MailStatus = OutboxRow['status'];

export async function insertMails(db: DbOrTx, rows: (typeof mailOutbox.$inferInsert)[]): Promise<{ id: string; to: string; status: 'queued' | 'unsent' }[]> {
  if (rows.length === 0) return [];
  const inserted = await db.insert(mailOutbox).values(rows).returning({ id: mailOutbox.id, to: mailOutbox.toAddress, status: mailOutbox.status });
  return inserted.map((r) => ({ id: r.id, to: r.to, status: r.status === 'queued' ? 'queued' : 'unsent' }));
}

/** When the next attempt of a queued row is due (retry.ts's nextAttemptAt, in SQL). */
const nextAttemptAt = sql`${mailOutbox.createdAt} + (array[${sql.raw(ATTEMPT_AFTER_SECONDS.join(','))}]::int[])[${mailOutbox.attempts} + 1] * interval '1 second'`;

/**
 * Locks up to `limit` queued rows whose attempt is due, oldest first, for the caller's
 * transaction. SKIP LOCKED passes over rows another worker holds, so two workers never send the
 * same mail; `exclude` are rows this run already tried.
 */
export async function claimDue(tx: DbOrTx, now: Date, limit: number, exclude: readonly string[]): Promise<OutboxRow[]> {
  return tx
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, 'queued'), lte(nextAttemptAt, now), exclude.length > 0 ? notInArray(mailOutbox.id, [...exclude]) : undefined))
    .orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function markSent(tx: DbOrTx, id: string, at: Date): Promise<void> {
  await tx
    .update(mailOutbox)
    .set({ status: 'sent', sentAt: at, attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, id));
}

export async function markAttemptFailed(tx: DbOrTx, id: string, next: { attempts: number; status: 'queued' | 'failed' }, error: string): Promise<void> {
  await tx.update(mailOutbox).set({ status: next.status, attempts: next.attempts, lastError: error }).where(eq(mailOutbox.id, id));
}

export const NEWEST_FIRST: SortKey = { column: mailOutbox.createdAt, type: 'timestamptz', direction: 'desc' };

const { text: _text, html: _html, cc: _cc, attachments: _attachments, ...listColumns } = getTableColumns(mailOutbox);

/** A page of the outbox, newest first (mail_outbox_created_idx), without the bodies. */
export async function listOutbox(db: DbOrTx, opts: { status: MailStatus | undefined; cursor: string | undefined; limit: number }) {
  return db
    .select(listColumns)
    .from(mailOutbox)
    .where(and(opts.status ? eq(mailOutbox.status, opts.status) : undefined, afterCursor(NEWEST_FIRST, mailOutbox.id, opts.cursor)))
    .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
    .limit(opts.limit + 1);
}

/** The total of the outbox list (listOutbox without cursor, order and limit). */
export function countOutbox(db: DbOrTx, opts: { status: MailStatus | undefined; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, db.select({ id: mailOutbox.id }).from(mailOutbox).where(opts.status ? eq(mailOutbox.status, opts.status) : undefined), opts.exactUpTo);
}

export async function findMail(db: DbOrTx, id: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
  return row ?? null;
}
