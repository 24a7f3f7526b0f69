import type { z } from 'zod';
import type { createFollowUpBody, FollowUp, FollowUpSummary, listFollowUpsQuery, updateFollowUpBody } from '../../../contracts/followups.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { placeWithUser, type Placement } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, notFound, versionConflict, type ErrorDetail } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { publishTimeline, removeTimelineEntity, updateTimelineEntity } from '../../platform/timeline/timeline.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { findCustomer, requireVisibleCustomer } from '../customers/index.ts';
import { type LeadRow, requireVisibleLead, setLeadStatus } from '../leads/index.ts';
import { insertTask, myTaskCounts } from '../tasks/index.ts';
import * as q from './followups.queries.ts';
import { checkFollowUpTimes, leadStatusAfterFollowUp, nextStepTask } from './followups.rules.ts';

/**
 * 跟进记录. A follow-up is part of its customer's file: whoever may see the customer (owner,
 * collaborators, managers of its department) sees its follow-ups; before a lead is converted its
 * follow-ups go with the lead. Changing or deleting one is for its owner and for those whose data
 * scope covers the owner's department.
 */

/**
 * The follow-up `id` if `actor` may see it (its customer's or lead's scope, not deleted), else
 * 404 — or with `opts.path` the 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleFollowUp(db: DbOrTx, actor: Actor, id: string, opts: Pick<FindOptions, 'path'> = {}): Promise<q.FollowUpRow> {
  const row = await q.findFollowUp(db, id, actor);
  if (!row) throw notVisible('follow_up', opts);
  return row;
}

function toFollowUp(row: q.FollowUpRow): FollowUp {
  const f = row.followUp;
  return {
    id: f.id,
    customerId: f.customerId,
    customerName: row.customerName,
    contactId: f.contactId,
    contactName: row.contactName,
    leadId: f.leadId,
    leadNumber: row.leadNumber,
    method: f.method,
    happenedAt: f.happenedAt.toISOString(),
    content: f.content,
    feedback: f.feedback,
    agreements: f.agreements,
    openQuestions: f.openQuestions,
    nextAction: f.nextAction,
    nextFollowUpAt: f.nextFollowUpAt?.toISOString() ?? null,
    ownerId: f.ownerId,
    ownerName: row.ownerName,
    taskId: row.taskId,
    attachmentCount: row.attachmentCount,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    version: f.version,
  };
}

function auditView(f: FollowUp) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, customerName: _cn, contactName: _ct, leadNumber: _l, ownerName: _o, taskId: _t, attachmentCount: _a, ...rest } = f;
  return rest;
}

/** What the timeline shows of a follow-up (the content cut short; the entry opens the rest). */
function timelineParams(f: Pick<FollowUp, 'method' | 'content' | 'nextAction' | 'nextFollowUpAt' | 'contactName' | 'ownerName'>) {
  return {
    method: f.method,
    summary: f.content.length > 140 ? `${f.content.slice(0, 140)}…` : f.content,
    contactName: f.contactName,
    nextAction: f.nextAction,
    nextFollowUpAt: f.nextFollowUpAt,
    ownerName: f.ownerName,
  };
}

/** Whether the caller may change or delete a follow-up they can see. */
function mayChange(actor: Actor, f: { ownerId: string; departmentId: string | null }): boolean {
  switch (actor.dataScope) {
    case 'all':
      return true;
    case 'department':
      return f.ownerId === actor.userId || (f.departmentId !== null && actor.departmentIds.includes(f.departmentId));
    case 'own':
      return f.ownerId === actor.userId;
  }
}

export async function listFollowUps(deps: Deps, ctx: Ctx, query: z.infer<typeof listFollowUpsQuery>) {
  requirePermission(ctx.actor, 'follow_up', 'read');
  // A customer's or lead's follow-ups: 404 when that record itself is out of reach.
  if (query.customerId) await requireVisibleCustomer(deps.db, ctx.actor, query.customerId);
  if (query.leadId) await requireVisibleLead(deps.db, ctx.actor, query.leadId);
  // UNSCOPED for one customer the caller may see (checked above): all its follow-ups are visible.
  // A lead's may belong to its customer since its conversion, so they keep the per-row test.
  const viewer = query.customerId ? UNSCOPED : ctx.actor;
  const filters = {
    customerId: query.customerId,
    leadId: query.leadId,
    contactId: query.contactId,
    ownerId: query.ownerId,
    method: query.method,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listFollowUps(deps.db, { viewer, filters, sort: q.LATEST_FIRST, cursor: query.cursor, limit: query.limit }), () =>
    q.countFollowUps(deps.db, { viewer, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.followUp.happenedAt, r.followUp.id], toFollowUp), ...total };
}

export async function getFollowUp(deps: Deps, ctx: Ctx, id: string): Promise<FollowUp> {
  requirePermission(ctx.actor, 'follow_up', 'read');
  return toFollowUp(await requireVisibleFollowUp(deps.db, ctx.actor, id));
}

/** The record a new follow-up is logged on: a customer, or a lead (with its customer once converted). */
async function subjectOf(db: DbOrTx, actor: Actor, input: { customerId?: string; leadId?: string }) {
  if (!input.customerId && !input.leadId) throw invalid([{ path: 'customerId', key: 'followUp.customerOrLead' }]);
  let customer: { id: string; name: string } | null = null;
  if (input.customerId) {
    const row = await requireVisibleCustomer(db, actor, input.customerId, { path: 'customerId' });
    customer = { id: row.customer.id, name: row.customer.name };
  }
  let lead: LeadRow['lead'] | null = null;
  if (input.leadId) {
    lead = (await requireVisibleLead(db, actor, input.leadId, { path: 'leadId' })).lead;
    if (customer && lead.customerId !== customer.id) throw invalid([{ path: 'leadId', key: 'followUp.leadNotOfCustomer' }]);
    // A converted lead's follow-ups are its customer's.
    if (!customer && lead.customerId) {
      // UNSCOPED: the lead (in scope) brings its customer along, whoever owns that customer now.
      const c = await findCustomer(db, lead.customerId, UNSCOPED);
      if (c) customer = { id: c.customer.id, name: c.customer.name };
    }
  }
  return { customer, lead };
}

/**
 * Logs a follow-up. In one transaction: the record, the customer's (and lead's) "last follow-up
 * at", a `new`/`assigned` lead moving to `contacted`, the task for the next follow-up time with
 * its reminder, the timeline entries and the audit entries.
 */
export async function createFollowUp(deps: Deps, ctx: Ctx, input: z.infer<typeof createFollowUpBody>): Promise<FollowUp> {
  requirePermission(ctx.actor, 'follow_up', 'create');
  const happenedAt = new Date(input.happenedAt);
  const nextFollowUpAt = input.nextFollowUpAt ? new Date(input.nextFollowUpAt) : null;
  const problems: ErrorDetail[] = checkFollowUpTimes(happenedAt, nextFollowUpAt, ctx.now).map((p) => ({ path: p.field, key: p.key }));
  if (!(await q.methodActive(deps.db, input.method))) problems.push({ path: 'method', key: 'NOT_FOUND', params: { entity: 'followUpMethod' } });
  if (problems.length > 0) throw invalid(problems);
  const { customer, lead } = await subjectOf(deps.db, ctx.actor, input);
  let contactName: string | null = null;
  if (input.contactId) {
    const contact = customer ? await contactOfCustomer(deps.db, input.contactId, customer.id) : null;
    if (!contact) throw invalid([{ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } }]);
    contactName = contact.name;
  }
  // Someone else's follow-up (a manager logging a visit they made with a salesperson's customer)
  // goes on that person, who must be in the caller's scope.
  const owner: Placement = input.ownerId && input.ownerId !== ctx.actor.userId ? await placeWithUser(deps.db, ctx.actor, input.ownerId, 'ownerId') : { userId: ctx.actor.userId, departmentId: ctx.actor.departmentId };

  return deps.db.transaction(async (tx) => {
    const id = await q.insertFollowUp(tx, {
      customerId: customer?.id ?? null,
      contactId: input.contactId ?? null,
      leadId: lead?.id ?? null,
      method: input.method,
      happenedAt,
      content: input.content,
      feedback: input.feedback ?? null,
      agreements: input.agreements ?? null,
      openQuestions: input.openQuestions ?? null,
      nextAction: input.nextAction ?? null,
      nextFollowUpAt,
      ownerId: owner.userId,
      departmentId: owner.departmentId,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    if (customer) await q.touchCustomerFollowUp(tx, customer.id, happenedAt);
    if (lead) {
      await q.touchLeadFollowUp(tx, lead.id, happenedAt);
      const status = leadStatusAfterFollowUp(lead.status);
      if (status !== lead.status) {
        await setLeadStatus(tx, lead.id, status, ctx.now);
        await writeAudit(tx, ctx, { action: 'update', entityType: 'lead', entityId: lead.id, entityLabel: lead.number, before: { status: lead.status }, after: { status } });
      }
    }
    if (nextFollowUpAt) {
      const step = nextStepTask({ method: input.method, nextAction: input.nextAction, nextFollowUpAt, reminderMinutes: input.reminderMinutes, subject: customer?.name ?? lead?.companyName ?? lead?.contactName ?? '' });
      await insertTask(tx, ctx, {
        ...step,
        description: input.nextAction ?? null,
        priority: 'normal',
        assignee: owner,
        customerId: customer?.id ?? null,
        contactId: input.contactId ?? null,
        leadId: lead?.id ?? null,
        followUpId: id,
      });
    }
    // UNSCOPED: re-reads the follow-up this transaction just wrote (after the scoped check, or the create).
    const row = await q.findFollowUp(tx, id, UNSCOPED);
    if (!row) throw notFound('follow_up');
    const created = toFollowUp(row);
    await publishTimeline(tx, {
      kind: 'follow_up.logged',
      customerId: customer?.id ?? null,
      leadId: lead?.id ?? null,
      occurredAt: happenedAt,
      actorId: ctx.actor.userId,
      entityType: 'follow_up',
      entityId: id,
      params: timelineParams({ ...created, contactName }),
    });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'follow_up', entityId: id, entityLabel: customer?.name ?? lead?.number ?? null, after: auditView(created) });
    return created;
  });
}

export async function updateFollowUp(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateFollowUpBody>): Promise<FollowUp> {
  requirePermission(ctx.actor, 'follow_up', 'update');
  const before = await requireVisibleFollowUp(deps.db, ctx.actor, id);
  const b = before.followUp;
  if (!mayChange(ctx.actor, b)) throw new AppError('FORBIDDEN');
  const problems: ErrorDetail[] = [];
  const happenedAt = input.happenedAt ? new Date(input.happenedAt) : b.happenedAt;
  for (const p of checkFollowUpTimes(happenedAt, b.nextFollowUpAt, ctx.now)) if (input.happenedAt) problems.push({ path: p.field === 'nextFollowUpAt' ? 'happenedAt' : p.field, key: p.key });
  if (input.method && !(await q.methodActive(deps.db, input.method))) problems.push({ path: 'method', key: 'NOT_FOUND', params: { entity: 'followUpMethod' } });
  if (input.contactId && !(b.customerId && (await contactOfCustomer(deps.db, input.contactId, b.customerId)))) problems.push({ path: 'contactId', key: 'NOT_FOUND', params: { entity: 'contact' } });
  if (problems.length > 0) throw invalid(problems);

  return deps.db.transaction(async (tx) => {
    const values: q.FollowUpValues = { updatedAt: ctx.now };
    for (const key of ['contactId', 'method', 'content', 'feedback', 'agreements', 'openQuestions', 'nextAction'] as const) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
    }
    if (input.happenedAt) values.happenedAt = happenedAt;
    if (!(await q.updateFollowUp(tx, id, input.version, values))) throw versionConflict();
    if (input.happenedAt) {
      if (b.customerId) {
        await q.recomputeCustomerFollowUp(tx, b.customerId, b.happenedAt);
        await q.touchCustomerFollowUp(tx, b.customerId, happenedAt);
      }
      if (b.leadId) {
        await q.recomputeLeadFollowUp(tx, b.leadId, b.happenedAt);
        await q.touchLeadFollowUp(tx, b.leadId, happenedAt);
      }
    }
    // UNSCOPED: re-reads the follow-up this transaction just wrote (after the scoped check, or the create).
    const row = await q.findFollowUp(tx, id, UNSCOPED);
    if (!row) throw notFound('follow_up');
    const after = toFollowUp(row);
    await updateTimelineEntity(tx, { type: 'follow_up', id }, { occurredAt: happenedAt, params: timelineParams(after) }, 'follow_up.logged');
    await writeAudit(tx, ctx, { action: 'update', entityType: 'follow_up', entityId: id, entityLabel: after.customerName ?? after.leadNumber, before: auditView(toFollowUp(before)), after: auditView(after) });
    return after;
  });
}

/**
 * Deletes a follow-up (kept as deleted, with its attachments): it leaves the timeline and the
 * customer's "last follow-up at" falls back to the latest one left. Its task stays: the next
 * step may still be worth doing, and is deleted on its own.
 */
export async function deleteFollowUp(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'follow_up', 'delete');
  const before = await requireVisibleFollowUp(deps.db, ctx.actor, id);
  const b = before.followUp;
  if (!mayChange(ctx.actor, b)) throw new AppError('FORBIDDEN');
  await deps.db.transaction(async (tx) => {
    await q.softDeleteFollowUp(tx, id, ctx.now);
    if (b.customerId) await q.recomputeCustomerFollowUp(tx, b.customerId, b.happenedAt);
    if (b.leadId) await q.recomputeLeadFollowUp(tx, b.leadId, b.happenedAt);
    await removeTimelineEntity(tx, { type: 'follow_up', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'follow_up', entityId: id, entityLabel: before.customerName ?? before.leadNumber, before: auditView(toFollowUp(before)) });
  });
}

/** The current user's counters: open tasks by bucket, customers and leads past their cadence. */
export async function followUpSummary(deps: Deps, ctx: Ctx): Promise<FollowUpSummary> {
  const tasks = can(ctx.actor, 'task', 'read') ? await myTaskCounts(deps, ctx) : { overdue: 0, today: 0, upcoming: 0 };
  const customersDue = can(ctx.actor, 'customer', 'read') ? await q.countOwnedCustomersDue(deps.db, ctx.actor.userId, ctx.now) : 0;
  const leadsDue = can(ctx.actor, 'lead', 'read') ? await q.countOwnedLeadsDue(deps.db, ctx.actor.userId, ctx.now) : 0;
  return { tasks, customersDue, leadsDue };
}
