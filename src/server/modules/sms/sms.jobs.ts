import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { providerFor } from './sms.provider.ts';
import { runSmsSend } from './sms.sender.ts';
import { activeSends } from './sms.queries.ts';

/**
 * The SMS sender: every minute (and at once when a send starts or resumes) it sends every SMS
 * send that is `sending`, each under its own lock. Without SMS_URL the log provider "sends".
 */
export const smsSendJob = defineJob({
  name: 'sms.send',
  schema: z.object({ sendId: z.uuid().optional() }),
  schedule: { cron: '* * * * *', data: {}, catchUpSeconds: 120 },
  retryLimit: 1,
  retryDelaySeconds: 30,
  expireInSeconds: 6 * 60 * 60,
  handler: async (deps, data, job) => {
    const sending = await activeSends(deps.db);
    const order = data.sendId ? [data.sendId, ...sending.filter((id) => id !== data.sendId)] : sending;
    const provider = providerFor(deps.config.smsUrl);
    for (const id of order) {
      if (job.signal.aborted) break;
      await runSmsSend(deps, id, provider, { signal: job.signal });
    }
  },
});
