import { useState } from 'react';
import { App, Badge, Button, Card, Checkbox, Flex, Segmented, Space, Tabs, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CalendarOutlined, DeleteOutlined, EditOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../../contracts/tasks.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { useCursorPages } from '../../../ui/cursorPages.ts';
import { FilterBar } from '../../../ui/FilterBar.tsx';
import { asPageSize, oneOf } from '../../../ui/listParams.ts';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { PagedTable } from '../../../ui/PagedTable.tsx';
import { EmptyState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { useFollowUpDialogs } from '../../followups/components/FollowUpDialogs.tsx';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { TaskCalendar } from '../components/TaskCalendar.tsx';
import { TaskDrawer } from '../components/TaskDrawer.tsx';
import { TaskFormModal, type TaskFormTarget } from '../components/TaskFormModal.tsx';
import { DueTime, PriorityTag, TaskRelated, TaskStatusTag, useTaskParam, useTaskStatus } from '../components/taskBits.tsx';
import { deleteTask, listTasks, taskCountsOfMine, tasksKeys, type TaskListQuery } from '../tasks.api.ts';
import { CALENDAR_MODES, TASK_TABS, TEAM_BUCKETS, tabQuery, type CalendarMode, type TaskTab, type TeamBucket } from '../taskViews.ts';

const URL_KEYS = ['tab', 'bucket', 'assigneeId', 'mode', 'cal', 'date', 'size'] as const;
const DEFAULT_SIZE = 20;

/** My open tasks per bucket (the tab badges; refreshed every minute like the menu's badge). */
export function useMyTaskCounts(enabled = true) {
  return useQuery({ queryKey: tasksKeys.counts, queryFn: ({ signal }) => taskCountsOfMine(signal), enabled, refetchInterval: 60_000 });
}

/** 任务: my tasks by bucket and the team's, as a list or a calendar; `?taskId=` opens one. */
export function TasksPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('tasks.title'));
  const me = useCurrentUser();
  const can = useCan();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useActivityInvalidation();
  const { values, setFilters } = useUrlFilters(URL_KEYS);
  const { open: openTask } = useTaskParam();
  const followUps = useFollowUpDialogs();
  const status = useTaskStatus();
  const [formTarget, setFormTarget] = useState<TaskFormTarget | null>(null);

  const showTeam = me.role.dataScope !== 'own';
  const requested: TaskTab = oneOf(TASK_TABS, values.tab) ?? 'today';
  const tab: TaskTab = requested === 'team' && !showTeam ? 'today' : requested;
  const teamBucket: TeamBucket = oneOf(TEAM_BUCKETS, values.bucket) ?? 'all';
  const mode = values.mode === 'calendar' ? 'calendar' : 'list';
  const calMode: CalendarMode = oneOf(CALENDAR_MODES, values.cal) ?? 'month';
  const anchor = values.date && dayjs(values.date).isValid() ? dayjs(values.date) : dayjs();
  const pageSize = asPageSize(values.size, DEFAULT_SIZE);
  const { view, bucket } = tabQuery(tab, teamBucket);
  const assigneeId = tab === 'team' ? values.assigneeId : undefined;

  const counts = useMyTaskCounts();
  const pages = useCursorPages(JSON.stringify({ view, bucket, assigneeId, pageSize }));
  const query: TaskListQuery = { view, bucket, assigneeId, limit: pageSize, cursor: pages.cursor };
  const list = useQuery({
    queryKey: tasksKeys.list(query),
    queryFn: ({ signal }) => listTasks(query, signal),
    placeholderData: keepPreviousData,
    enabled: mode === 'list',
  });

  const remove = useMutation({
    mutationFn: (task: Task) => deleteTask(task.id),
    onSuccess: () => {
      void message.success(t('tasks.deleted'));
      invalidate();
    },
    onError: (err) => handleError(err),
  });
  const confirmDelete = (task: Task) =>
    modal.confirm({
      title: t('tasks.deleteConfirmTitle', { title: task.title }),
      content: t('tasks.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(task).catch(() => undefined),
    });

  const canUpdate = can('task:update');
  const columns: TableColumnsType<Task> = [
    {
      key: 'done',
      width: 48,
      render: (_v, task) => (
        <Checkbox
          checked={task.status === 'done'}
          disabled={!canUpdate || task.status === 'cancelled' || (status.isPending && status.variables.task.id === task.id)}
          onChange={(e) => status.mutate({ task, status: e.target.checked ? 'done' : 'open' })}
          aria-label={t('tasks.markDone')}
          data-testid="task-done"
        />
      ),
    },
    {
      key: 'title',
      title: t('tasks.fields.title'),
      render: (_v, task) => (
        <Typography.Link onClick={() => openTask(task.id)} delete={task.status === 'done'} data-testid="task-title">
          {task.title}
        </Typography.Link>
      ),
    },
    { key: 'type', title: t('tasks.fields.type'), width: 96, render: (_v, task) => t(`tasks.types.${task.type}`) },
    { key: 'priority', title: t('tasks.fields.priority'), width: 90, render: (_v, task) => <PriorityTag priority={task.priority} /> },
    { key: 'dueAt', title: t('tasks.fields.dueAt'), width: 150, render: (_v, task) => <DueTime task={task} /> },
    { key: 'related', title: t('tasks.fields.related'), width: 180, ellipsis: true, render: (_v, task) => <TaskRelated task={task} /> },
    { key: 'assignee', title: t('tasks.fields.assignee'), width: 110, render: (_v, task) => task.assigneeName ?? <span className="kehu-muted">—</span> },
    { key: 'status', title: t('tasks.fields.status'), width: 90, render: (_v, task) => <TaskStatusTag task={task} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 140,
      fixed: 'right',
      render: (_v, task) => (
        <Space size={0} className="kehu-table-actions">
          {canUpdate ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', task })} data-testid="task-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {can('task:delete') ? (
            <Button type="link" size="small" danger icon={<DeleteOutlined />} onClick={() => confirmDelete(task)} data-testid="task-delete">
              {t('common.delete')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const countOf = (k: TaskTab) => (k === 'overdue' || k === 'today' || k === 'upcoming' ? counts.data?.[k] : undefined);
  const tabItems = TASK_TABS.filter((k) => k !== 'team' || showTeam).map((k) => ({
    key: k,
    label: (
      <span data-testid={`tasks-tab-${k}`}>
        {t(`tasks.tabs.${k}`)}
        {countOf(k) !== undefined ? (
          <Badge
            count={countOf(k)}
            showZero
            overflowCount={999}
            color={k === 'overdue' && countOf(k) ? '#ff4d4f' : '#bfbfbf'}
            style={{ marginInlineStart: 6 }}
            data-testid={`tasks-count-${k}`}
          />
        ) : null}
      </span>
    ),
  }));

  return (
    <PageContainer
      title={t('tasks.title')}
      description={t('tasks.pageHint')}
      extra={
        <Space wrap>
          <Segmented<'list' | 'calendar'>
            value={mode}
            onChange={(v) => setFilters({ mode: v === 'list' ? null : v }, { replace: true })}
            options={[
              { value: 'list', icon: <UnorderedListOutlined />, label: <span data-testid="tasks-mode-list">{t('tasks.modes.list')}</span> },
              { value: 'calendar', icon: <CalendarOutlined />, label: <span data-testid="tasks-mode-calendar">{t('tasks.modes.calendar')}</span> },
            ]}
          />
          {can('task:create') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })} data-testid="tasks-create">
              {t('tasks.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Card styles={{ body: { paddingTop: mode === 'list' ? 4 : undefined } }}>
        {mode === 'list' ? (
          <>
            <Tabs activeKey={tab} onChange={(k) => setFilters({ tab: k === 'today' ? null : k, bucket: null, assigneeId: null })} items={tabItems} data-testid="tasks-tabs" />
            {tab === 'team' ? (
              <FilterBar>
                <Segmented<TeamBucket>
                  value={teamBucket}
                  onChange={(v) => setFilters({ bucket: v === 'all' ? null : v })}
                  options={TEAM_BUCKETS.map((b) => ({ value: b, label: t(`tasks.tabs.${b}`) }))}
                  data-testid="tasks-team-bucket"
                />
                {can('user:read') ? (
                  <UserSelect value={values.assigneeId ?? null} onChange={(v) => setFilters({ assigneeId: v })} placeholder={t('tasks.filterAssignee')} style={{ width: 180 }} data-testid="tasks-filter-assignee" />
                ) : null}
              </FilterBar>
            ) : null}
            <PagedTable<Task>
              list={list}
              pages={pages}
              pageSize={pageSize}
              onPageSizeChange={(size) => setFilters({ size: size === DEFAULT_SIZE ? null : String(size) })}
              columns={columns}
              scroll={{ x: 1000 }}
              data-testid="tasks-table"
              rowTestId={(task) => `task-row-${task.id}`}
              cards={{ before: 'done', title: 'title', fields: ['dueAt', 'related', 'priority', 'assignee'] }}
              empty={<EmptyState description={t(`tasks.empty.${tab}`)} />}
            />
          </>
        ) : (
          <Flex vertical gap={12}>
            {showTeam ? (
              <FilterBar>
                <Segmented<'mine' | 'team'>
                  value={tab === 'team' ? 'team' : 'mine'}
                  onChange={(v) => setFilters({ tab: v === 'team' ? 'team' : null, assigneeId: null })}
                  options={[
                    { value: 'mine', label: t('tasks.calendar.mine') },
                    { value: 'team', label: t('tasks.calendar.team') },
                  ]}
                  data-testid="calendar-view"
                />
                {tab === 'team' && can('user:read') ? (
                  <UserSelect value={values.assigneeId ?? null} onChange={(v) => setFilters({ assigneeId: v })} placeholder={t('tasks.filterAssignee')} style={{ width: 180 }} />
                ) : null}
              </FilterBar>
            ) : null}
            <TaskCalendar
              view={tab === 'team' ? 'team' : 'mine'}
              assigneeId={assigneeId}
              mode={calMode}
              anchor={anchor}
              onModeChange={(m) => setFilters({ cal: m === 'month' ? null : m }, { replace: true })}
              onAnchorChange={(d) => setFilters({ date: d.isSame(dayjs(), 'day') ? null : d.format('YYYY-MM-DD') }, { replace: true })}
              onOpen={openTask}
              onCreateAt={can('task:create') ? (at) => setFormTarget({ mode: 'create', dueAt: at }) : undefined}
            />
          </Flex>
        )}
      </Card>
      <TaskDrawer onEdit={(task) => setFormTarget({ mode: 'edit', task })} onOpenFollowUp={followUps.view} />
      <TaskFormModal target={formTarget} onClose={() => setFormTarget(null)} meId={me.id} />
      {followUps.elements}
    </PageContainer>
  );
}
