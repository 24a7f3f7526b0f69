import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Tag, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Task, TaskPriority, TaskStatus } from '../../../../contracts/tasks.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { formatDateTime } from '../../../ui/DateTime.tsx';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { tasksKeys, updateTask } from '../tasks.api.ts';

const PRIORITY_COLORS: Record<TaskPriority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function PriorityTag({ priority }: { priority: TaskPriority }) {
  const { t } = useTranslation();
  return (
    <Tag color={PRIORITY_COLORS[priority]} style={{ marginInlineEnd: 0 }} data-testid="task-priority">
      {t(`tasks.priorities.${priority}`)}
    </Tag>
  );
}

export function TaskStatusTag({ task }: { task: Pick<Task, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  if (task.status === 'open' && task.overdue) {
    return (
      <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="task-status">
        {t('tasks.overdue')}
      </Tag>
    );
  }
  const color = task.status === 'done' ? 'success' : task.status === 'cancelled' ? 'default' : 'processing';
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="task-status">
      {t(`tasks.statuses.${task.status}`)}
    </Tag>
  );
}

/** A task's due time, red while it is open and past due. */
export function DueTime({ task }: { task: Pick<Task, 'dueAt' | 'overdue' | 'status'> }) {
  return (
    <Typography.Text type={task.status === 'open' && task.overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }} data-testid="task-due">
      {formatDateTime(task.dueAt)}
    </Typography.Text>
  );
}

/** What a task is about: its customer or lead, linked. */
export function TaskRelated({ task }: { task: Pick<Task, 'customerId' | 'customerName' | 'leadId' | 'leadNumber'> }) {
  if (task.customerId) return <Link to={`/customers/${task.customerId}`}>{task.customerName ?? '…'}</Link>;
  if (task.leadId) return <Link to={`/leads/${task.leadId}`}>{task.leadNumber ?? '…'}</Link>;
  return <span className="kehu-muted">—</span>;
}

/** Opening the task drawer: `?taskId=` on the current page, so a link (a notification) can do it too. */
export function useTaskParam() {
  const [params, setParams] = useSearchParams();
  const taskId = params.get('taskId');
  const open = useCallback(
    (id: string) =>
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        next.set('taskId', id);
        return next;
      }),
    [setParams],
  );
  const close = useCallback(
    () =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          next.delete('taskId');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { taskId, open, close };
}

/** Done, reopened or cancelled, with the version it was read at. */
export function useTaskStatus() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useActivityInvalidation();
  return useMutation({
    mutationFn: ({ task, status }: { task: Task; status: TaskStatus }) => updateTask(task.id, { version: task.version, status }),
    onSuccess: (task) => {
      void message.success(task.status === 'done' ? t('tasks.markedDone') : task.status === 'cancelled' ? t('tasks.cancelled') : t('tasks.reopened'));
      invalidate();
    },
    onError: (err) => handleError(err, { conflictKeys: [tasksKeys.all] }),
  });
}
