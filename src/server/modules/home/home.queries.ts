import { and, asc, eq, isNull, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers, leads, opportunities, pipelineStages, users } from '../../db/schema/index.ts';
import { viewerScope, type Viewer } from '../../platform/access/policy.ts';
import { customerNeedsFollowUp, customerScope } from '../customers/index.ts';
import { leadNeedsFollowUp, leadScope, leadViewerScope } from '../leads/index.ts';
import { opportunityScope } from '../opportunities/index.ts';

/**
 * Open A leads still without an owner, among those the viewer may assign (their scope plus the
 * queue of waiting leads for `lead:assign`, as the 待分配 list shows), whose assignment clock started before `clockStartedBefore`
 * (now minus the SLA). The clock starts at registration, or at the regrade to A when later — the
 * leads module's `slaState` rule, counted in SQL rather than flagged by the SLA job, so the figure
 * does not wait for the job's next run.
 */
export async function countLeadsPastSla(db: DbOrTx, viewer: Viewer, clockStartedBefore: Date): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(
      and(
        leadViewerScope(viewer, 'assign'),
        sql`${leads.grade} = 'A'`,
        isNull(leads.ownerId),
        isNull(leads.mergedIntoId),
        notInArray(leads.status, ['converted', 'disqualified', 'nurture']),
        sql`greatest(${leads.registeredAt}, coalesce(${leads.gradedAt}, ${leads.registeredAt})) < ${clockStartedBefore.toISOString()}::timestamptz`,
      ),
    );
  return row?.n ?? 0;
}

/** Per owner, customers past their follow-up cadence, within the viewer's scope. */
export async function customersDueByOwner(db: DbOrTx, viewer: Viewer, now: Date) {
  return db
    .select({ ownerId: users.id, ownerName: users.displayName, n: sql<number>`count(*)::int` })
    .from(customers)
    .innerJoin(users, eq(users.id, customers.ownerId))
    .where(and(viewerScope(viewer, customerScope), customerNeedsFollowUp(now)))
    .groupBy(users.id, users.displayName);
}

/** Per owner, open leads past their follow-up cadence, within the viewer's scope. */
export async function leadsDueByOwner(db: DbOrTx, viewer: Viewer, now: Date) {
  return db
    .select({ ownerId: users.id, ownerName: users.displayName, n: sql<number>`count(*)::int` })
    .from(leads)
    .innerJoin(users, eq(users.id, leads.ownerId))
    .where(and(viewerScope(viewer, leadScope), leadNeedsFollowUp(now)))
    .groupBy(users.id, users.displayName);
}

/** The active open stages in order, each with the viewer's open opportunities in it (CNY amounts). */
export async function openPipeline(db: DbOrTx, viewer: Viewer) {
  return db
    .select({
      stageId: pipelineStages.id,
      key: pipelineStages.key,
      nameZh: pipelineStages.nameZh,
      nameEn: pipelineStages.nameEn,
      count: sql<number>`count(${opportunities.id})::int`,
      amountFen: sql<string>`coalesce(sum(${opportunities.amountFen}) filter (where ${opportunities.currency} = 'CNY'), 0)::text`,
    })
    .from(pipelineStages)
    .leftJoin(opportunities, and(eq(opportunities.stageId, pipelineStages.id), viewerScope(viewer, opportunityScope)))
    .where(and(eq(pipelineStages.kind, 'open'), eq(pipelineStages.active, true)))
    .groupBy(pipelineStages.id)
    .orderBy(asc(pipelineStages.sortOrder));
}

/** Opportunities won since `monthStart` (a day, YYYY-MM-DD, in `timeZone`), CNY amounts. */
export async function wonSince(db: DbOrTx, viewer: Viewer, monthStart: string, timeZone: string) {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      amountFen: sql<string>`coalesce(sum(${opportunities.amountFen}) filter (where ${opportunities.currency} = 'CNY'), 0)::text`,
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(
      and(
        viewerScope(viewer, opportunityScope),
        eq(pipelineStages.kind, 'won'),
        sql`${opportunities.closedAt} >= (${monthStart}::date::timestamp at time zone ${timeZone})`,
      ),
    );
  return { count: row?.count ?? 0, amountFen: Number(row?.amountFen ?? 0) };
}
