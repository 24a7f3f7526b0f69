import { lt } from 'drizzle-orm';
import { z } from 'zod';
import { loginAttempts } from '../../db/schema/index.ts';
import { purgeExpiredSessions } from '../../platform/access/sessions.ts';
import { defineJob } from '../../platform/jobs/define.ts';

const KEEP_ATTEMPTS_MS = 30 * 86_400_000;

/** Removes expired sessions and login attempts older than 30 days (the audit log keeps the history). */
export const purgeSessionsJob = defineJob({
  name: 'auth.purge-sessions',
  schema: z.object({}),
  schedule: { cron: '*/10 * * * *', data: {} },
  handler: async (deps) => {
    await purgeExpiredSessions(deps);
    await deps.db.delete(loginAttempts).where(lt(loginAttempts.at, new Date(deps.clock.now().getTime() - KEEP_ATTEMPTS_MS)));
  },
});
