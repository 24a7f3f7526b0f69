import { z } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { defineJob } from '../../platform/jobs/define.ts';
import { kickMail, queueMail } from '../../platform/mail/outbox.ts';
import { insertNotifications } from '../notifications/index.ts';
import * as q from './tasks.queries.ts';
import { reminderMail, taskSubject } from './tasks.rules.ts';

/** Reminders delivered per transaction: a busy minute is a few of these, each a couple of statements. */
const REMINDER_BATCH = 1000;

/**
 * Delivers every reminder that is due and not yet delivered, as an in-app notification to the
 * assignee and an e-mail through the outbox. A reminder is marked delivered in the transaction that writes its notification, and
 * rows another worker holds are skipped, so each reminder is delivered exactly once however many
 * workers run this; reminders that fell due while every worker was down are simply due now and go
 * out at the next run. Returns how many were delivered.
 */
export async function deliverDueReminders(deps: Deps): Promise<number> {
  let delivered = 0;
  for (;;) {
    const now = deps.clock.now();
    const batch = await deps.db.transaction(async (tx) => {
      const due = (await q.takeDueReminders(tx, now, REMINDER_BATCH)).rows;
      await insertNotifications(
        tx,
        due.map((t) => ({
          userId: t.assignee_id,
          kind: 'task.reminder',
          params: { title: t.title, dueAt: new Date(t.due_at).toISOString(), customerId: t.customer_id, leadId: t.lead_id, ...taskSubject({ customerName: t.customer_name, leadName: t.lead_name }) },
          entityType: 'task',
          entityId: t.id,
          createdAt: now,
        })),
      );
      // The same reminder by e-mail for those with an address (sent, or kept in the outbox without SMTP).
      const mails = due.flatMap((t) => {
        if (!t.email) return [];
        const mail = reminderMail({ title: t.title, dueAt: new Date(t.due_at), customerName: t.customer_name }, t.locale, deps.config.timeZone);
        return [{ to: t.email, userId: t.assignee_id, ...mail }];
      });
      await queueMail(tx, deps.config, mails, now);
      return due;
    });
    delivered += batch.length;
    if (batch.some((t) => t.email)) await kickMail(deps);
    if (batch.length < REMINDER_BATCH) return delivered;
  }
}

/**
 * Every 20 seconds: with the scheduler's 5-second tick and the worker's 2-second polling, a
 * reminder goes out at most about half a minute after its time (the issue allows 60 s).
 */
export const taskRemindersJob = defineJob({
  name: 'tasks.reminders',
  schema: z.object({}),
  schedule: { cron: '*/20 * * * * *', data: {} },
  // A run is quick; one stuck for more than a few minutes is retried by another worker.
  expireInSeconds: 5 * 60,
  retryDelaySeconds: 5,
  handler: async (deps) => {
    await deliverDueReminders(deps);
  },
});
