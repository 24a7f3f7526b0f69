import { and, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { RESPONSE_STATUSES, type CampaignComparisonQuery } from '../../../contracts/campaigns.ts';
import type { DbOrTx } from '../../db/client.ts';
import { campaignMembers, campaigns, customers, leads, opportunities, pipelineStages } from '../../db/schema/index.ts';
import { can, type Actor } from '../../platform/access/actor.ts';
import { viewerScope } from '../../platform/access/policy.ts';
import { campaignScope } from '../campaigns/index.ts';
import { customerScope } from '../customers/index.ts';
import { leadViewerScope } from '../leads/index.ts';
import { opportunityScope } from '../opportunities/index.ts';

/** The campaigns `actor` sees that match the comparison's filters, newest first (one more than `limit`). */
export async function comparedCampaigns(db: DbOrTx, actor: Actor, f: CampaignComparisonQuery, limit: number) {
  const createdOn = sql`(${campaigns.createdAt} at time zone 'Asia/Shanghai')::date`;
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      type: campaigns.type,
      status: campaigns.status,
      channel: campaigns.channel,
      startsOn: campaigns.startsOn,
      endsOn: campaigns.endsOn,
      costFen: campaigns.costFen,
      budgetFen: campaigns.budgetFen,
    })
    .from(campaigns)
    .where(
      and(
        isNull(campaigns.deletedAt),
        viewerScope(actor, campaignScope),
        f.type ? eq(campaigns.type, f.type) : undefined,
        f.status ? eq(campaigns.status, f.status) : undefined,
        f.ownerId ? eq(campaigns.ownerId, f.ownerId) : undefined,
        f.from ? gte(sql`coalesce(${campaigns.endsOn}, ${campaigns.startsOn}, ${createdOn})`, f.from) : undefined,
        f.to ? lte(sql`coalesce(${campaigns.startsOn}, ${createdOn})`, f.to) : undefined,
      ),
    )
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id))
    .limit(limit + 1);
}

/**
 * Leads `actor` may read that came through each campaign: its first source or a later one (the
 * membership the leads' trigger keeps leads from there), with how many are graded A and converted.
 */
export async function leadCounts(db: DbOrTx, campaignIds: readonly string[], actor: Actor) {
  if (campaignIds.length === 0 || !can(actor, 'lead', 'read')) return [];
  const credited = or(
    eq(leads.campaignId, campaignMembers.campaignId),
    sql`${leads.sources} @> jsonb_build_array(jsonb_build_object('campaignId', ${campaignMembers.campaignId}::text))`,
  );
  return db
    .select({
      campaignId: campaignMembers.campaignId,
      leads: sql<number>`count(*)::int`.mapWith(Number),
      aLeads: sql<number>`count(*) filter (where ${leads.grade} = 'A')::int`.mapWith(Number),
      converted: sql<number>`count(*) filter (where ${leads.status} = 'converted')::int`.mapWith(Number),
    })
    .from(campaignMembers)
    .innerJoin(leads, eq(leads.id, campaignMembers.leadId))
    .where(and(inArray(campaignMembers.campaignId, [...campaignIds]), isNull(leads.deletedAt), leadViewerScope(actor, 'read'), credited))
    .groupBy(campaignMembers.campaignId);
}

/** Customers `actor` sees that each campaign first brought. */
export async function customerCounts(db: DbOrTx, campaignIds: readonly string[], actor: Actor) {
  if (campaignIds.length === 0 || !can(actor, 'customer', 'read')) return [];
  return db
    .select({ campaignId: sql<string>`${customers.campaignId}`, n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(customers)
    .where(and(inArray(customers.campaignId, [...campaignIds]), isNull(customers.deletedAt), viewerScope(actor, customerScope)))
    .groupBy(customers.campaignId);
}

const wonRevenue = sql<number>`coalesce(sum(${opportunities.amountFen}) filter (where ${pipelineStages.kind} = 'won' and ${opportunities.currency} = 'CNY'), 0)::bigint`.mapWith(Number);

/** Opportunities `actor` sees attributed to each campaign (first touch), won and their won amount (CNY). */
export async function firstTouchCounts(db: DbOrTx, campaignIds: readonly string[], actor: Actor) {
  if (campaignIds.length === 0 || !can(actor, 'opportunity', 'read')) return [];
  return db
    .select({
      campaignId: sql<string>`${opportunities.campaignId}`,
      n: sql<number>`count(*)::int`.mapWith(Number),
      won: sql<number>`count(*) filter (where ${pipelineStages.kind} = 'won')::int`.mapWith(Number),
      revenueFen: wonRevenue,
    })
    .from(opportunities)
    .innerJoin(pipelineStages, eq(pipelineStages.id, opportunities.stageId))
    .where(and(inArray(opportunities.campaignId, [...campaignIds]), isNull(opportunities.deletedAt), viewerScope(actor, opportunityScope)))
    .groupBy(opportunities.campaignId);
}

const responded = sql.raw(RESPONSE_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * Last touch: each won opportunity `actor` sees goes to the campaign its customer last responded
 * to (a contact's or a converted lead's membership reaching a response) before the deal was won,
 * or, without such a response, to its first-touch campaign. Counted for the campaigns asked
 * about; only opportunities whose customer touched one of them (or attributed to one) are read.
 */
export async function lastTouchCounts(db: DbOrTx, campaignIds: readonly string[], actor: Actor, now: Date) {
  if (campaignIds.length === 0 || !can(actor, 'opportunity', 'read')) return [];
  const ids = sql`(${sql.join(campaignIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  const touchedBy = (customerId: SQL, only: SQL | undefined, before: SQL | undefined) => sql`
    select tm.campaign_id, tm.status_at from campaign_members tm join contacts tc on tc.id = tm.contact_id
      where tc.customer_id = ${customerId} and tm.status in (${responded}) ${only ? sql`and ${only}` : sql``} ${before ? sql`and tm.status_at <= ${before}` : sql``}
    union all
    select tm.campaign_id, tm.status_at from campaign_members tm join leads tl on tl.id = tm.lead_id
      where tl.customer_id = ${customerId} and tm.status in (${responded}) ${only ? sql`and ${only}` : sql``} ${before ? sql`and tm.status_at <= ${before}` : sql``}`;
  const result = await db.execute<{ campaign_id: string; n: number; revenue_fen: string }>(sql`
    with won as (
      select ${opportunities.id} as id, ${opportunities.customerId} as customer_id, ${opportunities.amountFen} as amount_fen,
             ${opportunities.currency} as currency, ${opportunities.closedAt} as closed_at, ${opportunities.campaignId} as campaign_id
      from ${opportunities} join ${pipelineStages} on ${pipelineStages.id} = ${opportunities.stageId}
      where ${pipelineStages.kind} = 'won' and ${opportunities.deletedAt} is null and ${viewerScope(actor, opportunityScope) ?? sql`true`}
        and (${opportunities.campaignId} in ${ids} or exists (${touchedBy(sql`${opportunities.customerId}`, sql`tm.campaign_id in ${ids}`, undefined)}))
    )
    select last.campaign_id, count(*)::int as n, coalesce(sum(won.amount_fen) filter (where won.currency = 'CNY'), 0)::bigint as revenue_fen
    from won cross join lateral (
      select coalesce(
        (select t.campaign_id from (${touchedBy(sql`won.customer_id`, undefined, sql`coalesce(won.closed_at, ${now.toISOString()}::timestamptz)`)}) t
          order by t.status_at desc, t.campaign_id limit 1),
        won.campaign_id) as campaign_id
    ) last
    where last.campaign_id in ${ids}
    group by last.campaign_id`);
  return result.rows.map((r) => ({ campaignId: r.campaign_id, n: Number(r.n), revenueFen: Number(r.revenue_fen) }));
}
