import { and, eq, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import { customers, leads, tasks, users } from '../../db/schema/index.ts';
import { viewerScope, type ScopeRule, type Viewer } from '../../platform/access/policy.ts';
import { afterCursor, orderBy, type SortKey } from '../../platform/http/pagination.ts';
import { countTotal, type ListTotal } from '../../platform/http/list-total.ts';

/**
 * 任务: one's own tasks (assigned to or created by oneself) and, for managers, those of the
 * departments in their scope. A task is reached only through this scope.
 */
export const taskScope: ScopeRule = {
  own: (actor) => or(eq(tasks.assigneeId, actor.userId), eq(tasks.createdBy, actor.userId)) as SQL,
  inDepartments: (ids) => inArray(tasks.departmentId, [...ids]),
  deletedAt: tasks.deletedAt,
};

const assignee = alias(users, 'task_assignee');

function selectTasks(db: DbOrTx) {
  return db
    .select({ task: tasks, assigneeName: assignee.displayName, customerName: customers.name, leadNumber: leads.number, leadName: sql<string | null>`coalesce(${leads.companyName}, ${leads.contactName})` })
    .from(tasks)
    .leftJoin(assignee, eq(assignee.id, tasks.assigneeId))
    .leftJoin(customers, eq(customers.id, tasks.customerId))
    .leftJoin(leads, eq(leads.id, tasks.leadId));
}
export type TaskRow = Awaited<ReturnType<ReturnType<typeof selectTasks>['execute']>>[number];

/** A live task as `viewer` sees it. */
export async function findTask(db: DbOrTx, id: string, viewer: Viewer): Promise<TaskRow | null> {
  const [row] = await selectTasks(db)
    .where(and(eq(tasks.id, id), isNull(tasks.deletedAt), viewerScope(viewer, taskScope)))
    .limit(1);
  return row ?? null;
}

export interface TaskFilters {
  assigneeId?: string;
  customerId?: string;
  leadId?: string;
  status?: 'open' | 'closed';
  dueFrom?: Date;
  dueBefore?: Date;
}

function filterConditions(f: TaskFilters): (SQL | undefined)[] {
  return [
    f.assigneeId ? eq(tasks.assigneeId, f.assigneeId) : undefined,
    f.customerId ? eq(tasks.customerId, f.customerId) : undefined,
    f.leadId ? eq(tasks.leadId, f.leadId) : undefined,
    f.status === 'open' ? eq(tasks.status, 'open') : f.status === 'closed' ? inArray(tasks.status, ['done', 'cancelled']) : undefined,
    f.dueFrom ? gte(tasks.dueAt, f.dueFrom) : undefined,
    f.dueBefore ? lt(tasks.dueAt, f.dueBefore) : undefined,
  ];
}

const taskListWhere = (viewer: Viewer, filters: TaskFilters) => and(isNull(tasks.deletedAt), viewerScope(viewer, taskScope), ...filterConditions(filters));

export async function listTasks(db: DbOrTx, opts: { viewer: Viewer; filters: TaskFilters; sort: SortKey; cursor?: string; limit: number }) {
  return selectTasks(db)
    .where(and(taskListWhere(opts.viewer, opts.filters), afterCursor(opts.sort, tasks.id, opts.cursor)))
    .orderBy(...orderBy(opts.sort, tasks.id))
    .limit(opts.limit + 1);
}

/** The total of a task list (listTasks without cursor, order and limit). */
export function countTasks(db: DbOrTx, opts: { viewer: Viewer; filters: TaskFilters; exactUpTo: number }): Promise<ListTotal> {
  return countTotal(db, selectTasks(db).where(taskListWhere(opts.viewer, opts.filters)), opts.exactUpTo);
}

/** Open tasks of one assignee per bucket (the home page's and the task page's counters). */
export async function countOpenByBucket(db: DbOrTx, assigneeId: string, now: Date, tomorrow: Date) {
  const [row] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${tasks.dueAt} < ${now.toISOString()}::timestamptz)::int`,
      today: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${now.toISOString()}::timestamptz and ${tasks.dueAt} < ${tomorrow.toISOString()}::timestamptz)::int`,
      upcoming: sql<number>`count(*) filter (where ${tasks.dueAt} >= ${tomorrow.toISOString()}::timestamptz)::int`,
    })
    .from(tasks)
    .where(and(eq(tasks.assigneeId, assigneeId), eq(tasks.status, 'open'), isNull(tasks.deletedAt)));
  return row ?? { overdue: 0, today: 0, upcoming: 0 };
}

export async function insertTask(db: DbOrTx, values: typeof tasks.$inferInsert): Promise<string> {
  const [row] = await db.insert(tasks).values(values).returning({ id: tasks.id });
  if (!row) throw new Error('task insert returned nothing');
  return row.id;
}

export async function updateTask(db: DbOrTx, id: string, version: number, values: Partial<typeof tasks.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(tasks)
    .set({ ...values, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.id, id), eq(tasks.version, version), isNull(tasks.deletedAt)))
    .returning({ id: tasks.id });
  return rows.length === 1;
}

export async function softDeleteTask(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(tasks).set({ deletedAt: at, updatedAt: at }).where(eq(tasks.id, id));
}

/**
 * Takes up to `limit` reminders that are due and not delivered, marking them delivered. Rows
 * another transaction is delivering are skipped (not waited for), so two workers share the work
 * and a reminder is delivered by exactly one transaction: the one that commits this mark.
 */
export async function takeDueReminders(db: DbOrTx, now: Date, limit: number) {
  return db.execute<{ id: string; title: string; due_at: Date; assignee_id: string; customer_id: string | null; customer_name: string | null; lead_id: string | null; lead_name: string | null; email: string | null; display_name: string; locale: string | null }>(sql`
    with due as (
      select t.id from ${tasks} t
      where t.remind_at <= ${now.toISOString()}::timestamptz and t.reminded_at is null and t.remind_at is not null
        and t.status = 'open' and t.deleted_at is null
      order by t.remind_at
      limit ${limit}
      for update skip locked
    )
    update ${tasks} t set reminded_at = ${now.toISOString()}::timestamptz
    from due, ${users} u
    where t.id = due.id and u.id = t.assignee_id
    returning t.id, t.title, t.due_at, t.assignee_id, t.customer_id, (select c.name from ${customers} c where c.id = t.customer_id) as customer_name, t.lead_id,
      (select coalesce(l.company_name, l.contact_name) from ${leads} l where l.id = t.lead_id) as lead_name, u.email, u.display_name, u.locale`);
}

/** The columns a task write may set. */
export type TaskValues = Partial<typeof tasks.$inferInsert>;

export const taskSortColumns = {
  dueAt: { column: tasks.dueAt, type: 'timestamptz' as const },
  createdAt: { column: tasks.createdAt, type: 'timestamptz' as const },
};
