import { z } from 'zod';
import { isoDateTime, listQuery } from './common.ts';

/**
 * The state of a mail in the outbox (发件箱): `queued` waits for the mail job (or its next
 * attempt), `sent` was accepted by the SMTP server, `failed` gave up after 5 attempts, `unsent`
 * was written while no SMTP server was configured and is only shown here.
 */
export const MAIL_STATUSES = ['queued', 'sent', 'failed', 'unsent'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

export const outboxMail = z
  .object({
    id: z.uuid(),
    to: z.string(),
    userId: z.uuid().nullable(),
    subject: z.string(),
    status: z.enum(MAIL_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: isoDateTime,
    sentAt: isoDateTime.nullable(),
  })
  .meta({ id: 'OutboxMail' });
export type OutboxMail = z.infer<typeof outboxMail>;

export const outboxMailDetail = outboxMail
  .extend({
    cc: z.array(z.string()).meta({ description: 'Copies (Cc)' }),
    attachments: z.array(z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int() })).meta({ description: 'Files sent with the mail (e.g. a quote’s PDF)' }),
    text: z.string(),
    html: z.string().nullable(),
  })
  .meta({ id: 'OutboxMailDetail' });
export type OutboxMailDetail = z.infer<typeof outboxMailDetail>;

export const listOutboxQuery = listQuery.extend({
  status: z.enum(MAIL_STATUSES).optional().meta({ description: 'Only mails in this state' }),
});
