import { z } from 'zod';
import { defineJob } from '../../platform/jobs/define.ts';
import { runRfm } from './customer-value.service.ts';

/**
 * The nightly run classes every customer (02:30, business time zone; a worker starting by 06:30
 * still runs it), the minute's run the customers whose paid figures changed since. A run asked
 * for by an admin is a one-off full run.
 */
export const rfmNightlyJob = defineJob<{ kind: 'full' | 'changed' }>({
  name: 'customer-value.nightly',
  schema: z.object({ kind: z.enum(['full', 'changed']) }),
  schedule: { cron: '30 2 * * *', data: { kind: 'full' }, catchUpSeconds: 4 * 3600 },
  expireInSeconds: 3600,
  handler: async (deps, data, job) => {
    await runRfm(deps, data.kind, deps.clock.now(), { signal: job.signal });
  },
});

export const rfmChangedJob = defineJob({
  name: 'customer-value.changed',
  schema: z.object({}),
  schedule: { cron: '* * * * *', data: {}, catchUpSeconds: 120 },
  handler: async (deps, _data, job) => {
    await runRfm(deps, 'changed', deps.clock.now(), { signal: job.signal });
  },
});
