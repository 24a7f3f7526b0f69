import nodemailer from 'nodemailer';
import type { MailAttachmentRef } from '../../db/schema/index.ts';
import type { Deps } from '../deps.ts';
import type { FileStorage } from '../storage/storage.ts';
import * as q from './outbox.queries.ts';
import { afterFailedAttempt, describeSendError } from './retry.ts';

export interface OutgoingAttachment {
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: OutgoingAttachment[];
}

/** Where mails go: SMTP in production (smtpTransport). */
export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Timeouts short enough that a hanging server does not hold a batch's row locks for minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * nodemailer over SMTP_URL (`smtp://user:pass@host:587` with STARTTLS when the server offers it,
 * `smtps://…:465` for TLS from the start). Options in the URL's query (`?tls.rejectUnauthorized=false`)
 * are nodemailer's; our timeouts apply unless the URL sets its own. One connection per run of the
 * mail job, reused for every mail of the run.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(SMTP_TIMEOUTS)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, String(value));
  }
  const transporter = nodemailer.createTransport(url.toString());
  return {
    send: async (m) => {
      await transporter.sendMail({
        from: m.from,
        to: m.to,
        ...(m.cc.length > 0 ? { cc: m.cc } : {}),
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        ...(m.attachments.length > 0 ? { attachments: m.attachments.map((a) => ({ filename: a.fileName, contentType: a.contentType, content: a.content })) } : {}),
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * The bytes of a mail's files. A file no longer stored (its record deleted it since) fails the
 * attempt with a message naming it, rather than sending the mail without it.
 */
async function readAttachments(storage: FileStorage | undefined, refs: readonly MailAttachmentRef[]): Promise<OutgoingAttachment[]> {
  if (refs.length === 0) return [];
  if (!storage) throw new Error('no file storage to read the attachments from');
  const out: OutgoingAttachment[] = [];
  for (const ref of refs) {
    const opened = await storage.open(ref.storageKey);
    if (!opened) throw new Error(`attachment ${ref.fileName} is no longer stored`);
    const chunks: Buffer[] = [];
    for await (const chunk of opened.stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    out.push({ fileName: ref.fileName, contentType: ref.contentType, content: Buffer.concat(chunks) });
  }
  return out;
}

export interface DeliverOptions {
  /** Rows claimed (and locked) per transaction. */
  batchSize?: number;
  /** At most this many batches per run; the next run goes on. */
  maxBatches?: number;
  /** Stops between mails when aborted (the worker is stopping). */
  signal?: AbortSignal;
}

/**
 * Sends the queued mails that are due. Each batch is claimed with FOR UPDATE SKIP LOCKED in a
 * transaction that also records the outcome of each mail, so two workers never send the same mail
 * and a mail is marked `sent` exactly when it was handed to the SMTP server. (A crash between
 * the SMTP server's acceptance and the commit sends the batch's mails again: at least once, hence
 * small batches.) A failed attempt is counted, with the error, and the mail stays `queued` for
 * the next attempt (retry.ts) until it is `failed`.
 */
export async function deliverQueued(deps: Deps, transport: MailTransport, opts: DeliverOptions = {}): Promise<{ sent: number; failed: number }> {
  const batchSize = opts.batchSize ?? 10;
  const maxBatches = opts.maxBatches ?? 50;
  const tried: string[] = [];
  let sent = 0;
  let failed = 0;
  for (let batch = 0; batch < maxBatches && !opts.signal?.aborted; batch++) {
    const claimed = await deps.db.transaction(async (tx) => {
      const rows = await q.claimDue(tx, deps.clock.now(), batchSize, tried);
      for (const row of rows) {
        tried.push(row.id);
        if (opts.signal?.aborted) {
          // Not tried: the lock goes with the transaction and the next run sends it.
          continue;
        }
        let error: string | null = null;
        try {
          const attachments = await readAttachments(deps.storage, row.attachments);
          await transport.send({ from: deps.config.mailFrom, to: row.toAddress, cc: row.cc, subject: row.subject, text: row.text, html: row.html, attachments });
        } catch (err) {
          error = describeSendError(err);
        }
        if (error === null) {
          await q.markSent(tx, row.id, deps.clock.now());
          sent++;
        } else {
          await q.markAttemptFailed(tx, row.id, afterFailedAttempt(row.attempts), error);
          failed++;
        }
      }
      return rows.length;
    });
    if (claimed < batchSize) break;
  }
  return { sent, failed };
}
