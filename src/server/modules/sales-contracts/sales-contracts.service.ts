import type { z } from 'zod';
import { formatFen } from '../../../contracts/money.ts';
import type {
  Contract,
  ContractDetail,
  contractStatusBody,
  ContractTotals,
  createContractBody,
  listContractsQuery,
  recordPaymentBody,
  replaceInstallmentsBody,
  updateContractBody,
} from '../../../contracts/sales-contracts.ts';
import type { DbOrTx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import type { Actor, Ctx } from '../../platform/access/actor.ts';
import { placeWithUser } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { fewMatches } from '../../platform/search/candidates.ts';
import { AppError, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { publishTimeline, removeTimelineEntity, updateTimelineEntity } from '../../platform/timeline/timeline.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { nextDocumentNumber } from '../numbering/index.ts';
import * as q from './sales-contracts.queries.ts';
import { businessDate } from '../../platform/clock.ts';
import { addDays, checkPlan, checkTransition, contractOutstanding, isOverdue, matchPayment, maxPayment, mayDelete, mayEdit, mayReceivePayments, type PlanInstallment } from './sales-contracts.rules.ts';
import { findOpportunity } from '../opportunities/index.ts';
import { findOrder } from '../orders/index.ts';

/**
 * 合同与回款: contracts signed with a customer, their payment plans and the payments received.
 * A contract is seen by its owner and, by data scope, by the owner's department (like an order);
 * it is created for a customer in the caller's scope. Every write is one transaction with its
 * audit entry and, where the customer's history should show it, a timeline entry that only those
 * who see the contract see.
 */

/** Today in the business time zone: what "due", "overdue" and "ending" are measured against. */
export const todayOf = (deps: Pick<Deps, 'config'>, now: Date) => businessDate(now, deps.config.timeZone);

export function toContract(row: q.ContractRow): Contract {
  const c = row.contract;
  const owing = c.status === 'active' || c.status === 'expired';
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    customerId: c.customerId,
    customerName: row.customerName,
    contactId: c.contactId,
    contactName: row.contactName,
    opportunityId: c.opportunityId,
    opportunityName: row.opportunityName,
    orderId: c.orderId,
    orderNumber: row.orderNumber,
    amountFen: c.amountFen,
    currency: c.currency,
    receivedFen: c.receivedFen,
    outstandingFen: contractOutstanding(c.status, c.amountFen, c.receivedFen),
    overdueFen: owing ? row.overdueFen : 0,
    status: c.status,
    signedOn: c.signedOn,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    terms: c.terms,
    notes: c.notes,
    terminatedAt: c.terminatedAt?.toISOString() ?? null,
    terminationReason: c.terminationReason,
    ownerId: c.ownerId,
    ownerName: row.ownerName,
    departmentId: c.departmentId,
    createdBy: c.createdBy,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

function auditView(c: Contract) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, customerName: _cn, contactName: _kn, opportunityName: _on, orderNumber: _o, ownerName: _w, outstandingFen: _of, overdueFen: _d, receivedFen: _r, ...rest } = c;
  return rest;
}

/**
 * The audit view of a contract read by the finder: its row carries no figures (they need the
 * business date), and the audit keeps none (auditView drops them).
 */
const auditOf = (row: q.NamedContractRow) => auditView(toContract({ ...row, overdueFen: 0 }));

const planView = (rows: readonly q.InstallmentRow[]) => ({ installments: rows.map((i) => `${i.dueOn} ${formatFen(i.amountFen)}${i.notes ? ` ${i.notes}` : ''}`) });
const restrictedTo = (c: { ownerId: string; departmentId: string | null }) => ({ ownerId: c.ownerId, departmentId: c.departmentId });

/**
 * 合同 `id` if `actor` may see it (in scope, not deleted), else 404 — or with `opts.path` the 400
 * of a missing body reference (see FindOptions).
 */
export async function requireVisibleContract(db: DbOrTx, actor: Actor, id: string, opts: FindOptions = {}): Promise<q.NamedContractRow> {
  const row = await q.findContract(db, id, actor, opts.lock);
  if (!row) throw notVisible('contract', opts);
  return row;
}

async function detail(db: DbOrTx, id: string, today: string): Promise<ContractDetail> {
  // UNSCOPED: the contract as it is now, read after the scoped check (or the insert) of the caller.
  const row = await q.findContractOn(db, id, UNSCOPED, today);
  if (!row) throw notFound('contract');
  // One after another: inside a transaction they share one connection.
  const installments = await q.installmentsOf(db, id);
  const payments = await q.paymentsOf(db, id);
  const allocations = await q.allocationsOf(db, id);
  const owing = row.contract.status === 'active' || row.contract.status === 'expired';
  return {
    ...toContract(row),
    plannedFen: installments.reduce((s, i) => s + i.amountFen, 0),
    installments: installments.map((i) => ({
      id: i.id,
      position: i.position,
      dueOn: i.dueOn,
      amountFen: i.amountFen,
      receivedFen: i.receivedFen,
      outstandingFen: i.amountFen - i.receivedFen,
      overdue: owing && isOverdue(i, today),
      notes: i.notes,
    })),
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
      allocations: allocations.filter((a) => a.paymentId === p.id).map((a) => ({ installmentId: a.installmentId, amountFen: a.amountFen })),
    })),
  };
}

export async function listContracts(deps: Deps, ctx: Ctx, query: z.infer<typeof listContractsQuery>) {
  requirePermission(ctx.actor, 'contract', 'read');
  if (query.customerId) await requireVisibleCustomer(deps.db, ctx.actor, query.customerId);
  const today = todayOf(deps, ctx.now);
  const filters: q.ContractFilters = {
    status: query.status,
    customerId: query.customerId,
    ownerId: query.ownerId,
    q: query.q || undefined,
    matchIds: (query.q && (await fewMatches(deps.db, q.contractSearchBranches(query.q)))) || undefined,
    endingBy: query.endingWithinDays !== undefined ? addDays(today, query.endingWithinDays) : undefined,
    hasOverdue: query.hasOverdue === undefined ? undefined : query.hasOverdue === 'true',
  };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listContracts(deps.db, { viewer: ctx.actor, filters, today, sort: q.newestContractsFirst, cursor: query.cursor, limit: query.limit }), () =>
    q.countContracts(deps.db, { viewer: ctx.actor, filters, today, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.contract.createdAt, r.contract.id], toContract), ...total };
}

export async function getContract(deps: Deps, ctx: Ctx, id: string): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'read');
  const today = todayOf(deps, ctx.now);
  await requireVisibleContract(deps.db, ctx.actor, id);
  return detail(deps.db, id, today);
}

/** 合作历史: the totals of a customer's contracts the caller sees. */
export async function customerContractTotals(deps: Deps, ctx: Ctx, customerId: string): Promise<ContractTotals> {
  requirePermission(ctx.actor, 'contract', 'read');
  await requireVisibleCustomer(deps.db, ctx.actor, customerId);
  return q.customerTotals(deps.db, customerId, ctx.actor, todayOf(deps, ctx.now));
}

interface References {
  customerId: string;
  contactId?: string | null | undefined;
  opportunityId?: string | null | undefined;
  orderId?: string | null | undefined;
}

/** The contact must be the customer's; the opportunity and the order visible to the caller and the customer's. */
async function checkReferences(db: DbOrTx, actor: Actor, r: References): Promise<void> {
  const details: ErrorDetail[] = [];
  if (r.contactId && !(await contactOfCustomer(db, r.contactId, r.customerId))) details.push({ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } });
  if (r.opportunityId) {
    const o = await findOpportunity(db, r.opportunityId, actor);
    if (!o) details.push({ path: 'opportunityId', key: 'NOT_FOUND', params: { entity: 'opportunity' } });
    else if (o.o.customerId !== r.customerId) details.push({ path: 'opportunityId', key: 'contract.otherCustomer' });
  }
  if (r.orderId) {
    const o = await findOrder(db, r.orderId, actor);
    if (!o) details.push({ path: 'orderId', key: 'NOT_FOUND', params: { entity: 'order' } });
    else if (o.order.customerId !== r.customerId) details.push({ path: 'orderId', key: 'contract.otherCustomer' });
  }
  if (details.length > 0) throw invalid(details);
}

function checkPeriod(startsOn: string | null | undefined, endsOn: string | null | undefined): void {
  if (startsOn && endsOn && startsOn > endsOn) throw invalid([{ path: 'endsOn', key: 'contract.periodOrder' }]);
}

export async function createContract(deps: Deps, ctx: Ctx, input: z.infer<typeof createContractBody>): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'create');
  await requireVisibleCustomer(deps.db, ctx.actor, input.customerId, { path: 'customerId' });
  await checkReferences(deps.db, ctx.actor, input);
  checkPeriod(input.startsOn, input.endsOn);
  const placement = await placeWithUser(deps.db, ctx.actor, input.ownerId ?? ctx.actor.userId, 'ownerId');
  const today = todayOf(deps, ctx.now);
  return deps.db.transaction(async (tx) => {
    const number = await nextDocumentNumber(tx, 'contract', ctx.now, deps.config.timeZone);
    const id = await q.insertContract(tx, {
      number,
      title: input.title,
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      opportunityId: input.opportunityId ?? null,
      orderId: input.orderId ?? null,
      amountFen: input.amountFen,
      currency: input.currency,
      signedOn: input.signedOn ?? null,
      startsOn: input.startsOn ?? null,
      endsOn: input.endsOn ?? null,
      terms: input.terms ?? null,
      notes: input.notes ?? null,
      ownerId: placement.userId,
      departmentId: placement.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    const created = await detail(tx, id, today);
    await publishTimeline(tx, {
      kind: 'contract.created',
      customerId: input.customerId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'contract',
      entityId: id,
      params: { number, title: input.title, amountFen: input.amountFen, currency: input.currency },
      restrictedTo: { ownerId: placement.userId, departmentId: placement.departmentId },
    });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'contract', entityId: id, entityLabel: `${number} ${input.title}`, after: auditView(created) });
    return created;
  });
}

export async function updateContract(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateContractBody>): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'update');
  const today = todayOf(deps, ctx.now);
  const before = await requireVisibleContract(deps.db, ctx.actor, id);
  const b = before.contract;
  if (!mayEdit(b.status)) throw new AppError('BUSINESS_RULE', { key: 'contract.closed', params: { status: b.status } });
  const values: q.ContractValues = { updatedAt: ctx.now };
  for (const key of ['title', 'contactId', 'opportunityId', 'orderId', 'amountFen', 'currency', 'signedOn', 'startsOn', 'endsOn', 'terms', 'notes'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  await checkReferences(deps.db, ctx.actor, {
    customerId: b.customerId,
    contactId: input.contactId !== undefined && input.contactId !== b.contactId ? input.contactId : undefined,
    opportunityId: input.opportunityId !== undefined && input.opportunityId !== b.opportunityId ? input.opportunityId : undefined,
    orderId: input.orderId !== undefined && input.orderId !== b.orderId ? input.orderId : undefined,
  });
  checkPeriod(input.startsOn !== undefined ? input.startsOn : b.startsOn, input.endsOn !== undefined ? input.endsOn : b.endsOn);
  // A new end date is a new term: its renewal is reminded of again.
  if (input.endsOn !== undefined && input.endsOn !== b.endsOn) values.renewalRemindedAt = null;
  if (b.status === 'active' && input.signedOn === null) throw invalid([{ path: 'signedOn', key: 'contract.signedOnRequired' }]);
  const newOwner = input.ownerId !== undefined && input.ownerId !== b.ownerId;
  if (newOwner && input.ownerId) {
    const placement = await placeWithUser(deps.db, ctx.actor, input.ownerId, 'ownerId');
    values.ownerId = placement.userId;
    values.departmentId = placement.departmentId;
  }
  return deps.db.transaction(async (tx) => {
    // The amount may not fall below the plan or what was received (read under the lock).
    const locked = await q.lockContract(tx, id);
    if (!locked) throw notFound('contract');
    if (input.amountFen !== undefined && input.amountFen !== b.amountFen) {
      const planned = (await q.installmentsOf(tx, id)).reduce((s, i) => s + i.amountFen, 0);
      const received = locked.receivedFen;
      if (input.amountFen < planned) throw invalid([{ path: 'amountFen', key: 'contract.amountBelowPlan', params: { planned: formatFen(planned) } }]);
      if (input.amountFen < received) throw invalid([{ path: 'amountFen', key: 'contract.amountBelowReceived', params: { received: formatFen(received) } }]);
    }
    if (!(await q.updateContract(tx, id, input.version, values))) throw versionConflict();
    const after = await detail(tx, id, today);
    if (newOwner) await updateTimelineEntity(tx, { type: 'contract', id }, { restrictedTo: restrictedTo(after) });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'contract', entityId: id, entityLabel: `${after.number} ${after.title}`, before: auditOf(before), after: auditView(after) });
    return after;
  });
}

export async function changeContractStatus(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof contractStatusBody>): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'update');
  const today = todayOf(deps, ctx.now);
  const before = await requireVisibleContract(deps.db, ctx.actor, id);
  const b = before.contract;
  const signedOn = input.signedOn ?? b.signedOn;
  const refusal = checkTransition(b.status, input.status, 'user', { signedOn, reason: input.reason ?? null });
  if (refusal) {
    if (refusal.refused === 'contract.transition') throw new AppError('BUSINESS_RULE', { key: refusal.refused, params: { from: b.status, to: input.status, allowed: refusal.allowed.join(', ') || '-' } });
    throw invalid([{ path: refusal.path, key: refusal.refused }]);
  }
  const values: q.ContractValues = { status: input.status, updatedAt: ctx.now };
  if (input.status === 'active') values.signedOn = signedOn;
  if (input.status === 'terminated') Object.assign(values, { terminatedAt: ctx.now, terminationReason: input.reason?.trim() ?? null });
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateContract(tx, id, input.version, values))) throw versionConflict();
    const after = await detail(tx, id, today);
    await publishTimeline(tx, {
      kind: input.status === 'active' ? 'contract.activated' : 'contract.terminated',
      customerId: b.customerId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'contract',
      entityId: id,
      params: { number: after.number, title: after.title, amountFen: after.amountFen, currency: after.currency, signedOn: after.signedOn, reason: after.terminationReason },
      restrictedTo: restrictedTo(after),
    });
    await writeAudit(tx, ctx, { action: 'update', entityType: 'contract', entityId: id, entityLabel: `${after.number} ${after.title}`, before: auditOf(before), after: auditView(after) });
    return after;
  });
}

export async function deleteContract(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'contract', 'delete');
  const before = await requireVisibleContract(deps.db, ctx.actor, id);
  if (!mayDelete(before.contract.status)) throw new AppError('BUSINESS_RULE', { key: 'contract.deleteOnlyDraft', params: { status: before.contract.status } });
  await deps.db.transaction(async (tx) => {
    await q.softDeleteContract(tx, id, ctx.now);
    await removeTimelineEntity(tx, { type: 'contract', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'contract', entityId: id, entityLabel: `${before.contract.number} ${before.contract.title}`, before: auditOf(before) });
  });
}

const asPlan = (rows: readonly q.InstallmentRow[]): PlanInstallment[] => rows.map((i) => ({ id: i.id, position: i.position, dueOn: i.dueOn, amountFen: i.amountFen, receivedFen: i.receivedFen }));

/** The contract locked for a change of its money, in the caller's scope (404 otherwise). */
async function lockForMoney(tx: DbOrTx, ctx: Ctx, id: string): Promise<q.ContractRecord> {
  return (await requireVisibleContract(tx, ctx.actor, id, { lock: 'update' })).contract;
}

/**
 * Replaces the payment plan. Kept installments (named by id) keep what they received; one that
 * received money may be neither cut below it nor removed. Money received before the plan existed
 * (or beyond it) is matched to the new plan, oldest payment first.
 */
export async function replaceInstallments(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof replaceInstallmentsBody>): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'update');
  const today = todayOf(deps, ctx.now);
  return deps.db.transaction(async (tx) => {
    const c = await lockForMoney(tx, ctx, id);
    if (!mayEdit(c.status)) throw new AppError('BUSINESS_RULE', { key: 'contract.closed', params: { status: c.status } });
    const current = await q.installmentsOf(tx, id);
    const problems = checkPlan(c.amountFen, asPlan(current), input.installments);
    if (problems.length > 0) {
      throw invalid(problems.map((p) => ({ path: p.path, key: p.key, params: 'params' in p ? Object.fromEntries(Object.entries(p.params).map(([k, v]) => [k, typeof v === 'number' ? formatFen(v) : v])) : undefined })));
    }
    const kept = new Set(input.installments.flatMap((r) => (r.id ? [r.id] : [])));
    await q.deleteInstallments(
      tx,
      current.filter((i) => !kept.has(i.id)).map((i) => i.id),
    );
    const byId = new Map(current.map((i) => [i.id, i]));
    const inserts: Parameters<typeof q.insertInstallments>[1] = [];
    for (const [position, row] of input.installments.entries()) {
      const was = row.id ? byId.get(row.id) : undefined;
      if (was) {
        // A new due date (or amount) is a new promise: it may be reminded of again.
        const changed = was.dueOn !== row.dueOn || was.amountFen !== row.amountFen;
        await q.updateInstallment(tx, was.id, { position, dueOn: row.dueOn, amountFen: row.amountFen, notes: row.notes ?? null, ...(changed ? { overdueRemindedAt: null } : {}) });
      } else {
        inserts.push({ id: newId(), contractId: id, position, dueOn: row.dueOn, amountFen: row.amountFen, notes: row.notes ?? null });
      }
    }
    await q.insertInstallments(tx, inserts);

    // Money not yet matched (received without a plan, or beyond it) goes to the new plan.
    const payments = await q.paymentsOf(tx, id);
    const allocations = await q.allocationsOf(tx, id);
    for (const { payment } of payments) {
      const matched = allocations.filter((a) => a.paymentId === payment.id).reduce((s, a) => s + a.amountFen, 0);
      const left = payment.amountFen - matched;
      if (left <= 0) continue;
      const plan = asPlan(await q.installmentsOf(tx, id));
      const { allocations: more } = matchPayment(plan, left);
      await q.insertAllocations(tx, payment.id, more);
      await q.addReceived(tx, more);
    }

    const after = await detail(tx, id, today);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'contract', entityId: id, entityLabel: `${c.number} ${c.title}`, before: planView(current), after: planView(await q.installmentsOf(tx, id)) });
    return after;
  });
}

/** 登记回款: records a payment and matches it to the plan (see matchPayment). */
export async function recordPayment(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof recordPaymentBody>): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'update');
  const today = todayOf(deps, ctx.now);
  if (input.paidOn > today) throw invalid([{ path: 'paidOn', key: 'contract.paidOnFuture' }]);
  return deps.db.transaction(async (tx) => {
    const c = await lockForMoney(tx, ctx, id);
    if (!mayReceivePayments(c.status)) throw new AppError('BUSINESS_RULE', { key: 'contract.paymentNotActive', params: { status: c.status } });
    const plan = asPlan(await q.installmentsOf(tx, id));
    if (input.installmentId && !plan.some((i) => i.id === input.installmentId)) throw invalid([{ path: 'installmentId', key: 'NOT_FOUND', params: { entity: 'installment' } }]);
    const max = maxPayment(c, plan);
    if (input.amountFen > max) throw invalid([{ path: 'amountFen', key: 'contract.paymentOverOutstanding', params: { outstanding: formatFen(max, c.currency) } }]);
    const { allocations } = matchPayment(plan, input.amountFen, input.installmentId);
    const paymentId = newId();
    await q.insertPayment(tx, {
      id: paymentId,
      contractId: id,
      paidOn: input.paidOn,
      amountFen: input.amountFen,
      method: input.method,
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      recordedBy: ctx.actor.userId,
      recordedAt: ctx.now,
    });
    await q.insertAllocations(tx, paymentId, allocations);
    await q.addReceived(tx, allocations);
    await q.setContractReceived(tx, id, c.receivedFen + input.amountFen, ctx.now);
    await publishTimeline(tx, {
      kind: 'contract.payment_recorded',
      customerId: c.customerId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'contract',
      entityId: id,
      params: { number: c.number, title: c.title, amountFen: input.amountFen, currency: c.currency, paidOn: input.paidOn, paymentId },
      restrictedTo: restrictedTo(c),
    });
    await writeAudit(tx, ctx, {
      action: 'create',
      entityType: 'contract_payment',
      entityId: paymentId,
      entityLabel: `${c.number} ${formatFen(input.amountFen, c.currency)}`,
      after: { contractId: id, paidOn: input.paidOn, amountFen: input.amountFen, method: input.method, reference: input.reference ?? null, notes: input.notes ?? null, allocations: allocations.map((a) => `${a.installmentId}:${a.amountFen}`) },
    });
    return detail(tx, id, today);
  });
}

/** Takes a payment back (entered by mistake): its matches are undone on the installments. */
export async function deletePayment(deps: Deps, ctx: Ctx, id: string, paymentId: string): Promise<ContractDetail> {
  requirePermission(ctx.actor, 'contract', 'update');
  const today = todayOf(deps, ctx.now);
  return deps.db.transaction(async (tx) => {
    const c = await lockForMoney(tx, ctx, id);
    const payment = await q.findPayment(tx, id, paymentId);
    if (!payment) throw notFound('contractPayment');
    const allocations = (await q.allocationsOf(tx, id)).filter((a) => a.paymentId === paymentId);
    await q.addReceived(
      tx,
      allocations.map((a) => ({ installmentId: a.installmentId, amountFen: -a.amountFen })),
    );
    await q.deletePayment(tx, paymentId);
    await q.setContractReceived(tx, id, c.receivedFen - payment.amountFen, ctx.now);
    await publishTimeline(tx, {
      kind: 'contract.payment_reversed',
      customerId: c.customerId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'contract',
      entityId: id,
      params: { number: c.number, title: c.title, amountFen: payment.amountFen, currency: c.currency, paidOn: payment.paidOn, paymentId },
      restrictedTo: restrictedTo(c),
    });
    await writeAudit(tx, ctx, {
      action: 'delete',
      entityType: 'contract_payment',
      entityId: paymentId,
      entityLabel: `${c.number} ${formatFen(payment.amountFen, c.currency)}`,
      before: { contractId: id, paidOn: payment.paidOn, amountFen: payment.amountFen, method: payment.method, reference: payment.reference, notes: payment.notes },
    });
    return detail(tx, id, today);
  });
}
