import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Descriptions, Flex, Space, Statistic, Typography } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, EditOutlined, PlayCircleOutlined, RedoOutlined, ScheduleOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_GOAL_LABELS, CAMPAIGN_STATUS_LABELS, CAMPAIGN_TYPE_LABELS, type CampaignStatus } from '../../../../contracts/campaigns.ts';
import { formatFen } from '../../../../contracts/money.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { campaignsKeys, changeCampaignStatus, deleteCampaign, setCampaignTarget, useCampaign } from '../campaigns.api.ts';
import { isOverBudget, mayDeleteCampaign, remainingBudget, statusActions, type StatusAction } from '../campaignForm.ts';
import { CampaignCostsCard } from '../components/CampaignCostsCard.tsx';
import { CampaignFormDrawer } from '../components/CampaignFormDrawer.tsx';
import { CampaignMembersCard } from '../components/CampaignMembersCard.tsx';
import { CampaignReportCard } from '../components/CampaignReportCard.tsx';
import { CampaignStatusTag, Period } from '../components/campaignBits.tsx';
import { CampaignLeadFormsCard } from '../../lead-forms/components/CampaignLeadFormsCard.tsx';
import { CampaignMailingsCard } from '../../mailings/components/CampaignMailingsCard.tsx';
import { SegmentSelect } from '../../segments/components/SegmentSelect.tsx';
import { CampaignSmsCard } from '../../sms/components/CampaignSmsCard.tsx';

const ACTION_ICONS: Record<StatusAction, ReactNode> = {
  start: <PlayCircleOutlined />,
  complete: <CheckCircleOutlined />,
  cancel: <StopOutlined />,
  reopen: <RedoOutlined />,
  replan: <ScheduleOutlined />,
};

/** 营销活动详情: the campaign, its status steps, budget against costs, its report (with the goal's progress), its mailings (邮件群发), the costs and the members. */
export function CampaignDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [editing, setEditing] = useState(false);

  const query = useCampaign(id);
  const c = query.data;
  useDocumentTitle(c ? c.name : t('campaigns.title'));

  const status = useMutation({
    mutationFn: ({ to, version }: { to: CampaignStatus; version: number }) => changeCampaignStatus(id, { version, status: to }),
    onSuccess: (updated) => {
      client.setQueryData(campaignsKeys.detail(id), updated);
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      void message.success(t('campaigns.statusChanged', { status: label(CAMPAIGN_STATUS_LABELS[updated.status]) }));
    },
    onError: (err) => handleError(err, { conflictKeys: [campaignsKeys.detail(id)] }),
  });
  const target = useMutation({
    mutationFn: ({ version, segmentId }: { version: number; segmentId: string | null }) => setCampaignTarget(id, { version, segmentId }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      void message.success(t('campaigns.targetSaved'));
    },
    onError: (err) => handleError(err, { conflictKeys: [campaignsKeys.detail(id)] }),
  });
  const remove = useMutation({
    mutationFn: () => deleteCampaign(id),
    onSuccess: () => {
      void message.success(t('campaigns.deleted'));
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      void navigate('/campaigns', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/campaigns">{t('campaigns.title')}</Link> }, { title: c?.name ?? '…' }]} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError || !c) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }

  const mayUpdate = can('campaign:update');
  const remaining = remainingBudget(c);
  const over = isOverBudget(c);
  const step = (action: StatusAction, to: CampaignStatus) => {
    if (action !== 'cancel') {
      status.mutate({ to, version: c.version });
      return;
    }
    modal.confirm({
      title: t('campaigns.cancelConfirmTitle', { name: c.name }),
      content: t('campaigns.cancelConfirmBody'),
      okText: t('campaigns.actions.cancel'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => status.mutateAsync({ to, version: c.version }).catch(() => undefined),
    });
  };

  return (
    <div className="kehu-page" data-testid="campaign-detail">
      {breadcrumb}
      <Flex vertical gap={16}>
        <Card
          title={
            <Space wrap>
              <Typography.Text strong data-testid="campaign-name">
                {c.name}
              </Typography.Text>
              <CampaignStatusTag status={c.status} />
            </Space>
          }
          extra={
            <Space wrap>
              {mayUpdate
                ? statusActions(c.status).map(({ action, to }) => (
                    <Button
                      key={action}
                      type={action === 'start' || action === 'complete' ? 'primary' : 'default'}
                      danger={action === 'cancel'}
                      icon={ACTION_ICONS[action]}
                      loading={status.isPending && status.variables?.to === to}
                      onClick={() => step(action, to)}
                      data-testid={`campaign-action-${action}`}
                    >
                      {t(`campaigns.actions.${action}`)}
                    </Button>
                  ))
                : null}
              {mayUpdate ? (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="campaign-edit">
                  {t('common.edit')}
                </Button>
              ) : null}
              {can('campaign:delete') && mayDeleteCampaign(c) ? (
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() =>
                    modal.confirm({
                      title: t('campaigns.deleteConfirmTitle', { name: c.name }),
                      content: t('campaigns.deleteConfirmBody'),
                      okText: t('common.delete'),
                      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync().catch(() => undefined),
                    })
                  }
                  data-testid="campaign-delete"
                >
                  {t('common.delete')}
                </Button>
              ) : null}
            </Space>
          }
        >
          <Flex gap={32} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('campaigns.fields.budget')} value={c.budgetFen === null ? '—' : formatFen(c.budgetFen, 'CNY')} data-testid="campaign-budget" />
            <Statistic title={t('campaigns.fields.cost')} value={formatFen(c.costFen, 'CNY')} valueStyle={over ? { color: '#cf1322' } : undefined} data-testid="campaign-cost" data-over-budget={over} />
            <Statistic
              title={t('campaigns.fields.remaining')}
              value={remaining === null ? '—' : formatFen(remaining, 'CNY')}
              valueStyle={remaining !== null && remaining < 0 ? { color: '#cf1322' } : undefined}
              data-testid="campaign-remaining"
            />
          </Flex>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              { key: 'type', label: t('campaigns.fields.type'), children: <span data-testid="campaign-detail-type">{label(CAMPAIGN_TYPE_LABELS[c.type])}</span> },
              {
                key: 'goal',
                label: t('campaigns.fields.goal'),
                children: (
                  <span data-testid="campaign-detail-goal">
                    {c.goal ? `${label(CAMPAIGN_GOAL_LABELS[c.goal])}${c.goalTarget === null ? '' : ` · ${c.goal === 'revenue' ? formatFen(c.goalTarget, 'CNY') : c.goalTarget}`}` : '—'}
                  </span>
                ),
              },
              { key: 'period', label: t('campaigns.fields.period'), children: <span data-testid="campaign-detail-period"><Period startsOn={c.startsOn} endsOn={c.endsOn} /></span> },
              { key: 'channel', label: t('campaigns.fields.channel'), children: <span data-testid="campaign-detail-channel">{channels.nameOf(c.channel) ?? '—'}</span> },
              { key: 'owner', label: t('campaigns.fields.owner'), children: <span data-testid="campaign-detail-owner">{c.ownerName ?? '—'}</span> },
              {
                key: 'target',
                label: t('campaigns.fields.target'),
                children: can('campaign:update') ? (
                  <SegmentSelect
                    value={c.targetSegmentId}
                    currentName={c.targetSegmentName}
                    onChange={(segmentId) => target.mutate({ version: c.version, segmentId })}
                    placeholder={t('campaigns.targetPlaceholder')}
                    notFound={t('mailings.form.noSegments')}
                    testId="campaign-target"
                    disabled={target.isPending}
                  />
                ) : (
                  <span data-testid="campaign-target">{c.targetSegmentName ?? '—'}</span>
                ),
              },
              ...(can('lead:read')
                ? [
                    {
                      key: 'leads',
                      label: t('campaigns.leads'),
                      children: (
                        <Link to={`/leads?campaignId=${c.id}`} data-testid="campaign-leads-link">
                          {t('campaigns.viewLeads')}
                        </Link>
                      ),
                    },
                  ]
                : []),
              { key: 'updatedAt', label: t('common.updatedAt'), children: <DateTime value={c.updatedAt} /> },
              ...(c.notes ? [{ key: 'notes', label: t('campaigns.fields.notes'), span: 3, children: <span className="kehu-pre-line">{c.notes}</span> }] : []),
            ]}
          />
        </Card>
        <CampaignReportCard campaignId={c.id} />
        {can('mailing:read') ? <CampaignMailingsCard campaignId={c.id} campaignName={c.name} targetSegment={c.targetSegmentId ? { id: c.targetSegmentId, name: c.targetSegmentName } : null} /> : null}
        {can('mailing:read') ? <CampaignSmsCard campaignId={c.id} campaignName={c.name} targetSegment={c.targetSegmentId ? { id: c.targetSegmentId, name: c.targetSegmentName } : null} /> : null}
        <CampaignCostsCard campaign={c} canEdit={mayUpdate} />
        <CampaignMembersCard campaignId={c.id} canEdit={mayUpdate} />
        {can('lead_form:read') ? <CampaignLeadFormsCard campaignId={c.id} /> : null}
      </Flex>
      <CampaignFormDrawer target={editing ? { mode: 'edit', campaign: c } : null} onClose={() => setEditing(false)} />
    </div>
  );
}
