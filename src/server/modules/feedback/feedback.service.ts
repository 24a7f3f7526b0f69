import type { z } from 'zod';
import type { createFeedbackBody, Feedback, listFeedbackQuery, updateFeedbackBody } from '../../../contracts/feedback.ts';
import type { DbOrTx } from '../../db/client.ts';
import type { Ctx } from '../../platform/access/actor.ts';
import { placeWithUser } from '../../platform/access/placement.ts';
import { requirePermission, UNSCOPED } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, missingReference, notFound, versionConflict } from '../../platform/errors.ts';
import { toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { publishTimeline, removeTimelineEntity } from '../../platform/timeline/timeline.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import { notify } from '../notifications/index.ts';
import * as q from './feedback.queries.ts';
import { FEEDBACK_TRANSITIONS, feedbackTransition } from './feedback.rules.ts';

/**
 * 客户反馈与需求: requirements, suggestions, complaints and objections of a customer, each handled
 * to a close. Part of the customer's file: visible and editable with the customer.
 */
function toFeedback(row: q.FeedbackRow): Feedback {
  const f = row.feedback;
  return {
    id: f.id,
    customerId: f.customerId,
    customerName: row.customerName,
    contactId: f.contactId,
    kind: f.kind,
    title: f.title,
    content: f.content,
    status: f.status,
    handlerId: f.handlerId,
    handlerName: row.handlerName,
    handlingNotes: f.handlingNotes,
    outcome: f.outcome,
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    closedAt: f.closedAt?.toISOString() ?? null,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    version: f.version,
  };
}

function auditView(f: Feedback) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, customerName: _cn, handlerName: _h, ...rest } = f;
  return rest;
}

export async function listFeedback(deps: Deps, ctx: Ctx, query: z.infer<typeof listFeedbackQuery>) {
  requirePermission(ctx.actor, 'feedback', 'read');
  if (query.customerId) await requireVisibleCustomer(deps.db, ctx.actor, query.customerId);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listFeedback(deps.db, { viewer: ctx.actor, filters: query, sort: q.NEWEST_FIRST, cursor: query.cursor, limit: query.limit }), () =>
    q.countFeedback(deps.db, { viewer: ctx.actor, filters: query, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.feedback.createdAt, r.feedback.id], toFeedback), ...total };
}

export async function getFeedback(deps: Deps, ctx: Ctx, id: string): Promise<Feedback> {
  requirePermission(ctx.actor, 'feedback', 'read');
  const row = await q.findFeedback(deps.db, id, ctx.actor);
  if (!row) throw notFound('feedback');
  return toFeedback(row);
}

async function notifyHandler(tx: DbOrTx, ctx: Ctx, f: Feedback) {
  if (!f.handlerId || f.handlerId === ctx.actor.userId) return;
  await notify(tx, [f.handlerId], { kind: 'feedback.assigned', params: { title: f.title, customerName: f.customerName, customerId: f.customerId }, entity: { type: 'feedback', id: f.id } }, ctx.now);
}

export async function createFeedback(deps: Deps, ctx: Ctx, input: z.infer<typeof createFeedbackBody>): Promise<Feedback> {
  requirePermission(ctx.actor, 'feedback', 'create');
  await requireVisibleCustomer(deps.db, ctx.actor, input.customerId, { path: 'customerId' });
  if (input.contactId && !(await contactOfCustomer(deps.db, input.contactId, input.customerId))) throw missingReference('contactId', 'contact');
  if (input.handlerId) await placeWithUser(deps.db, ctx.actor, input.handlerId, 'handlerId');
  return deps.db.transaction(async (tx) => {
    const id = await q.insertFeedback(tx, {
      customerId: input.customerId,
      contactId: input.contactId ?? null,
      kind: input.kind,
      title: input.title,
      content: input.content ?? null,
      handlerId: input.handlerId ?? null,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
    // UNSCOPED: re-reads the feedback this transaction just wrote (after the scoped check, or the create).
    const row = await q.findFeedback(tx, id, UNSCOPED);
    if (!row) throw notFound('feedback');
    const created = toFeedback(row);
    await publishTimeline(tx, { kind: 'feedback.created', customerId: input.customerId, occurredAt: ctx.now, actorId: ctx.actor.userId, entityType: 'feedback', entityId: id, params: { kind: input.kind, title: input.title } });
    await writeAudit(tx, ctx, { action: 'create', entityType: 'feedback', entityId: id, entityLabel: input.title, after: auditView(created) });
    await notifyHandler(tx, ctx, created);
    return created;
  });
}

export async function updateFeedback(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateFeedbackBody>): Promise<Feedback> {
  requirePermission(ctx.actor, 'feedback', 'update');
  const before = await q.findFeedback(deps.db, id, ctx.actor);
  if (!before) throw notFound('feedback');
  const b = before.feedback;
  const values: q.FeedbackValues = { updatedAt: ctx.now };
  for (const key of ['kind', 'title', 'content', 'handlingNotes', 'outcome'] as const) {
    if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
  }
  if (input.status !== undefined && input.status !== b.status) {
    const change = feedbackTransition(b.status, input.status, input.outcome !== undefined ? input.outcome : b.outcome, ctx.now);
    if ('refused' in change) {
      if (change.refused === 'feedback.outcomeRequired') throw invalid([{ path: 'outcome', key: change.refused }]);
      throw new AppError('BUSINESS_RULE', { key: change.refused, params: { from: b.status, to: input.status, allowed: FEEDBACK_TRANSITIONS[b.status].join(', ') || '-' } });
    }
    Object.assign(values, { status: input.status }, change);
  }
  const newHandler = input.handlerId !== undefined && input.handlerId !== b.handlerId;
  if (newHandler) {
    if (input.handlerId) await placeWithUser(deps.db, ctx.actor, input.handlerId, 'handlerId');
    values.handlerId = input.handlerId;
  }
  return deps.db.transaction(async (tx) => {
    if (!(await q.updateFeedback(tx, id, input.version, values))) throw versionConflict();
    // UNSCOPED: re-reads the feedback this transaction just wrote (after the scoped check, or the create).
    const row = await q.findFeedback(tx, id, UNSCOPED);
    if (!row) throw notFound('feedback');
    const after = toFeedback(row);
    if (after.status !== b.status) {
      await publishTimeline(tx, { kind: 'feedback.status_changed', customerId: b.customerId, occurredAt: ctx.now, actorId: ctx.actor.userId, entityType: 'feedback', entityId: id, params: { title: after.title, from: b.status, to: after.status } });
    }
    await writeAudit(tx, ctx, { action: 'update', entityType: 'feedback', entityId: id, entityLabel: after.title, before: auditView(toFeedback(before)), after: auditView(after) });
    if (newHandler) await notifyHandler(tx, ctx, after);
    return after;
  });
}

export async function deleteFeedback(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'feedback', 'delete');
  const before = await q.findFeedback(deps.db, id, ctx.actor);
  if (!before) throw notFound('feedback');
  await deps.db.transaction(async (tx) => {
    await q.softDeleteFeedback(tx, id, ctx.now);
    await removeTimelineEntity(tx, { type: 'feedback', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'feedback', entityId: id, entityLabel: before.feedback.title, before: auditView(toFeedback(before)) });
  });
}
