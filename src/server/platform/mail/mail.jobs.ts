import { z } from 'zod';
import { defineJob } from '../jobs/define.ts';
import { deliverQueued, smtpTransport } from './deliver.ts';

/**
 * Delivers the outbox's queued mails over SMTP_URL. Runs every minute, and at once when
 * kickMail() is called after mails were queued. Idempotent: it only sends rows still `queued`,
 * claimed with SKIP LOCKED, so concurrent runs (two workers, or a kick during the scheduled run)
 * send each mail once. Failures of single mails are recorded on their rows, not thrown; a thrown
 * error (the database) is retried once by the queue, and the next minute's run goes on anyway.
 */
export const mailSendJob = defineJob({
  name: 'mail.send',
  schema: z.object({}),
  schedule: { cron: '* * * * *', data: {}, catchUpSeconds: 120 },
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 10 * 60,
  handler: async (deps, _data, job) => {
    const smtpUrl = deps.config.smtpUrl;
    // A worker without SMTP_URL leaves queued mails to workers that have it.
    if (!smtpUrl) return;
    const transport = smtpTransport(smtpUrl);
    try {
      await deliverQueued(deps, transport, { signal: job.signal });
    } finally {
      transport.close();
    }
  },
});
