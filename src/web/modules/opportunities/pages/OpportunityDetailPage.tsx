import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Col, Descriptions, Dropdown, Flex, Row, Space, Statistic, Steps, Table, Tabs, Typography } from 'antd';
import type { DescriptionsProps, StepsProps } from 'antd';
import { DeleteOutlined, EditOutlined, FileTextOutlined, HistoryOutlined, PaperClipOutlined, ShoppingCartOutlined, ShoppingOutlined, SwapOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../../contracts/money.ts';
import type { OpportunityDetail, PipelineStage, StageChange } from '../../../../contracts/opportunities.ts';
import type { LineItem } from '../../../../contracts/sales.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { PageContainer } from '../../../ui/PageContainer.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useUrlFilters } from '../../../ui/urlState.ts';
import { useSourceChannels } from '../../customers/hooks.ts';
import { Duration, Money, StageTag, useReasonPrompt } from '../components/opportunityBits.tsx';
import { OpportunityFormDrawer } from '../components/OpportunityFormDrawer.tsx';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { SourceCampaign } from '../../campaigns/components/campaignBits.tsx';
import { createOrder } from '../../orders/orders.api.ts';
import { QuoteList } from '../../quotes/components/QuoteList.tsx';
import { useOpportunityInvalidation, useStages } from '../hooks.ts';
import type { OpportunityFormTarget } from '../opportunityForm.ts';
import { deleteOpportunity, getOpportunity, moveOpportunity, opportunitiesKeys } from '../opportunities.api.ts';

const TABS = ['items', 'history', 'quotes', 'attachments'] as const;
type TabKey = (typeof TABS)[number];
const TAB_KEYS = ['tab'] as const;

function Muted() {
  return <span className="kehu-muted">—</span>;
}

/** The pipeline as steps: the open stages in order, then the outcome (won or lost). */
function StageSteps({ o, stages, nameOf }: { o: OpportunityDetail; stages: PipelineStage[]; nameOf: (s: PipelineStage) => string }) {
  const { t } = useTranslation();
  const open = stages.filter((s) => s.kind === 'open' && (s.active || s.id === o.stageId));
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  const index = open.findIndex((s) => s.id === o.stageId);
  const items: StepsProps['items'] = open.map((s) => ({ title: nameOf(s), description: `${s.probability}%` }));
  if (o.stageKind === 'lost') items.push({ title: lost ? nameOf(lost) : t('opportunities.statuses.lost'), status: 'error', description: o.closeReason ?? undefined });
  else if (o.stageKind === 'won') items.push({ title: won ? nameOf(won) : t('opportunities.statuses.won'), status: 'finish', description: o.closeReason ?? undefined });
  else items.push({ title: t('opportunities.outcome'), status: 'wait' });
  const current = o.stageKind === 'open' ? Math.max(0, index) : items.length - 1;
  return <Steps size="small" current={current} items={items} status={o.stageKind === 'lost' ? 'error' : o.stageKind === 'won' ? 'finish' : 'process'} data-testid="opportunity-steps" />;
}

function ItemsTab({ o }: { o: OpportunityDetail }) {
  const { t } = useTranslation();
  if (o.items.length === 0) return <EmptyState description={t('opportunities.lines.noneEntered', { amount: formatFen(o.amountFen, o.currency) })} />;
  const money = (fen: number) => formatFen(fen, o.currency);
  return (
    <Table<LineItem>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={o.items}
      scroll={{ x: 900 }}
      data-testid="opportunity-items"
      columns={[
        { key: 'sku', title: t('products.fields.sku'), width: 110, render: (_v, l) => l.sku ?? <Muted /> },
        { key: 'name', title: t('opportunities.lines.name'), dataIndex: 'name' },
        { key: 'quantity', title: t('opportunities.lines.quantity'), align: 'right', width: 100, render: (_v, l) => `${l.quantity}${l.unit ? ` ${l.unit}` : ''}` },
        { key: 'unitPrice', title: t('opportunities.lines.unitPrice'), align: 'right', width: 130, render: (_v, l) => money(l.unitPriceFen) },
        { key: 'discount', title: t('opportunities.lines.discount'), align: 'right', width: 80, render: (_v, l) => `${l.discountPercent}%` },
        { key: 'tax', title: t('opportunities.lines.tax'), align: 'right', width: 80, render: (_v, l) => `${l.taxRatePercent}%` },
        { key: 'net', title: t('opportunities.lines.net'), align: 'right', width: 130, render: (_v, l) => money(l.netFen) },
        { key: 'total', title: t('opportunities.lines.total'), align: 'right', width: 140, render: (_v, l) => <strong>{money(l.totalFen)}</strong> },
      ]}
      summary={() => (
        <Table.Summary>
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={8} align="right">
              <Space size={24} wrap data-testid="opportunity-items-totals">
                <span>
                  {t('opportunities.lines.subtotal')}: {money(o.subtotalFen)}
                </span>
                <span>
                  {t('opportunities.lines.discountTotal')}: {money(o.discountFen)}
                </span>
                <span>
                  {t('opportunities.lines.taxTotal')}: {money(o.taxFen)}
                </span>
                <strong>
                  {t('opportunities.lines.grandTotal')}: {money(o.amountFen)}
                </strong>
              </Space>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        </Table.Summary>
      )}
    />
  );
}

function HistoryTab({ o, nameOfId }: { o: OpportunityDetail; nameOfId: (id: string | null) => string }) {
  const { t } = useTranslation();
  const rows = [...o.stageHistory].reverse();
  return (
    <Table<StageChange>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 900 }}
      data-testid="opportunity-history"
      onRow={(c) => ({ 'data-testid': `history-row-${c.id}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'changedAt', title: t('opportunities.history.changedAt'), width: 150, render: (_v, c) => <DateTime value={c.changedAt} /> },
        {
          key: 'move',
          title: t('opportunities.history.move'),
          render: (_v, c) => (c.fromStageId ? t('opportunities.history.fromTo', { from: nameOfId(c.fromStageId), to: nameOfId(c.toStageId) }) : t('opportunities.history.createdIn', { to: nameOfId(c.toStageId) })),
        },
        { key: 'duration', title: t('opportunities.history.duration'), width: 130, render: (_v, c) => <Duration seconds={c.durationSeconds} /> },
        { key: 'amount', title: t('opportunities.fields.amount'), width: 140, align: 'right', render: (_v, c) => formatFen(c.amountFen, o.currency) },
        { key: 'probability', title: t('opportunities.fields.probability'), width: 80, align: 'right', render: (_v, c) => `${c.probability}%` },
        { key: 'by', title: t('opportunities.history.by'), width: 100, render: (_v, c) => c.changedByName ?? <Muted /> },
        { key: 'reason', title: t('opportunities.history.reason'), render: (_v, c) => c.reason ?? <Muted /> },
      ]}
    />
  );
}

/** 商机详情: header with the pipeline steps and figures, actions, line items, stage history, quotes. */
export function OpportunityDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const can = useCan();
  const channels = useSourceChannels();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const invalidate = useOpportunityInvalidation();
  const stages = useStages();
  const [ask, reasonModal] = useReasonPrompt();
  const [editing, setEditing] = useState<OpportunityFormTarget | null>(null);
  const { values, setFilters } = useUrlFilters(TAB_KEYS);
  const tab: TabKey = (TABS as readonly string[]).includes(values.tab ?? '') ? (values.tab as TabKey) : 'items';
  const query = useQuery({ queryKey: opportunitiesKeys.detail(id), queryFn: ({ signal }) => getOpportunity(id, signal) });
  const o = query.data;
  useDocumentTitle(o ? o.name : t('opportunities.title'));

  const move = useMutation({
    mutationFn: (m: { o: OpportunityDetail; to: PipelineStage; reason?: string }) => moveOpportunity(m.o.id, { version: m.o.version, stageId: m.to.id, reason: m.reason }),
    onSuccess: (saved, m) => {
      client.setQueryData(opportunitiesKeys.detail(saved.id), saved);
      void message.success(t('opportunities.board.moved', { name: saved.name, stage: stages.nameOf(m.to) }));
      invalidate();
    },
    onError: (err) => handleError(err, { conflictKeys: [opportunitiesKeys.detail(id)] }),
  });
  // 生成订单: the server copies the won deal's lines; the new order opens for confirming.
  const toOrder = useMutation({
    mutationFn: () => createOrder({ opportunityId: id }),
    onSuccess: (order) => {
      void message.success(t('opportunities.orderCreated', { number: order.number }));
      void navigate(`/orders/${order.id}`);
    },
    onError: (err) => handleError(err),
  });
  const remove = useMutation({
    mutationFn: (x: OpportunityDetail) => deleteOpportunity(x.id),
    onSuccess: () => {
      void message.success(t('opportunities.deleted'));
      invalidate();
      void navigate('/opportunities', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const breadcrumb = <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/opportunities">{t('opportunities.title')}</Link> }, { title: o?.name ?? '…' }]} />;
  if (query.isPending) return <LoadingState />;
  if (query.isError) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }
  const opp = query.data;

  const moveTo = async (to: PipelineStage) => {
    let reason: string | undefined;
    if (to.kind !== 'open') {
      const given = await ask(to, stages.nameOf(to), opp.name);
      if (given === null) return;
      reason = given;
    }
    move.mutate({ o: opp, to, reason });
  };
  const confirmDelete = () =>
    modal.confirm({
      title: t('opportunities.deleteConfirmTitle', { name: opp.name }),
      content: t('opportunities.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => remove.mutateAsync(opp).catch(() => undefined),
    });

  const channel = opp.sourceChannel;
  const info: DescriptionsProps['items'] = [
    { key: 'contact', label: t('opportunities.fields.contact'), children: opp.contactName ?? <Muted /> },
    { key: 'expectedCloseDate', label: t('opportunities.fields.expectedCloseDate'), children: opp.expectedCloseDate ?? <Muted /> },
    { key: 'source', label: t('opportunities.fields.sourceChannel'), children: channel ? channels.nameOf(channel) : <Muted /> },
    { key: 'campaign', label: t('opportunities.fields.campaign'), children: <SourceCampaign id={opp.campaignId} name={opp.campaignName} testId="opportunity-detail-campaign" /> },
    { key: 'competitors', label: t('opportunities.fields.competitors'), children: opp.competitors ?? <Muted /> },
    { key: 'nextStep', label: t('opportunities.fields.nextStep'), children: opp.nextStep ?? <Muted /> },
    { key: 'createdAt', label: t('opportunities.fields.createdAt'), children: <DateTime value={opp.createdAt} /> },
    ...(opp.closeReason ? [{ key: 'closeReason', label: opp.stageKind === 'lost' ? t('opportunities.reason.lostLabel') : t('opportunities.reason.wonLabel'), children: <span data-testid="opportunity-close-reason">{opp.closeReason}</span> }] : []),
    { key: 'description', label: t('opportunities.fields.description'), span: 'filled', children: opp.description ? <span className="kehu-pre-line">{opp.description}</span> : <Muted /> },
  ];
  const targets = stages.active.filter((s) => s.id !== opp.stageId);

  return (
    <div className="kehu-page" data-testid="opportunity-detail">
      {breadcrumb}
      <PageContainer
        title={
          <Space size={10} wrap>
            <span data-testid="opportunity-detail-name">{opp.name}</span>
            <StageTag name={stages.nameOfId(opp.stageId)} kind={opp.stageKind} testId="opportunity-detail-stage" />
          </Space>
        }
        description={
          <Space size={16} wrap>
            <span>
              {t('opportunities.fields.customer')}: <Link to={`/customers/${opp.customerId}?tab=opportunities`} data-testid="opportunity-detail-customer">{opp.customerName}</Link>
            </span>
            <span>
              {t('opportunities.fields.owner')}: {opp.ownerName ?? '—'}
            </span>
          </Space>
        }
        extra={
          <>
            {can('opportunity:update') && targets.length > 0 ? (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: targets.map((s) => ({ key: s.id, label: <span data-testid={`detail-move-to-${s.key}`}>{stages.nameOf(s)}</span> })),
                  onClick: ({ key }) => {
                    const to = targets.find((s) => s.id === key);
                    if (to) void moveTo(to);
                  },
                }}
              >
                <Button type="primary" icon={<SwapOutlined />} loading={move.isPending} data-testid="opportunity-move">
                  {t('opportunities.moveStage')}
                </Button>
              </Dropdown>
            ) : null}
            {opp.stageKind === 'won' && can('order:create') ? (
              <Button icon={<ShoppingCartOutlined />} loading={toOrder.isPending} onClick={() => toOrder.mutate()} data-testid="opportunity-create-order">
                {t('opportunities.createOrder')}
              </Button>
            ) : null}
            {can('opportunity:update') ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', opportunity: opp })} data-testid="opportunity-edit">
                {t('common.edit')}
              </Button>
            ) : null}
            {can('opportunity:delete') ? (
              <Button danger icon={<DeleteOutlined />} onClick={confirmDelete} data-testid="opportunity-delete">
                {t('common.delete')}
              </Button>
            ) : null}
          </>
        }
      >
        <Flex vertical gap={16}>
          <Card>
            <StageSteps o={opp} stages={stages.items} nameOf={stages.nameOf} />
            <Row gutter={16} style={{ marginTop: 20 }}>
              <Col xs={12} md={6}>
                <Statistic title={t('opportunities.fields.amount')} valueRender={() => <Money fen={opp.amountFen} currency={opp.currency} strong testId="opportunity-detail-amount" />} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('opportunities.fields.weighted')} valueRender={() => <Money fen={opp.weightedFen} currency={opp.currency} testId="opportunity-detail-weighted" />} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('opportunities.fields.probability')} value={opp.probability} suffix="%" />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('opportunities.fields.expectedCloseDate')} valueRender={() => <Typography.Text>{opp.expectedCloseDate ?? '—'}</Typography.Text>} />
              </Col>
            </Row>
          </Card>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={info} />
          </Card>
          <Card styles={{ body: { paddingTop: 4 } }}>
            <Tabs
              activeKey={tab}
              onChange={(key) => setFilters({ tab: key === 'items' ? null : key }, { replace: true })}
              items={[
                { key: 'items', label: <span data-testid="opportunity-tab-items"><ShoppingOutlined /> {t('opportunities.tabs.items')}</span>, children: <ItemsTab o={opp} /> },
                { key: 'history', label: <span data-testid="opportunity-tab-history"><HistoryOutlined /> {t('opportunities.tabs.history')}</span>, children: <HistoryTab o={opp} nameOfId={stages.nameOfId} /> },
                {
                  key: 'quotes',
                  label: <span data-testid="opportunity-tab-quotes"><FileTextOutlined /> {t('opportunities.tabs.quotes')}</span>,
                  children: <QuoteList opportunityId={opp.id} opportunityName={opp.name} currency={opp.currency} items={opp.items} opportunityCustomerId={opp.customerId} opportunityContactId={opp.contactId} />,
                },
                {
                  key: 'attachments',
                  label: <span data-testid="opportunity-tab-attachments"><PaperClipOutlined /> {t('attachments.tab')}</span>,
                  children: <AttachmentPanel ownerType="opportunity" ownerId={opp.id} canUpload={can('opportunity:update')} />,
                },
              ]}
            />
          </Card>
        </Flex>
      </PageContainer>
      {reasonModal}
      <OpportunityFormDrawer target={editing} onClose={() => setEditing(null)} openAfterCreate={false} />
    </div>
  );
}
