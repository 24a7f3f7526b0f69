import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FeedbackKind, FeedbackStatus } from '../../../contracts/feedback.ts';
import type { TaskPriority, TaskStatus, TaskType } from '../../../contracts/tasks.ts';
import { businessColumns, softDelete } from './columns.ts';
import { contacts, customers } from './customers.table.ts';
import { leads } from './leads.table.ts';
import { departments, users } from './org.table.ts';

/** 跟进方式: phone, visit, e-mail, … kept as a list admins can extend (like industries). */
export const followUpMethods = pgTable('follow_up_methods', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/**
 * 跟进记录: one interaction with a customer. A follow-up logged on a lead that has no customer yet
 * belongs to the lead alone and joins the customer when the lead is converted, so either
 * `customer_id` or `lead_id` is set (check constraint in the migration). It is visible exactly
 * when its customer (or, before conversion, its lead) is.
 */
export const followUps = pgTable(
  'follow_ups',
  {
    ...businessColumns(),
    ...softDelete(),
    customerId: uuid('customer_id').references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    leadId: uuid('lead_id').references(() => leads.id),
    method: text('method')
      .notNull()
      .references(() => followUpMethods.code),
    happenedAt: timestamp('happened_at', { withTimezone: true }).notNull(),
    content: text('content').notNull(),
    feedback: text('feedback'),
    agreements: text('agreements'),
    openQuestions: text('open_questions'),
    nextAction: text('next_action'),
    nextFollowUpAt: timestamp('next_follow_up_at', { withTimezone: true }),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('follow_ups_customer_idx').on(t.customerId, t.happenedAt, t.id).where(sql`${t.deletedAt} is null`),
    index('follow_ups_lead_idx').on(t.leadId, t.happenedAt, t.id).where(sql`${t.deletedAt} is null`),
    index('follow_ups_owner_idx').on(t.ownerId, t.happenedAt, t.id).where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * 任务: a next step with a due time for one assignee. `remindAt` is when the reminder fires
 * (due time less the offset); `remindedAt` is set in the transaction that delivers it, which is
 * what makes delivery happen once however many workers look.
 */
export const tasks = pgTable(
  'tasks',
  {
    ...businessColumns(),
    ...softDelete(),
    title: text('title').notNull(),
    type: text('type').$type<TaskType>().notNull().default('other'),
    description: text('description'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** Minutes before the due time; null = no reminder. */
    reminderMinutes: integer('reminder_minutes'),
    remindAt: timestamp('remind_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    priority: text('priority').$type<TaskPriority>().notNull().default('normal'),
    status: text('status').$type<TaskStatus>().notNull().default('open'),
    doneAt: timestamp('done_at', { withTimezone: true }),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    /** The assignee's department when assigned: what a manager's department scope matches. */
    departmentId: uuid('department_id').references(() => departments.id),
    customerId: uuid('customer_id').references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    leadId: uuid('lead_id').references(() => leads.id),
    /** The follow-up whose "next follow-up at" created this task. */
    followUpId: uuid('follow_up_id').references(() => followUps.id),
  },
  (t) => [
    index('tasks_assignee_due_idx').on(t.assigneeId, t.dueAt, t.id).where(sql`${t.deletedAt} is null and ${t.status} = 'open'`),
    index('tasks_assignee_all_idx').on(t.assigneeId, t.dueAt, t.id).where(sql`${t.deletedAt} is null`),
    index('tasks_department_due_idx').on(t.departmentId, t.dueAt, t.id).where(sql`${t.deletedAt} is null`),
    index('tasks_customer_idx').on(t.customerId).where(sql`${t.deletedAt} is null`),
    index('tasks_lead_idx').on(t.leadId).where(sql`${t.deletedAt} is null`),
    // A follow-up shows the task its next step created: looked up per follow-up.
    index('tasks_follow_up_idx').on(t.followUpId).where(sql`${t.deletedAt} is null`),
    // Reminders still to deliver, in the order they are due: the reminder job reads only these.
    index('tasks_reminders_due_idx').on(t.remindAt).where(sql`${t.remindedAt} is null and ${t.remindAt} is not null and ${t.status} = 'open' and ${t.deletedAt} is null`),
  ],
);

/** 客户反馈与需求: a requirement, suggestion, complaint or objection, handled to a close. */
export const customerFeedback = pgTable(
  'customer_feedback',
  {
    ...businessColumns(),
    ...softDelete(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    kind: text('kind').$type<FeedbackKind>().notNull(),
    title: text('title').notNull(),
    content: text('content'),
    status: text('status').$type<FeedbackStatus>().notNull().default('open'),
    handlerId: uuid('handler_id').references(() => users.id),
    handlingNotes: text('handling_notes'),
    outcome: text('outcome'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('customer_feedback_customer_idx').on(t.customerId, t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('customer_feedback_created_idx').on(t.createdAt, t.id).where(sql`${t.deletedAt} is null`),
    index('customer_feedback_handler_idx').on(t.handlerId, t.createdAt).where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * 客户时间轴: what happened to a customer (or a lead before it became one), newest first.
 * Modules publish entries in the transaction of the change (platform/timeline); the timeline
 * reads only this table. `kind` says what it was (`follow_up.logged`, `task.done`, …),
 * `entityType`/`entityId` which record to open, `params` what the UI shows. Entries about a
 * record with its own visibility (a task) carry `ownerId`/`departmentId`: the viewer must also
 * have that record in scope.
 */
export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id').references(() => customers.id),
    leadId: uuid('lead_id').references(() => leads.id),
    kind: text('kind').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    params: jsonb('params').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    ownerId: uuid('owner_id'),
    departmentId: uuid('department_id'),
  },
  (t) => [
    index('timeline_events_customer_idx').on(t.customerId, t.occurredAt, t.id),
    index('timeline_events_lead_idx').on(t.leadId, t.occurredAt, t.id),
    index('timeline_events_entity_idx').on(t.entityType, t.entityId),
  ],
);

/**
 * A user's private iCalendar feed (tasks and follow-up appointments). The URL carries a random
 * token; only its SHA-256 is kept, so the table does not leak working URLs. Revoking sets
 * `revokedAt`; a new token is a new row.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
  },
  (t) => [index('calendar_feeds_token_idx').on(t.tokenHash), index('calendar_feeds_user_idx').on(t.userId)],
);
