import { useState } from 'react';
import { useNavigate } from 'react-router';
import { App, Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../../contracts/notifications.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { DateTime, formatDateTime } from '../../../ui/DateTime.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { listNotifications, markAllRead, markRead, notificationsKeys, unreadCount } from '../notifications.api.ts';
import { notificationLink, notificationMessage } from '../notificationText.ts';
import { useNotificationStream } from '../useNotificationStream.ts';

/** How often the bell asks for the count while the live stream is not open (a proxy that blocks it, a restart). */
const POLL_MS = 60_000;

/**
 * The bell in the header: unread count, the latest notifications, click to open the record.
 * New notifications arrive live (Server-Sent Events) and pop up as a toast.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { notification: toast } = App.useApp();
  const [open, setOpen] = useState(false);

  const live = useNotificationStream((n) => {
    toast.info({
      key: n.id,
      title: t('notifications.newTitle'),
      description: text(n),
      icon: <BellOutlined style={{ color: '#1f5fd6' }} />,
      placement: 'topRight',
      onClick: () => {
        toast.destroy(n.id);
        openNotification(n);
      },
      style: { cursor: notificationLink(n) ? 'pointer' : undefined },
      props: { 'data-testid': `notification-toast-${n.kind}` },
    });
  });
  // The stream pushes the count; polling is the fallback while it is down.
  const unread = useQuery({ queryKey: notificationsKeys.unread, queryFn: ({ signal }) => unreadCount(signal), refetchInterval: live ? false : POLL_MS });
  const latest = useQuery({ queryKey: notificationsKeys.latest, queryFn: ({ signal }) => listNotifications({ limit: 10 }, signal), enabled: open });
  const refresh = () => client.invalidateQueries({ queryKey: notificationsKeys.all });

  const readOne = useMutation({ mutationFn: (n: Notification) => markRead(n.id), onSuccess: refresh, onError: (err) => handleError(err) });
  const readAll = useMutation({ mutationFn: markAllRead, onSuccess: refresh, onError: (err) => handleError(err) });

  const openNotification = (n: Notification) => {
    if (!n.readAt) readOne.mutate(n);
    const link = notificationLink(n);
    setOpen(false);
    if (link) void navigate(link);
  };

  const text = (n: Notification) => {
    const m = notificationMessage(n, { formatDate: (iso) => formatDateTime(iso), now: new Date() });
    const subject = m.subject ? t(m.subject.key as 'notifications.title', { name: m.subject.name }) : '';
    return t(m.key as 'notifications.title', { ...m.params, subject });
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notifications-panel">
      {latest.isError ? (
        <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
      ) : (
        <List<Notification>
          loading={latest.isPending}
          dataSource={latest.data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
          renderItem={(n) => (
            <List.Item
              onClick={() => openNotification(n)}
              style={{ cursor: 'pointer', paddingInline: 8, background: n.readAt ? undefined : 'rgba(31,95,214,0.06)' }}
              data-testid={`notification-${n.kind}`}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{text(n)}</Typography.Text>}
                description={<DateTime value={n.createdAt} />}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  const count = unread.data?.unread ?? 0;
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      content={content}
      title={
        <Flex justify="space-between" align="center">
          <span>{t('notifications.title')}</span>
          <Button size="small" type="link" disabled={count === 0} loading={readAll.isPending} onClick={() => readAll.mutate()} data-testid="notifications-read-all">
            {t('notifications.readAll')}
          </Button>
        </Flex>
      }
    >
      <Button type="text" aria-label={t('notifications.title')} data-testid="notifications-bell">
        <Badge count={count} size="small" overflowCount={99} data-testid="notifications-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
