import type { z } from 'zod';
import type {
  Campaign,
  CampaignDetail,
  CampaignOption,
  campaignOptionsQuery,
  campaignStatusBody,
  costInput,
  createCampaignBody,
  listCampaignsQuery,
  updateCampaignBody,
} from '../../../contracts/campaigns.ts';
import { formatFen } from '../../../contracts/money.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { placeWithUser } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, forbidden, invalid, missingReference, notFound, versionConflict } from '../../platform/errors.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { activeSourceChannel } from '../catalog/index.ts';
import * as q from './campaigns.queries.ts';
import { allowedSteps, CHANNEL_OF_TYPE, mayDelete, mayStep, shapeProblems } from './campaigns.rules.ts';

/**
 * 营销活动: a marketer's campaigns with their goal, period, budget and actual costs. A campaign is
 * seen by its owner and, by data scope, by the owner's department; its name is offered to anyone
 * registering leads (attribution), nothing else of it. Every write is one transaction with its
 * audit entry; cost writes hold the campaign's row lock so the cost total stays the costs' sum.
 */

export function toCampaign(row: q.CampaignRow): Campaign {
  const c = row.campaign;
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    status: c.status,
    goal: c.goal,
    goalTarget: c.goalTarget,
    channel: c.channel,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    budgetFen: c.budgetFen,
    costFen: c.costFen,
    notes: c.notes,
    targetSegmentId: c.targetSegmentId,
    targetSegmentName: row.targetSegmentName,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    departmentId: c.departmentId,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

function auditView(c: Campaign) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, ownerName: _o, costFen: _f, createdBy: _b, targetSegmentId: _t, ...rest } = c;
  return rest;
}

/**
 * 营销活动 `id` if `actor` may see it (in scope, not deleted), else 404 — or with `opts.path` the
 * 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleCampaign(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.CampaignRow> {
  const row = await q.findCampaign(db, id, actor, opts.lock);
  if (!row) throw notVisible('campaign', opts);
  return row;
}

/**
 * The campaign a record (a lead) is attributed to: any live campaign that is not cancelled, seen
 * or not (its name is all the record shows). Held with a key-share lock until the caller's
 * transaction ends, so it cannot be deleted meanwhile. 400 on `path` otherwise.
 */
export async function requireAttributableCampaign(db: DbOrTx, id: string, path: string): Promise<{ id: string; name: string; channel: string | null }> {
  const row = await q.attributableCampaign(db, id);
  if (!row) throw missingReference(path, 'campaign');
  return row;
}

async function detail(db: DbOrTx, id: string): Promise<CampaignDetail> {
  // UNSCOPED: the campaign as it is now, read after the caller's scoped check (or the insert).
  const row = await q.findCampaign(db, id, UNSCOPED);
  if (!row) throw notFound('campaign');
  const costs = await q.costsOf(db, id);
  return {
    ...toCampaign(row),
    costs: costs.map(({ cost: c, recordedByName }) => ({
      id: c.id,
      spentOn: c.spentOn,
      item: c.item,
      amountFen: c.amountFen,
      supplier: c.supplier,
      notes: c.notes,
      recordedBy: c.recordedBy,
      recordedByName,
      recordedAt: c.recordedAt.toISOString(),
    })),
  };
}

export async function listCampaigns(deps: Deps, ctx: Ctx, query: z.infer<typeof listCampaignsQuery>) {
  requirePermission(ctx.actor, 'campaign', 'read');
  const filters: q.CampaignFilters = { status: query.status, type: query.type, ownerId: query.ownerId, q: query.q || undefined, activeOn: query.activeOn };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listCampaigns(deps.db, { viewer: ctx.actor, filters, sort: q.newestCampaignsFirst, cursor: query.cursor, limit: query.limit }), () =>
    q.countCampaigns(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.campaign.createdAt, r.campaign.id], toCampaign), ...total };
}

export async function getCampaign(deps: Deps, ctx: Ctx, id: string): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'read');
  await requireVisibleCampaign(deps.db, ctx.actor, id);
  return detail(deps.db, id);
}

/** Campaigns to pick for a lead (or to filter leads by): for those who read campaigns or register or edit leads. */
export async function listCampaignOptions(deps: Deps, ctx: Ctx, query: z.infer<typeof campaignOptionsQuery>): Promise<{ items: CampaignOption[] }> {
  const a = ctx.actor;
  if (!can(a, 'campaign', 'read') && !can(a, 'lead', 'create') && !can(a, 'lead', 'update') && !can(a, 'lead', 'read')) throw forbidden();
  const items = await q.campaignOptions(deps.db, { q: query.q || undefined, includeEnded: query.includeEnded === 'true', limit: query.limit });
  return { items };
}

async function checkChannel(db: DbOrTx, channel: string | null | undefined): Promise<void> {
  if (channel && !(await activeSourceChannel(db, channel))) throw missingReference('channel', 'sourceChannel');
}

function checkShape(shape: Parameters<typeof shapeProblems>[0]): void {
  const problems = shapeProblems(shape);
  if (problems.length > 0) throw invalid(problems);
}

export async function createCampaign(deps: Deps, ctx: Ctx, input: z.infer<typeof createCampaignBody>): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'create');
  checkShape({ goal: input.goal ?? null, goalTarget: input.goalTarget ?? null, startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null });
  const channel = input.channel === undefined ? CHANNEL_OF_TYPE[input.type] : input.channel;
  await checkChannel(deps.db, input.channel);
  const placement = await placeWithUser(deps.db, ctx.actor, input.ownerId ?? ctx.actor.userId, 'ownerId');
  return deps.db.transaction(async (tx) => {
    const id = await q.insertCampaign(tx, {
      name: input.name,
      type: input.type,
      goal: input.goal ?? null,
      goalTarget: input.goalTarget ?? null,
      channel,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      budgetFen: input.budgetFen ?? null,
      notes: input.notes ?? null,
      ownerId: placement.userId,
      departmentId: placement.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const created = await detail(tx, id);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'campaign', entityId: id, entityLabel: input.name, after: auditView(created) });
    return created;
  });
}

export async function updateCampaign(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateCampaignBody>): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const before = await requireVisibleCampaign(deps.db, ctx.actor, id);
  const b = before.campaign;
  const values: q.CampaignValues = { updatedAt: ctx.now };
  for (const key of ['name', 'type', 'goal', 'goalTarget', 'channel', 'startsOn', 'endsOn', 'budgetFen', 'notes'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  const pick = <K extends keyof typeof input & keyof typeof b>(k: K) => (input[k] !== undefined ? input[k] : b[k]) as (typeof b)[K];
  checkShape({ goal: pick('goal'), goalTarget: pick('goalTarget'), startsOn: pick('startsOn'), endsOn: pick('endsOn') });
  if (input.channel !== undefined && input.channel !== b.channel) await checkChannel(deps.db, input.channel);
  if (input.ownerId !== undefined && input.ownerId !== b.ownerId) {
    const placement = await placeWithUser(deps.db, ctx.actor, input.ownerId, 'ownerId');
    values.ownerId = placement.userId;
    values.departmentId = placement.departmentId;
  }
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateCampaign(tx, id, input.version, values))) throw versionConflict();
    const after = await detail(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'campaign', entityId: id, entityLabel: after.name, before: auditView(toCampaign(before)), after: auditView(after) });
    return after;
  });
}

export async function changeCampaignStatus(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof campaignStatusBody>): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'update');
  const before = await requireVisibleCampaign(deps.db, ctx.actor, id);
  const from = before.campaign.status;
  if (!mayStep(from, input.status)) throw new AppError('BUSINESS_RULE', { key: 'campaign.transition', params: { from, to: input.status, allowed: allowedSteps(from).join(', ') } });
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateCampaign(tx, id, input.version, { status: input.status, updatedAt: ctx.now }))) throw versionConflict();
    const after = await detail(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'campaign', entityId: id, entityLabel: after.name, before: auditView(toCampaign(before)), after: auditView(after) });
    return after;
  });
}

export async function deleteCampaign(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'campaign', 'delete');
  const before = await requireVisibleCampaign(deps.db, ctx.actor, id);
  const c = before.campaign;
  if (!mayDelete(c.status, c.costFen)) throw new AppError('BUSINESS_RULE', { key: 'campaign.deleteOnlyUnused', params: { status: c.status } });
  await deps.db.transaction(async (tx) => {
    // Locked so a lead cannot be attributed to it meanwhile (attribution takes a key-share lock).
    const locked = await q.findCampaign(tx, id, UNSCOPED, 'update');
    if (!locked) throw notFound('campaign');
    if (await q.hasLeads(tx, id)) throw new AppError('BUSINESS_RULE', { key: 'campaign.hasLeads' });
    await q.softDeleteCampaign(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'campaign', entityId: id, entityLabel: c.name, before: auditView(toCampaign(before)) });
  });
}

// ------------------------------------------------------------------------------------------
// Costs (活动费用)

const costLabel = (campaign: string, cost: { item: string; amountFen: number }) => `${campaign} · ${cost.item} ${formatFen(cost.amountFen)}`;

/** The campaign, visible to the caller, locked for a cost write. */
async function lockForCosts(tx: DbOrTx, ctx: Ctx, id: string): Promise<q.CampaignRow> {
  return requireVisibleCampaign(tx, ctx.actor, id, { lock: 'update' });
}

export async function addCost(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof costInput>): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'update');
  return deps.db.transaction(async (tx) => {
    const campaign = await lockForCosts(tx, ctx, id);
    const costId = newId();
    const values = { spentOn: input.spentOn, item: input.item, amountFen: input.amountFen, supplier: input.supplier ?? null, notes: input.notes ?? null };
    await q.insertCost(tx, { id: costId, campaignId: id, ...values, recordedBy: ctx.actor.userId, recordedAt: ctx.now });
    await q.refreshCostTotal(tx, id, ctx.now);
    await writeAudit(tx, ctx, { action: 'create', entityType: 'campaign_cost', entityId: costId, entityLabel: costLabel(campaign.campaign.name, values), after: { campaignId: id, ...values } });
    return detail(tx, id);
  });
}

export async function updateCost(deps: Deps, ctx: Ctx, id: string, costId: string, input: z.infer<typeof costInput>): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'update');
  return deps.db.transaction(async (tx) => {
    const campaign = await lockForCosts(tx, ctx, id);
    const before = await q.findCost(tx, id, costId);
    if (!before) throw notFound('campaignCost');
    const values = { spentOn: input.spentOn, item: input.item, amountFen: input.amountFen, supplier: input.supplier ?? null, notes: input.notes ?? null };
    await q.updateCost(tx, costId, values);
    await q.refreshCostTotal(tx, id, ctx.now);
    const { spentOn, item, amountFen, supplier, notes } = before;
    await writeAudit(tx, ctx, { action: 'update', entityType: 'campaign_cost', entityId: costId, entityLabel: costLabel(campaign.campaign.name, values), before: { campaignId: id, spentOn, item, amountFen, supplier, notes }, after: { campaignId: id, ...values } });
    return detail(tx, id);
  });
}

export async function deleteCost(deps: Deps, ctx: Ctx, id: string, costId: string): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'campaign', 'update');
  return deps.db.transaction(async (tx) => {
    const campaign = await lockForCosts(tx, ctx, id);
    const before = await q.findCost(tx, id, costId);
    if (!before) throw notFound('campaignCost');
    await q.deleteCost(tx, costId);
    await q.refreshCostTotal(tx, id, ctx.now);
    const { spentOn, item, amountFen, supplier, notes } = before;
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'campaign_cost', entityId: costId, entityLabel: costLabel(campaign.campaign.name, before), before: { campaignId: id, spentOn, item, amountFen, supplier, notes } });
    return detail(tx, id);
  });
}

/**
 * Sets the campaign's target segment (目标人群), one the caller may use: the members module checks
 * the segment (segments sit above campaigns) and calls this in its transaction.
 */
export async function writeTargetSegment(tx: DbOrTx, ctx: Ctx, id: string, version: number, segment: { id: string; name: string } | null): Promise<Campaign> {
  const before = await requireVisibleCampaign(tx, ctx.actor, id, { lock: 'update' });
  if (!(await q.setTargetSegment(tx, id, version, segment?.id ?? null, ctx.now))) throw versionConflict();
  // UNSCOPED: re-reads the campaign this transaction just wrote (after the scoped check).
  const row = await q.findCampaign(tx, id, UNSCOPED);
  if (!row) throw notFound('campaign');
  await writeAudit(tx, ctx, { action: 'update', entityType: 'campaign', entityId: id, entityLabel: before.campaign.name, before: { targetSegment: before.targetSegmentName }, after: { targetSegment: segment?.name ?? null } });
  return toCampaign(row);
}
