import type { z } from 'zod';
import {
  DEFAULT_ORDER_SETTINGS,
  orderSettings,
  type createOrderBody,
  type listOrdersQuery,
  type Order,
  type orderPaymentBody,
  type OrderSummary,
  type orderTransitionBody,
  type updateOrderBody,
} from '../../../contracts/orders.ts';
import type { TimelineKind } from '../../../contracts/timeline.ts';
import { formatFen, sumLines } from '../../../contracts/money.ts';
import type { Currency, LineItemInput, OrderStatus } from '../../../contracts/sales.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { placeWithUser } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, businessRule, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { DEFAULT_LOCALE, translate } from '../../platform/http/messages.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { fewMatches } from '../../platform/search/candidates.ts';
import { defineJsonSetting } from '../../platform/settings/settings.ts';
import { publishTimeline, removeTimelineEntity } from '../../platform/timeline/timeline.ts';
import { customerTimeline, requireVisibleCustomer } from '../customers/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import { requireVisibleOpportunity } from '../opportunities/index.ts';
import { copyLines, type PricedLine, priceLines, type StoredLine, toLineInput, toLineItem } from '../products/index.ts';
import { insertTask } from '../tasks/index.ts';
import * as q from './orders.queries.ts';
import { acceptsPayments, afterSalesDue, applyPayment, deletable, itemsEditable, notesEditable, ORDER_TRANSITIONS, orderTransition, PAID_STATUSES } from './orders.rules.ts';
import { businessDate } from '../../platform/clock.ts';

/**
 * 订单: orders with their lines, payments and state changes. Seen by their owner, and by managers
 * through the owner's department (own scope on `owner_id` / `department_id`, like opportunities
 * and contracts). Every change runs in one transaction with its audit entry, its state-change
 * row, its timeline entry (seen only by those who see the order) and its effects on the
 * customer: lifetime value, paid order count, 成交 on the first paid order.
 */

/** The currency whose orders add up to a customer's lifetime value (other currencies are counted, not summed). */
export const LIFETIME_VALUE_CURRENCY: Currency = 'CNY';
const SETTINGS_KEY = 'orders.settings';

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function toSummary(row: q.OrderRow): OrderSummary {
  const o = row.order;
  return {
    id: o.id,
    number: o.number,
    customerId: o.customerId,
    customerName: row.customerName,
    contactId: o.contactId,
    contactName: row.contactName,
    opportunityId: o.opportunityId,
    quoteId: o.quoteId,
    status: o.status,
    orderDate: o.orderDate,
    currency: o.currency,
    subtotalFen: o.subtotalFen,
    discountFen: o.discountFen,
    netFen: o.netFen,
    taxFen: o.taxFen,
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    outstandingFen: Math.max(o.totalFen - o.paidFen, 0),
    shippingAddress: o.shippingAddress,
    receiverName: o.receiverName,
    receiverPhone: o.receiverPhone,
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
    notes: o.notes,
    cancelReason: o.cancelReason,
    confirmedAt: iso(o.confirmedAt),
    paidAt: iso(o.paidAt),
    shippedAt: iso(o.shippedAt),
    deliveredAt: iso(o.deliveredAt),
    completedAt: iso(o.completedAt),
    cancelledAt: iso(o.cancelledAt),
    ownerId: o.ownerId,
    ownerName: row.ownerName,
    departmentId: o.departmentId,
    createdBy: o.createdBy,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

/** What a caller may move the order to now (what the detail page offers as buttons). */
function allowedFrom(o: { status: OrderStatus; paidFen: number; totalFen: number }): OrderStatus[] {
  return ORDER_TRANSITIONS[o.status].filter((to) => to !== 'paid' || o.paidFen >= o.totalFen);
}

async function loadOrder(db: DbOrTx, row: q.OrderRow): Promise<Order> {
  // One after another: `db` may be a transaction, whose single connection runs one query at a time
  // (pg warns about overlapping queries on one client, and pg 9 refuses them).
  const items = await q.itemsOf(db, row.order.id);
  const payments = await q.paymentsOf(db, row.order.id);
  const history = await q.historyOf(db, row.order.id);
  return {
    ...toSummary(row),
    items: items.map(toLineItem),
    payments: payments.map(({ payment: p, recordedByName }) => ({
      id: p.id,
      paidOn: p.paidOn,
      amountFen: p.amountFen,
      method: p.method,
      reference: p.reference,
      notes: p.notes,
      recordedBy: p.recordedBy,
      recordedByName,
      recordedAt: p.recordedAt.toISOString(),
    })),
    history: history.map(({ change: c, changedByName }) => ({
      id: c.id,
      fromStatus: c.fromStatus,
      toStatus: c.toStatus,
      changedAt: c.changedAt.toISOString(),
      changedBy: c.changedBy,
      changedByName,
      note: c.note,
    })),
    allowedTransitions: allowedFrom(row.order),
  };
}

async function reload(tx: DbOrTx, id: string): Promise<Order> {
  // UNSCOPED: re-reads the order this transaction just wrote (after the scoped check or the insert).
  const row = await q.findOrder(tx, id, UNSCOPED);
  if (!row) throw notFound('order');
  return loadOrder(tx, row);
}

/** What the audit log keeps of an order (lines as "name × quantity = total"). */
function auditView(o: Order) {
  return {
    number: o.number,
    customerId: o.customerId,
    contactId: o.contactId,
    status: o.status,
    orderDate: o.orderDate,
    currency: o.currency,
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    items: o.items.map((i) => `${i.name} × ${i.quantity} = ${i.totalFen}`).join('; '),
    shippingAddress: o.shippingAddress,
    receiverName: o.receiverName,
    receiverPhone: o.receiverPhone,
    carrier: o.carrier,
    trackingNumber: o.trackingNumber,
    notes: o.notes,
    cancelReason: o.cancelReason,
    ownerId: o.ownerId,
  };
}

/** Timeline entries of an order are seen only by those who see the order. */
async function orderTimeline(tx: DbOrTx, ctx: Ctx, o: { id: string; number: string; customerId: string; ownerId: string; departmentId: string | null }, kind: TimelineKind, params: Record<string, string | number | null>) {
  await publishTimeline(tx, {
    kind,
    customerId: o.customerId,
    occurredAt: ctx.now,
    actorId: ctx.actor.userId,
    entityType: 'order',
    entityId: o.id,
    params: { number: o.number, ...params },
    restrictedTo: { ownerId: o.ownerId, departmentId: o.departmentId },
  });
}

// ------------------------------------------------------------------------------------------
// Reading

export async function listOrders(deps: Deps, ctx: Ctx, query: z.infer<typeof listOrdersQuery>) {
  requirePermission(ctx.actor, 'order', 'read');
  const matchIds = query.q ? await fewMatches(deps.db, q.orderSearchBranches(query.q)) : null;
  const filters = { ...query, matchIds: matchIds ?? undefined };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listOrders(deps.db, { viewer: ctx.actor, filters, sort: q.newestOrdersFirst, cursor: query.cursor, limit: query.limit }), () =>
    q.countOrders(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.order.createdAt, r.order.id], toSummary), ...total };
}

/**
 * The order `id` if `actor` may see it (in scope, not deleted), else 404 — or with `opts.path`
 * the 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleOrder(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.OrderRow> {
  const row = await q.findOrder(db, id, actor, opts.lock);
  if (!row) throw notVisible('order', opts);
  return row;
}

export async function getOrder(deps: Deps, ctx: Ctx, id: string): Promise<Order> {
  requirePermission(ctx.actor, 'order', 'read');
  return loadOrder(deps.db, await requireVisibleOrder(deps.db, ctx.actor, id));
}

// ------------------------------------------------------------------------------------------
// Creating

interface Source {
  opportunityId: string | null;
  quoteId: string | null;
  customerId: string;
  contactId: string | null;
  currency: Currency;
  /** The lines to copy; null: price the one free line in `freeLine`. */
  lines: StoredLine[];
  freeLine: LineItemInput | null;
}

async function sourceOf(db: DbOrTx, ctx: Ctx, input: z.infer<typeof createOrderBody>): Promise<Source | null> {
  if (input.opportunityId && input.quoteId) throw invalid([{ path: 'quoteId', key: 'order.oneSource' }]);
  if (input.opportunityId) {
    const { o: opp, stageKind } = await requireVisibleOpportunity(db, ctx.actor, input.opportunityId, { path: 'opportunityId' });
    if (stageKind !== 'won') throw businessRule('order.opportunityNotWon', { name: opp.name });
    const lines = await q.opportunityItemsOf(db, opp.id);
    const freeLine: LineItemInput | null = lines.length === 0 ? { name: opp.name, quantity: 1, unitPriceFen: opp.amountFen, discountPercent: 0, taxRatePercent: 0 } : null;
    return { opportunityId: opp.id, quoteId: null, customerId: opp.customerId, contactId: opp.contactId, currency: opp.currency, lines, freeLine };
  }
  if (input.quoteId) {
    const quote = await q.findQuote(db, input.quoteId, ctx.actor);
    if (!quote) throw invalid([{ path: 'quoteId', key: 'NOT_FOUND', params: { entity: 'quote' } }]);
    if (quote.status !== 'accepted') throw businessRule('order.quoteNotAccepted', { number: quote.number, status: quote.status });
    // One accepted quote, one order (a cancelled one may be made again).
    const made = await q.orderFromQuote(db, quote.id);
    if (made) throw businessRule('order.quoteUsed', { number: quote.number, order: made.number });
    return { opportunityId: quote.opportunityId, quoteId: quote.id, customerId: quote.customerId, contactId: quote.contactId, currency: quote.currency, lines: await q.quoteItemsOf(db, quote.id), freeLine: null };
  }
  return null;
}

export async function createOrder(deps: Deps, ctx: Ctx, input: z.infer<typeof createOrderBody>): Promise<Order> {
  requirePermission(ctx.actor, 'order', 'create');
  const { db } = deps;
  const source = await sourceOf(db, ctx, input);
  if (source && input.customerId && input.customerId !== source.customerId) throw invalid([{ path: 'customerId', key: 'order.customerMismatch' }]);
  const customerId = source?.customerId ?? input.customerId;
  if (!customerId) throw invalid([{ path: 'customerId', key: 'validation.required' }]);
  await requireVisibleCustomer(db, ctx.actor, customerId, { path: 'customerId' });
  const contactId = input.contactId !== undefined ? input.contactId : (source?.contactId ?? null);
  if (contactId && !(await contactOfCustomer(db, contactId, customerId))) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
  const placement = await placeWithUser(db, ctx.actor, input.ownerId ?? ctx.actor.userId, 'ownerId');
  const currency = input.currency ?? source?.currency ?? 'CNY';

  let priced: { lines: PricedLine[] };
  if (input.items) {
    // Lines edited from the source's: its products stay allowed though retired since.
    const keep = new Set((source?.lines ?? []).map((l) => l.productId).filter((p): p is string => !!p));
    priced = await priceLines(db, input.items, { currency, keepProductIds: keep });
  } else if (source?.freeLine) {
    priced = await priceLines(db, [source.freeLine], { currency });
  } else if (source) {
    if (currency !== source.currency) throw invalid([{ path: 'currency', key: 'order.currencyOfSource', params: { currency: source.currency } }]);
    priced = { lines: copyLines(source.lines) };
  } else {
    throw invalid([{ path: 'items', key: 'validation.required' }]);
  }
  const totals = sumLines(priced.lines);

  return db.transaction(async (tx) => {
    const number = await nextDocumentNumber(tx, 'order', ctx.now, deps.config.timeZone);
    const id = await q.insertOrder(tx, {
      number,
      customerId,
      contactId,
      opportunityId: source?.opportunityId ?? null,
      quoteId: source?.quoteId ?? null,
      status: 'created',
      orderDate: input.orderDate ?? businessDate(ctx.now, deps.config.timeZone),
      currency,
      ...totals,
      shippingAddress: input.shippingAddress ?? null,
      receiverName: input.receiverName ?? null,
      receiverPhone: input.receiverPhone ?? null,
      notes: input.notes ?? null,
      ownerId: placement.userId,
      departmentId: placement.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    await q.insertItems(tx, id, priced.lines);
    await q.insertStatusChange(tx, { id: newId(), orderId: id, fromStatus: null, toStatus: 'created', changedAt: ctx.now, changedBy: ctx.actor.userId, note: null });
    const created = await reload(tx, id);
    await orderTimeline(tx, ctx, created, 'order.created', { totalFen: created.totalFen, currency, total: formatFen(created.totalFen, currency) });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'order', entityId: id, entityLabel: number, after: auditView(created) });
    return created;
  });
}

// ------------------------------------------------------------------------------------------
// Editing and deleting (while created)

const CREATED_ONLY = ['contactId', 'items', 'currency', 'orderDate', 'shippingAddress', 'receiverName', 'receiverPhone'] as const;

export async function updateOrder(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateOrderBody>): Promise<Order> {
  requirePermission(ctx.actor, 'order', 'update');
  const row = await requireVisibleOrder(deps.db, ctx.actor, id);
  const o = row.order;
  if (o.version !== input.version) throw versionConflict();
  const touched = CREATED_ONLY.filter((k) => input[k] !== undefined);
  if (touched.length > 0 && !itemsEditable(o.status)) throw businessRule('order.notEditable', { status: o.status });
  if (input.notes !== undefined && !notesEditable(o.status)) throw businessRule('order.notEditable', { status: o.status });
  if (input.contactId && !(await contactOfCustomer(deps.db, input.contactId, o.customerId))) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);

  const values: q.OrderValues = { updatedAt: ctx.now };
  for (const key of ['contactId', 'orderDate', 'shippingAddress', 'receiverName', 'receiverPhone', 'notes'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  let lines: PricedLine[] | null = null;
  if (input.items !== undefined || (input.currency !== undefined && input.currency !== o.currency)) {
    const current = await q.itemsOf(deps.db, id);
    const currency = input.currency ?? o.currency;
    const keep = new Set(current.map((l) => l.productId).filter((p): p is string => !!p));
    lines = (await priceLines(deps.db, input.items ?? current.map(toLineInput), { currency, keepProductIds: keep })).lines;
    Object.assign(values, { currency }, sumLines(lines));
  }

  return deps.db.transaction(async (tx) => {
    const before = await loadOrder(tx, row);
    if (!(await q.updateOrder(tx, id, input.version, values))) throw versionConflict();
    if (lines) await q.replaceItems(tx, id, lines);
    const after = await reload(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'order', entityId: id, entityLabel: o.number, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function deleteOrder(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'order', 'delete');
  const row = await requireVisibleOrder(deps.db, ctx.actor, id);
  if (!deletable(row.order.status)) throw businessRule('order.notDeletable', { status: row.order.status });
  await deps.db.transaction(async (tx) => {
    const locked = await q.lockOrder(tx, id);
    if (!locked || !deletable(locked.status)) throw businessRule('order.notDeletable', { status: locked?.status ?? row.order.status });
    const before = await loadOrder(tx, row);
    await q.softDeleteOrder(tx, id, ctx.now);
    await removeTimelineEntity(tx, { type: 'order', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'order', entityId: id, entityLabel: row.order.number, before: auditView(before) });
  });
}

// ------------------------------------------------------------------------------------------
// State changes and payments

/**
 * The customer's figures from its orders, recomputed after a change that may affect them (an
 * order paid, or a paid one cancelled). The first paid order makes it a customer (成交): its
 * stage moves to `customer` with a timeline entry and an audit entry, once.
 */
async function refreshCustomer(tx: DbOrTx, ctx: Ctx, customerId: string): Promise<void> {
  const before = await q.lockCustomer(tx, customerId);
  if (!before) return;
  const figures = await q.paidFigures(tx, customerId, PAID_STATUSES, LIFETIME_VALUE_CURRENCY);
  await q.setCustomerFigures(tx, customerId, { lifetimeValueFen: figures.valueFen, paidOrderCount: figures.count, firstPaidAt: figures.firstPaidAt, lastPaidAt: figures.lastPaidAt });
  if (before.firstPaidAt === null && figures.count > 0 && before.stage !== 'customer') {
    await q.setCustomerStage(tx, customerId, 'customer', ctx.now);
    await customerTimeline(tx, ctx.actor.userId, ctx.now, customerId, 'customer.stage_changed', { from: before.stage, to: 'customer', via: 'order' });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'customer', entityId: customerId, entityLabel: `${before.number} ${before.name}`, before: { stage: before.stage }, after: { stage: 'customer' } });
  }
}

const paidChanged = (from: OrderStatus, to: OrderStatus) => PAID_STATUSES.includes(from) !== PAID_STATUSES.includes(to);

const orderSettingsSetting = defineJsonSetting({ key: SETTINGS_KEY, label: '订单设置', schema: orderSettings, fallback: DEFAULT_ORDER_SETTINGS, readWith: 'update' });
const readSettings = orderSettingsSetting.load;

/** 售后回访: a delivered order gives its owner a call to make N days later, written in the owner's language. */
async function scheduleAfterSales(tx: DbOrTx, ctx: Ctx, o: q.OrderRecord): Promise<void> {
  const { afterSalesDays } = await readSettings(tx);
  const locale = (await q.userLocale(tx, o.ownerId)) ?? DEFAULT_LOCALE;
  await insertTask(tx, ctx, {
    title: translate(locale, 'order.afterSales.title', { number: o.number }),
    type: 'call',
    description: translate(locale, 'order.afterSales.description', { number: o.number }),
    dueAt: afterSalesDue(ctx.now, afterSalesDays),
    reminderMinutes: null,
    priority: 'normal',
    assignee: { userId: o.ownerId, departmentId: o.departmentId },
    customerId: o.customerId,
    contactId: o.contactId,
    leadId: null,
    followUpId: null,
  });
}

export async function transitionOrder(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof orderTransitionBody>): Promise<Order> {
  requirePermission(ctx.actor, 'order', 'update');
  const row = await requireVisibleOrder(deps.db, ctx.actor, id);
  return deps.db.transaction(async (tx) => {
    const o = await q.lockOrder(tx, id);
    if (!o) throw notFound('order');
    if (o.version !== input.version) throw versionConflict();
    const result = orderTransition(o.status, input.to, { reason: input.reason, carrier: input.carrier, trackingNumber: input.trackingNumber, paidFen: o.paidFen, totalFen: o.totalFen }, ctx.now);
    if ('refused' in result) {
      const allowed = allowedFrom(o);
      throw new AppError('BUSINESS_RULE', { key: result.refused, params: { from: o.status, to: input.to, allowed: allowed.join(', ') || '-' } });
    }
    if ('missing' in result) throw invalid(result.missing.map((path): ErrorDetail => ({ path, key: 'validation.required' })));
    const before = await loadOrder(tx, { ...row, order: o });
    if (!(await q.updateOrder(tx, id, o.version, { ...result.ok, updatedAt: ctx.now }))) throw versionConflict();
    await q.insertStatusChange(tx, { id: newId(), orderId: id, fromStatus: o.status, toStatus: input.to, changedAt: ctx.now, changedBy: ctx.actor.userId, note: result.note });
    await orderTimeline(tx, ctx, o, 'order.status_changed', { from: o.status, to: input.to, note: result.note });
    if (paidChanged(o.status, input.to)) await refreshCustomer(tx, ctx, o.customerId);
    if (input.to === 'delivered') await scheduleAfterSales(tx, ctx, o);
    const after = await reload(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'order', entityId: id, entityLabel: o.number, before: auditView(before), after: auditView(after) });
    return after;
  });
}

export async function recordPayment(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof orderPaymentBody>): Promise<Order> {
  requirePermission(ctx.actor, 'order', 'update');
  const row = await requireVisibleOrder(deps.db, ctx.actor, id);
  return deps.db.transaction(async (tx) => {
    const o = await q.lockOrder(tx, id);
    if (!o) throw notFound('order');
    if (input.version !== undefined && o.version !== input.version) throw versionConflict();
    if (!acceptsPayments(o.status)) throw businessRule('order.paymentNotAllowed', { status: o.status });
    const applied = applyPayment(o.paidFen, o.totalFen, input.amountFen);
    if ('refused' in applied) throw invalid([{ path: 'amountFen', key: applied.refused, params: { outstanding: formatFen(applied.outstandingFen, o.currency) } }]);
    const before = await loadOrder(tx, { ...row, order: o });
    await q.insertPayment(tx, {
      id: newId(),
      orderId: id,
      paidOn: input.paidOn,
      amountFen: input.amountFen,
      method: input.method,
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      recordedBy: ctx.actor.userId,
      recordedAt: ctx.now,
    });
    const values: q.OrderValues = { paidFen: applied.paidFen, updatedAt: ctx.now };
    if (applied.coversTotal) Object.assign(values, { status: 'paid', paidAt: ctx.now });
    if (!(await q.updateOrder(tx, id, o.version, values))) throw versionConflict();
    await orderTimeline(tx, ctx, o, 'order.payment_recorded', { amountFen: input.amountFen, amount: formatFen(input.amountFen, o.currency), method: input.method, paidOn: input.paidOn });
    if (applied.coversTotal) {
      await q.insertStatusChange(tx, { id: newId(), orderId: id, fromStatus: o.status, toStatus: 'paid', changedAt: ctx.now, changedBy: ctx.actor.userId, note: null });
      await orderTimeline(tx, ctx, o, 'order.status_changed', { from: o.status, to: 'paid', note: null });
      await refreshCustomer(tx, ctx, o.customerId);
    }
    const after = await reload(tx, id);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'order', entityId: id, entityLabel: o.number, before: auditView(before), after: auditView(after) });
    return after;
  });
}

// ------------------------------------------------------------------------------------------
// Settings

export const getOrderSettings = orderSettingsSetting.get;
export const setOrderSettings = orderSettingsSetting.set;
