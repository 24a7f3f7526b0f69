import type { z } from 'zod';
import type { TimelineKind } from '../../../contracts/timeline.ts';
import type { createTaskBody, listTasksQuery, Task, TaskPriority, TaskStatus, TaskType, updateTaskBody } from '../../../contracts/tasks.ts';
import type { DbOrTx } from '../../db/client.ts';
import { can, type Actor, type Ctx } from '../../platform/access/actor.ts';
import { placeWithUser, type Placement } from '../../platform/access/placement.ts';
import { notVisible, requirePermission, UNSCOPED, type FindOptions } from '../../platform/access/policy.ts';
import { writeAudit } from '../../platform/audit/audit.ts';
import { startOfDay } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { AppError, invalid, missingReference, notFound, versionConflict } from '../../platform/errors.ts';
import { sortKey, toPage } from '../../platform/http/pagination.ts';
import { withFirstPageTotal } from '../../platform/http/list-total.ts';
import { publishTimeline, removeTimelineEntity, updateTimelineEntity } from '../../platform/timeline/timeline.ts';
import { requireVisibleCustomer } from '../customers/index.ts';
import { requireVisibleLead } from '../leads/index.ts';
import { notify } from '../notifications/index.ts';
import { contactOfCustomer } from '../contacts/index.ts';
import * as q from './tasks.queries.ts';
import { bucketRanges, isOverdue, rearmReminder, reminderTime, statusChange, taskSubject } from './tasks.rules.ts';

/**
 * The task `id` if `actor` may see it (in scope, not deleted), else 404 — or with `opts.path` the
 * 400 of a missing body reference (see FindOptions).
 */
export async function requireVisibleTask(db: DbOrTx, actor: Actor, id: string, opts: Pick<FindOptions, 'path'> = {}): Promise<q.TaskRow> {
  const row = await q.findTask(db, id, actor);
  if (!row) throw notVisible('task', opts);
  return row;
}

function toTask(row: q.TaskRow, now: Date): Task {
  const t = row.task;
  return {
    id: t.id,
    title: t.title,
    type: t.type,
    description: t.description,
    dueAt: t.dueAt.toISOString(),
    reminderMinutes: t.reminderMinutes,
    remindAt: t.remindAt?.toISOString() ?? null,
    remindedAt: t.remindedAt?.toISOString() ?? null,
    priority: t.priority,
    status: t.status,
    doneAt: t.doneAt?.toISOString() ?? null,
    assigneeId: t.assigneeId,
    assigneeName: row.assigneeName,
    customerId: t.customerId,
    customerName: row.customerName,
    contactId: t.contactId,
    leadId: t.leadId,
    leadNumber: row.leadNumber,
    followUpId: t.followUpId,
    overdue: isOverdue(t, now),
    createdBy: t.createdBy,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
  };
}

function auditView(t: Task) {
  const { id: _i, createdAt: _c, updatedAt: _u, version: _v, overdue: _o, assigneeName: _a, customerName: _cn, leadNumber: _l, remindedAt: _r, ...rest } = t;
  return rest;
}

export async function listTasks(deps: Deps, ctx: Ctx, query: z.infer<typeof listTasksQuery>) {
  requirePermission(ctx.actor, 'task', 'read');
  const { now } = ctx;
  const ranges = bucketRanges(now, startOfDay(now, deps.config.timeZone));
  const filters: q.TaskFilters = {
    assigneeId: query.view === 'mine' ? ctx.actor.userId : query.assigneeId,
    customerId: query.customerId,
    leadId: query.leadId,
    dueFrom: query.from ? new Date(query.from) : undefined,
    dueBefore: query.to ? new Date(query.to) : undefined,
  };
  switch (query.bucket) {
    case 'overdue':
      Object.assign(filters, { status: 'open', dueBefore: ranges.overdue.before });
      break;
    case 'today':
      Object.assign(filters, { status: 'open', dueFrom: ranges.today.from, dueBefore: ranges.today.before });
      break;
    case 'upcoming':
      Object.assign(filters, { status: 'open', dueFrom: ranges.upcoming.from });
      break;
    case 'done':
      filters.status = 'closed';
      break;
    case 'all':
      break;
  }
  // Closed tasks newest first; everything else in the order it is due.
  const sort = sortKey(query.bucket === 'done' ? '-dueAt' : 'dueAt', q.taskSortColumns);
  const [rows, total] = await withFirstPageTotal(query.cursor, q.listTasks(deps.db, { viewer: ctx.actor, filters, sort, cursor: query.cursor, limit: query.limit }), () =>
    q.countTasks(deps.db, { viewer: ctx.actor, filters, exactUpTo: deps.config.listExactTotal }),
  );
  return { ...toPage(rows, query.limit, (r) => [r.task.dueAt, r.task.id], (r) => toTask(r, now)), ...total };
}

/** My open tasks per bucket (task page tabs, home page). */
export async function myTaskCounts(deps: Deps, ctx: Ctx) {
  requirePermission(ctx.actor, 'task', 'read');
  const ranges = bucketRanges(ctx.now, startOfDay(ctx.now, deps.config.timeZone));
  return q.countOpenByBucket(deps.db, ctx.actor.userId, ctx.now, ranges.upcoming.from);
}

export async function getTask(deps: Deps, ctx: Ctx, id: string): Promise<Task> {
  requirePermission(ctx.actor, 'task', 'read');
  return toTask(await requireVisibleTask(deps.db, ctx.actor, id), ctx.now);
}

/** What a task is about, checked against the caller's scope (404 for what they may not see). */
async function relatedRecords(db: DbOrTx, actor: Actor, input: { customerId?: string | null; contactId?: string | null; leadId?: string | null }) {
  let customerId = input.customerId ?? null;
  let customerName: string | null = null;
  if (customerId) customerName = (await requireVisibleCustomer(db, actor, customerId, { path: 'customerId' })).customer.name;
  const leadId = input.leadId ?? null;
  if (leadId) {
    const lead = await requireVisibleLead(db, actor, leadId, { path: 'leadId' });
    if (customerId && lead.lead.customerId !== customerId) throw invalid([{ path: 'leadId', key: 'followUp.leadNotOfCustomer' }]);
    customerId ??= lead.lead.customerId;
  }
  if (input.contactId) {
    if (!customerId || !(await contactOfCustomer(db, input.contactId, customerId))) throw missingReference('contactId', 'contact');
  }
  return { customerId, customerName, leadId, contactId: input.contactId ?? null };
}

export interface NewTask {
  title: string;
  type: TaskType;
  description: string | null;
  dueAt: Date;
  reminderMinutes: number | null;
  priority: TaskPriority;
  assignee: Placement;
  customerId: string | null;
  contactId: string | null;
  leadId: string | null;
  followUpId: string | null;
}

/**
 * Creates a task in the caller's transaction (also used by follow-ups for their next step): the
 * row, its audit entry, its timeline entry and, for a task given to someone else, a notification.
 */
export async function insertTask(tx: DbOrTx, ctx: Ctx, t: NewTask): Promise<string> {
  const id = await q.insertTask(tx, {
    title: t.title,
    type: t.type,
    description: t.description,
    dueAt: t.dueAt,
    reminderMinutes: t.reminderMinutes,
    remindAt: reminderTime(t.dueAt, t.reminderMinutes),
    priority: t.priority,
    assigneeId: t.assignee.userId,
    departmentId: t.assignee.departmentId,
    customerId: t.customerId,
    contactId: t.contactId,
    leadId: t.leadId,
    followUpId: t.followUpId,
    createdBy: ctx.actor.userId,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  // UNSCOPED: re-reads the task this transaction just inserted.
  const row = await q.findTask(tx, id, UNSCOPED);
  if (!row) throw notFound('task');
  const created = toTask(row, ctx.now);
  await writeAudit(tx, ctx, { action: 'create', entityType: 'task', entityId: id, entityLabel: t.title, after: auditView(created) });
  if (t.customerId || t.leadId) {
    await publishTimeline(tx, {
      kind: 'task.created',
      customerId: t.customerId,
      leadId: t.leadId,
      occurredAt: ctx.now,
      actorId: ctx.actor.userId,
      entityType: 'task',
      entityId: id,
      params: { title: t.title, type: t.type, dueAt: t.dueAt.toISOString(), assigneeName: row.assigneeName },
      restrictedTo: { ownerId: t.assignee.userId, departmentId: t.assignee.departmentId },
    });
  }
  if (t.assignee.userId !== ctx.actor.userId) await notifyAssigned(tx, ctx, row, t.assignee.userId);
  return id;
}

/** Tells the assignee, naming the customer or lead the task is for (two tasks may share a title). */
async function notifyAssigned(tx: DbOrTx, ctx: Ctx, row: q.TaskRow, userId: string) {
  const t = row.task;
  const params = { title: t.title, dueAt: t.dueAt.toISOString(), by: ctx.actor.displayName, ...taskSubject(row) };
  await notify(tx, [userId], { kind: 'task.assigned', params, entity: { type: 'task', id: t.id } }, ctx.now);
}

/** Whom a task goes to: oneself, or (with task:assign) someone in one's scope. */
async function resolveAssignee(db: DbOrTx, actor: Actor, assigneeId: string | undefined): Promise<Placement> {
  if (assigneeId === undefined || assigneeId === actor.userId) return { userId: actor.userId, departmentId: actor.departmentId };
  if (!can(actor, 'task', 'assign')) throw new AppError('FORBIDDEN');
  return placeWithUser(db, actor, assigneeId, 'assigneeId');
}

export async function createTask(deps: Deps, ctx: Ctx, input: z.infer<typeof createTaskBody>): Promise<Task> {
  requirePermission(ctx.actor, 'task', 'create');
  const assignee = await resolveAssignee(deps.db, ctx.actor, input.assigneeId);
  const related = await relatedRecords(deps.db, ctx.actor, input);
  return deps.db.transaction(async (tx) => {
    const id = await insertTask(tx, ctx, {
      title: input.title,
      type: input.type,
      description: input.description ?? null,
      dueAt: new Date(input.dueAt),
      reminderMinutes: input.reminderMinutes ?? null,
      priority: input.priority,
      assignee,
      customerId: related.customerId,
      contactId: related.contactId,
      leadId: related.leadId,
      followUpId: null,
    });
    // UNSCOPED: re-reads the task this transaction just wrote (after the scoped check, or the create).
    const row = await q.findTask(tx, id, UNSCOPED);
    if (!row) throw notFound('task');
    return toTask(row, ctx.now);
  });
}

const TIMELINE_STATUS_KINDS: Partial<Record<TaskStatus, TimelineKind>> = { done: 'task.done', cancelled: 'task.cancelled' };

export async function updateTask(deps: Deps, ctx: Ctx, id: string, input: z.infer<typeof updateTaskBody>): Promise<Task> {
  requirePermission(ctx.actor, 'task', 'update');
  const before = await requireVisibleTask(deps.db, ctx.actor, id);
  const b = before.task;
  const reassigned = input.assigneeId !== undefined && input.assigneeId !== b.assigneeId;
  const assignee = reassigned ? await resolveAssignee(deps.db, ctx.actor, input.assigneeId) : null;
  return deps.db.transaction(async (tx) => {
    const values: q.TaskValues = { updatedAt: ctx.now };
    for (const key of ['title', 'type', 'description', 'priority'] as const) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
    }
    const dueAt = input.dueAt !== undefined ? new Date(input.dueAt) : b.dueAt;
    const minutes = input.reminderMinutes !== undefined ? input.reminderMinutes : b.reminderMinutes;
    if (input.dueAt !== undefined || input.reminderMinutes !== undefined) {
      Object.assign(values, { dueAt, reminderMinutes: minutes }, rearmReminder(dueAt, minutes, ctx.now, b));
    }
    const status = input.status ?? b.status;
    const change = input.status !== undefined ? statusChange(b.status, input.status, ctx.now) : null;
    if (change) Object.assign(values, { status, doneAt: change.doneAt });
    if (assignee) Object.assign(values, { assigneeId: assignee.userId, departmentId: assignee.departmentId });
    if (!(await q.updateTask(tx, id, input.version, values))) throw versionConflict();
    // UNSCOPED: re-reads the task this transaction just wrote (after the scoped check, or the create).
    const row = await q.findTask(tx, id, UNSCOPED);
    if (!row) throw notFound('task');
    const after = toTask(row, ctx.now);
    await writeAudit(tx, ctx, { action: 'update', entityType: 'task', entityId: id, entityLabel: after.title, before: auditView(toTask(before, ctx.now)), after: auditView(after) });
    const onTimeline = b.customerId !== null || b.leadId !== null;
    if (onTimeline && change && TIMELINE_STATUS_KINDS[status]) {
      await publishTimeline(tx, {
        kind: TIMELINE_STATUS_KINDS[status] ?? 'task.done',
        customerId: b.customerId,
        leadId: b.leadId,
        occurredAt: ctx.now,
        actorId: ctx.actor.userId,
        entityType: 'task',
        entityId: id,
        params: { title: after.title, type: after.type },
        restrictedTo: { ownerId: after.assigneeId, departmentId: row.task.departmentId },
      });
    }
    if (onTimeline && assignee) await updateTimelineEntity(tx, { type: 'task', id }, { restrictedTo: { ownerId: assignee.userId, departmentId: assignee.departmentId } });
    if (assignee && assignee.userId !== ctx.actor.userId) await notifyAssigned(tx, ctx, row, assignee.userId);
    return after;
  });
}

export async function deleteTask(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx.actor, 'task', 'delete');
  const before = await requireVisibleTask(deps.db, ctx.actor, id);
  await deps.db.transaction(async (tx) => {
    await q.softDeleteTask(tx, id, ctx.now);
    await removeTimelineEntity(tx, { type: 'task', id });
    await writeAudit(tx, ctx, { action: 'delete', entityType: 'task', entityId: id, entityLabel: before.task.title, before: auditView(toTask(before, ctx.now)) });
  });
}
