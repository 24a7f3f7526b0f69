import type { RepFollowUpsDue, TeamHome } from '../../../contracts/home.ts';
import { can, type Ctx } from '../../platform/access/actor.ts';
import { forbidden } from '../../platform/errors.ts';
import { businessDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { ASSIGNMENT_SLA_MS } from '../leads/index.ts';
import * as q from './home.queries.ts';

/**
 * 团队概况: a manager's team figures for the home page, each read within the caller's data scope
 * and only if the caller may read that kind. A caller whose scope is their own records has no team
 * (their home page shows 我的跟进), and one who may read none of the kinds has nothing to see: 403.
 */
export async function teamHome(deps: Deps, ctx: Ctx): Promise<TeamHome> {
  const a = ctx.actor;
  const readsLeads = can(a, 'lead', 'read');
  const readsCustomers = can(a, 'customer', 'read');
  const readsOpportunities = can(a, 'opportunity', 'read');
  if (a.dataScope === 'own' || !(readsLeads || readsCustomers || readsOpportunities)) throw forbidden();

  const slaMs = ASSIGNMENT_SLA_MS.A ?? 0;
  const leadsPastSla = readsLeads ? { count: await q.countLeadsPastSla(deps.db, a, new Date(ctx.now.getTime() - slaMs)) } : null;

  let followUpsDue: RepFollowUpsDue[] | null = null;
  if (readsLeads || readsCustomers) {
    const byOwner = new Map<string, RepFollowUpsDue>();
    const row = (ownerId: string, ownerName: string) => {
      let r = byOwner.get(ownerId);
      if (!r) byOwner.set(ownerId, (r = { ownerId, ownerName, customersDue: 0, leadsDue: 0 }));
      return r;
    };
    if (readsCustomers) for (const c of await q.customersDueByOwner(deps.db, a, ctx.now)) row(c.ownerId, c.ownerName).customersDue = c.n;
    if (readsLeads) for (const l of await q.leadsDueByOwner(deps.db, a, ctx.now)) row(l.ownerId, l.ownerName).leadsDue = l.n;
    followUpsDue = [...byOwner.values()].sort(
      (x, y) => y.customersDue + y.leadsDue - (x.customersDue + x.leadsDue) || x.ownerName.localeCompare(y.ownerName, 'zh-CN'),
    );
  }

  let pipeline: TeamHome['pipeline'] = null;
  let wonThisMonth: TeamHome['wonThisMonth'] = null;
  if (readsOpportunities) {
    pipeline = (await q.openPipeline(deps.db, a)).map((s) => ({ ...s, amountFen: Number(s.amountFen) }));
    const month = businessDate(ctx.now, deps.config.timeZone).slice(0, 7);
    wonThisMonth = { month, ...(await q.wonSince(deps.db, a, `${month}-01`, deps.config.timeZone)) };
  }
  return { leadsPastSla, followUpsDue, pipeline, wonThisMonth };
}
