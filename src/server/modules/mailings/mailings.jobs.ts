import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { decideTest, pooledSmtpTransport, runMailing, mailingSetting } from './mailings.sender.ts';
import { activeMailings } from './sender.queries.ts';

/**
 * The sender of e-mail campaigns: every minute (and at once when a mailing starts or resumes) it
 * decides the subject tests whose time has come, then sends every mailing that is `sending`, one
 * after the other, each under its own lock (a second worker skips the mailings the first holds).
 * After a crash or a restart the next run recovers what the dead one left and goes on.
 */
export const mailingSendJob = defineJob({
  name: 'mailings.send',
  schema: z.object({ mailingId: z.uuid().optional() }),
  schedule: { cron: '* * * * *', data: {}, catchUpSeconds: 120 },
  retryLimit: 1,
  retryDelaySeconds: 30,
  // A mailing of 100,000 at 50 a second takes half an hour; the handler stops when asked.
  expireInSeconds: 6 * 60 * 60,
  handler: async (deps, data, job) => {
    const smtpUrl = deps.config.smtpUrl;
    if (!smtpUrl) return;
    const due = await activeMailings(deps.db, deps.clock.now());
    for (const id of due.testing) await decideTest(deps, id);
    const sending = data.mailingId ? [data.mailingId, ...due.sending.filter((id) => id !== data.mailingId)] : [...due.sending, ...due.testing];
    if (sending.length === 0) return;
    const settings = await mailingSetting.load(deps.db);
    const transport = pooledSmtpTransport(smtpUrl, settings.concurrency);
    try {
      for (const id of sending) {
        if (job.signal.aborted) break;
        await runMailing(deps, id, transport, { signal: job.signal, settings });
      }
    } finally {
      transport.close();
    }
  },
});
