import { z } from 'zod';
import { defineJob } from './define.ts';
import { deleteRunsScheduledBefore } from './runs.queries.ts';

/**
 * How long job_runs keeps an occurrence. Far longer than any catch-up window: a deleted claim of
 * an occurrence still inside one would let a restarted worker run it again.
 */
export const KEEP_RUNS_DAYS = 30;

/** Keeps job_runs (one row per occurrence: 144 a day for a 10-minute schedule) from growing forever. */
export const purgeJobRunsJob = defineJob({
  name: 'jobs.purge-runs',
  schema: z.object({}),
  schedule: { cron: '30 3 * * *', data: {} },
  handler: async (deps) => {
    await deleteRunsScheduledBefore(deps.db, new Date(deps.clock.now().getTime() - KEEP_RUNS_DAYS * 86_400_000));
  },
});
