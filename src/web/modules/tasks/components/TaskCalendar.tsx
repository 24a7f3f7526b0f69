import { useMemo } from 'react';
import { Alert, Button, Calendar, Flex, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../../contracts/tasks.ts';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { listTasksInRange, tasksKeys } from '../tasks.api.ts';
import { calendarRange, dayKey, tasksByDay, weekCell, weekDays, weekHours, type CalendarMode } from '../taskViews.ts';

const MAX_PER_DAY = 3;
const toLocal = (iso: string) => dayjs(iso);

function TaskChip({ task, onOpen, compact }: { task: Task; onOpen: (id: string) => void; compact?: boolean }) {
  const overdue = task.status === 'open' && task.overdue;
  const closed = task.status !== 'open';
  return (
    <Tooltip title={`${toLocal(task.dueAt).format('HH:mm')} ${task.title}${task.assigneeName ? ` · ${task.assigneeName}` : ''}`}>
      <div
        role="button"
        tabIndex={0}
        onClick={(e) => {
          e.stopPropagation();
          onOpen(task.id);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onOpen(task.id);
        }}
        data-testid="calendar-task"
        style={{
          cursor: 'pointer',
          fontSize: 12,
          lineHeight: '18px',
          padding: '0 4px',
          marginBottom: 2,
          borderRadius: 4,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          background: overdue ? '#fff1f0' : closed ? '#f5f5f5' : '#e6f4ff',
          color: overdue ? '#cf1322' : closed ? 'rgba(0,0,0,0.45)' : undefined,
          textDecoration: task.status === 'done' ? 'line-through' : undefined,
        }}
      >
        {compact ? null : <span style={{ marginInlineEnd: 4 }}>{toLocal(task.dueAt).format('HH:mm')}</span>}
        {task.title}
      </div>
    </Tooltip>
  );
}

type Props = {
  view: 'mine' | 'team';
  assigneeId?: string;
  mode: CalendarMode;
  anchor: Dayjs;
  onModeChange: (mode: CalendarMode) => void;
  onAnchorChange: (anchor: Dayjs) => void;
  onOpen: (taskId: string) => void;
  /** A new task due then (a month cell's +: that day at 9:00; a week cell: that hour). */
  onCreateAt?: (at: Dayjs) => void;
};

/** 日历: tasks by due day, a month (Ant Design's Calendar) or a week with hour rows; loads the visible days only. */
export function TaskCalendar({ view, assigneeId, mode, anchor, onModeChange, onAnchorChange, onOpen, onCreateAt }: Props) {
  const { t, i18n } = useTranslation();
  const weekStart = i18n.language === 'en' ? 0 : 1;
  const range = calendarRange(mode, anchor, weekStart);
  const query = { view, bucket: 'all' as const, assigneeId, from: range.from.toISOString(), to: range.to.toISOString() };
  const list = useQuery({
    queryKey: tasksKeys.range(query),
    queryFn: ({ signal }) => listTasksInRange(query, signal),
    placeholderData: keepPreviousData,
  });
  const tasks = useMemo(() => list.data?.items ?? [], [list.data]);
  const byDay = useMemo(() => tasksByDay(tasks, toLocal), [tasks]);
  const step = mode === 'month' ? 'month' : 'week';
  const days = weekDays(anchor, weekStart);
  const title = mode === 'month' ? anchor.format(t('tasks.calendar.monthFormat')) : `${days[0]?.format('YYYY-MM-DD')} – ${days[6]?.format('MM-DD')}`;

  const toolbar = (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
      <Space>
        <Button icon={<LeftOutlined />} onClick={() => onAnchorChange(anchor.subtract(1, step))} aria-label={t('tasks.calendar.prev')} data-testid="calendar-prev" />
        <Button onClick={() => onAnchorChange(dayjs())} data-testid="calendar-today">
          {t('tasks.calendar.today')}
        </Button>
        <Button icon={<RightOutlined />} onClick={() => onAnchorChange(anchor.add(1, step))} aria-label={t('tasks.calendar.next')} data-testid="calendar-next" />
        <Typography.Text strong style={{ fontSize: 16 }} data-testid="calendar-title">
          {title}
        </Typography.Text>
        {list.isFetching ? <Spin size="small" /> : null}
      </Space>
      <Segmented<CalendarMode>
        value={mode}
        onChange={onModeChange}
        options={[
          { value: 'month', label: <span data-testid="calendar-mode-month">{t('tasks.calendar.month')}</span> },
          { value: 'week', label: <span data-testid="calendar-mode-week">{t('tasks.calendar.week')}</span> },
        ]}
      />
    </Flex>
  );

  if (list.isError && !list.data) {
    return (
      <>
        {toolbar}
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      </>
    );
  }

  const today = dayKey(dayjs());
  return (
    <div data-testid="task-calendar" data-from={range.from.toISOString()} data-to={range.to.toISOString()}>
      {toolbar}
      {list.data?.truncated ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('tasks.calendar.truncated', { count: tasks.length })} /> : null}
      {mode === 'month' ? (
        <Calendar
          className="kehu-task-calendar"
          value={anchor}
          headerRender={() => null}
          onSelect={(d, info) => {
            if (info.source === 'date') onAnchorChange(d);
          }}
          cellRender={(date, info) => {
            if (info.type !== 'date') return info.originNode;
            const dayTasks = byDay.get(dayKey(date)) ?? [];
            return (
              <div data-testid={`calendar-day-${dayKey(date)}`}>
                {onCreateAt ? (
                  <Button
                    size="small"
                    type="text"
                    className="kehu-calendar-add"
                    icon={<PlusOutlined />}
                    aria-label={t('tasks.calendar.addHere')}
                    onClick={(e) => {
                      e.stopPropagation();
                      onCreateAt(date.hour(9).minute(0).second(0).millisecond(0));
                    }}
                    data-testid={`calendar-add-${dayKey(date)}`}
                  />
                ) : null}
                {dayTasks.slice(0, MAX_PER_DAY).map((task) => (
                  <TaskChip key={task.id} task={task} onOpen={onOpen} />
                ))}
                {dayTasks.length > MAX_PER_DAY ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('tasks.calendar.more', { count: dayTasks.length - MAX_PER_DAY })}
                  </Typography.Text>
                ) : null}
              </div>
            );
          }}
        />
      ) : (
        <WeekGrid days={days} tasks={tasks} today={today} onOpen={onOpen} onCreateAt={onCreateAt} />
      )}
    </div>
  );
}

function WeekGrid({ days, tasks, today, onOpen, onCreateAt }: { days: Dayjs[]; tasks: Task[]; today: string; onOpen: (id: string) => void; onCreateAt?: (at: Dayjs) => void }) {
  const { t } = useTranslation();
  const hours = weekHours(tasks, toLocal);
  const cells = new Map<string, Task[]>();
  for (const task of tasks) {
    const { day, hour } = weekCell(task, toLocal);
    const key = `${day}@${hour}`;
    cells.set(key, [...(cells.get(key) ?? []), task]);
  }
  const border = '1px solid rgba(5,5,5,0.06)';
  return (
    <div style={{ overflowX: 'auto' }} data-testid="calendar-week">
      <div style={{ display: 'grid', gridTemplateColumns: '56px repeat(7, minmax(110px, 1fr))', minWidth: 830, borderTop: border, borderInlineStart: border }}>
        <div style={{ borderInlineEnd: border, borderBottom: border }} />
        {days.map((d) => (
          <div
            key={dayKey(d)}
            style={{ borderInlineEnd: border, borderBottom: border, padding: '6px 8px', fontWeight: 500, background: dayKey(d) === today ? '#e6f4ff' : '#fafafa' }}
          >
            {d.format('ddd MM-DD')}
          </div>
        ))}
        {hours.map((h) => (
          <div key={h} style={{ display: 'contents' }}>
            <div style={{ borderInlineEnd: border, borderBottom: border, padding: '4px 6px', fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{`${String(h).padStart(2, '0')}:00`}</div>
            {days.map((d) => (
              <div
                key={dayKey(d)}
                style={{ borderInlineEnd: border, borderBottom: border, padding: 2, minHeight: 32, cursor: onCreateAt ? 'copy' : undefined }}
                title={onCreateAt ? t('tasks.calendar.addHere') : undefined}
                onClick={onCreateAt ? () => onCreateAt(d.hour(h).minute(0).second(0).millisecond(0)) : undefined}
                data-testid={`calendar-cell-${dayKey(d)}-${h}`}
              >
                {(cells.get(`${dayKey(d)}@${h}`) ?? []).map((task) => (
                  <TaskChip key={task.id} task={task} onOpen={onOpen} />
                ))}
              </div>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
