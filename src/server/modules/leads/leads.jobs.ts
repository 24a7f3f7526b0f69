import { z } from 'zod';
import { writeAudit } from '../../platform/audit/audit.ts';
import { defineJob } from '../../platform/jobs/define.ts';
import { notify } from '../notifications/index.ts';
import { flagSlaBreaches, leadAssigners } from './leads.queries.ts';
import { ASSIGNMENT_SLA_MS } from './leads.rules.ts';

/**
 * A leads must reach a salesperson within 24 hours. Every 5 minutes this flags the unassigned A
 * leads past their deadline (once each), so lists can single them out, and notifies everyone
 * who may assign them in the same transaction. Idempotent: a flagged lead is not
 * flagged (nor reported) again.
 */
export const leadSlaJob = defineJob({
  name: 'leads.sla-check',
  schema: z.object({}),
  schedule: { cron: '*/5 * * * *', data: {} },
  handler: async (deps) => {
    const now = deps.clock.now();
    const deadlineBefore = new Date(now.getTime() - (ASSIGNMENT_SLA_MS.A ?? 0));
    await deps.db.transaction(async (tx) => {
      const breached = await flagSlaBreaches(tx, now, deadlineBefore);
      const assigners = breached.length ? await leadAssigners(tx) : [];
      for (const lead of breached) {
        await writeAudit(tx, { actorId: null, actorName: 'system', ip: null, now }, {
          action: 'update',
          entityType: 'lead',
          entityId: lead.id,
          entityLabel: lead.number,
          before: { slaBreached: false },
          after: { slaBreached: true },
        });
        await notify(
          tx,
          assigners,
          { kind: 'lead.sla_breached', params: { number: lead.number, name: lead.companyName ?? lead.contactName }, entity: { type: 'lead', id: lead.id }, dedupeKey: `sla:${lead.id}` },
          now,
        );
      }
    });
  },
});
