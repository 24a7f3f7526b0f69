import { z } from 'zod';
import { isoDateTime, listQuery, versioned } from './common.ts';

/** Tasks and reminders (任务 / 提醒). */

export const TASK_TYPES = ['call', 'email', 'meeting', 'visit', 'other'] as const;
export type TaskType = (typeof TASK_TYPES)[number];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** Reminder offsets the UI offers (minutes before the due time); the API takes any 0–43,200. */
export const REMINDER_PRESETS = [0, 5, 15, 30, 60, 120, 1440] as const;


const text = (max: number) => z.string().trim().max(max);

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
