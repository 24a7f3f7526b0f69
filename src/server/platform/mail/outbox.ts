import type { Config } from '../../config.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { MailAttachmentRef } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import { mailSendJob } from './mail.jobs.ts';
import { insertMails } from './outbox.queries.ts';

/** What queueMail wrote: the row's id and state (`queued`, or `unsent` without SMTP). */
export interface QueuedMailRow {
  id: string;
  to: string;
  status: 'queued' | 'unsent';
}

export interface QueuedMail {
  to: string;
  /** The user it is for, when it is for one (the outbox shows it; null for other addresses). */
  userId?: string | null;
  subject: string;
  text: string;
  /** Optional HTML alternative of `text`; the outbox page shows the text only. */
  html?: string | null;
  /** Copies (Cc). */
  cc?: readonly string[];
  /** Files already in the file storage, sent with the mail (read when it is delivered). */
  attachments?: readonly MailAttachmentRef[];
}

/**
 * 发件箱 (outbox pattern): writes mails into mail_outbox inside the caller's transaction, so a
 * mail exists exactly when the change that caused it (a reminder, a digest) was committed, and is
 * delivered afterwards by the `mail.send` job. With SMTP_URL set the rows are `queued`; without
 * it they are `unsent` and only admins read them in the outbox page (they are not sent later
 * when SMTP is configured: the reminder they carry is stale by then).
 *
 * Delivery starts within a minute (the job's schedule); call kickMail(deps) after the commit
 * to send at once.
 */
export async function queueMail(db: DbOrTx, config: Config, mails: QueuedMail[], at: Date): Promise<QueuedMailRow[]> {
  const status = config.smtpUrl ? 'queued' : 'unsent';
  return insertMails(
    db,
    mails.map((m) => ({
      toAddress: m.to.trim(),
      userId: m.userId ?? null,
      subject: m.subject,
      text: m.text,
      html: m.html ?? null,
      cc: (m.cc ?? []).map((a) => a.trim()),
      attachments: [...(m.attachments ?? [])],
      status,
      attempts: 0,
      createdAt: at,
    })),
  );
}

/**
 * Asks a worker to send queued mails now rather than at the next minute. Call it after the
 * transaction that queued them committed (before, the job might run and find nothing). Without
 * SMTP, or where no job runner was started, it does nothing; failing to enqueue is harmless
 * since the schedule sends the mails within a minute anyway.
 */
export async function kickMail(deps: Pick<Deps, 'config' | 'jobs'>): Promise<void> {
  if (!deps.config.smtpUrl || !deps.jobs) return;
  try {
    await deps.jobs.send(mailSendJob, {});
  } catch {
    // the minute schedule delivers them
  }
}
