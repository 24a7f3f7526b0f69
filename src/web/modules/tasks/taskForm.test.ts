import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../contracts/tasks.ts';
import { NO_REMINDER } from '../followups/followUpForm.ts';
import { initialTaskValues, taskChanges, toCreateTaskBody } from './taskForm.ts';

const task = {
  id: 't1',
  title: '回访',
  type: 'call',
  priority: 'normal',
  description: null,
  dueAt: '2026-12-03T01:00:00.000Z',
  reminderMinutes: 15,
  assigneeId: 'me',
  customerId: 'c1',
  version: 4,
} as Task;

describe('task form', () => {
  it('starts a new task tomorrow at 9:00 for oneself, a task being edited as it is', () => {
    const fresh = initialTaskValues({ mode: 'create', customerId: 'c1' }, 'me', dayjs('2026-12-02T15:00:00'));
    expect(fresh.dueAt?.format('YYYY-MM-DD HH:mm')).toBe('2026-12-03 09:00');
    expect(fresh).toMatchObject({ assigneeId: 'me', customerId: 'c1', reminderMinutes: 15, type: 'call', priority: 'normal' });
    expect(initialTaskValues({ mode: 'edit', task: { ...task, reminderMinutes: null } }, 'me', dayjs()).reminderMinutes).toBe(NO_REMINDER);
  });

  it('creates for someone else only with the right to assign; a lead when no customer is chosen', () => {
    const v = { title: ' 准备演示 ', type: 'meeting' as const, priority: 'high' as const, dueAt: dayjs('2026-12-03T02:00:00Z'), reminderMinutes: NO_REMINDER, assigneeId: 'other', customerId: null, description: '' };
    expect(toCreateTaskBody(v, { mayAssign: false, meId: 'me', leadId: 'l1' })).toEqual({
      title: '准备演示',
      type: 'meeting',
      priority: 'high',
      dueAt: '2026-12-03T02:00:00.000Z',
      reminderMinutes: null,
      description: null,
      leadId: 'l1',
    });
    expect(toCreateTaskBody({ ...v, customerId: 'c9' }, { mayAssign: true, meId: 'me', leadId: 'l1' })).toMatchObject({ assigneeId: 'other', customerId: 'c9' });
    expect(toCreateTaskBody({ ...v, customerId: 'c9' }, { mayAssign: true, meId: 'me' }).leadId).toBeUndefined();
    // A contact only with its customer.
    expect(toCreateTaskBody({ ...v, customerId: 'c9', contactId: 'p1' }, { mayAssign: false, meId: 'me' }).contactId).toBe('p1');
    expect(toCreateTaskBody({ ...v, contactId: 'p1' }, { mayAssign: false, meId: 'me' }).contactId).toBeUndefined();
  });

  it('updates only what changed', () => {
    const same = initialTaskValues({ mode: 'edit', task }, 'me', dayjs());
    expect(taskChanges(task, same, true)).toBeNull();
    expect(taskChanges(task, { ...same, dueAt: dayjs('2026-12-04T01:00:00Z'), reminderMinutes: NO_REMINDER }, true)).toEqual({
      version: 4,
      dueAt: '2026-12-04T01:00:00.000Z',
      reminderMinutes: null,
    });
    // Reassigning without the right is left out rather than refused by the server.
    expect(taskChanges(task, { ...same, assigneeId: 'other' }, false)).toBeNull();
    expect(taskChanges(task, { ...same, assigneeId: 'other' }, true)).toEqual({ version: 4, assigneeId: 'other' });
  });
});
