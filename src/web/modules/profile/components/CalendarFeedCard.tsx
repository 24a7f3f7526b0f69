import { useState, type ReactNode } from 'react';
import { App, Button, Card, Descriptions, Flex, Modal, Skeleton, Tag, Typography } from 'antd';
import { CalendarOutlined, DeleteOutlined, LinkOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { SecretReveal } from '../../../ui/SecretReveal.tsx';
import { ErrorState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { calendarFeedKeys, createCalendarFeed, getCalendarFeed, revokeCalendarFeed, webcalUrl } from '../calendarFeed.api.ts';

const HOW_TO = ['howOutlook', 'howApple', 'howIphone', 'howAndroid'] as const;

/**
 * 日历订阅: one's private iCalendar feed of tasks and follow-up appointments. The URL is shown
 * once when created; afterwards the card shows only whether a feed is active and when a
 * calendar app last fetched it.
 */
export function CalendarFeedCard() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [url, setUrl] = useState<string | null>(null);

  const status = useQuery({ queryKey: calendarFeedKeys.status, queryFn: ({ signal }) => getCalendarFeed(signal) });

  const createMutation = useMutation({
    mutationFn: createCalendarFeed,
    onSuccess: (res) => {
      setUrl(res.url);
      void client.invalidateQueries({ queryKey: calendarFeedKeys.status });
    },
    onError: (err) => handleError(err),
  });

  const revokeMutation = useMutation({
    mutationFn: revokeCalendarFeed,
    onSuccess: () => {
      void message.success(t('calendarFeed.revoked'));
      void client.invalidateQueries({ queryKey: calendarFeedKeys.status });
    },
    onError: (err) => handleError(err),
  });

  const active = status.data?.active === true;

  const create = () => {
    if (!active) {
      createMutation.mutate();
      return;
    }
    modal.confirm({
      title: t('calendarFeed.recreateConfirmTitle'),
      content: t('calendarFeed.recreateConfirmBody'),
      okText: t('calendarFeed.recreate'),
      okButtonProps: withTestId({}, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => createMutation.mutateAsync().catch(() => undefined),
    });
  };

  const revoke = () => {
    modal.confirm({
      title: t('calendarFeed.revokeConfirmTitle'),
      content: t('calendarFeed.revokeConfirmBody'),
      okText: t('calendarFeed.revoke'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => revokeMutation.mutateAsync().catch(() => undefined),
    });
  };

  let body: ReactNode;
  if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (status.isPending) body = <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  else
    body = (
      <Flex vertical gap={16}>
        <Descriptions
          column={1}
          size="small"
          data-testid="calendar-feed-status"
          items={[
            {
              key: 'state',
              label: t('calendarFeed.state'),
              children: active ? (
                <Tag color="success" data-testid="calendar-feed-active">
                  {t('calendarFeed.active')}
                </Tag>
              ) : (
                <Tag data-testid="calendar-feed-inactive">{t('calendarFeed.inactive')}</Tag>
              ),
            },
            ...(active
              ? [
                  { key: 'createdAt', label: t('calendarFeed.createdAt'), children: <DateTime value={status.data.createdAt} /> },
                  {
                    key: 'lastFetchedAt',
                    label: t('calendarFeed.lastFetchedAt'),
                    children: <DateTime value={status.data.lastFetchedAt} empty={t('calendarFeed.neverFetched')} />,
                  },
                ]
              : []),
          ]}
        />
        <Flex gap={8} wrap>
          <Button
            type={active ? 'default' : 'primary'}
            icon={active ? <ReloadOutlined /> : <LinkOutlined />}
            loading={createMutation.isPending}
            onClick={create}
            data-testid="calendar-feed-create"
          >
            {active ? t('calendarFeed.recreate') : t('calendarFeed.create')}
          </Button>
          {active ? (
            <Button danger icon={<DeleteOutlined />} loading={revokeMutation.isPending} onClick={revoke} data-testid="calendar-feed-revoke">
              {t('calendarFeed.revoke')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
    );

  return (
    <Card
      id="calendar-feed"
      data-testid="calendar-feed-card"
      title={
        <span>
          <CalendarOutlined /> {t('calendarFeed.title')}
        </span>
      }
    >
      <Typography.Paragraph type="secondary">{t('calendarFeed.hint')}</Typography.Paragraph>
      {body}

      <Modal
        open={!!url}
        title={t('calendarFeed.createdTitle')}
        onCancel={() => setUrl(null)}
        mask={{ closable: false }}
        width={640}
        footer={
          <Button type="primary" onClick={() => setUrl(null)} data-testid="calendar-feed-done">
            {t('calendarFeed.savedIt')}
          </Button>
        }
      >
        {url ? (
          <Flex vertical gap={12}>
            <SecretReveal value={url} warning={t('calendarFeed.urlOnce')} testId="calendar-feed-url" />
            <div>
              <Button href={webcalUrl(url)} icon={<CalendarOutlined />} data-testid="calendar-feed-webcal">
                {t('calendarFeed.openInCalendar')}
              </Button>
            </div>
            <div>
              <Typography.Text strong>{t('calendarFeed.howTo')}</Typography.Text>
              <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                {HOW_TO.map((k) => (
                  <li key={k}>
                    <Typography.Text style={{ fontSize: 13 }}>{t(`calendarFeed.${k}`)}</Typography.Text>
                  </li>
                ))}
              </ul>
            </div>
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13 }}>
              {t('calendarFeed.refreshNote')}
            </Typography.Paragraph>
          </Flex>
        ) : null}
      </Modal>
    </Card>
  );
}
