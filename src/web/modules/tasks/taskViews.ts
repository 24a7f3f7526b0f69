import type { Dayjs } from 'dayjs';
import type { Task } from '../../../contracts/tasks.ts';

/** Pure helpers of the task page: tabs, calendar ranges, grouping by day. */

/** The tabs of the task page: my tasks per bucket, and the team's. */
export const TASK_TABS = ['overdue', 'today', 'upcoming', 'done', 'team'] as const;
export type TaskTab = (typeof TASK_TABS)[number];
export const TEAM_BUCKETS = ['all', 'overdue', 'today', 'upcoming', 'done'] as const;
export type TeamBucket = (typeof TEAM_BUCKETS)[number];

export const CALENDAR_MODES = ['month', 'week'] as const;
export type CalendarMode = (typeof CALENDAR_MODES)[number];

/** The first day of the week holding `d` (weekStart: 0 = Sunday, 1 = Monday), at 00:00. */
export function startOfWeek(d: Dayjs, weekStart: number): Dayjs {
  const back = (d.day() - weekStart + 7) % 7;
  return d.subtract(back, 'day').startOf('day');
}

/**
 * The days a calendar shows around `anchor`, as the `from` (inclusive) and `to` (exclusive) of
 * the task query: a month view's grid is six whole weeks from the week holding the 1st (as
 * Ant Design's Calendar draws it); a week view is the seven days of the anchor's week.
 */
export function calendarRange(mode: CalendarMode, anchor: Dayjs, weekStart: number): { from: Dayjs; to: Dayjs } {
  if (mode === 'week') {
    const from = startOfWeek(anchor, weekStart);
    return { from, to: from.add(7, 'day') };
  }
  const from = startOfWeek(anchor.startOf('month'), weekStart);
  return { from, to: from.add(42, 'day') };
}

/** The seven days of the week view. */
export function weekDays(anchor: Dayjs, weekStart: number): Dayjs[] {
  const from = startOfWeek(anchor, weekStart);
  return Array.from({ length: 7 }, (_, i) => from.add(i, 'day'));
}

/** Local calendar day of an instant. */
export function dayKey(d: Dayjs): string {
  return d.format('YYYY-MM-DD');
}

/** Tasks per local day of their due time, each day's in due order. */
export function tasksByDay(tasks: readonly Task[], toLocal: (iso: string) => Dayjs): Map<string, Task[]> {
  const out = new Map<string, Task[]>();
  const sorted = [...tasks].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  for (const t of sorted) {
    const key = dayKey(toLocal(t.dueAt));
    const list = out.get(key);
    if (list) list.push(t);
    else out.set(key, [t]);
  }
  return out;
}

/** The week view's cell of a task: its day and hour (0–23). */
export function weekCell(task: Pick<Task, 'dueAt'>, toLocal: (iso: string) => Dayjs): { day: string; hour: number } {
  const d = toLocal(task.dueAt);
  return { day: dayKey(d), hour: d.hour() };
}

/** The hour rows of the week view: working hours always, and any other hour that has a task. */
export function weekHours(tasks: readonly Pick<Task, 'dueAt'>[], toLocal: (iso: string) => Dayjs, first = 8, last = 19): number[] {
  const hours = new Set<number>();
  for (let h = first; h <= last; h++) hours.add(h);
  for (const t of tasks) hours.add(toLocal(t.dueAt).hour());
  return [...hours].sort((a, b) => a - b);
}

/** The list query of a tab: my tasks of a bucket, or the team's of the chosen bucket. */
export function tabQuery(tab: TaskTab, teamBucket: TeamBucket): { view: 'mine' | 'team'; bucket: TeamBucket } {
  if (tab === 'team') return { view: 'team', bucket: teamBucket };
  return { view: 'mine', bucket: tab };
}
