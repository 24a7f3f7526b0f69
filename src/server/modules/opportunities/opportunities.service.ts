import type { z } from 'zod';
import type {
  Board,
  BoardCard,
  boardQuery,
  createOpportunityBody,
  CurrencyTotal,
  Forecast,
  forecastQuery,
  ForecastRow,
  Funnel,
  funnelQuery,
  listOpportunitiesQuery,
  moveStageBody,
  Opportunity,
  OpportunityDetail,
  updateOpportunityBody,
} from '../../../contracts/opportunities.ts';
import { weightedFen } from '../../../contracts/money.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { departmentSubtree } from '../../platform/access/actors.queries.ts';
import { placeWithUser } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { invalid, missingReference, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { fewMatches } from '../../platform/search/candidates.ts';
import { publishTimeline, removeTimelineEntity, updateTimelineEntity } from '../../platform/timeline/timeline.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { requireVisibleLead } from '../leads/index.ts';
import { requireAttributableCampaign } from '../campaigns/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { notify } from '../notifications/index.ts';
import { priceLines, toLineInput, toLineItem, totalsOf } from '../products/index.ts';
import { stageView } from './stages.service.ts';
import * as q from './opportunities.queries.ts';
import { firstOpenStage, funnelCounts, monthAfter, monthsFrom, moveToStage, stageDurations } from './opportunities.rules.ts';
import { businessDate } from '../../platform/clock.ts';


/**
 * The department filter as the ids of its subtree, read first: with `department_id = any(ids)`
 * PostgreSQL reads the department's rows through the department indexes, where with
 * `in (recursive query)` it could not know how few they are and read every opportunity of the
 * period (the forecast of one division as an admin: 73,000 rows read for 14,600, docs/benchmarks.md).
 */
async function withDepartmentIds<T extends { departmentId?: string | undefined }>(db: DbOrTx, query: T): Promise<T & { departmentIds?: string[] }> {
  return query.departmentId ? { ...query, departmentIds: await departmentSubtree(db, query.departmentId) } : query;
}

export function toOpportunity(row: q.OpportunityRow): Opportunity {
  const o = row.o;
  return {
    id: o.id,
    customerId: o.customerId,
    customerName: row.customerName,
    contactId: o.contactId,
    contactName: row.contactName,
    name: o.name,
    amountFen: o.amountFen,
    amountFromItems: o.amountFromItems,
    currency: o.currency,
    stageId: o.stageId,
    stageKind: row.stageKind,
    probability: o.probability,
    weightedFen: weightedFen(o.amountFen, o.probability),
    expectedCloseDate: o.expectedCloseDate,
    ownerId: o.ownerId,
    ownerName: row.ownerName,
    departmentId: o.departmentId,
    sourceChannel: o.sourceChannel,
    campaignId: o.campaignId,
    campaignName: row.campaignName,
    leadId: o.leadId,
    competitors: o.competitors,
    nextStep: o.nextStep,
    description: o.description,
    closeReason: o.closeReason,
    closedAt: o.closedAt?.toISOString() ?? null,
    stageChangedAt: o.stageChangedAt.toISOString(),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

function toBoardCard(row: q.BoardCardRow): BoardCard {
  return { ...row, weightedFen: weightedFen(row.amountFen, row.probability), updatedAt: row.updatedAt.toISOString() };
}

function auditView(o: Opportunity, items?: { name: string; quantity: number; totalFen: number }[]) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, customerName: _cn, contactName: _ct, ownerName: _on, weightedFen: _w, stageKind: _k, stageChangedAt: _s, campaignId: _ca, ...rest } = o;
  return items ? { ...rest, items: items.map((i) => `${i.name} × ${i.quantity} = ${i.totalFen}`).join('; ') } : rest;
}

const restricted = (o: { ownerId: string; departmentId: string | null }) => ({ ownerId: o.ownerId, departmentId: o.departmentId });

/**
 * 商机 `id` if `actor` may see it (in scope, not deleted), else 404 — or with `opts.path` the
 * 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleOpportunity(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.OpportunityRow> {
  const row = await q.findOpportunity(db, id, actor, opts.lock);
  if (!row) throw notVisible('opportunity', opts);
  return row;
}

export async function getOpportunity(deps: Deps, ctx: Ctx, id: string): Promise<OpportunityDetail> {
  requirePermission(ctx.actor, 'opportunity', 'read');
  return detail(deps.db, await requireVisibleOpportunity(deps.db, ctx.actor, id), ctx.now);
}

async function detail(db: DbOrTx, row: q.OpportunityRow, now: Date): Promise<OpportunityDetail> {
  const items = await q.itemsOf(db, row.o.id);
  const history = await q.stageHistory(db, row.o.id);
  const durations = stageDurations(
    history.map((h) => h.change.changedAt),
    now,
  );
  const totals = totalsOf(items);
  return {
    ...toOpportunity(row),
    items: items.map(toLineItem),
    subtotalFen: totals.subtotalFen,
    discountFen: totals.discountFen,
    taxFen: totals.taxFen,
    stageHistory: history.map((h, i) => ({
      id: h.change.id,
      fromStageId: h.change.fromStageId,
      toStageId: h.change.toStageId,
      changedAt: h.change.changedAt.toISOString(),
      changedBy: h.change.changedBy,
      changedByName: h.changedByName,
      amountFen: h.change.amountFen,
      probability: h.change.probability,
      reason: h.change.reason,
      durationSeconds: durations[i] ?? 0,
    })),
  };
}

export async function listOpportunities(deps: Deps, ctx: Ctx, query: z.infer<typeof listOpportunitiesQuery>) {
  requirePermission(ctx.actor, 'opportunity', 'read');
  const sort = q.opportunitySortKey(query.sort);
  const matchIds = query.q ? await fewMatches(deps.db, q.opportunitySearchBranches(query.q)) : null;
  const filters = { ...(await withDepartmentIds(deps.db, query)), matchIds: matchIds ?? undefined };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listOpportunities(deps.db, { viewer: ctx.actor, filters, sort, cursor: query.cursor, limit: query.limit }), () =>
    q.countOpportunities(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [q.opportunitySortValue(sort, r), r.o.id], toOpportunity), ...total };
}

/** The owner a write puts on the opportunity: the caller, or someone in scope with `opportunity:assign`. */
async function resolveOwner(deps: Deps, actor: Actor, ownerId: string | undefined) {
  if (ownerId === undefined || ownerId === actor.userId) return { userId: actor.userId, departmentId: actor.departmentId };
  requirePermission(actor, 'opportunity', 'assign');
  return placeWithUser(deps.db, actor, ownerId, 'ownerId');
}

async function loadStage(db: DbOrTx, id: string, field: string) {
  const stage = await q.findStage(db, id);
  if (!stage) throw invalid([{ path: field, key: 'NOT_FOUND', params: { entity: 'stage' } }]);
  return stage;
}

function refuseMove(refused: 'stage.retired' | 'stage.reasonRequired'): never {
  throw invalid([{ path: refused === 'stage.reasonRequired' ? 'reason' : 'stageId', key: refused }]);
}

export async function createOpportunity(deps: Deps, ctx: Ctx, input: z.infer<typeof createOpportunityBody>): Promise<OpportunityDetail> {
  requirePermission(ctx.actor, 'opportunity', 'create');
  const customer = await requireVisibleCustomer(deps.db, ctx.actor, input.customerId, { path: 'customerId' });
  if (input.contactId && !(await contactOfCustomer(deps.db, input.contactId, input.customerId))) throw missingReference('contactId', 'contact');
  let leadCampaignId: string | null = null;
  if (input.leadId) {
    // The lead the deal came from: one the caller may see, and (once converted) this customer's.
    const lead = await requireVisibleLead(deps.db, ctx.actor, input.leadId, { path: 'leadId' });
    if (lead.lead.customerId && lead.lead.customerId !== input.customerId) throw invalid([{ path: 'leadId', key: 'opportunity.leadOfOtherCustomer' }]);
    leadCampaignId = lead.lead.campaignId ?? null;
  }
  // First touch: the campaign picked, else the lead's, else the one that first brought the customer.
  const campaignId = input.campaignId ? (await requireAttributableCampaign(deps.db, input.campaignId, 'campaignId')).id : input.campaignId === null ? null : (leadCampaignId ?? customer.customer.campaignId);
  const stage = input.stageId ? await loadStage(deps.db, input.stageId, 'stageId') : firstOpenStage(await q.listStages(deps.db));
  if (!stage) throw invalid([{ path: 'stageId', key: 'stage.noOpenStage' }]);
  const move = moveToStage(stage, { reason: input.closeReason ?? undefined, probability: input.probability }, ctx.now);
  if (!move.ok) refuseMove(move.refused);
  const owner = await resolveOwner(deps, ctx.actor, input.ownerId);
  const items = input.items ?? [];
  const priced = items.length > 0 ? await priceLines(deps.db, items, { currency: input.currency }) : null;
  if (!priced && input.amountFen === undefined) throw invalid([{ path: 'amountFen', key: 'opportunity.amountRequired' }]);
  const amountFen = priced ? priced.totals.totalFen : (input.amountFen ?? 0);

  return deps.db.transaction(async (tx) => {
    const id = await q.insertOpportunity(tx, {
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      name: input.name,
      amountFen,
      amountFromItems: priced !== null,
      currency: input.currency,
      stageId: stage.id,
      probability: move.probability,
      expectedCloseDate: input.expectedCloseDate ?? null,
      ownerId: owner.userId,
      departmentId: owner.departmentId,
      sourceChannel: input.sourceChannel ?? null,
      campaignId,
      leadId: input.leadId ?? null,
      competitors: input.competitors ?? null,
      nextStep: input.nextStep ?? null,
      description: input.description ?? null,
      closeReason: move.closeReason,
      closedAt: move.closedAt,
      stageChangedAt: ctx.now,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (priced) await q.replaceItems(tx, id, priced.lines);
    await q.insertStageChange(tx, { id: newId(), opportunityId: id, fromStageId: null, toStageId: stage.id, changedAt: ctx.now, changedBy: ctx.actor.userId, amountFen, probability: move.probability, reason: move.closeReason });
    // UNSCOPED: re-reads the opportunity this transaction just wrote (after the scoped check or the insert).
    const row = await q.findOpportunity(tx, id, UNSCOPED);
    if (!row) throw notFound('opportunity');
    const created = await detail(tx, row, ctx.now);
    await publishTimeline(tx, {
      kind: 'opportunity.created',
      customerId: input.customerId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'opportunity',
      entityId: id,
      params: { name: input.name, amountFen, currency: input.currency, stage: stageView(stage).nameZh, stageEn: stage.nameEn },
      restrictedTo: restricted({ ownerId: owner.userId, departmentId: owner.departmentId }),
    });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'opportunity', entityId: id, entityLabel: input.name, after: auditView(created, created.items) });
    if (owner.userId !== ctx.actor.userId) await notifyOwner(tx, ctx, created);
    return created;
  });
}

async function notifyOwner(tx: DbOrTx, ctx: Ctx, o: Opportunity) {
  await notify(tx, [o.ownerId], { kind: 'opportunity.assigned', params: { name: o.name, customerName: o.customerName, customerId: o.customerId }, entity: { type: 'opportunity', id: o.id } }, ctx.now);
}

export async function updateOpportunity(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateOpportunityBody>): Promise<OpportunityDetail> {
  requirePermission(ctx.actor, 'opportunity', 'update');
  const before = await requireVisibleOpportunity(deps.db, ctx.actor, id);
  const b = before.o;
  const beforeItems = await q.itemsOf(deps.db, id);
  const values: q.OpportunityValues = { updatedAt: ctx.now };
  for (const key of ['name', 'currency', 'probability', 'expectedCloseDate', 'sourceChannel', 'competitors', 'nextStep', 'description'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  if (input.campaignId !== undefined && input.campaignId !== b.campaignId) {
    values.campaignId = input.campaignId ? (await requireAttributableCampaign(deps.db, input.campaignId, 'campaignId')).id : null;
  }
  if (input.contactId !== undefined) {
    if (input.contactId && !(await contactOfCustomer(deps.db, input.contactId, b.customerId))) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
    values.contactId = input.contactId;
  }
  if (input.probability !== undefined && before.stageKind !== 'open' && input.probability !== b.probability) throw invalid([{ path: 'probability', key: 'opportunity.closedProbability' }]);
  const newOwner = input.ownerId !== undefined && input.ownerId !== b.ownerId;
  if (newOwner) {
    const owner = await resolveOwner(deps, ctx.actor, input.ownerId);
    Object.assign(values, { ownerId: owner.userId, departmentId: owner.departmentId });
  }
  const currency = (input.currency ?? b.currency);
  let priced: Awaited<ReturnType<typeof priceLines>> | null = null;
  if (input.items !== undefined) {
    priced = await priceLines(deps.db, input.items, { currency, keepProductIds: new Set(beforeItems.map((i) => i.productId).filter((p): p is string => !!p)) });
  } else if (input.currency !== undefined && input.currency !== b.currency && beforeItems.length > 0) {
    // Lines keep their prices: a new currency re-prices only lines that take the list price.
    priced = await priceLines(deps.db, beforeItems.map(toLineInput), { currency, keepProductIds: new Set(beforeItems.map((i) => i.productId).filter((p): p is string => !!p)) });
  }
  const hasItems = priced ? priced.lines.length > 0 : beforeItems.length > 0;
  if (hasItems) {
    if (input.amountFen !== undefined && priced === null) throw invalid([{ path: 'amountFen', key: 'opportunity.amountFromItems' }]);
    if (priced) Object.assign(values, { amountFen: priced.totals.totalFen, amountFromItems: true });
  } else {
    if (input.amountFen !== undefined) values.amountFen = input.amountFen;
    values.amountFromItems = false;
  }

  return deps.db.transaction(async (tx) => {
    if (!(await q.updateOpportunity(tx, id, input.version, values))) throw versionConflict();
    if (priced) await q.replaceItems(tx, id, priced.lines);
    // UNSCOPED: re-reads the opportunity this transaction just wrote (after the scoped check or the insert).
    const row = await q.findOpportunity(tx, id, UNSCOPED);
    if (!row) throw notFound('opportunity');
    const after = await detail(tx, row, ctx.now);
    if (newOwner) await updateTimelineEntity(tx, { type: 'opportunity', id }, { restrictedTo: restricted(after) });
    const beforeView = auditView(toOpportunity(before), beforeItems.map(toLineItem));
    await writeAudit(tx, ctx, { action: 'update', entityType: 'opportunity', entityId: id, entityLabel: after.name, before: beforeView, after: auditView(after, after.items) });
    if (newOwner && after.ownerId !== ctx.actor.userId) await notifyOwner(tx, ctx, after);
    return after;
  });
}

/** A move on the board: a stale version answers 409 (the card snaps back), won and lost need a reason. */
export async function moveOpportunity(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof moveStageBody>): Promise<OpportunityDetail> {
  requirePermission(ctx.actor, 'opportunity', 'update');
  const before = await requireVisibleOpportunity(deps.db, ctx.actor, id);
  if (before.o.version !== input.version) throw versionConflict();
  const from = await loadStage(deps.db, before.o.stageId, 'stageId');
  const to = await loadStage(deps.db, input.stageId, 'stageId');
  if (to.id === from.id && input.probability === undefined) return detail(deps.db, before, ctx.now);
  const move = moveToStage(to, { reason: input.reason, probability: input.probability }, ctx.now);
  if (!move.ok) refuseMove(move.refused);
  return deps.db.transaction(async (tx) => {
    const changed = to.id !== from.id;
    const values: q.OpportunityValues = { stageId: to.id, probability: move.probability, updatedAt: ctx.now };
    if (changed) Object.assign(values, { closeReason: move.closeReason, closedAt: move.closedAt, stageChangedAt: ctx.now });
    if (!(await q.updateOpportunity(tx, id, input.version, values))) throw versionConflict();
    if (changed) {
      await q.insertStageChange(tx, { id: newId(), opportunityId: id, fromStageId: from.id, toStageId: to.id, changedAt: ctx.now, changedBy: ctx.actor.userId, amountFen: before.o.amountFen, probability: move.probability, reason: move.closeReason });
    }
    // UNSCOPED: re-reads the opportunity this transaction just wrote (after the scoped check or the insert).
    const row = await q.findOpportunity(tx, id, UNSCOPED);
    if (!row) throw notFound('opportunity');
    const after = await detail(tx, row, ctx.now);
    if (changed) {
      await publishTimeline(tx, {
        kind: to.kind === 'won' ? 'opportunity.won' : to.kind === 'lost' ? 'opportunity.lost' : 'opportunity.stage_changed',
        customerId: after.customerId,
        occurredAt: ctx.now,
        actorId: ctx.actor.userId,
        entityType: 'opportunity',
        entityId: id,
        params: { name: after.name, from: from.nameZh, fromEn: from.nameEn, to: to.nameZh, toEn: to.nameEn, amountFen: after.amountFen, currency: after.currency, reason: move.closeReason },
        restrictedTo: restricted(after),
      });
    }
    await writeAudit(tx, ctx, { action: 'update', entityType: 'opportunity', entityId: id, entityLabel: after.name, before: auditView(toOpportunity(before)), after: auditView(after) });
    return after;
  });
}

export async function deleteOpportunity(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'opportunity', 'delete');
  const before = await requireVisibleOpportunity(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDeleteOpportunity(tx, id, ctx.now);
    await removeTimelineEntity(tx, { type: 'opportunity', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'opportunity', entityId: id, entityLabel: before.o.name, before: auditView(toOpportunity(before)) });
  });
}

// ------------------------------------------------------------------------------------------
// Board, funnel, forecast

function addTotal(list: CurrencyTotal[], t: CurrencyTotal) {
  list.push(t);
  list.sort((a, b) => (a.currency === 'CNY' ? -1 : b.currency === 'CNY' ? 1 : a.currency.localeCompare(b.currency)));
}

/** 看板: one column per active stage with its totals and most recently changed cards. */
export async function getBoard(deps: Deps, ctx: Ctx, query: z.infer<typeof boardQuery>): Promise<Board> {
  requirePermission(ctx.actor, 'opportunity', 'read');
  const s = ctx.actor;
  const closedSince = new Date(ctx.now.getTime() - query.closedWithinDays * 86_400_000);
  const stages = (await q.listStages(deps.db)).filter((st) => st.active);
  const filters = await withDepartmentIds(deps.db, query);
  const totals = await q.boardTotals(deps.db, { viewer: s, filters, closedSince });
  const filled = stages.filter((stage) => totals.some((t) => t.stageId === stage.id));
  const allCards = await q.boardCards(deps.db, { stageIds: filled.map((st) => st.id), viewer: s, filters, closedSince, limit: query.perStage });
  const columns: Board['columns'] = [];
  for (const stage of stages) {
    const mine = totals.filter((t) => t.stageId === stage.id);
    const count = mine.reduce((n, t) => n + t.count, 0);
    const cards = allCards.filter((c) => c.stageId === stage.id);
    const columnTotals: CurrencyTotal[] = [];
    for (const t of mine) addTotal(columnTotals, { currency: t.currency, count: t.count, amountFen: Number(t.amountFen), weightedFen: Number(t.weightedFen) });
    columns.push({ stage: stageView(stage), totals: columnTotals, count, items: cards.map(toBoardCard) });
  }
  return { columns };
}

function dayStartUtc(day: string, timeZone: string): Date {
  // The offset of the zone at that day (China has no DST; others may shift by an hour at most).
  const guess = new Date(`${day}T00:00:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone }));
  return new Date(guess.getTime() - (local.getTime() - guess.getTime()));
}

/** 销售漏斗: of the opportunities created in the period, how many reached each stage. */
export async function getFunnel(deps: Deps, ctx: Ctx, query: z.infer<typeof funnelQuery>): Promise<Funnel> {
  requirePermission(ctx.actor, 'opportunity', 'read');
  const tz = deps.config.timeZone;
  const toDay = query.to ?? businessDate(ctx.now, tz);
  const fromDay = query.from ?? `${Number(toDay.slice(0, 4)) - 1}${toDay.slice(4)}`;
  if (fromDay > toDay) throw invalid([{ path: 'from', key: 'validation.rangeOrder' }]);
  const from = dayStartUtc(fromDay, tz);
  const to = new Date(dayStartUtc(toDay, tz).getTime() + 86_400_000);
  const s = ctx.actor;
  const stages = (await q.listStages(deps.db)).filter((st) => st.active || st.kind !== 'open');
  const path = stages.filter((st) => st.kind !== 'lost');
  const filters = await withDepartmentIds(deps.db, query);
  const furthest = await q.furthestStages(deps.db, { viewer: s, filters, from, to });
  const current = await q.currentByStage(deps.db, { viewer: s, filters, from, to, currency: query.currency });
  const counts = funnelCounts(
    path.map((st) => st.id),
    furthest,
  );
  const lostStage = stages.find((st) => st.kind === 'lost');
  const wonStage = stages.find((st) => st.kind === 'won');
  const cycle = current.find((c) => c.stageId === wonStage?.id)?.cycleDays;
  return {
    stages: path.map((st, i) => {
      const now = current.find((c) => c.stageId === st.id);
      return { stage: stageView(st), reached: counts[i]?.reached ?? 0, conversionPercent: counts[i]?.conversionPercent ?? null, current: now?.count ?? 0, amountFen: Number(now?.amountFen ?? 0) };
    }),
    lost: current.find((c) => c.stageId === lostStage?.id)?.count ?? 0,
    averageCycleDays: cycle === null || cycle === undefined ? null : Math.round(Number(cycle) * 10) / 10,
  };
}

/** 销售预测: by month and owner, open pipeline (and weighted) by expected close, and what was won. */
export async function getForecast(deps: Deps, ctx: Ctx, query: z.infer<typeof forecastQuery>): Promise<Forecast> {
  requirePermission(ctx.actor, 'opportunity', 'read');
  const tz = deps.config.timeZone;
  const first = query.from ?? businessDate(ctx.now, tz).slice(0, 7);
  const months = monthsFrom(first, query.months);
  const last = months[months.length - 1] ?? first;
  const { openRows, wonRows } = await q.forecastFigures(deps.db, { viewer: ctx.actor, filters: await withDepartmentIds(deps.db, query), from: `${first}-01`, to: monthAfter(last), currency: query.currency, timeZone: tz });
  const rows = new Map<string, ForecastRow>();
  const rowOf = (month: string, ownerId: string) => {
    const key = `${month}|${ownerId}`;
    let row = rows.get(key);
    if (!row) {
      row = { month, ownerId, ownerName: null, openCount: 0, pipelineFen: 0, weightedFen: 0, wonCount: 0, wonFen: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of openRows) Object.assign(rowOf(r.month, r.ownerId), { openCount: r.openCount, pipelineFen: Number(r.pipelineFen), weightedFen: Number(r.weightedFen) });
  for (const r of wonRows) Object.assign(rowOf(r.month, r.ownerId), { wonCount: r.wonCount, wonFen: Number(r.wonFen) });
  const names = await q.userNames(deps.db, [...new Set([...rows.values()].map((r) => r.ownerId))]);
  const list = [...rows.values()].map((r) => ({ ...r, ownerName: names.get(r.ownerId) ?? null }));
  list.sort((a, b) => a.month.localeCompare(b.month) || (a.ownerName ?? '').localeCompare(b.ownerName ?? '', 'zh-CN'));
  const totals = months.map((month) => {
    const inMonth = list.filter((r) => r.month === month);
    const sum = (k: 'openCount' | 'pipelineFen' | 'weightedFen' | 'wonCount' | 'wonFen') => inMonth.reduce((n, r) => n + r[k], 0);
    return { month, openCount: sum('openCount'), pipelineFen: sum('pipelineFen'), weightedFen: sum('weightedFen'), wonCount: sum('wonCount'), wonFen: sum('wonFen') };
  });
  return { months, rows: list, totals };
}
