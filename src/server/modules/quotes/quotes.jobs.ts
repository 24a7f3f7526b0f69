import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { expireQuotes } from './quotes.service.ts';

/**
 * Shortly after midnight in the business time zone, sent quotes whose last valid day is over
 * become expired. A worker that was down at midnight runs it when it starts (same day).
 */
export const expireQuotesJob = defineJob({
  name: 'quotes.expire',
  schema: z.object({}),
  schedule: { cron: '5 0 * * *', data: {}, catchUpSeconds: 20 * 3600 },
  handler: async (deps) => {
    await expireQuotes(deps);
  },
});
