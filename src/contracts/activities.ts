import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';

/**
 * Follow-ups (跟进记录), tasks and reminders (任务 / 提醒), customer feedback (客户反馈与需求)
 * and the customer timeline (客户时间轴): vocabularies and request/response shapes.
 */

/** The built-in follow-up methods; admins may add more (catalog), so the API takes any code. */
export const BUILTIN_FOLLOW_UP_METHODS = ['phone', 'visit', 'email', 'online_meeting', 'demo', 'other'] as const;
const methodCode = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{1,29}$/, { message: 'validation.methodCode' });

export const TASK_TYPES = ['call', 'email', 'meeting', 'visit', 'other'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Reminder offsets the UI offers (minutes before the due time); the API takes any 0–43,200. */
export const REMINDER_PRESETS = [0, 5, 15, 30, 60, 120, 1440] as const;

export const FEEDBACK_KINDS = ['requirement', 'suggestion', 'complaint', 'objection'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];
export const FEEDBACK_STATUSES = ['open', 'in_progress', 'resolved', 'closed'] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

const text = (max: number) => z.string().trim().max(max);

// ------------------------------------------------------------------------------------------
// Follow-up methods (跟进方式), an admin-maintained list like industries

export const followUpMethod = z
  .object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), sortOrder: z.number().int(), active: z.boolean(), version: z.number().int() })
  .meta({ id: 'FollowUpMethod' });
export type FollowUpMethod = z.infer<typeof followUpMethod>;

export const createFollowUpMethodBody = z
  .object({ code: methodCode, nameZh: text(30).min(1), nameEn: text(60).min(1), sortOrder: z.number().int().min(0).max(100_000).optional() })
  .strict();

/** The code is stored on every follow-up, so it never changes; a method is retired instead. */
export const updateFollowUpMethodBody = versioned
  .extend({ nameZh: text(30).min(1).optional(), nameEn: text(60).min(1).optional(), sortOrder: z.number().int().min(0).max(100_000).optional(), active: z.boolean().optional() })
  .strict();

export const followUpMethodParams = z.object({ code: methodCode });

// ------------------------------------------------------------------------------------------
// Follow-ups

export const followUp = z
  .object({
    id: z.uuid(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    contactName: z.string().nullable(),
    leadId: z.uuid().nullable(),
    leadNumber: z.string().nullable(),
    method: z.string(),
    happenedAt: isoDateTime,
    content: z.string(),
    feedback: z.string().nullable(),
    agreements: z.string().nullable(),
    openQuestions: z.string().nullable(),
    nextAction: z.string().nullable(),
    nextFollowUpAt: isoDateTime.nullable(),
    ownerId: z.uuid(),
    ownerName: z.string().nullable(),
    /** The task the next follow-up time created (null when none was set). */
    taskId: z.uuid().nullable(),
    attachmentCount: z.number().int(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof followUp>;

const followUpFields = {
  contactId: z.uuid().nullable(),
  method: methodCode,
  happenedAt: isoDateTime,
  content: text(5000).min(1),
  feedback: text(5000).nullable(),
  agreements: text(5000).nullable(),
  openQuestions: text(5000).nullable(),
  nextAction: text(500).nullable(),
  nextFollowUpAt: isoDateTime.nullable().meta({ description: 'Creates a task for the owner with a reminder, in the same transaction' }),
  /** Minutes before nextFollowUpAt the task reminds its assignee (default 15). */
  reminderMinutes: z.number().int().min(0).max(43_200).nullable(),
  ownerId: z.uuid().meta({ description: 'Default: the current user' }),
};

export const createFollowUpBody = z
  .object({
    customerId: z.uuid().optional().meta({ description: 'Required unless leadId is given (a lead not yet converted)' }),
    leadId: z.uuid().optional(),
    ...followUpFields,
    contactId: followUpFields.contactId.optional(),
    feedback: followUpFields.feedback.optional(),
    agreements: followUpFields.agreements.optional(),
    openQuestions: followUpFields.openQuestions.optional(),
    nextAction: followUpFields.nextAction.optional(),
    nextFollowUpAt: followUpFields.nextFollowUpAt.optional(),
    reminderMinutes: followUpFields.reminderMinutes.optional(),
    ownerId: followUpFields.ownerId.optional(),
  })
  .strict()
  .meta({ id: 'CreateFollowUp' });

export const updateFollowUpBody = z
  .object({
    contactId: followUpFields.contactId,
    method: followUpFields.method,
    happenedAt: followUpFields.happenedAt,
    content: followUpFields.content,
    feedback: followUpFields.feedback,
    agreements: followUpFields.agreements,
    openQuestions: followUpFields.openQuestions,
    nextAction: followUpFields.nextAction,
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateFollowUp' });

export const listFollowUpsQuery = listQuery.extend({
  customerId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  method: methodCode.optional(),
  from: isoDateTime.optional().meta({ description: 'happenedAt ≥ from' }),
  to: isoDateTime.optional().meta({ description: 'happenedAt < to' }),
});

// ------------------------------------------------------------------------------------------
// Tasks

export const task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    type: z.enum(TASK_TYPES),
    description: z.string().nullable(),
    dueAt: isoDateTime,
    reminderMinutes: z.number().int().nullable(),
    remindAt: isoDateTime.nullable(),
    remindedAt: isoDateTime.nullable(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    doneAt: isoDateTime.nullable(),
    assigneeId: z.uuid(),
    assigneeName: z.string().nullable(),
    customerId: z.uuid().nullable(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    leadNumber: z.string().nullable(),
    followUpId: z.uuid().nullable(),
    /** Open and past its due time. */
    overdue: z.boolean(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof task>;

export const createTaskBody = z
  .object({
    title: text(200).min(1),
    type: z.enum(TASK_TYPES).default('other'),
    description: text(5000).nullable().optional(),
    dueAt: isoDateTime,
    reminderMinutes: z.number().int().min(0).max(43_200).nullable().optional().meta({ description: 'Minutes before dueAt; null or absent: no reminder' }),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
    assigneeId: z.uuid().optional().meta({ description: 'Default: the current user; someone else needs task:assign and them in scope' }),
    customerId: z.uuid().nullable().optional(),
    contactId: z.uuid().nullable().optional(),
    leadId: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateTask' });

export const updateTaskBody = z
  .object({
    title: text(200).min(1),
    type: z.enum(TASK_TYPES),
    description: text(5000).nullable(),
    dueAt: isoDateTime,
    reminderMinutes: z.number().int().min(0).max(43_200).nullable(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    assigneeId: z.uuid(),
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateTask' });

export const TASK_VIEWS = ['mine', 'team'] as const;
export const TASK_BUCKETS = ['overdue', 'today', 'upcoming', 'done', 'all'] as const;
export const listTasksQuery = listQuery.extend({
  view: z.enum(TASK_VIEWS).default('mine').meta({ description: 'mine: assigned to me; team: every task in my data scope' }),
  bucket: z.enum(TASK_BUCKETS).default('all').meta({ description: 'overdue / today / upcoming: open tasks by due time (in the server time zone); done: done or cancelled' }),
  assigneeId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  from: isoDateTime.optional().meta({ description: 'dueAt ≥ from (calendar)' }),
  to: isoDateTime.optional().meta({ description: 'dueAt < to (calendar)' }),
});
export const taskCounts = z.object({ overdue: z.number().int(), today: z.number().int(), upcoming: z.number().int() });

// ------------------------------------------------------------------------------------------
// Feedback

export const feedback = z
  .object({
    id: z.uuid(),
    customerId: z.uuid(),
    customerName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    kind: z.enum(FEEDBACK_KINDS),
    title: z.string(),
    content: z.string().nullable(),
    status: z.enum(FEEDBACK_STATUSES),
    handlerId: z.uuid().nullable(),
    handlerName: z.string().nullable(),
    handlingNotes: z.string().nullable(),
    outcome: z.string().nullable(),
    resolvedAt: isoDateTime.nullable(),
    closedAt: isoDateTime.nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Feedback' });
export type Feedback = z.infer<typeof feedback>;

export const createFeedbackBody = z
  .object({
    customerId: z.uuid(),
    contactId: z.uuid().nullable().optional(),
    kind: z.enum(FEEDBACK_KINDS),
    title: text(200).min(1),
    content: text(5000).nullable().optional(),
    handlerId: z.uuid().nullable().optional(),
  })
  .strict()
  .meta({ id: 'CreateFeedback' });

export const updateFeedbackBody = z
  .object({
    kind: z.enum(FEEDBACK_KINDS),
    title: text(200).min(1),
    content: text(5000).nullable(),
    status: z.enum(FEEDBACK_STATUSES),
    handlerId: z.uuid().nullable(),
    handlingNotes: text(5000).nullable(),
    outcome: text(5000).nullable(),
  })
  .partial()
  .extend(versioned.shape)
  .strict()
  .meta({ id: 'UpdateFeedback' });

export const listFeedbackQuery = listQuery.extend({
  customerId: z.uuid().optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  handlerId: z.uuid().optional(),
});

// ------------------------------------------------------------------------------------------
// Timeline

export const timelineEntry = z
  .object({
    id: z.uuid(),
    kind: z.string().meta({ description: 'e.g. follow_up.logged, task.created, task.done, customer.stage_changed, customer.owner_changed, contact.added, lead.converted, customer.merged, feedback.created' }),
    occurredAt: isoDateTime,
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    entityType: z.string(),
    entityId: z.uuid(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  })
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const timelineQuery = listQuery.extend({
  kinds: z
    .string()
    .max(500)
    .optional()
    .meta({ description: 'Comma-separated kind prefixes, e.g. follow_up,task' }),
});

// ------------------------------------------------------------------------------------------
// Follow-up cadence (跟进策略)

/** Days a customer or lead of a grade may go without a follow-up before it is flagged. */
export const cadenceSettings = z
  .object({
    A: z.number().int().min(1).max(365),
    B: z.number().int().min(1).max(365),
    C: z.number().int().min(1).max(365),
    /** Customers without a grade. */
    ungraded: z.number().int().min(1).max(365),
  })
  .meta({ id: 'FollowUpCadence' });
export type CadenceSettings = z.infer<typeof cadenceSettings>;
export const DEFAULT_CADENCE: CadenceSettings = { A: 7, B: 14, C: 30, ungraded: 30 };

/** The home page's follow-up counters for the current user. */
export const followUpSummary = z
  .object({
    tasks: z.object({ overdue: z.number().int(), today: z.number().int(), upcoming: z.number().int() }),
    customersDue: z.number().int().meta({ description: 'My customers past their follow-up cadence' }),
    leadsDue: z.number().int().meta({ description: 'My open leads past their follow-up cadence' }),
  })
  .meta({ id: 'FollowUpSummary' });
export type FollowUpSummary = z.infer<typeof followUpSummary>;
