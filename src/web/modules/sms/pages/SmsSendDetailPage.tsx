import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PauseCircleOutlined, PlayCircleOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SMS_SEND_STATUS_LABELS } from '../../../../contracts/sms.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useLabel } from '../../customers/hooks.ts';
import { getSegment, segmentsKeys } from '../../segments/segments.api.ts';
import { deleteSmsSend, smsKeys, startSmsSend, stepSmsSend, useSmsSend } from '../sms.api.ts';
import { previewMessage, smsActions, SOURCE_KEYS, type SmsAction } from '../smsForm.ts';
import { SmsFormDrawer, type SmsFormTarget } from '../components/SmsFormDrawer.tsx';
import { SmsPreviewCard } from '../components/SmsPreviewCard.tsx';
import { SmsRecipientsCard } from '../components/SmsRecipientsCard.tsx';
import { SmsReportCard } from '../components/SmsReportCard.tsx';
import { SmsStatusTag } from '../components/smsBits.tsx';
import { SendBreadcrumb, useSendLifecycle } from '../../mailings/sendLifecycle.tsx';

const ICONS: Record<SmsAction, ReactNode> = { send: <SendOutlined />, pause: <PauseCircleOutlined />, resume: <PlayCircleOutlined />, cancel: <StopOutlined /> };

/** 短信群发: one SMS send — its settings, the server's preview, sending and its steps, then the counts and the recipients (refreshed while it sends). */
export function SmsSendDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const { modal } = App.useApp();
  const [editing, setEditing] = useState<SmsFormTarget | null>(null);
  const query = useSmsSend(id);
  const s = query.data;
  // Whose contacts (primary or all) matters only for a segment of customers.
  const segmentId = s?.segmentId ?? '';
  const segment = useQuery({ queryKey: segmentsKeys.detail(segmentId), queryFn: ({ signal }) => getSegment(segmentId, signal), enabled: !!segmentId && can('segment:read') });
  useDocumentTitle(s ? s.name : t('sms.title'));

  const { send, step, remove } = useSendLifecycle({
    texts: 'sms',
    keys: { detail: smsKeys.detail(id), all: smsKeys.all },
    start: (version: number) => startSmsSend(id, version),
    startedItem: (res) => res.send,
    step: (action, version) => stepSmsSend(id, action, version),
    remove: () => deleteSmsSend(id),
    statusLabel: (item) => label(SMS_SEND_STATUS_LABELS[item.status]),
    campaignId: s?.campaignId ?? null,
  });
  const breadcrumb = <SendBreadcrumb campaign={s ? { id: s.campaignId, name: s.campaignName } : null} name={s?.name ?? null} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError || !s) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  const act = (action: SmsAction) => {
    const version = s.version;
    if (action === 'send') {
      // The billed parts with sample values, as the confirmation's estimate (the preview card has the server's).
      const parts = previewMessage({ signName: s.signName, text: s.text, params: s.params }, { campaignName: s.campaignName, origin: window.location.origin }).parts;
      modal.confirm({
        title: t('sms.sendConfirmTitle', { name: s.name }),
        content: s.segmentName ? t('sms.sendConfirmBody', { segment: s.segmentName, parts }) : t('sms.sendNoSegment'),
        okText: t('sms.actions.send'),
        okButtonProps: withTestId({}, 'confirm-ok'),
        cancelText: t('common.cancel'),
        onOk: () => send.mutateAsync(version).catch(() => undefined),
      });
      return;
    }
    if (action === 'cancel') {
      modal.confirm({
        title: t('sms.cancelConfirmTitle', { name: s.name }),
        content: t('sms.cancelConfirmBody'),
        okText: t('sms.actions.cancel'),
        okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
        cancelText: t('common.back'),
        onOk: () => step.mutateAsync({ action, version }).catch(() => undefined),
      });
      return;
    }
    step.mutate({ action, version });
  };

  const actions = can('mailing:send') ? smsActions(s.status) : [];
  const draft = s.status === 'draft';
  const started = !draft;

  return (
    <div className="kehu-page" data-testid="sms-detail" data-status={s.status}>
      {breadcrumb}
      <Flex vertical gap={16}>
        {s.provider === 'log' ? <Alert type="warning" showIcon message={t('sms.logProvider')} data-testid="sms-log-provider" /> : null}
        <Card
          title={
            <Space wrap>
              <Typography.Text strong data-testid="sms-name">
                {s.name}
              </Typography.Text>
              <SmsStatusTag status={s.status} />
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
                  data-testid={`sms-action-${action}`}
                >
                  {t(`sms.actions.${action}`)}
                </Button>
              ))}
              {draft && can('mailing:update') ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', send: s })} data-testid="sms-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {(draft || s.status === 'cancelled') && can('mailing:delete') ? (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('sms.deleteConfirmTitle', { name: s.name }),
                      content: t('sms.deleteConfirmBody'),
                      okText: t('common.delete'),
                      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync().catch(() => undefined),
                    })
                  }
                  data-testid="sms-delete"
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
              { key: 'campaign', label: t('sms.fields.campaign'), children: <Link to={`/campaigns/${s.campaignId}`}>{s.campaignName}</Link> },
              {
                key: 'segment',
                label: t('sms.fields.segment'),
                children: (
                  <span data-testid="sms-detail-segment">
                    {s.segmentName ? <Link to={`/segments/${s.segmentId}`}>{s.segmentName}</Link> : <Typography.Text type="warning">{t('sms.noSegment')}</Typography.Text>}
                  </span>
                ),
              },
              ...(segment.data?.entity === 'customer' ? [{ key: 'contacts', label: t('sms.fields.contacts'), children: t(`sms.contacts.${s.contacts}`) }] : []),
              { key: 'signName', label: t('sms.fields.signName'), children: <span data-testid="sms-detail-signName">{s.signName}</span> },
              { key: 'templateCode', label: t('sms.fields.templateCode'), children: <Typography.Text code data-testid="sms-detail-templateCode">{s.templateCode}</Typography.Text> },
              {
                key: 'params',
                label: t('sms.fields.params'),
                children: (
                  <span data-testid="sms-detail-params">
                    {s.params.length === 0 ? '—' : s.params.map((p) => `\${${p.name}} = ${t(`sms.sources.${SOURCE_KEYS[p.source]}`)}`).join('；')}
                  </span>
                ),
              },
              { key: 'text', label: t('sms.fields.text'), span: 3, children: <span className="kehu-pre-line" data-testid="sms-detail-text">{s.text}</span> },
              ...(s.linkUrl
                ? [
                    {
                      key: 'linkUrl',
                      label: t('sms.fields.linkUrl'),
                      span: 3,
                      children: (
                        <Typography.Link href={s.linkUrl} target="_blank" rel="noopener noreferrer" data-testid="sms-detail-linkUrl">
                          {s.linkUrl}
                        </Typography.Link>
                      ),
                    },
                  ]
                : []),
              ...(s.startedAt ? [{ key: 'startedAt', label: t('sms.fields.startedAt'), children: <DateTime value={s.startedAt} /> }] : []),
              ...(s.finishedAt ? [{ key: 'finishedAt', label: t('sms.fields.finishedAt'), children: <DateTime value={s.finishedAt} /> }] : []),
              { key: 'updatedAt', label: t('common.updatedAt'), children: <DateTime value={s.updatedAt} /> },
            ]}
          />
        </Card>
        {started ? <SmsReportCard send={s} /> : null}
        {started ? <SmsRecipientsCard send={s} /> : null}
        <SmsPreviewCard send={s} />
      </Flex>
      <SmsFormDrawer target={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
