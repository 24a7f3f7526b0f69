import dayjs, { type Dayjs } from 'dayjs';
import type { Task, TaskPriority, TaskType } from '../../../contracts/tasks.ts';
import { emptyToNull } from '../../app/validation.ts';
import { DEFAULT_REMINDER, NO_REMINDER, quickPickTime } from '../followups/followUpForm.ts';
import type { CreateTaskBody, UpdateTaskBody } from './tasks.api.ts';

/** The task form's values and how they become the API's create and update bodies. */

export type TaskFormTarget = { mode: 'create'; customerId?: string; leadId?: string; dueAt?: Dayjs } | { mode: 'edit'; task: Task };

export type TaskValues = {
  title: string;
  type: TaskType;
  priority: TaskPriority;
  dueAt: Dayjs | null;
  reminderMinutes: number;
  assigneeId?: string | null;
  customerId?: string | null;
  contactId?: string | null;
  description?: string;
};

/** The select's "no reminder" is the API's null. */
export const reminderOf = (v: number): number | null => (v === NO_REMINDER ? null : v);

/** The form's first values: a new task due tomorrow at 9:00 with the usual reminder, or the task as it is. */
export function initialTaskValues(target: TaskFormTarget, meId: string, now: Dayjs): TaskValues {
  if (target.mode === 'create') {
    return {
      title: '',
      type: 'call',
      priority: 'normal',
      dueAt: target.dueAt ?? quickPickTime('tomorrow', now),
      reminderMinutes: DEFAULT_REMINDER,
      assigneeId: meId,
      customerId: target.customerId ?? null,
      contactId: null,
      description: '',
    };
  }
  const task = target.task;
  return {
    title: task.title,
    type: task.type,
    priority: task.priority,
    dueAt: dayjs(task.dueAt),
    reminderMinutes: task.reminderMinutes ?? NO_REMINDER,
    assigneeId: task.assigneeId,
    customerId: task.customerId,
    description: task.description ?? '',
  };
}

/** Only what changed goes into the PATCH, with the version it was read at; the assignee only for whoever may assign. */
export function taskChanges(task: Task, v: TaskValues, mayAssign: boolean): UpdateTaskBody | null {
  const body: UpdateTaskBody = { version: task.version };
  if (v.title.trim() !== task.title) body.title = v.title.trim();
  if (v.type !== task.type) body.type = v.type;
  if (v.priority !== task.priority) body.priority = v.priority;
  if (v.dueAt && v.dueAt.valueOf() !== new Date(task.dueAt).getTime()) body.dueAt = v.dueAt.toISOString();
  if (reminderOf(v.reminderMinutes) !== task.reminderMinutes) body.reminderMinutes = reminderOf(v.reminderMinutes);
  if (emptyToNull(v.description) !== task.description) body.description = emptyToNull(v.description);
  if (mayAssign && v.assigneeId && v.assigneeId !== task.assigneeId) body.assigneeId = v.assigneeId;
  return Object.keys(body).length > 1 ? body : null;
}

/** A new task: for oneself unless the user may assign it to someone else; about a customer or else the lead it was opened from. */
export function toCreateTaskBody(v: TaskValues, ctx: { mayAssign: boolean; meId: string; leadId?: string }): CreateTaskBody {
  const body: CreateTaskBody = {
    title: v.title.trim(),
    type: v.type,
    priority: v.priority,
    dueAt: (v.dueAt ?? dayjs()).toISOString(),
    reminderMinutes: reminderOf(v.reminderMinutes),
    description: emptyToNull(v.description),
  };
  if (ctx.mayAssign && v.assigneeId && v.assigneeId !== ctx.meId) body.assigneeId = v.assigneeId;
  if (v.customerId) {
    body.customerId = v.customerId;
    if (v.contactId) body.contactId = v.contactId;
  } else if (ctx.leadId) body.leadId = ctx.leadId;
  return body;
}
