import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../contracts/tasks.ts';
import { calendarRange, startOfWeek, tabQuery, tasksByDay, weekCell, weekDays, weekHours } from './taskViews.ts';

const day = (d: dayjs.Dayjs) => d.format('YYYY-MM-DD ddd HH:mm');
const task = (id: string, dueAt: string) => ({ id, dueAt }) as Task;

describe('calendar ranges', () => {
  // Wednesday 16 December 2026.
  const anchor = dayjs('2026-12-16T15:20:00');

  it('a week from Monday (zh-CN) or Sunday (en)', () => {
    expect(day(startOfWeek(anchor, 1))).toBe('2026-12-14 Mon 00:00');
    expect(day(startOfWeek(anchor, 0))).toBe('2026-12-13 Sun 00:00');
    const week = calendarRange('week', anchor, 1);
    expect([day(week.from), day(week.to)]).toEqual(['2026-12-14 Mon 00:00', '2026-12-21 Mon 00:00']);
    expect(weekDays(anchor, 1).map((d) => d.format('DD'))).toEqual(['14', '15', '16', '17', '18', '19', '20']);
  });

  it('a month as six whole weeks from the week of the 1st', () => {
    // 1 December 2026 is a Tuesday.
    const month = calendarRange('month', anchor, 1);
    expect([day(month.from), day(month.to)]).toEqual(['2026-11-30 Mon 00:00', '2027-01-11 Mon 00:00']);
    const sunday = calendarRange('month', anchor, 0);
    expect([day(sunday.from), day(sunday.to)]).toEqual(['2026-11-29 Sun 00:00', '2027-01-10 Sun 00:00']);
  });

  it('a month starting on the first day of the week starts on the 1st', () => {
    // 1 February 2027 is a Monday.
    const month = calendarRange('month', dayjs('2027-02-20'), 1);
    expect(day(month.from)).toBe('2027-02-01 Mon 00:00');
  });
});

describe('tasks by day and hour', () => {
  const toLocal = (iso: string) => dayjs(iso);
  const tasks = [task('b', '2026-12-16T10:30:00'), task('a', '2026-12-16T08:00:00'), task('c', '2026-12-17T21:15:00')].map((t) => ({
    ...t,
    dueAt: dayjs(t.dueAt).toISOString(),
  }));

  it('groups per local day in due order', () => {
    const byDay = tasksByDay(tasks, toLocal);
    expect([...byDay.keys()]).toEqual(['2026-12-16', '2026-12-17']);
    expect(byDay.get('2026-12-16')?.map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('places a task in its hour row, adding rows outside working hours when needed', () => {
    expect(weekCell(tasks[0]!, toLocal)).toEqual({ day: '2026-12-16', hour: 10 });
    const hours = weekHours(tasks, toLocal);
    expect(hours[0]).toBe(8);
    expect(hours.at(-1)).toBe(21);
    expect(hours).not.toContain(20);
  });
});

describe('tab queries', () => {
  it('my buckets, or the team with its own bucket', () => {
    expect(tabQuery('overdue', 'all')).toEqual({ view: 'mine', bucket: 'overdue' });
    expect(tabQuery('team', 'today')).toEqual({ view: 'team', bucket: 'today' });
  });
});
