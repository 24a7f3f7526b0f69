import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { reclaimDue } from './pool.service.ts';

/** Nightly: customers without activity for their stage's reclaim days return to the public pool. */
export const poolReclaimJob = defineJob({
  name: 'pool.reclaim',
  schema: z.object({}),
  schedule: { cron: '15 2 * * *', data: {} },
  handler: async (deps) => {
    await reclaimDue(deps);
  },
});
