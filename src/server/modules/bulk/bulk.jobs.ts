import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { runBulkJob } from './bulk.run.ts';

/** Runs a bulk action above the sync limit (POST /customers/bulk, /leads/bulk), batch by batch. */
export const bulkRunJob = defineJob({
  name: 'bulk.run',
  schema: z.object({ jobId: z.uuid() }),
  retryLimit: 2,
  // 100,000 records at a few milliseconds each, with room for a busy database.
  expireInSeconds: 60 * 60,
  handler: async (deps, data, job) => {
    await runBulkJob(deps, data.jobId, { lastAttempt: job.attempt >= 3 });
  },
});
