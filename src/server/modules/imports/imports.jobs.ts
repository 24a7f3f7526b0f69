import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { runImport } from './imports.run.ts';

/** Runs one import (POST /imports/:id/run): all rows in one transaction, progress on the job row. */
export const importRunJob = defineJob({
  name: 'imports.run',
  /** validOnly: write the rows that pass and list the others, instead of all or nothing. */
  schema: z.object({ importId: z.uuid(), validOnly: z.boolean().optional() }),
  retryLimit: 2,
  // 100,000 rows take well under a minute; the margin is for a busy database.
  expireInSeconds: 30 * 60,
  handler: async (deps, data, job) => {
    await runImport(deps, data.importId, { lastAttempt: job.attempt >= 3, validOnly: data.validOnly === true });
  },
});
