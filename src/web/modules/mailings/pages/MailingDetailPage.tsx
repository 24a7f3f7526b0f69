import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Flex, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PauseCircleOutlined, PlayCircleOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MAILING_STATUS_LABELS } from '../../../../contracts/mailings.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useLabel } from '../../customers/hooks.ts';
import { getSegment, segmentsKeys } from '../../segments/segments.api.ts';
import { deleteMailing, mailingsKeys, startMailing, stepMailing, useMailing } from '../mailings.api.ts';
import { hasStarted, mailingActions, type MailingAction } from '../mailingForm.ts';
import { MailingFormDrawer, type MailingFormTarget } from '../components/MailingFormDrawer.tsx';
import { MailingPreviewCard } from '../components/MailingPreviewCard.tsx';
import { MailingRecipientsCard } from '../components/MailingRecipientsCard.tsx';
import { MailingReportCard } from '../components/MailingReportCard.tsx';
import { MailingStatusTag } from '../components/mailingBits.tsx';
import { SendBreadcrumb, useSendLifecycle } from '../sendLifecycle.tsx';

const ICONS: Record<MailingAction, ReactNode> = { send: <SendOutlined />, pause: <PauseCircleOutlined />, resume: <PlayCircleOutlined />, cancel: <StopOutlined /> };

/** 邮件群发: one mailing — its settings, the preview and test mail, sending and its steps, then the report and the recipients (refreshed while it sends). */
export function MailingDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState<MailingFormTarget | null>(null);
  const query = useMailing(id);
  const m = query.data;
  // Whose contacts (primary or all) matters only for a segment of customers.
  const segmentId = m?.segmentId ?? '';
  const segment = useQuery({ queryKey: segmentsKeys.detail(segmentId), queryFn: ({ signal }) => getSegment(segmentId, signal), enabled: !!segmentId && can('segment:read') });
  useDocumentTitle(m ? m.name : t('mailings.title'));

  const { send, step, remove } = useSendLifecycle({
    texts: 'mailings',
    keys: { detail: mailingsKeys.detail(id), all: mailingsKeys.all },
    start: (version: number) => startMailing(id, version),
    startedItem: (res) => res.mailing,
    step: (action, version) => stepMailing(id, action, version),
    remove: () => deleteMailing(id),
    statusLabel: (item) => label(MAILING_STATUS_LABELS[item.status]),
    campaignId: m?.campaignId ?? null,
  });
  const breadcrumb = <SendBreadcrumb campaign={m ? { id: m.campaignId, name: m.campaignName } : null} name={m?.name ?? null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError || !m) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  const act = (action: MailingAction) => {
    const version = m.version;
    if (action === 'send') {
      modal.confirm({
        title: t('mailings.sendConfirmTitle', { name: m.name }),
        content: m.segmentName ? t('mailings.sendConfirmBody', { segment: m.segmentName }) : t('mailings.sendNoSegment'),
        okText: t('mailings.actions.send'),
        okButtonProps: withTestId({}, 'confirm-ok'),
        cancelText: t('common.cancel'),
        onOk: () => send.mutateAsync(version).catch(() => undefined),
      });
      return;
    }
    if (action === 'cancel') {
      modal.confirm({
        title: t('mailings.cancelConfirmTitle', { name: m.name }),
        content: t('mailings.cancelConfirmBody'),
        okText: t('mailings.actions.cancel'),
        okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
        cancelText: t('common.back'),
        onOk: () => step.mutateAsync({ action, version }).catch(() => undefined),
      });
      return;
    }
    step.mutate({ action, version });
  };

  const actions = can('mailing:send') ? mailingActions(m.status) : [];
  const draft = m.status === 'draft';
  const tested = m.subjects.length > 1;

  return (
    <div className="kehu-page" data-testid="mailing-detail" data-status={m.status}>
      {breadcrumb}
      <Flex vertical gap={16}>
        <Card
          title={
            <Space wrap>
              <Typography.Text strong data-testid="mailing-name">
                {m.name}
              </Typography.Text>
              <MailingStatusTag status={m.status} />
            </Space>
          }
          extra={
            <Space wrap>
              {actions.map((action) => (
                <Button
                  key={action}
                  type={action === 'send' || action === 'resume' ? 'primary' : 'default'}
                  danger={action === 'cancel'}
                  icon={ICONS[action]}
                  loading={action === 'send' ? send.isPending : step.isPending && step.variables?.action === action}
                  onClick={() => act(action)}
                  data-testid={`mailing-action-${action}`}
                >
                  {t(`mailings.actions.${action}`)}
                </Button>
              ))}
              {draft && can('mailing:update') ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', mailing: m })} data-testid="mailing-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {(draft || m.status === 'cancelled') && can('mailing:delete') ? (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('mailings.deleteConfirmTitle', { name: m.name }),
                      content: t('mailings.deleteConfirmBody'),
                      okText: t('common.delete'),
                      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync().catch(() => undefined),
                    })
                  }
                  data-testid="mailing-delete"
                >
                  {t('common.delete')}
                </Button>
              ) : null}
            </Space>
          }
        >
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'campaign', label: t('mailings.fields.campaign'), children: <Link to={`/campaigns/${m.campaignId}`}>{m.campaignName}</Link> },
              {
                key: 'segment',
                label: t('mailings.fields.segment'),
                children: (
                  <span data-testid="mailing-detail-segment">
                    {m.segmentName ? (
                      <Link to={`/segments/${m.segmentId}`}>{m.segmentName}</Link>
                    ) : (
                      <Typography.Text type="warning">{t('mailings.noSegment')}</Typography.Text>
                    )}
                  </span>
                ),
              },
              ...(segment.data?.entity === 'customer' ? [{ key: 'contacts', label: t('mailings.fields.contacts'), children: t(`mailings.contacts.${m.contacts}`) }] : []),
              { key: 'fromName', label: t('mailings.fields.fromName'), children: m.fromName ?? t('mailings.defaultFrom') },
              { key: 'replyTo', label: t('mailings.fields.replyTo'), children: m.replyTo ?? '—' },
              { key: 'tracking', label: t('mailings.fields.tracking'), children: m.tracking ? t('mailings.trackingOn') : t('mailings.trackingOff') },
              ...m.subjects.map((s) => ({
                key: `subject-${s.key}`,
                label: tested ? t('mailings.fields.subjectN', { key: s.key }) : t('mailings.fields.subject'),
                span: 3,
                children: <span data-testid={`mailing-subject-${s.key}`}>{s.subject}</span>,
              })),
              ...(m.abTest && tested
                ? [
                    {
                      key: 'abTest',
                      label: t('mailings.fields.abTest'),
                      span: 3,
                      children: t('mailings.abTestSummary', { percent: m.abTest.samplePercent, minutes: m.abTest.decideAfterMinutes, metric: t(`mailings.metric.${m.abTest.metric}`) }),
                    },
                  ]
                : []),
              ...(m.startedAt ? [{ key: 'startedAt', label: t('mailings.fields.startedAt'), children: <DateTime value={m.startedAt} /> }] : []),
              ...(m.finishedAt ? [{ key: 'finishedAt', label: t('mailings.fields.finishedAt'), children: <DateTime value={m.finishedAt} /> }] : []),
              { key: 'updatedAt', label: t('common.updatedAt'), children: <DateTime value={m.updatedAt} /> },
            ]}
          />
        </Card>
        {hasStarted(m.status) ? <MailingReportCard mailing={m} /> : null}
        {hasStarted(m.status) ? <MailingRecipientsCard mailing={m} /> : null}
        <MailingPreviewCard mailing={m} />
      </Flex>
      <MailingFormDrawer target={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
