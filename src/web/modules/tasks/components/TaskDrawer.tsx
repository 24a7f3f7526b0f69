import { App, Button, Checkbox, Descriptions, Drawer, Flex, Space, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { DeleteOutlined, EditOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../../contracts/tasks.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useReminderOptions } from '../../followups/components/FollowUpFormDrawer.tsx';
import { NO_REMINDER } from '../../followups/followUpForm.ts';
import { useActivityInvalidation } from '../../followups/hooks.ts';
import { deleteTask, getTask, tasksKeys } from '../tasks.api.ts';
import { DueTime, PriorityTag, TaskRelated, TaskStatusTag, useTaskParam, useTaskStatus } from './taskBits.tsx';

/** The task named by `?taskId=` (from a list, the calendar, the timeline or a notification). */
export function TaskDrawer({ onEdit, onOpenFollowUp }: { onEdit: (task: Task) => void; onOpenFollowUp?: (id: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { message, modal } = App.useApp();
  const handleError = useApiErrorHandler();
  const invalidate = useActivityInvalidation();
  const reminders = useReminderOptions();
  const { taskId, close } = useTaskParam();
  const status = useTaskStatus();
  const query = useQuery({ queryKey: tasksKeys.detail(taskId ?? ''), queryFn: ({ signal }) => getTask(taskId ?? '', signal), enabled: !!taskId });
  const task = query.data;

  const remove = useMutation({
    mutationFn: (tk: Task) => deleteTask(tk.id),
    onSuccess: () => {
      void message.success(t('tasks.deleted'));
      close();
      invalidate();
    },
    onError: (err) => handleError(err),
  });

  const confirmDelete = (tk: Task) =>
    modal.confirm({
      title: t('tasks.deleteConfirmTitle', { title: tk.title }),
      content: t('tasks.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(tk).catch(() => undefined),
    });

  const reminderText = (tk: Task) => reminders.find((r) => r.value === (tk.reminderMinutes ?? NO_REMINDER))?.label ?? `${tk.reminderMinutes ?? ''}`;
  const items: DescriptionsProps['items'] = task
    ? [
        { key: 'status', label: t('tasks.fields.status'), children: <TaskStatusTag task={task} /> },
        { key: 'dueAt', label: t('tasks.fields.dueAt'), children: <DueTime task={task} /> },
        { key: 'type', label: t('tasks.fields.type'), children: t(`tasks.types.${task.type}`) },
        { key: 'priority', label: t('tasks.fields.priority'), children: <PriorityTag priority={task.priority} /> },
        { key: 'reminder', label: t('tasks.fields.reminder'), children: reminderText(task) },
        { key: 'assignee', label: t('tasks.fields.assignee'), children: task.assigneeName ?? '—' },
        { key: 'related', label: t('tasks.fields.related'), children: <TaskRelated task={task} /> },
        ...(task.followUpId && onOpenFollowUp
          ? [
              {
                key: 'followUp',
                label: t('tasks.fields.followUp'),
                children: (
                  <Typography.Link onClick={() => task.followUpId && onOpenFollowUp(task.followUpId)} data-testid="task-drawer-follow-up">
                    {t('common.view')}
                  </Typography.Link>
                ),
              },
            ]
          : []),
        { key: 'description', label: t('tasks.fields.description'), children: task.description ? <span className="kehu-pre-line">{task.description}</span> : '—' },
        { key: 'createdAt', label: t('tasks.fields.createdAt'), children: <DateTime value={task.createdAt} /> },
        ...(task.doneAt ? [{ key: 'doneAt', label: t('tasks.fields.doneAt'), children: <DateTime value={task.doneAt} /> }] : []),
      ]
    : [];

  return (
    <Drawer
      open={!!taskId}
      onClose={close}
      title={task ? task.title : t('tasks.drawerTitle')}
      size={520}
      destroyOnHidden
      data-testid="task-drawer"
      extra={
        task && can('task:update') ? (
          <Space>
            <Button icon={<EditOutlined />} onClick={() => onEdit(task)} data-testid="task-drawer-edit">
              {t('common.edit')}
            </Button>
          </Space>
        ) : null
      }
      footer={
        task ? (
          <Flex justify="space-between" gap={8}>
            {can('task:update') ? (
              <Space>
                <Checkbox
                  checked={task.status === 'done'}
                  disabled={status.isPending || task.status === 'cancelled'}
                  onChange={(e) => status.mutate({ task, status: e.target.checked ? 'done' : 'open' })}
                  data-testid="task-drawer-done"
                >
                  {task.status === 'done' ? t('tasks.statuses.done') : t('tasks.markDone')}
                </Checkbox>
                {task.status === 'open' ? (
                  <Button size="small" icon={<StopOutlined />} onClick={() => status.mutate({ task, status: 'cancelled' })} data-testid="task-drawer-cancel">
                    {t('tasks.cancelTask')}
                  </Button>
                ) : task.status === 'cancelled' ? (
                  <Button size="small" onClick={() => status.mutate({ task, status: 'open' })} data-testid="task-drawer-reopen">
                    {t('tasks.reopen')}
                  </Button>
                ) : null}
              </Space>
            ) : (
              <span />
            )}
            {can('task:delete') ? (
              <Button danger icon={<DeleteOutlined />} onClick={() => confirmDelete(task)} data-testid="task-drawer-delete">
                {t('common.delete')}
              </Button>
            ) : null}
          </Flex>
        ) : null
      }
    >
      {query.isPending ? (
        <LoadingState height={200} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Descriptions size="small" column={1} items={items} data-testid="task-drawer-details" />
      )}
    </Drawer>
  );
}
