import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { sweepOrphans } from './attachments.service.ts';

/**
 * Daily, removes stored files that no attachment row names and that are more than an hour old
 * (a crash between storing a file and inserting its row, a removal that failed after a delete),
 * and the leftovers of interrupted writes. Idempotent: a second run finds nothing more to remove.
 */
export const sweepAttachmentsJob = defineJob({
  name: 'attachments.sweep',
  schema: z.object({}),
  schedule: { cron: '40 3 * * *', data: {} },
  expireInSeconds: 60 * 60,
  handler: async (deps, _data, job) => {
    await sweepOrphans(deps, job.signal);
  },
});
