/**
 * Pure rules of tasks (任务) and their reminders (提醒). No I/O, no clock: callers pass `now`.
 */
import type { TaskStatus } from '../../../contracts/tasks.ts';

/** When a task reminds its assignee: the due time less the offset; null = no reminder. */
export function reminderTime(dueAt: Date, minutes: number | null | undefined): Date | null {
  if (minutes === null || minutes === undefined) return null;
  return new Date(dueAt.getTime() - minutes * 60_000);
}

/** Open and past its due time. */
export function isOverdue(task: { status: TaskStatus; dueAt: Date }, now: Date): boolean {
  return task.status === 'open' && task.dueAt.getTime() < now.getTime();
}

/** The due-time ranges of "my tasks": overdue before now; today until tomorrow's midnight; upcoming after. */
export function bucketRanges(now: Date, startOfToday: Date): { overdue: { before: Date }; today: { from: Date; before: Date }; upcoming: { from: Date } } {
  const tomorrow = new Date(startOfToday.getTime() + 86_400_000);
  return { overdue: { before: now }, today: { from: now, before: tomorrow }, upcoming: { from: tomorrow } };
}

/**
 * What changes with a status change: `doneAt` is set when a task is done and cleared when it is
 * reopened; a cancelled task keeps no done time.
 */
export function statusChange(from: TaskStatus, to: TaskStatus, now: Date): { doneAt: Date | null } | null {
  if (from === to) return null;
  return { doneAt: to === 'done' ? now : null };
}

/**
 * The reminder after an edit of the due time or the offset. A reminder still ahead is (re)armed
 * — `remindedAt` cleared — so moving a task to next week reminds again next week; one already
 * past stays as it was (moving a task into the past does not fire a stale reminder).
 */
export function rearmReminder(dueAt: Date, minutes: number | null, now: Date, before: { remindAt: Date | null; remindedAt: Date | null }): { remindAt: Date | null; remindedAt: Date | null } {
  const remindAt = reminderTime(dueAt, minutes);
  if (remindAt === null) return { remindAt: null, remindedAt: null };
  if (before.remindAt && remindAt.getTime() === before.remindAt.getTime()) return { remindAt, remindedAt: before.remindedAt };
  if (remindAt.getTime() > now.getTime()) return { remindAt, remindedAt: null };
  // Already due: deliver now unless this task's reminder went out already.
  return { remindAt, remindedAt: before.remindedAt };
}

/**
 * How a time reads in a mail: as the UI writes it (2026-12-06 14:30), in the business time zone,
 * to the minute, in either language (Intl would write 2026/12/06 in Chinese, 06/12/2026 in English).
 */
export function mailTime(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The e-mail of a task's reminder, in the assignee's language (Chinese unless they chose English). */
export function reminderMail(task: { title: string; dueAt: Date; customerName: string | null }, locale: string | null, timeZone: string): { subject: string; text: string } {
  const when = mailTime(task.dueAt, timeZone);
  if (locale === 'en') {
    return {
      subject: `Reminder: ${task.title} (${when})`,
      text: [`Your task "${task.title}" is due at ${when}.`, task.customerName ? `Customer: ${task.customerName}` : null, '', 'Open Kehu to see it or mark it done.'].filter((l) => l !== null).join('\n'),
    };
  }
  return {
    subject: `任务提醒：${task.title}（${when}）`,
    text: [`您的任务「${task.title}」将于 ${when} 到期。`, task.customerName ? `客户：${task.customerName}` : null, '', '请登录客户系统查看或标记完成。'].filter((l) => l !== null).join('\n'),
  };
}

/**
 * Whom a task's notifications name: its customer, else its lead (company, else contact), as
 * params the web renders beside the title (two tasks often share a title like 发送方案和报价).
 */
export function taskSubject(names: { customerName: string | null; leadName: string | null }): { customerName: string } | { leadName: string } | Record<string, never> {
  if (names.customerName) return { customerName: names.customerName };
  if (names.leadName) return { leadName: names.leadName };
  return {};
}
