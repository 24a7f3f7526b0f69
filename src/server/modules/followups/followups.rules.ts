/**
 * Pure rules of follow-ups (跟进记录) and the follow-up cadence (跟进策略). No I/O, no clock:
 * callers pass `now`.
 */
import type { CadenceSettings } from '../../../contracts/followups.ts';
import type { TaskType } from '../../../contracts/tasks.ts';
import type { LeadGrade, LeadStatus } from '../../../contracts/vocabulary.ts';
import { reminderTime } from '../tasks/index.ts';

/** Reminder before a follow-up's next time when the user did not choose one (minutes). */
export const DEFAULT_REMINDER_MINUTES = 15;
/** A follow-up records what happened: a time this far ahead of the server's clock is a typo. */
const FUTURE_TOLERANCE_MS = 10 * 60_000;

/** The task type that fits a follow-up method (an admin-added method makes an "other" task). */
export function taskTypeForMethod(method: string): TaskType {
  switch (method) {
    case 'phone':
      return 'call';
    case 'visit':
      return 'visit';
    case 'email':
      return 'email';
    case 'online_meeting':
    case 'demo':
      return 'meeting';
    default:
      return 'other';
  }
}

/**
 * The task a follow-up's "next follow-up at" creates: what to do (the next action, or else a
 * follow-up of whom it was with), when, and how it is done (the same way as this time).
 */
export function nextStepTask(input: { method: string; nextAction: string | null | undefined; nextFollowUpAt: Date; reminderMinutes: number | null | undefined; subject: string }) {
  const minutes = input.reminderMinutes === undefined ? DEFAULT_REMINDER_MINUTES : input.reminderMinutes;
  return {
    title: (input.nextAction?.trim() || input.subject).slice(0, 200),
    type: taskTypeForMethod(input.method),
    dueAt: input.nextFollowUpAt,
    reminderMinutes: minutes,
    remindAt: reminderTime(input.nextFollowUpAt, minutes),
  };
}

export type FollowUpTimeProblem = 'followUp.happenedInFuture' | 'followUp.nextBeforeHappened';

/** Checks the two times of a follow-up; returns the problem per field, if any. */
export function checkFollowUpTimes(happenedAt: Date, nextFollowUpAt: Date | null | undefined, now: Date): { field: string; key: FollowUpTimeProblem }[] {
  const problems: { field: string; key: FollowUpTimeProblem }[] = [];
  if (happenedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) problems.push({ field: 'happenedAt', key: 'followUp.happenedInFuture' });
  if (nextFollowUpAt && nextFollowUpAt.getTime() <= happenedAt.getTime()) problems.push({ field: 'nextFollowUpAt', key: 'followUp.nextBeforeHappened' });
  return problems;
}

/** A follow-up logged on a lead that nobody had contacted yet means it has been contacted now. */
export function leadStatusAfterFollowUp(status: LeadStatus): LeadStatus {
  return status === 'new' || status === 'assigned' ? 'contacted' : status;
}

/** The later of two "last follow-up" times: logging an older visit must not move it back. */
export function laterOf(current: Date | null, candidate: Date): Date {
  return current && current.getTime() >= candidate.getTime() ? current : candidate;
}

// ---------------------------------------------------------------------------------------------
// Cadence

/** Days a record of this grade may go without a follow-up. */
export function cadenceDays(grade: LeadGrade | null, cadence: CadenceSettings): number {
  return grade ? cadence[grade] : cadence.ungraded;
}

/**
 * When a record of this grade becomes due for a follow-up: its cadence after its last follow-up
 * (or, never followed up, after it was created).
 */
export function followUpDueAt(lastFollowUpAt: Date | null, createdAt: Date, grade: LeadGrade | null, cadence: CadenceSettings): Date {
  const from = lastFollowUpAt ?? createdAt;
  return new Date(from.getTime() + cadenceDays(grade, cadence) * 86_400_000);
}

/** Whether a record is past its cadence at `now` (flagged "needs follow-up"). */
export function needsFollowUp(lastFollowUpAt: Date | null, createdAt: Date, grade: LeadGrade | null, cadence: CadenceSettings, now: Date): boolean {
  return followUpDueAt(lastFollowUpAt, createdAt, grade, cadence).getTime() <= now.getTime();
}

/**
 * The newest "last follow-up" a record of each grade may have and still need a follow-up at
 * `now`: the boundaries a query compares `coalesce(last_follow_up_at, created_at)` with.
 */
export function cadenceCutoffs(cadence: CadenceSettings, now: Date): Record<LeadGrade | 'ungraded', Date> {
  const at = (days: number) => new Date(now.getTime() - days * 86_400_000);
  return { A: at(cadence.A), B: at(cadence.B), C: at(cadence.C), ungraded: at(cadence.ungraded) };
}

// ---------------------------------------------------------------------------------------------
// Daily digest

export interface DigestCounts {
  overdueTasks: number;
  todayTasks: number;
  customers: number;
  leads: number;
}

/** Whether someone has anything to be told about in the morning. */
export function digestWorthSending(c: DigestCounts): boolean {
  return c.overdueTasks + c.todayTasks + c.customers + c.leads > 0;
}

/** The morning digest e-mail, in the reader's language (Chinese unless they chose English). */
export function digestMail(c: DigestCounts, locale: string | null, date: string): { subject: string; text: string } {
  if (locale === 'en') {
    const lines = [
      c.overdueTasks ? `- ${c.overdueTasks} overdue task(s)` : null,
      c.todayTasks ? `- ${c.todayTasks} task(s) due today` : null,
      c.customers ? `- ${c.customers} customer(s) past their follow-up cadence` : null,
      c.leads ? `- ${c.leads} lead(s) past their follow-up cadence` : null,
    ].filter((l): l is string => l !== null);
    return { subject: `Your follow-ups for ${date}`, text: ['Good morning. Today in Kehu:', ...lines, '', 'Open Kehu to work through them.'].join('\n') };
  }
  const lines = [
    c.overdueTasks ? `- 逾期任务 ${c.overdueTasks} 个` : null,
    c.todayTasks ? `- 今日到期任务 ${c.todayTasks} 个` : null,
    c.customers ? `- 超过跟进周期的客户 ${c.customers} 个` : null,
    c.leads ? `- 超过跟进周期的线索 ${c.leads} 条` : null,
  ].filter((l): l is string => l !== null);
  return { subject: `今日跟进提醒（${date}）`, text: ['早上好，今天需要您跟进：', ...lines, '', '请登录客户系统处理。'].join('\n') };
}
