import { z } from 'zod';
import { businessDate, startOfDay } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { defineJob } from '../../platform/jobs/define.ts';
import { kickMail, queueMail } from '../../platform/mail/outbox.ts';
import { insertNotifications } from '../notifications/index.ts';
import { digestCounts } from './followups.queries.ts';
import { digestMail, digestWorthSending } from './followups.rules.ts';

/**
 * The morning digest (每日跟进提醒): each user with overdue or today's tasks, or customers and
 * leads past their cadence, gets one notification and one e-mail. The notification's dedupe key
 * is the date, and the mail goes only with a notification this run created, so a re-run (a
 * retry, a second worker) sends nothing twice. Returns how many users were told.
 */
export async function sendDailyDigest(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const tomorrow = new Date(startOfDay(now, deps.config.timeZone).getTime() + 86_400_000);
  const date = businessDate(now, deps.config.timeZone);
  const rows = await digestCounts(deps.db, now, tomorrow);
  const due = rows.map((r) => ({ ...r, counts: { overdueTasks: r.overdue, todayTasks: r.today, customers: r.customers, leads: r.leads } })).filter((r) => digestWorthSending(r.counts));
  if (due.length === 0) return 0;
  const told = await deps.db.transaction(async (tx) => {
    const notified = new Set(
      await insertNotifications(
        tx,
        due.map((r) => ({ userId: r.user_id, kind: 'followup.digest', params: { ...r.counts, date }, dedupeKey: `digest:${date}`, createdAt: now })),
      ),
    );
    const mails = due.filter((r) => r.email && notified.has(r.user_id)).map((r) => ({ to: r.email as string, userId: r.user_id, ...digestMail(r.counts, r.locale, date) }));
    await queueMail(tx, deps.config, mails, now);
    return notified.size;
  });
  await kickMail(deps);
  return told;
}

/** Every morning at 8 in the business time zone; a worker starting by 11 still sends it. */
export const dailyDigestJob = defineJob({
  name: 'followups.daily-digest',
  schema: z.object({}),
  schedule: { cron: '0 8 * * *', data: {}, catchUpSeconds: 3 * 3600 },
  handler: async (deps) => {
    await sendDailyDigest(deps);
  },
});
