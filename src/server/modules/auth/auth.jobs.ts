import { z } from 'zod';
import { purgeExpiredSessions } from '../../platform/access/sessions.ts';
import { defineJob } from '../../platform/jobs/define.ts';
import { purgeLoginAttemptsBefore } from './auth.queries.ts';

const KEEP_ATTEMPTS_MS = 30 * 86_400_000;

/** Removes expired sessions and login attempts older than 30 days (the audit log keeps the history). */
export const purgeSessionsJob = defineJob({
  name: 'auth.purge-sessions',
  schema: z.object({}),
  schedule: { cron: '*/10 * * * *', data: {} },
  handler: async (deps) => {
    await purgeExpiredSessions(deps);
    await purgeLoginAttemptsBefore(deps.db, new Date(deps.clock.now().getTime() - KEEP_ATTEMPTS_MS));
  },
});
