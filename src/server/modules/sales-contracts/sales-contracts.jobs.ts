import { z } from 'zod';
import { formatFen } from '../../../contracts/money.ts';
import type { Deps } from '../../platform/deps.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { defineJob } from '../../platform/jobs/define.ts';
import { kickMail, queueMail } from '../../platform/mail/outbox.ts';
import { publishTimeline } from '../../platform/timeline/timeline.ts';
import { insertNotifications } from '../notifications/index.ts';
import * as q from './sales-contracts.queries.ts';
import { businessDate } from '../../platform/clock.ts';
import { addDays, overdueMail, renewalMail } from './sales-contracts.rules.ts';

/** Rows handled per transaction. */
const BATCH = 500;
/** Owners are reminded to renew this many days before the end date. */
export const RENEWAL_DAYS = 30;

/**
 * Each handler takes its rows with FOR UPDATE SKIP LOCKED and marks them in the transaction that
 * writes the notification (or the status change), so however many workers run it, each
 * installment is reminded once, each contract reminded to renew once and expired once. They read
 * time from deps.clock, so tests move it.
 */

/** 回款逾期提醒: installments due before today and not fully received, once each, to the contract's owner. */
export async function remindOverdueInstallments(deps: Deps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const today = businessDate(now, deps.config.timeZone);
    const rows = await deps.db.transaction(async (tx) => {
      const due = (await q.takeOverdueInstallments(tx, today, now, BATCH)).rows;
      await insertNotifications(
        tx,
        due.map((r) => ({
          userId: r.owner_id,
          kind: 'contract.installment_overdue',
          params: { number: r.number, title: r.title, customerName: r.customer_name, customerId: r.customer_id, dueOn: r.due_on, outstanding: formatFen(Number(r.outstanding_fen), r.currency) },
          entityType: 'contract',
          entityId: r.contract_id,
          dedupeKey: `contract-overdue:${r.id}`,
          createdAt: now,
        })),
      );
      const mails = due.flatMap((r) =>
        r.email ? [{ to: r.email, userId: r.owner_id, ...overdueMail({ number: r.number, title: r.title, customerName: r.customer_name, dueOn: r.due_on, outstanding: formatFen(Number(r.outstanding_fen), r.currency) }, r.locale) }] : [],
      );
      await queueMail(tx, deps.config, mails, now);
      return due;
    });
    total += rows.length;
    if (rows.some((r) => r.email)) await kickMail(deps);
    if (rows.length < BATCH) return total;
  }
}

/** 续约提醒: active contracts ending within 30 days, once each, to the owner. */
export async function remindRenewals(deps: Deps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const today = businessDate(now, deps.config.timeZone);
    const rows = await deps.db.transaction(async (tx) => {
      const due = (await q.takeRenewals(tx, today, addDays(today, RENEWAL_DAYS), now, BATCH)).rows;
      await insertNotifications(
        tx,
        due.map((r) => ({
          userId: r.owner_id,
          kind: 'contract.renewal_due',
          params: { number: r.number, title: r.title, customerName: r.customer_name, customerId: r.customer_id, endsOn: r.ends_on },
          entityType: 'contract',
          entityId: r.id,
          dedupeKey: `contract-renewal:${r.id}:${r.ends_on}`,
          createdAt: now,
        })),
      );
      const mails = due.flatMap((r) => (r.email ? [{ to: r.email, userId: r.owner_id, ...renewalMail({ number: r.number, title: r.title, customerName: r.customer_name, endsOn: r.ends_on }, r.locale) }] : []));
      await queueMail(tx, deps.config, mails, now);
      return due;
    });
    total += rows.length;
    if (rows.some((r) => r.email)) await kickMail(deps);
    if (rows.length < BATCH) return total;
  }
}

/** 合同到期: active contracts past their end date become expired, with an audit entry by the system and a timeline entry. */
export async function expireContracts(deps: Deps): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const today = businessDate(now, deps.config.timeZone);
    const rows = await deps.db.transaction(async (tx) => {
      const expired = (await q.expireContracts(tx, today, now, BATCH)).rows;
      const system = { actorId: null, actorName: 'system', ip: null, now };
      for (const c of expired) {
        await publishTimeline(tx, {
          kind: 'contract.expired',
          customerId: c.customer_id,
          occurredAt: now,
          actorId: null,
          entityType: 'contract',
          entityId: c.id,
          params: { number: c.number, title: c.title, endsOn: c.ends_on },
          restrictedTo: { ownerId: c.owner_id, departmentId: c.department_id },
        });
        await writeAudit(tx, system, { action: 'update', entityType: 'contract', entityId: c.id, entityLabel: `${c.number} ${c.title}`, before: { status: 'active' }, after: { status: 'expired' } });
      }
      return expired;
    });
    total += rows.length;
    if (rows.length < BATCH) return total;
  }
}

/** Every morning at 08:05 in the business time zone; a worker starting by 11 still runs it. */
export const contractsDailyJob = defineJob({
  name: 'contracts.daily',
  schema: z.object({}),
  schedule: { cron: '5 8 * * *', data: {}, catchUpSeconds: 3 * 3600 },
  handler: async (deps) => {
    await expireContracts(deps);
    await remindRenewals(deps);
    await remindOverdueInstallments(deps);
  },
});
