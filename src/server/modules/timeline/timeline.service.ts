import type { z } from 'zod';
import type { TimelineEntry, timelineQuery } from '../../../contracts/timeline.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { requirePermission } from '../../platform/access/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { requireVisibleLead } from '../leads/index.ts';
import * as q from './timeline.queries.ts';

/**
 * 客户时间轴: the entries modules published about a customer (or a lead), newest first. Whoever
 * may see the customer sees its timeline, less the entries of records outside their own scope
 * (another salesperson's tasks on a shared customer).
 */
function toEntry(row: Awaited<ReturnType<typeof q.listTimeline>>[number]): TimelineEntry {
  const e = row.event;
  return { id: e.id, kind: e.kind, occurredAt: e.occurredAt.toISOString(), actorId: e.actorId, actorName: row.actorName, entityType: e.entityType, entityId: e.entityId, params: e.params };
}

function kinds(query: z.infer<typeof timelineQuery>) {
  const prefixes = (query.kinds ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (prefixes.some((p) => !/^[a-z_]{1,40}$/.test(p))) throw invalid([{ path: 'kinds', key: 'validation.timelineKinds' }]);
  return prefixes;
}

export async function customerTimeline(deps: Deps, ctx: Ctx, customerId: string, query: z.infer<typeof timelineQuery>) {
  requirePermission(ctx.actor, 'customer', 'read');
  const filter = kinds(query);
  await requireVisibleCustomer(deps.db, ctx.actor, customerId);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listTimeline(deps.db, { of: { customerId }, viewer: ctx.actor, kinds: filter, cursor: query.cursor, limit: query.limit }), () =>
    q.countTimeline(deps.db, { of: { customerId }, viewer: ctx.actor, kinds: filter, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.event.occurredAt, r.event.id], toEntry), ...total };
}

export async function leadTimeline(deps: Deps, ctx: Ctx, leadId: string, query: z.infer<typeof timelineQuery>) {
  requirePermission(ctx.actor, 'lead', 'read');
  const filter = kinds(query);
  await requireVisibleLead(deps.db, ctx.actor, leadId);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listTimeline(deps.db, { of: { leadId }, viewer: ctx.actor, kinds: filter, cursor: query.cursor, limit: query.limit }), () =>
    q.countTimeline(deps.db, { of: { leadId }, viewer: ctx.actor, kinds: filter, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.event.occurredAt, r.event.id], toEntry), ...total };
}
