import { describe, expect, it } from 'vitest';
import { bucketRanges, isOverdue, rearmReminder, reminderMail, reminderTime, statusChange } from './tasks.rules.ts';

const at = (s: string) => new Date(s);

describe('task buckets', () => {
  it('splits at now and at tomorrow’s midnight in the business day', () => {
    const now = at('2026-03-02T06:00:00Z');
    const startOfToday = at('2026-03-01T16:00:00Z'); // midnight in Beijing
    expect(bucketRanges(now, startOfToday)).toEqual({ overdue: { before: now }, today: { from: now, before: at('2026-03-02T16:00:00Z') }, upcoming: { from: at('2026-03-02T16:00:00Z') } });
  });
  it('calls open tasks past their time overdue, never done ones', () => {
    const now = at('2026-03-02T06:00:00Z');
    expect(isOverdue({ status: 'open', dueAt: at('2026-03-02T05:59:59Z') }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: at('2026-03-02T06:00:00Z') }, now)).toBe(false);
    expect(isOverdue({ status: 'done', dueAt: at('2026-03-01T00:00:00Z') }, now)).toBe(false);
  });
});

describe('status changes', () => {
  const now = at('2026-03-02T06:00:00Z');
  it('stamps done, clears it on reopening or cancelling', () => {
    expect(statusChange('open', 'done', now)).toEqual({ doneAt: now });
    expect(statusChange('done', 'open', now)).toEqual({ doneAt: null });
    expect(statusChange('open', 'cancelled', now)).toEqual({ doneAt: null });
    expect(statusChange('open', 'open', now)).toBeNull();
  });
});

describe('re-arming a reminder after an edit', () => {
  const now = at('2026-03-02T06:00:00Z');
  const delivered = { remindAt: at('2026-03-02T05:45:00Z'), remindedAt: at('2026-03-02T05:45:10Z') };
  it('arms again a reminder moved into the future', () => {
    expect(rearmReminder(at('2026-03-09T06:00:00Z'), 15, now, delivered)).toEqual({ remindAt: at('2026-03-09T05:45:00Z'), remindedAt: null });
  });
  it('keeps a delivered reminder delivered when its time does not change', () => {
    expect(rearmReminder(at('2026-03-02T06:00:00Z'), 15, now, delivered)).toEqual(delivered);
  });
  it('does not deliver twice when moved to another past time, and delivers one never sent', () => {
    expect(rearmReminder(at('2026-03-02T05:50:00Z'), 15, now, delivered)).toEqual({ remindAt: at('2026-03-02T05:35:00Z'), remindedAt: delivered.remindedAt });
    expect(rearmReminder(at('2026-03-02T05:50:00Z'), 15, now, { remindAt: null, remindedAt: null })).toEqual({ remindAt: at('2026-03-02T05:35:00Z'), remindedAt: null });
  });
  it('drops the reminder when the offset is removed', () => {
    expect(rearmReminder(at('2026-03-09T06:00:00Z'), null, now, delivered)).toEqual({ remindAt: null, remindedAt: null });
  });
});

describe('the reminder e-mail', () => {
  const task = { title: '电话回访', dueAt: at('2026-03-02T02:30:00Z'), customerName: '苏州精密模具有限公司' };
  it('is in Chinese by default, with the due time in the business time zone', () => {
    const mail = reminderMail(task, null, 'Asia/Shanghai');
    expect(mail.subject).toBe('任务提醒：电话回访（2026-03-02 10:30）');
    expect(mail.text).toContain('客户：苏州精密模具有限公司');
  });
  it('is in English for those who chose English, without a customer line when there is none', () => {
    const mail = reminderMail({ ...task, customerName: null }, 'en', 'UTC');
    expect(mail.subject).toBe('Reminder: 电话回访 (2026-03-02 02:30)');
    expect(mail.text).not.toContain('Customer');
  });
});

describe('reminderTime', () => {
  it('reminds the given minutes before, or not at all', () => {
    const due = at('2026-03-02T10:00:00Z');
    expect(reminderTime(due, 0)).toEqual(due);
    expect(reminderTime(due, 60)).toEqual(at('2026-03-02T09:00:00Z'));
    expect(reminderTime(due, null)).toBeNull();
  });
});
